using System.Net;
using System.Text.RegularExpressions;

namespace Policy.Sample.Tests;

/// <summary>Plays a browser's part over plain HTTP: reads antiforgery tokens from pages and posts forms with them.</summary>
public static partial class SignedInClient
{
    public const string RassoCase = "RASSO-2026-0001";
    public const string Password = "policy-demo";

    public static async Task<HttpClient> SignInAsync(SampleApp app, string officer)
    {
        var client = app.CreateClient();
        var token = await TokenAsync(client, "/signin");
        var response = await client.PostAsync("/signin", Form(("officer", officer), ("password", Password), ("__RequestVerificationToken", token)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>The antiforgery token of the first form on <paramref name="path"/>.</summary>
    public static async Task<string> TokenAsync(HttpClient client, string path)
    {
        var page = await client.GetStringAsync(path);
        var match = TokenPattern().Match(page);
        Assert.True(match.Success, $"No antiforgery token on {path}.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>The OIC's key update on the RASSO case (a DNA match), which starts the SOIT's 1-working-day deadline to tell the victim.</summary>
    public static async Task RecordKeyUpdateAsync(HttpClient oic)
    {
        const string path = "/cases/" + RassoCase + "?purpose=Investigating%20this%20case";
        var token = await TokenAsync(oic, path);
        var recorded = await oic.PostAsync($"/cases/{RassoCase}?handler=Act", Form(
            ("__RequestVerificationToken", token), ("purpose", "Investigating this case"), ("action", "RecordKeyUpdate"),
            ("v.keyUpdate", "DnaMatch"), ("v.detail", "Forensic lab reports a DNA match to the suspect.")));
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
    }

    public static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
