namespace CaseManagement.Assets;

/// <summary>Serves the stylesheet and script embedded in the assembly, so the application needs no web root.</summary>
public static class SiteAssets
{
    private static readonly Dictionary<string, (string ContentType, byte[] Content)> Files = new(StringComparer.Ordinal)
    {
        ["site.css"] = ("text/css; charset=utf-8", Read("site.css")),
        ["app.js"] = ("text/javascript; charset=utf-8", Read("app.js")),
    };

    /// <summary>A version for the assets' addresses, so browsers may cache them and still see a new build.</summary>
    public static string Version { get; } = typeof(SiteAssets).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..8];

    public static void MapSiteAssets(this WebApplication app) =>
        app.MapGet("/assets/{name}", (string name, HttpContext context) =>
        {
            if (!Files.TryGetValue(name, out var file))
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.Bytes(file.Content, file.ContentType);
        }).AllowAnonymous();

    private static byte[] Read(string name)
    {
        using var stream = typeof(SiteAssets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The asset {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
