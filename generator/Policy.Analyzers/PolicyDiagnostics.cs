using Microsoft.CodeAnalysis;

namespace Policy.Analyzers;

/// <summary>The analyzers' catalogue of diagnostics: stable ids (POL1001…), never reused, each with a help page.</summary>
/// <remarks>
/// Ids POL0001… belong to the policy language (<c>Policy.Language.Diagnostics</c>); the analyzers of C# that uses
/// generated workflows start at POL1001. Every rule is a warning by default (but POL1008, which only fires when the
/// generated code cannot compile anyway) and in the category <c>Policy</c>, so a
/// project can raise or lower one rule (<c>dotnet_diagnostic.POL1002.severity</c>) or all of them
/// (<c>dotnet_analyzer_diagnostic.category-Policy.severity</c>) in <c>.editorconfig</c>.
/// </remarks>
public static class PolicyDiagnostics
{
    public const string Category = "Policy";

    /// <summary>
    /// The MSBuild property (made visible to the compiler by the package's <c>Policy.props</c>) that says where a
    /// project's readers find the Policy documentation: the URL that <see cref="HelpPath"/> is relative to.
    /// </summary>
    public const string DocumentationBaseUrlProperty = Policy.Documentation.DocumentationLinks.BaseUrlProperty;

    /// <summary>Where the published documentation lives when a project does not say: the repository's root, as published.</summary>
    public const string DefaultDocumentationBaseUrl = Policy.Documentation.DocumentationLinks.DefaultBaseUrl;

    /// <summary>Where the help pages live below the documentation's base URL (and in the repository); one page per id.</summary>
    public const string HelpPath = Policy.Documentation.DocumentationLinks.HelpPath;

    /// <summary>The absolute help link every descriptor here is made with; <see cref="Model.HelpLinks"/> moves it to a project's own base URL.</summary>
    private const string HelpLinkBase = DefaultDocumentationBaseUrl + HelpPath;

    public const string IgnoredResultId = "POL1001";
    public const string NonExhaustiveSwitchId = "POL1002";
    public const string WallClockId = "POL1003";
    public const string HardCodedDeadlineId = "POL1004";
    public const string WrongRoleId = "POL1005";
    public const string ImpossibleActionId = "POL1006";
    public const string UnmetObligationId = "POL1007";
    public const string LanguageVersionId = "POL1008";

    /// <summary>Diagnostic property: the options a switch leaves out, as names joined by <see cref="ListSeparator"/>.</summary>
    public const string MissingOptionsProperty = "Missing";

    /// <summary>
    /// Diagnostic property: the generated members that hold a hard-coded duration, each as its type's metadata name, a
    /// dot and the member's name (<c>Ns.Workflow+Durations.FirstMeetingWithinTimeSpan</c>), joined by <see cref="ListSeparator"/>.
    /// </summary>
    public const string ReplacementMembersProperty = "Members";

    /// <summary>
    /// Diagnostic property of POL1005 where the code gives the actor's roles (its additional location is the
    /// <c>new Actor(…)</c>): the roles that may perform the action, joined by <see cref="ListSeparator"/>.
    /// </summary>
    public const string PermittedRolesProperty = "Permitted";

    public const char ListSeparator = ';';

    public static readonly DiagnosticDescriptor IgnoredResult = new(
        IgnoredResultId,
        "The result of a policy action is ignored",
        "The result of {0} is ignored, so a refusal would go unnoticed; check IsAccepted or Refusal, or write '_ = ...' if ignoring it is deliberate",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An action that the policy refuses does not throw: it returns the refusal. Code that drops the result carries on as though the action happened.",
        helpLinkUri: HelpLinkBase + IgnoredResultId + ".md");

    public static readonly DiagnosticDescriptor NonExhaustiveSwitch = new(
        NonExhaustiveSwitchId,
        "A switch over a policy's states or choice does not handle every option",
        "The switch over {0} does not handle {1}; add a case for each, or a default that says what happens to options the policy adds later",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "When a policy owner adds a state or an option, code that switches over the generated type without a default silently does nothing for it.",
        helpLinkUri: HelpLinkBase + NonExhaustiveSwitchId + ".md");

    public static readonly DiagnosticDescriptor WallClock = new(
        WallClockId,
        "Code that drives a policy workflow reads the wall clock",
        "{0} reads the wall clock; take the time from a TimeProvider (the workflow's TimeProvider or one injected here), so that deadlines can be tested and cases replayed",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Deadlines are computed from the time the runtime is given. Code that reads the system clock beside a workflow cannot be tested with a simulated clock and records times that disagree with the case's events.",
        helpLinkUri: HelpLinkBase + WallClockId + ".md");

    public static readonly DiagnosticDescriptor HardCodedDeadline = new(
        HardCodedDeadlineId,
        "A duration the policy sets is written as a number",
        "This TimeSpan equals {0} of policy {1} ({2}); use {3} so that the code follows the policy when its owner changes it",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A deadline copied into code as a number stays the same when the policy changes, and the application and the runtime then disagree about when the case is due.",
        helpLinkUri: HelpLinkBase + HardCodedDeadlineId + ".md");

    public static readonly DiagnosticDescriptor WrongRole = new(
        WrongRoleId,
        "Code acting in one role performs an action the policy gives to others",
        "Code acting as {0} calls {1}, which only {2} may perform (policy {3})",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The runtime refuses an action performed by an officer without one of its roles; code declared to act in a role that cannot perform the action will always be refused, or is being run by the wrong people.",
        helpLinkUri: HelpLinkBase + WrongRoleId + ".md");

    public static readonly DiagnosticDescriptor ImpossibleAction = new(
        ImpossibleActionId,
        "An action is called in a state the policy does not allow it in",
        "{0} cannot be performed here: the case is {1}, but policy {2} allows {0} only {3}, so the runtime will refuse it",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The surrounding code has established the case's state, and the policy does not allow the action in that state: the call can only be refused.",
        helpLinkUri: HelpLinkBase + ImpossibleActionId + ".md");

    public static readonly DiagnosticDescriptor UnmetObligation = new(
        UnmetObligationId,
        "A deadline of the policy is met by an action nothing calls",
        "Policy {0} requires {1}{2} (deadline {3}), but nothing in this application calls {1}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A deadline is met only by performing its action. An application that uses the workflow but never calls that action cannot meet the obligation: every case will breach it.",
        helpLinkUri: HelpLinkBase + UnmetObligationId + ".md",
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor LanguageVersion = new(
        LanguageVersionId,
        "The project's C# version is older than the generated policy code needs",
        "The workflows generated from this project's .policy files are written in C# {1}, but the project compiles C# {0}; set <LangVersion>{1}</LangVersion> or later in the project file (or remove the LangVersion that pins it), and the compiler's errors in the generated file go away",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generator writes C# 12 (collection expressions). A project pinned to an older C# version gets the compiler's errors inside the generated file, such as CS9058, which do not say that the cure is one property.",
        helpLinkUri: HelpLinkBase + LanguageVersionId + ".md",
        customTags: WellKnownDiagnosticTags.CompilationEnd);
}
