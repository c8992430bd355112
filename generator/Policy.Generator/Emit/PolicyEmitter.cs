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

    public static string Render(PolicyView view, GeneratorOptions options)
    {
        var globals = new ScriptObject();
        globals.Import(view, renamer: member => member.Name);
        globals["Namespace"] = options.Namespace;
        globals["GeneratorVersion"] = typeof(PolicyEmitter).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
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
        return Template.Value.Render(context);
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
