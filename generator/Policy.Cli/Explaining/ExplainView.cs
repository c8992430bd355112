using Policy.Definitions;

namespace Policy.Cli.Explaining;

/// <summary>A sentence of an explanation: what it is about, the sentence, and the clause it enforces.</summary>
internal sealed record Sentence(string Name, string Text, string Citation);

/// <summary>What the explanation template renders for one policy.</summary>
internal sealed record ExplainView(
    string Name,
    string Title,
    string Version,
    string Effective,
    string CalendarSentence,
    IReadOnlyList<Sentence> Calendars,
    IReadOnlyList<SourceDefinition> Sources,
    IReadOnlyList<RoleDefinition> Roles,
    IReadOnlyList<StateDefinition> States,
    IReadOnlyList<Sentence> Actions,
    IReadOnlyList<Sentence> Signals,
    IReadOnlyList<Sentence> Deadlines,
    IReadOnlyList<Sentence> Rules,
    IReadOnlyList<Sentence> Settings,
    string AccessTitle,
    IReadOnlyList<string> Access,
    string AccessCitation,
    string RanksSentence,
    string CaseloadSentence,
    string CaseloadCitation)
{
    public static ExplainView From(PolicyDefinition policy)
    {
        var english = new PolicyEnglish(policy);
        return new ExplainView(
            policy.Name,
            policy.Title,
            policy.Version,
            policy.Effective ?? string.Empty,
            english.CalendarSentence(),
            policy.Calendars.Select(c => new Sentence(c.Name, (c.Title != c.Name ? c.Title + ": " : string.Empty) + PolicyEnglish.Counts(c) + ".", english.CitationText(c.Citations))).ToList(),
            policy.Sources,
            policy.Roles,
            policy.States,
            policy.Actions.Select(a => new Sentence(a.Name, english.ActionSentence(a), english.CitationText(a.Citations.Concat(a.Requirements.SelectMany(r => r.Citations)).Concat(a.Assignments.SelectMany(x => x.Citations ?? [])).ToList()))).ToList(),
            policy.Signals.Select(s => new Sentence(s.Name, english.SignalSentence(s), string.Empty)).ToList(),
            policy.Deadlines.Select(d => new Sentence(d.Name, english.Deadline(d), english.CitationText(d.Citations))).ToList(),
            policy.Rules.Select(r => new Sentence(r.Name, english.Rule(r), english.CitationText(r.Citations))).ToList(),
            policy.Settings.Select(s => new Sentence(s.Name, PolicyEnglish.SettingSentence(s), english.CitationText(s.Citations))).ToList(),
            policy.Access is { } access ? (access.Title != access.Name ? $"{access.Name}: {access.Title}" : access.Name) : string.Empty,
            english.AccessSentences(),
            policy.Access is { } cited ? english.CitationText(cited.Citations) : string.Empty,
            policy.Ranks.Count == 0 ? string.Empty : $"In order of rank, lowest first: {string.Join(", ", policy.Ranks)}. \"Or above\" means that rank or any higher one.",
            english.CaseloadSentence(),
            policy.Caseload is { } caseload ? english.CitationText(caseload.Citations) : string.Empty);
    }
}
