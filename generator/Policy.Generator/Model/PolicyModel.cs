namespace Policy.Generator.Model;

/// <summary>The text of one <c>.policy</c> additional file: the first step's output.</summary>
internal sealed record PolicyFile(string Path, string Text);

/// <summary>
/// A diagnostic as plain data, with its position as numbers, so the model holds no <c>Location</c>.
/// Lines and columns are 0-based, as Roslyn's <c>LinePosition</c>.
/// </summary>
internal sealed record DiagnosticInfo(
    string Id,
    bool IsError,
    string Title,
    string Message,
    string Path,
    int Start,
    int Length,
    int StartLine,
    int StartColumn,
    int EndLine,
    int EndColumn);

/// <summary>The options the generator reads from MSBuild, reduced to what it uses.</summary>
/// <param name="Namespace">The generated code's namespace.</param>
/// <param name="DocumentationBaseUrl">The project's base URL for help links (ending in '/'), or null for the published documentation.</param>
internal sealed record GeneratorOptions(string Namespace, string? DocumentationBaseUrl = null);

/// <summary>
/// One compiled policy: its diagnostics and, when it has no errors, the flat view the templates render.
/// Strings and equatable arrays only: no symbols, compilations, syntax nodes, locations or additional texts.
/// </summary>
internal sealed record PolicyModel(string Path, EquatableArray<DiagnosticInfo> Diagnostics, PolicyView? View, VersionFacts? Facts = null);

/// <summary>
/// What the check across versions needs of one checked file (<see cref="Language.Checking.PolicyVersionFacts"/>), as
/// equatable data: the only thing that crosses files, so editing one policy's body leaves the others' outputs cached.
/// </summary>
internal sealed record VersionFacts(
    string Name,
    string Path,
    string Version,
    string? Effective,
    Language.Checking.PolicyPosition NameAt,
    Language.Checking.PolicyPosition? VersionAt,
    Language.Checking.PolicyPosition? EffectiveAt,
    EquatableArray<string> States)
{
    public static VersionFacts? From(Language.Checking.PolicyVersionFacts? facts) =>
        facts is null ? null : new(facts.Name, facts.Path, facts.Version, facts.Effective, facts.NameAt, facts.VersionAt, facts.EffectiveAt, facts.States.ToEquatableArray());

    public Language.Checking.PolicyVersionFacts ToLanguage() => new(Path, Name, Version, Effective, NameAt, VersionAt, EffectiveAt, States.ToArray());
}
