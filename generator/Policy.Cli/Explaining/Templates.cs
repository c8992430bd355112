using Scriban;
using Scriban.Runtime;

namespace Policy.Cli.Explaining;

/// <summary>The CLI's embedded Scriban templates, each parsed once and checked.</summary>
internal static class Templates
{
    private static readonly Dictionary<string, Template> Cache = new(StringComparer.Ordinal);

    public static string Render(string name, object model)
    {
        Template template;
        lock (Cache)
        {
            if (!Cache.TryGetValue(name, out template!))
            {
                template = Load(name);
                Cache[name] = template;
            }
        }

        var globals = new ScriptObject();
        globals.Import(model, renamer: member => member.Name);
        // LimitToString = 0: Scriban otherwise cuts any string over 1 MB short with "...", silently.
        var context = new TemplateContext { MemberRenamer = member => member.Name, StrictVariables = true, LoopLimit = int.MaxValue, LimitToString = 0 };
        context.PushGlobal(globals);
        return template.Render(context).Replace("\r\n", "\n");
    }

    private static Template Load(string name)
    {
        using var stream = typeof(Templates).Assembly.GetManifestResourceStream("Policy.Cli.Templates." + name)
            ?? throw new InvalidOperationException($"The template {name} is not embedded in the tool.");
        using var reader = new StreamReader(stream);
        var template = Template.Parse(reader.ReadToEnd(), name);
        return template.HasErrors ? throw new InvalidOperationException($"The template {name} has errors: {string.Join("; ", template.Messages)}") : template;
    }
}
