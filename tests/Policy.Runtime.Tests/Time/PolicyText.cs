using Policy.Language;
using Policy.Runtime.Engine;

namespace Policy.Runtime.Tests.Time;

/// <summary>Policy text, as a policy owner writes it, compiled for the runtime: the tests of the language's clocks run end to end.</summary>
internal static class PolicyText
{
    /// <summary>
    /// Compiles <paramref name="text"/>; it must check clean, or (with <paramref name="allowWarnings"/>) without errors.
    /// <paramref name="context"/> begins the failure message.
    /// </summary>
    public static CompiledPolicy Compile(string path, string text, bool allowWarnings = false, string? context = null)
    {
        var compilation = PolicyCompiler.Compile(path, text);
        var problems = string.Join("; ", compilation.Diagnostics);
        Assert.True(allowWarnings ? compilation.Definition is not null : compilation.Diagnostics.Count == 0, context is null ? problems : $"{context}: {problems}");
        return CompiledPolicy.Compile(compilation.Definition!);
    }
}
