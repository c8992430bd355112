using System.Reflection;
using Policy.Generator.Model;
using Scriban;
using Scriban.Runtime;

namespace Policy.Generator.Emit;

/// <summary>
/// Renders a <see cref="PolicyView"/> with the embedded Scriban template. The template is parsed once and checked;
/// each render gets a fresh <see cref="TemplateContext"/>. A broken template throws, and the generator turns that into
/// a POL0090 diagnostic.
/// </summary>
internal static class PolicyEmitter
{
    private const string TemplateName = "Policy.sbn-cs";

    private static readonly Lazy<Template> Template = new(() => Load(TemplateName), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<Template> VersionTemplate = new(() => Load("PolicyVersion.sbn-cs"), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A state only older versions have: kept in the state enum, obsolete, after the newest version's states.</summary>
    internal sealed record RemovedStateView(string Name, int Index, string DocXml, string ObsoleteLiteral, string NameLiteral);

    /// <summary>What the newest version of a policy with several adds: the older versions' holders and labels, and their states.</summary>
    internal sealed record VersionsView(IReadOnlyList<string> OlderHolders, IReadOnlyList<string> OlderLabels, IReadOnlyList<RemovedStateView> RemovedStates);

    public static string Render(PolicyView view, GeneratorOptions options, VersionsView? versions = null)
    {
        var globals = Globals(view, options);
        globals["Versioned"] = versions is not null;
        globals["OlderVersions"] = versions?.OlderHolders ?? Array.Empty<string>();
        globals["RemovedStates"] = versions?.RemovedStates ?? Array.Empty<RemovedStateView>();
        globals["VersionsXml"] = versions is null ? string.Empty : CSharp.Xml(string.Join(", ", versions.OlderLabels.Append(view.Version)));
        globals["StateNamesLiteral"] = versions is null ? string.Empty : string.Join(", ", view.States.Select(s => s.NameLiteral).Concat(versions.RemovedStates.Select(r => r.NameLiteral)));
        return RenderWith(Template.Value, globals);
    }

    /// <summary>An older version's file: its description, in a class nested in the policy's workflow class.</summary>
    public static string RenderOlderVersion(PolicyView view, GeneratorOptions options, string holder)
    {
        var globals = Globals(view, options);

        // The description sits one class deeper than in the workflow class it was written for.
        globals["Definition"] = view.Definition.Replace("\n", "\n    ");
        globals["Holder"] = holder;
        globals["VersionXml"] = CSharp.Xml(view.Version);
        return RenderWith(VersionTemplate.Value, globals);
    }

    private static ScriptObject Globals(PolicyView view, GeneratorOptions options)
    {
        var globals = new ScriptObject();
        globals.Import(view, renamer: member => member.Name);
        globals["Namespace"] = options.Namespace;
        globals["GeneratorVersion"] = typeof(PolicyEmitter).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        return globals;
    }

    private static string RenderWith(Template template, ScriptObject globals)
    {
        var context = new TemplateContext
        {
            MemberRenamer = member => member.Name,
            StrictVariables = true,
            LoopLimit = int.MaxValue,
            RecursiveLimit = 64,
            // Scriban cuts any string longer than this (1 MB by default) short with "...": a large policy's description
            // would be emitted half-written. Zero lifts the limit.
            LimitToString = 0,
        };
        context.PushGlobal(globals);
        return template.Render(context);
    }

    internal static Template Load(string name)
    {
        using var stream = typeof(PolicyEmitter).Assembly.GetManifestResourceStream("Policy.Generator.Templates." + name)
            ?? throw new InvalidOperationException($"The template {name} is not embedded in the generator.");
        using var reader = new StreamReader(stream);
        var template = Scriban.Template.Parse(reader.ReadToEnd(), name);
        if (template.HasErrors)
        {
            throw new InvalidOperationException($"The template {name} has errors: {string.Join("; ", template.Messages)}");
        }

        return template;
    }
}
