using System.Runtime.CompilerServices;
using CaseManagement.Cases;
using CaseManagement.Officers;
using Policy.Runtime.Audit;
using Policy.Runtime.Cases;
using Policy.Runtime.Events;
using Policy.Runtime.Storage;
using Policy.Runtime.Workflows;

namespace CaseManagement.Work;

/// <summary>
/// <see cref="IDueWork"/> from the store's due-work index (<c>ICaseStore.FindDueWorkAsync</c>): every open deadline of
/// every case, most urgent first, a page at a time, so what an officer or a supervisor sees never depends on how new a
/// case is. Only the cases of the rows a page shows (or must place in a team) are read and replayed, each once:
/// <list type="bullet">
/// <item>an officer's own work is the index's rows for the roles they hold on cases;</item>
/// <item>the work of a role that is not held per case (a supervisor's review) is the index's rows for that role, kept
/// when the case belongs to a team the officer is in or supervises;</item>
/// <item>escalations are the overdue rows past their first escalation, kept when the escalation names the officer;</item>
/// <item>a team's work is every row, most urgent first, kept when the case belongs to one of the teams.</item>
/// </list>
/// A page holds at most <see cref="MaxItems"/> items and reads at most <see cref="MaxCaseReads"/> cases to fill
/// them; past either, the least urgent are left out and <see cref="DueWorkList.IsComplete"/> says so.
/// </summary>
public sealed class IndexedDueWork(CaseService cases, TeamDirectory teams) : IDueWork
{
    /// <summary>The most items one list holds: the most urgent come first, so what is left out is the least urgent.</summary>
    public const int MaxItems = 500;

    /// <summary>The most cases one list reads to place rows in teams and show them.</summary>
    public const int MaxCaseReads = 5_000;

    private const int PageSize = 500;

    /// <summary>How many cases were read for lists since the application started (for the tests that bound it).</summary>
    public long CasesRead => Interlocked.Read(ref _casesRead);

    private long _casesRead;

    private readonly CaseService _cases = cases;
    private readonly TeamDirectory _teams = teams;

    public async Task<DueWorkList<(WorkItem Item, WorkReason Reason)>> ForOfficerAsync(Officer officer, CancellationToken cancellationToken)
    {
        var reader = new CaseReader(this);
        var found = new Dictionary<(string Case, string Deadline, int Instance), (WorkItem Item, WorkReason Reason)>();
        var complete = true;

        // What the officer holds on cases: their own, whatever the team.
        complete &= await CollectAsync(reader, DueWorkQuery.ForOfficer(officer.Id, PageSize), found, item => WorkReason.Assigned, cancellationToken);

        var ownTeams = new[] { _teams.Find(officer.Team) }.OfType<Team>().Concat(_teams.SupervisedBy(officer)).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        if (ownTeams.Count > 0)
        {
            // Escalations that name them: only overdue rows are escalated, and only those past the breach.
            var now = _cases.TimeProvider.GetUtcNow();
            complete &= await CollectAsync(reader, DueWorkQuery.AllCases(PageSize) with { DueBy = now }, found,
                item => item.Escalation is { } escalation && (escalation.Owned?.OfficerId ?? escalation.NamedOwner?.Id) == officer.Id ? WorkReason.Escalated : null,
                cancellationToken, row => row.Deadline.Stage >= 2);

            // Roles not held per case, on the cases of their teams.
            foreach (var role in officer.Roles.Where(r => _cases.Policies.Policies.Any(p => p.Definition.Roles.Any(d => d.Name == r && !d.IsAssigned))).Distinct(StringComparer.Ordinal))
            {
                complete &= await CollectAsync(reader, DueWorkQuery.ForRole(role, PageSize), found,
                    item => !IsAssigned(item) && item.Team is { } team && ownTeams.Contains(team.Id) ? WorkReason.TeamRole : null,
                    cancellationToken, row => row.OfficerId is null);
            }
        }

        var items = MostUrgentFirst(found.Values, x => x.Item).Take(MaxItems).ToArray();
        return new DueWorkList<(WorkItem Item, WorkReason Reason)>(items, complete && found.Count <= MaxItems);
    }

    public async Task<DueWorkList<WorkItem>> ForTeamsAsync(IReadOnlyCollection<Team> selected, CancellationToken cancellationToken)
    {
        var ids = selected.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var reader = new CaseReader(this);
        var found = new Dictionary<(string Case, string Deadline, int Instance), (WorkItem Item, WorkReason Reason)>();
        var complete = ids.Count == 0 || await CollectAsync(reader, DueWorkQuery.AllCases(PageSize), found,
            item => item.Team is { } team && ids.Contains(team.Id) ? WorkReason.TeamRole : null,
            cancellationToken);
        var items = MostUrgentFirst(found.Values.Select(x => x.Item), i => i).Take(MaxItems).ToArray();
        return new DueWorkList<WorkItem>(items, complete && found.Count <= MaxItems);
    }

