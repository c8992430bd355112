using Policy.Runtime.Audit;
using Policy.Runtime.Events;
using Policy.Runtime.Notifications;
using Policy.Runtime.Storage.Snapshots;

namespace Policy.Runtime.Storage;

/// <summary>
/// Where cases, their audit trails and their open deadlines are kept. One contract, three implementations
/// (in-memory, SQLite, PostgreSQL), all held to the same contract tests.
/// Each case has a hash chain of its own (see <see cref="AuditChain"/>), and its events are read from that chain, so what a
/// case is rebuilt from is exactly what the chain covers. Every method is safe to call from several threads and, for the
/// database stores, from several processes.
/// </summary>
public interface ICaseStore : IAsyncDisposable
{
    /// <summary>Creates or migrates the schema. Idempotent; called once before use.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>The case's events in version order, read from the <see cref="AuditKind.Event"/> entries of its chain; empty when the case does not exist.</summary>
    Task<IReadOnlyList<CaseEvent>> ReadCaseAsync(string caseId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends events to a case atomically, if and only if the case's current version is <paramref name="expectedVersion"/>
    /// (0 for a new case). In the same transaction it replaces the case's rows in the due-time index with
    /// <paramref name="openDeadlines"/>, replaces its assignments with <paramref name="assignments"/> (role to officer id),
    /// and appends to the case's chain one entry per event, one per record of <paramref name="audit"/> (which must all be
    /// for this case) and a <see cref="AuditKind.CaseIndex"/> entry holding the rows it wrote.
    /// Nothing is written when the version does not match. Appends to different cases never wait for one another
    /// (except on SQLite, which has one writer at a time: there, the appends queued while one transaction is written are
    /// committed together in the next, and each caller returns only once its append is committed).
    /// </summary>
    Task<AppendResult> AppendAsync(
        string caseId,
        long expectedVersion,
        IReadOnlyList<CaseEvent> events,
        IReadOnlyList<DueDeadline> openDeadlines,
        IReadOnlyDictionary<string, string> assignments,
        IReadOnlyList<AuditRecord> audit,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="AppendAsync(string, long, IReadOnlyList{CaseEvent}, IReadOnlyList{DueDeadline}, IReadOnlyDictionary{string, string}, IReadOnlyList{AuditRecord}, CancellationToken)"/>
    /// with the case's <see cref="CaseAppend.Caseload"/> weight, which the same transaction keeps in the caseload index
    /// (and the case's <see cref="AuditKind.CaseIndex"/> entry records) for <see cref="FindCaseloadsAsync"/>. The default,
    /// for a store without that index, appends without the weight: the officers of the case then have no known caseload.
    /// </summary>
    Task<AppendResult> AppendAsync(CaseAppend append, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(append);
        return AppendAsync(append.CaseId, append.ExpectedVersion, append.Events, append.OpenDeadlines, append.Assignments, append.Audit, cancellationToken);
    }

    /// <summary>
    /// Many appends in one transaction, for loading and migrating cases: each is checked against its own expected
    /// version and written or not exactly as <see cref="AppendAsync(CaseAppend, CancellationToken)"/> would (a conflict writes nothing of that case and
    /// is reported in its result, in the order given), and the whole batch is committed once. An error (rather than a
    /// conflict) writes nothing of the batch. The default appends them one at a time.
    /// </summary>
    async Task<IReadOnlyList<AppendResult>> AppendBatchAsync(IReadOnlyList<CaseAppend> appends, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appends);
        var results = new AppendResult[appends.Count];
        for (var i = 0; i < appends.Count; i++)
        {
            var append = appends[i] ?? throw new ArgumentException($"Append {i} is null.", nameof(appends));
            results[i] = await AppendAsync(append, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    /// <summary>Appends entries to their cases' chains alone (refusals, reads of a case, notifications); every record needs a case id.</summary>
    Task AppendAuditAsync(IReadOnlyList<AuditRecord> audit, CancellationToken cancellationToken = default);

    /// <summary>The case's chain from <paramref name="fromPosition"/> (1-based), in order; empty for an unknown case.</summary>
    IAsyncEnumerable<AuditEntry> ReadAuditAsync(string caseId, long fromPosition = 1, CancellationToken cancellationToken = default);

    /// <summary>The last entry of every case's chain, read from the entries themselves, in case id order (ordinal).</summary>
    Task<IReadOnlyList<ChainHead>> ReadChainHeadsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The rows of the due-time index and of the assignments, by case, with the length each case's chain had when they
    /// were read, all from one snapshot of the store: what verification compares with the chains. Every case with a
    /// chain or with rows is present.
    /// </summary>
    Task<IReadOnlyDictionary<string, CaseIndexRows>> ReadIndexAsync(CancellationToken cancellationToken = default);

    /// <summary>Keeps a checkpoint; false when one with its sequence number is already kept (another instance wrote it first).</summary>
    Task<bool> AppendCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default);

    /// <summary>The kept checkpoints from <paramref name="fromSequence"/>, in order, as the lines <see cref="AuditCheckpoint.ToJsonLine"/> wrote (unparsed, so that a damaged one can be reported).</summary>
    Task<IReadOnlyList<string>> ReadCheckpointLinesAsync(long fromSequence = 1, CancellationToken cancellationToken = default);

    /// <summary>Open deadlines whose next action time (due time, or next escalation stage) is at or before <paramref name="until"/>, earliest first. Uses the due-time index.</summary>
    Task<IReadOnlyList<DueDeadline>> FindDueAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims for <paramref name="claimant"/>, until <paramref name="claimedUntil"/>, up to <paramref name="limit"/> rows of
    /// <see cref="FindDueAsync"/> at <paramref name="now"/> that no other claimant holds a live claim on, and returns them:
    /// how several monitors on one database share the due work rather than all taking the same. A claim only spares
    /// work: a monitor that records a step still saves it against the case's version, so each is recorded once whoever
    /// holds the claim, and the next save of the case clears it. The default claims nothing and returns what is due.
    /// </summary>
    Task<IReadOnlyList<DueDeadline>> ClaimDueAsync(DateTimeOffset now, int limit, string claimant, DateTimeOffset claimedUntil, CancellationToken cancellationToken = default) =>
        FindDueAsync(now, limit, cancellationToken);

    /// <summary>The earliest next action time of any open deadline, or null when none is open. What the monitor sleeps until.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default);

    /// <summary>Every case id in which the officer holds an assigned role (for reallocation on absence).</summary>
    Task<IReadOnlyList<string>> FindCasesAssignedToAsync(string officerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The caseloads of <paramref name="officerIds"/> (at most <see cref="CaseAppend.MaximumCaseloadOfficers"/>): for each,
    /// the sum of the <see cref="CaseAppend.Caseload"/> weights of the cases, other than <paramref name="exceptCaseId"/>,
    /// on which the officer holds an assigned role (a case counts once however many of its roles they hold), from the
    /// caseload index in one indexed query. An officer with no such case has 0; an officer with a case whose weight the
    /// store does not know (saved before it kept weights, or by a store without the index) is left out, so that a limit
    /// is not passed on a count that may be short. The default reads the whole index with <see cref="ReadIndexAsync"/>.
    /// </summary>
    /// <exception cref="ArgumentException">More officers than <see cref="CaseAppend.MaximumCaseloadOfficers"/>, or an id that is null or blank.</exception>
    async Task<IReadOnlyDictionary<string, decimal>> FindCaseloadsAsync(IReadOnlyCollection<string> officerIds, string? exceptCaseId, CancellationToken cancellationToken = default)
    {
        StoreValidation.CheckCaseloadQuery(officerIds);
        var index = await ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        return CaseloadSums.FromIndex(index, officerIds, exceptCaseId);
    }

    /// <summary>
    /// Cases with assignments whose weight the caseload index lacks (saved before the store kept weights), in case id
    /// order after <paramref name="after"/>, at most <paramref name="limit"/>: what <see cref="Cases.CaseService.IndexCaseloadsAsync"/>
    /// fills in. The default, for a store without the index, finds none.
    /// </summary>
    Task<IReadOnlyList<string>> FindCasesWithoutCaseloadAsync(string? after, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>
    /// Writes the case's weight into the caseload index if the case is still at <paramref name="expectedVersion"/>, with
    /// a <see cref="AuditKind.CaseIndex"/> entry recording its rows and the weight (so verification compares them), in
    /// one transaction; false, writing nothing, when the case has moved on (its next save wrote its weight).
    /// </summary>
    Task<bool> IndexCaseloadAsync(string caseId, long expectedVersion, decimal weight, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("This store keeps no caseload index.");

    /// <summary>
    /// Entries of every case's chain by one officer, or of one kind, from an index (never a scan of every case): the
    /// records of access that Data Protection Act 2018 s.62 asks for ("what did this officer read, when and why"),
    /// and the force-wide list of flagged reads. Oldest first within the period, at most <see cref="AuditQuery.Limit"/>.
    /// </summary>
    Task<IReadOnlyList<AuditEntry>> FindAuditAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>Ids of all cases, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<string>> ListCasesAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// A page of open deadlines, most urgent first (by due time, then case id, deadline and instance, ordinal), each with
    /// the officer who holds its role on its case: every case's (<see cref="DueWorkQuery.AllCases"/>), an officer's or a
    /// team's (<see cref="DueWorkQuery.Officers"/>: the deadlines whose role they hold), a role's
    /// (<see cref="DueWorkQuery.Role"/>), optionally only those due by a time. Paged by key, not by offset: the next page
    /// starts after <see cref="DueWorkPage.Next"/>, so a page costs the same however deep it is.
    /// The database stores answer each from one indexed query whose cost does not grow with the number of cases (an
    /// officer's or team's with the size of their caseload). The default, for a store that has no such index, reads
    /// the whole index with <see cref="ReadIndexAsync"/>: correct, and slow with many cases.
    /// </summary>
    /// <exception cref="ArgumentException">The query's limit, officers, role or cursor cannot be answered (the message names which).</exception>
    Task<DueWorkPage> FindDueWorkAsync(DueWorkQuery query, CancellationToken cancellationToken = default) =>
        DueWorkPages.FromIndexAsync(this, query, cancellationToken);

    /// <summary>
    /// The case's kept snapshot, or null: none kept, or one that no longer matches the chain it was taken from, or (for a
    /// store with audit keys) one the application did not seal. The default keeps none.
    /// </summary>
    Task<CaseSnapshot?> ReadSnapshotAsync(string caseId, CancellationToken cancellationToken = default) => Task.FromResult<CaseSnapshot?>(null);

    /// <summary>The case's events after <paramref name="snapshot"/>, in version order, read from its chain.</summary>
    async Task<IReadOnlyList<CaseEvent>> ReadCaseAfterAsync(CaseSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return (await ReadCaseAsync(snapshot.CaseId, cancellationToken).ConfigureAwait(false)).Where(e => e.Version > snapshot.Version).ToArray();
    }

    /// <summary>
    /// Keeps <paramref name="snapshot"/> in place of an older one of its case (a newer one already kept stays), outside
    /// the case's chain; nothing is kept when the case has fewer events than the snapshot's version. The default keeps nothing.
    /// </summary>
    Task SaveSnapshotAsync(CaseSnapshot snapshot, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>
    /// True when the store keeps an outbox: the <see cref="CaseAppend.Notifications"/> of an append are written in its
    /// transaction, and stay until <see cref="CompleteOutboxAsync(OutboxEntry, AuditRecord, CancellationToken)"/> removes them. The default keeps none (the case
    /// service then hands notifications to the sink after the save, and one is lost if the process stops between).
    /// </summary>
    bool KeepsOutbox => false;

    /// <summary>
    /// <see cref="AppendAuditAsync(IReadOnlyList{AuditRecord}, CancellationToken)"/>, with notifications put in the
    /// outbox in the same transaction (a flagged read and the notification of it).
    /// </summary>
    /// <exception cref="NotSupportedException">There are notifications and the store keeps no outbox.</exception>
    Task AppendAuditAsync(IReadOnlyList<AuditRecord> audit, IReadOnlyList<Notification> notifications, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        return notifications.Count == 0
            ? AppendAuditAsync(audit, cancellationToken)
            : throw new NotSupportedException("This store keeps no outbox: send the notifications after the save.");
    }

    /// <summary>
    /// Claims for <paramref name="claimant"/>, until <paramref name="claimedUntil"/>, up to <paramref name="limit"/>
    /// outbox entries due by <paramref name="now"/> that no other claimant holds, oldest first: how the dispatchers of
    /// several instances share the sending. A claim only spares work: completing an entry twice records it once.
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>> ClaimOutboxAsync(DateTimeOffset now, int limit, string claimant, DateTimeOffset claimedUntil, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<OutboxEntry>>([]);

    /// <summary>
    /// Removes a sent entry and appends <paramref name="sent"/> (its <see cref="AuditKind.Notification"/> record) to its
    /// case's chain, in one transaction; false, writing nothing, when the entry is no longer there (sent already).
    /// </summary>
    async Task<bool> CompleteOutboxAsync(OutboxEntry entry, AuditRecord sent, CancellationToken cancellationToken = default) =>
        await CompleteOutboxAsync([new OutboxCompletion(entry, sent)], cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>
    /// <see cref="CompleteOutboxAsync(OutboxEntry, AuditRecord, CancellationToken)"/> for several entries in one
    /// transaction (what one save sent); returns how many were still there, and so recorded.
    /// </summary>
    Task<int> CompleteOutboxAsync(IReadOnlyList<OutboxCompletion> completions, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("This store keeps no outbox.");

    /// <summary>Records a failed delivery: the entry is tried again from <paramref name="retryAt"/>, its attempts counted and the error kept.</summary>
    Task RetryOutboxAsync(OutboxEntry entry, DateTimeOffset retryAt, string error, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("This store keeps no outbox.");

    /// <summary>When the earliest outbox entry is due, or null when the outbox is empty: what a dispatcher sleeps until.</summary>
    Task<DateTimeOffset?> NextOutboxAsync(CancellationToken cancellationToken = default) => Task.FromResult<DateTimeOffset?>(null);

    /// <summary>Forgets every kept snapshot (they are a cache: loads then replay whole cases) and returns how many there were.</summary>
    Task<int> DropSnapshotsAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);
}

/// <summary>One append of <see cref="ICaseStore.AppendBatchAsync"/>: the arguments <see cref="ICaseStore.AppendAsync(CaseAppend, CancellationToken)"/> takes.</summary>
public sealed record CaseAppend(
    string CaseId,
    long ExpectedVersion,
    IReadOnlyList<CaseEvent> Events,
    IReadOnlyList<DueDeadline> OpenDeadlines,
    IReadOnlyDictionary<string, string> Assignments,
    IReadOnlyList<AuditRecord> Audit)
{
    /// <summary>The most officers one <see cref="ICaseStore.FindCaseloadsAsync"/> call may ask about.</summary>
    public const int MaximumCaseloadOfficers = 500;

    /// <summary>The largest weight a case may carry in the caseload index.</summary>
    public const decimal MaximumCaseload = 1000m;

    /// <summary>
    /// What the case weighs in the caseloads of the officers assigned to it (its policy's <c>caseload weight</c>; 0 once
    /// it is closed), from 0 to <see cref="MaximumCaseload"/> in thousandths; null to keep no weight for it.
    /// </summary>
    public decimal? Caseload { get; init; }

    /// <summary>
    /// Notifications the events cause, for a store that <see cref="ICaseStore.KeepsOutbox"/>: put in its outbox in the
    /// append's transaction (each once, by <see cref="OutboxContent.KeyOf"/>), due from <see cref="NotifyFrom"/>.
    /// </summary>
    public IReadOnlyList<Notification> Notifications { get; init; } = [];

    /// <summary>
    /// When a dispatcher may first send <see cref="Notifications"/>: a little after the save, so that the case service
    /// that saved them sends them itself and a dispatcher takes only what it could not.
    /// </summary>
    public DateTimeOffset NotifyFrom { get; init; }
}

/// <summary>The outcome of <see cref="ICaseStore.AppendAsync(CaseAppend, CancellationToken)"/>.</summary>
/// <param name="Succeeded">True when the events were written.</param>
/// <param name="CurrentVersion">The case's version after the call: the new version, or the version that conflicted.</param>
public readonly record struct AppendResult(bool Succeeded, long CurrentVersion)
{
    /// <summary>True when another writer got there first: reload the case and decide again.</summary>
    public bool IsConflict => !Succeeded;
}

/// <summary>A case's rows in the index tables: its open deadlines (ordered by deadline and instance) and its assignments (role to officer).</summary>
/// <param name="ChainLength">How many entries the case's chain had in the same snapshot: the rows belong to that point of the chain.</param>
/// <param name="Caseload">The case's weight in the caseload index; null when the store keeps none for it.</param>
public sealed record CaseIndexRows(IReadOnlyList<DueDeadline> Due, IReadOnlyDictionary<string, string> Assignments, long ChainLength = 0, decimal? Caseload = null)
{
    /// <summary>No rows.</summary>
    public static CaseIndexRows None { get; } = new([], new Dictionary<string, string>());
}

/// <summary>A row of the due-time index: one open deadline instance of one case.</summary>
/// <param name="NextActionAt">
/// When the monitor must next act: the due time while unbreached, then each escalation stage's time; null while the
/// deadline is paused or once its last stage has happened (it is still open, and still someone's work, but the monitor
/// has nothing left to do for it).
/// </param>
/// <param name="Stage">0 before the breach; n after the n-th step (breach = 1, first escalation = 2, ...).</param>
/// <param name="Role">The role that must meet the deadline, as the policy names it; null in rows written before the store knew it.</param>
public sealed record DueDeadline(
    string CaseId,
    string PolicyName,
    string Deadline,
    int Instance,
    DateTimeOffset DueAt,
    DateTimeOffset? NextActionAt,
    int Stage,
    string? Role = null);

/// <summary>What <see cref="ICaseStore.FindAuditAsync"/> looks for: an officer's entries, entries of one kind, or both, in a period.</summary>
/// <param name="ActorId">The officer whose entries are wanted (the entry's actor); null for every officer (then <paramref name="Kind"/> is required).</param>
/// <param name="Kind">The kind of entry wanted; null for every kind (then <paramref name="ActorId"/> is required).</param>
/// <param name="From">The earliest time, inclusive; null for no bound.</param>
/// <param name="Until">The latest time, exclusive; null for no bound.</param>
/// <param name="Limit">The most entries returned (1 to 100,000).</param>
public sealed record AuditQuery(string? ActorId = null, AuditKind? Kind = null, DateTimeOffset? From = null, DateTimeOffset? Until = null, int Limit = 1000)
{
    /// <summary>Throws when the query names neither an officer nor a kind (it would read every entry of every case) or its limit is out of range.</summary>
    public void Validate()
    {
        if (ActorId is null && Kind is null)
        {
            throw new ArgumentException("Name an officer or a kind of entry: a query of every entry of every case is not offered.", nameof(ActorId));
        }

        if (Limit is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(Limit), Limit, "The limit must be from 1 to 100,000.");
        }
    }

    /// <summary>True when <paramref name="entry"/> is what the query asks for.</summary>
    public bool Matches(AuditEntry entry) =>
        (ActorId is null || string.Equals(entry.ActorId, ActorId, StringComparison.Ordinal))
        && (Kind is null || entry.Kind == Kind)
        && (From is null || entry.At >= From)
        && (Until is null || entry.At < Until);
}
