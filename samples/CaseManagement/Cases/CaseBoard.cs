using Policy.Runtime.Cases;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Workflows;

namespace CaseManagement.Cases;

/// <summary>An open deadline with the moment it turns "due soon", so the page's script can switch the flag itself.</summary>
public sealed record DeadlineView(DeadlineStatus Status, DateTimeOffset DueSoonFrom);

/// <summary>What the lists show of a case: where it stands, who holds it and what is owed by when. No recorded content.</summary>
public sealed record CaseSummary(
    string CaseId,
    CompiledPolicy Policy,
    string State,
    string StateTitle,
    bool IsClosed,
    IReadOnlyDictionary<string, string> Assignments,
    IReadOnlyList<DeadlineView> Deadlines)
{
    public string PolicyTitle => Policy.Definition.Title;

    public DeadlineStatusKind? Worst => Deadlines.Count == 0 ? null : Deadlines.Max(d => d.Status.Status);
}

/// <summary>A case on the board, with its events (for the breaches and escalations the monitor recorded).</summary>
public sealed record BoardEntry(CaseSummary Case, IReadOnlyList<CaseEvent> Events);

/// <summary>
/// The cases for the case list and the supervisors' page. These show only the workflow (state, assignments,
/// deadlines, breaches) and never what was recorded on a case, so they read the store directly; opening a case to
/// see its record goes through <see cref="CaseService.ReadAsync(string, Actor, string?, CancellationToken)"/>, which
/// asks for a purpose and audits the read.
/// </summary>
public sealed class CaseBoard(CaseService cases)
{
    public const int MaxCases = 200;

    /// <summary>The newest <see cref="MaxCases"/> cases, or the cases named (a search's results).</summary>
    public async Task<IReadOnlyList<BoardEntry>> ListAsync(CancellationToken cancellationToken, IReadOnlyList<string>? only = null)
    {
        var now = cases.TimeProvider.GetUtcNow();
        var result = new List<BoardEntry>();
        foreach (var caseId in only ?? await cases.Store.ListCasesAsync(MaxCases, cancellationToken))
        {
            var events = await cases.Store.ReadCaseAsync(caseId, cancellationToken);
            if (events.Count == 0 || !cases.Policies.TryGet(events[0].PolicyName, out _))
            {
                continue;
            }

            var workflow = cases.Policies.NewWorkflow(events[0].PolicyName);
            workflow.TimeProvider = cases.TimeProvider;
            workflow.Availability = cases.Absences;
            workflow.Replay(events);
            result.Add(new BoardEntry(Summarise(workflow, now), events));
        }

        return result;
    }

    public static CaseSummary Summarise(PolicyWorkflow workflow, DateTimeOffset now)
    {
        var policy = workflow.CompiledPolicy;
        var state = policy.Definition.States.First(s => s.Name == workflow.StateName);
        var deadlines = workflow.Case.DeadlineStatuses(now)
            .OrderBy(d => d.DueAt)
            .Select(d => new DeadlineView(d, DueSoonFrom(workflow.Case, d)))
            .ToArray();
        return new CaseSummary(workflow.CaseId, policy, state.Name, state.Title, workflow.IsClosed, workflow.Case.Assignments, deadlines);
    }

    /// <summary>
    /// The first moment the runtime calls this deadline "due soon", found by asking the runtime itself at a few
    /// instants (its rule depends on the policy's warning and calendar), to the second.
    /// </summary>
    private static DateTimeOffset DueSoonFrom(CaseState state, DeadlineStatus deadline)
    {
        var low = deadline.OpenedAt;
        var high = deadline.DueAt;
        if (!IsOpenAt(state, deadline, low))
        {
            return low;
        }

        while (high - low > TimeSpan.FromSeconds(1))
        {
            var middle = low + (high - low) / 2;
            if (IsOpenAt(state, deadline, middle))
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return high;
    }

    private static bool IsOpenAt(CaseState state, DeadlineStatus deadline, DateTimeOffset at) =>
        state.DeadlineStatuses(at).First(d => d.Deadline == deadline.Deadline && d.Instance == deadline.Instance).Status == DeadlineStatusKind.Open;
}