    /// <summary>
    /// Adds the rows of <paramref name="query"/>'s pages (those <paramref name="worth"/> reading) whose item <paramref name="reason"/>
    /// keeps, until the list is full or the reads are spent; false when it stopped before the last page.
    /// </summary>
    private async Task<bool> CollectAsync(
        CaseReader reader,
        DueWorkQuery query,
        Dictionary<(string Case, string Deadline, int Instance), (WorkItem Item, WorkReason Reason)> found,
        Func<WorkItem, WorkReason?> reason,
        CancellationToken cancellationToken,
        Func<DueWork, bool>? worth = null)
    {
        await foreach (var row in RowsAsync(query, cancellationToken))
        {
            if (found.Count >= MaxItems || reader.Spent)
            {
                return false;
            }

            var key = (row.Deadline.CaseId, row.Deadline.Deadline, row.Deadline.Instance);
            if (found.ContainsKey(key) || (worth is not null && !worth(row)))
            {
                continue;
            }

            if (await reader.ItemAsync(row, cancellationToken) is { } item && reason(item) is { } why)
            {
                found[key] = (item, why);
            }
        }

        return true;
    }

    private async IAsyncEnumerable<DueWork> RowsAsync(DueWorkQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var page = await _cases.Store.FindDueWorkAsync(query, cancellationToken);
        while (true)
        {
            foreach (var row in page.Items)
            {
                yield return row;
            }

            if (page.Next is not { } next)
            {
                yield break;
            }

            page = await _cases.Store.FindDueWorkAsync(query with { After = next }, cancellationToken);
        }
    }

    private static bool IsAssigned(WorkItem item) =>
        item.Case.Policy.Definition.Roles.FirstOrDefault(r => r.Name == item.Deadline.Status.Role)?.IsAssigned == true;

    // A stopped clock is not urgent while it stands still; everything else by its due time, then by case.
    private static IOrderedEnumerable<T> MostUrgentFirst<T>(IEnumerable<T> items, Func<T, WorkItem> item) =>
        items.OrderBy(x => Urgency(item(x))).ThenBy(x => item(x).DueAt).ThenBy(x => item(x).Case.CaseId, StringComparer.Ordinal);

    private static int Urgency(WorkItem item) => item.Deadline.Status.Status == Policy.Runtime.Engine.DeadlineStatusKind.Paused ? 1 : 0;

    /// <summary>The cases one list reads, each once, replayed as the case page would show them.</summary>
    private sealed class CaseReader(IndexedDueWork owner)
    {
        private readonly Dictionary<string, Read?> _read = new(StringComparer.Ordinal);

        private sealed record Read(CaseSummary Summary, IReadOnlyList<CaseEvent> Events, IReadOnlyList<AuditEntry> Notes, Team? Team);

        public bool Spent => _read.Count >= MaxCaseReads;

        public async Task<WorkItem?> ItemAsync(DueWork row, CancellationToken cancellationToken)
        {
            if (!_read.TryGetValue(row.Deadline.CaseId, out var read))
            {
                read = await ReadAsync(row.Deadline.CaseId, cancellationToken);
                _read[row.Deadline.CaseId] = read;
                Interlocked.Increment(ref owner._casesRead);
            }

            // The index and the case agree (verification checks it); a row the replay does not know is left out.
            var deadline = read?.Summary.Deadlines.FirstOrDefault(d => d.Status.Deadline == row.Deadline.Deadline && d.Status.Instance == row.Deadline.Instance);
            return read is null || deadline is null
                ? null
                : new WorkItem(read.Summary, deadline, read.Team, Escalations.StateOf(read.Events, read.Notes, deadline.Status.Deadline, deadline.Status.Instance, read.Team, owner._teams));
        }

        private async Task<Read?> ReadAsync(string caseId, CancellationToken cancellationToken)
        {
            var cases = owner._cases;
            var events = await cases.Store.ReadCaseAsync(caseId, cancellationToken);
            if (events.Count == 0 || !cases.Policies.TryGet(events[0].PolicyName, out _))
            {
                return null;
            }

            var workflow = cases.Policies.NewWorkflow(events[0].PolicyName);
            workflow.TimeProvider = cases.TimeProvider;
            workflow.Availability = cases.Absences;
            workflow.Replay(events);
            var summary = CaseBoard.Summarise(workflow, cases.TimeProvider.GetUtcNow());
            var notes = events.Any(e => e.Kind == CaseEventKind.DeadlineEscalated)
                ? await Escalations.NotesAsync(cases.Store, caseId, cancellationToken)
                : [];
            return new Read(summary, events, notes, CaseTeams.TeamOf(summary.Assignments, events, owner._teams));
        }
    }
}
