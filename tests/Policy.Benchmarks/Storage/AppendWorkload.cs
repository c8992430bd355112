using System.Data.Common;
using System.Text;
using Force.Policies;
using Policy.Runtime.Audit;
using Policy.Runtime.Events;
using Policy.Runtime.Storage;
using Policy.Runtime.Workflows;

namespace Policy.Benchmarks.Storage;

/// <summary>
/// What the append benchmarks write, the same on every database: one case of incident-attendance.policy (opened,
/// graded, a unit deployed), then one event per append, the quality team's review of the diversion, which leaves the
/// case in its state so it can be appended for ever. Each append replaces the case's one due-time row and one
/// assignment, adds two entries to the case's own audit chain (the event, then the <see cref="AuditKind.CaseIndex"/>
/// entry recording those rows), both sealed with <see cref="Keys"/>, and moves the case row's version and chain head:
/// the rows <see cref="ICaseStore.AppendAsync"/> writes for a typical request.
/// </summary>
internal sealed class AppendWorkload
{
    /// <summary>The case of the single-case benchmarks.</summary>
    public const string DefaultCaseId = "CAD-7781-31MAY";

    /// <summary>Audit entries one append adds to its case's chain: the event and the case-index entry.</summary>
    public const int EntriesPerAppend = 2;

    private readonly CaseEvent _review;

    public AppendWorkload(string caseId = DefaultCaseId)
    {
        CaseId = caseId;
        var incident = new IncidentAttendance();
        incident.OpenCase(caseId, "op-reid");
        Accepted(incident.GradeCall(new Actor("op-reid", IncidentAttendance.Roles.CallHandler), IncidentAttendance.Grade.Significant, "12 Acacia Road", "Someone banging on the door"));
        Accepted(incident.DeployUnit(new Actor("disp-shah", IncidentAttendance.Roles.Dispatcher), "bx21"));
        Opening = incident.PendingEvents.ToArray();
        incident.MarkSaved();

        var review = incident.ReviewDiversion(new Actor("qart-1", IncidentAttendance.Roles.QART), "Diverted to a higher-graded call; the incident went back to be resourced.");
        Accepted(review);
        _review = review.Event!;
        OpenDeadlines = incident.DueDeadlineRows();
        Assignments = incident.AssignmentRows();
        if (OpenDeadlines.Count != 1 || Assignments.Count != 1)
        {
            throw new InvalidOperationException($"The workload should have one due-time row and one assignment, not {OpenDeadlines.Count} and {Assignments.Count}.");
        }
    }

    /// <summary>
    /// The key ring the benchmarked stores seal entries with, as a deployment's would (a fixed secret: nothing here is
    /// protected, the HMAC is what is measured).
    /// </summary>
    public static AuditKeyRing Keys { get; } = new([new AuditKey("bench-key", Encoding.ASCII.GetBytes("policy-benchmarks-audit-key-0001"))]);

    public string CaseId { get; }

    /// <summary>The events of the case before the appends measured: written once, in setup.</summary>
    public IReadOnlyList<CaseEvent> Opening { get; }

    public IReadOnlyList<DueDeadline> OpenDeadlines { get; }

    public IReadOnlyDictionary<string, string> Assignments { get; }

    /// <summary>The event of the append that takes the case to <paramref name="version"/>.</summary>
    public CaseEvent EventAt(long version) => _review with { Version = version };

    /// <summary>
    /// A raw append of the same rows, written by hand: the case row's version, entry count and head, the due-time row
    /// and the assignment replaced, and the two audit entries, with their positions in the case's chain, hashes and
    /// seals (computed once, not per append: the raw side computes nothing). The store moves the case row twice (the
    /// claim of the version, then the head); the raw side once. <paramref name="schema"/> prefixes the tables (PostgreSQL).
    /// </summary>
    public RawAppend CreateRawAppend(DbConnection connection, string schema)
    {
        var due = OpenDeadlines[0];
        var (role, officer) = Assignments.Single();
        var sample = EventAt(Opening.Count + 1);
        var eventEntry = Keys.SealEntry(AuditChain.Seal(AuditChain.GenesisHash, 1, CaseEventSerializer.AuditRecordFor(sample)));
        var indexEntry = Keys.SealEntry(AuditChain.Seal(eventEntry.Hash, 2, CaseIndexContent.RecordFor(CaseId, sample.At, OpenDeadlines, Assignments)));
        const string Columns = "case_id, position, kind, at, actor_id, purpose, content, previous_hash, hash, seal_key, seal";
        var text = $"""
            UPDATE {schema}cases SET version = @version, entries = @index_position, head = @index_hash WHERE case_id = @case;
            DELETE FROM {schema}due_deadlines WHERE case_id = @case;
            INSERT INTO {schema}due_deadlines (case_id, policy, deadline, instance, due_at, next_action_at, stage, role) VALUES (@case, @policy, @deadline, @instance, @due, @next, @stage, @due_role);
            DELETE FROM {schema}assignments WHERE case_id = @case;
            INSERT INTO {schema}assignments (case_id, role, officer_id) VALUES (@case, @role, @officer);
            INSERT INTO {schema}audit ({Columns}) VALUES (@case, @event_position, 'Event', @at, @actor, NULL, @event_content, @event_previous, @event_hash, @key, @event_seal);
            INSERT INTO {schema}audit ({Columns}) VALUES (@case, @index_position, 'CaseIndex', @at, NULL, NULL, @index_content, @event_hash, @index_hash, @key, @index_seal);
            """;
        var command = connection.CreateCommand();
        command.CommandText = text;
        var values = new Dictionary<string, object>
        {
            ["case"] = CaseId,
            ["version"] = 0L,
            ["policy"] = due.PolicyName,
            ["deadline"] = due.Deadline,
            ["instance"] = due.Instance,
            ["due"] = StoredTime.ToTicks(due.DueAt),
            ["next"] = StoredTime.ToTicks(due.NextActionAt!.Value),
            ["stage"] = due.Stage,
            ["due_role"] = due.Role!,
            ["role"] = role,
            ["officer"] = officer,
            ["at"] = StoredTime.FormatAuditTime(eventEntry.At),
            ["actor"] = sample.ActorId!,
            ["key"] = eventEntry.SealKeyId!,
            ["event_position"] = 0L,
            ["event_content"] = eventEntry.Content,
            ["event_previous"] = eventEntry.PreviousHash,
            ["event_hash"] = eventEntry.Hash,
            ["event_seal"] = eventEntry.Seal!,
            ["index_position"] = 0L,
            ["index_content"] = indexEntry.Content,
            ["index_hash"] = indexEntry.Hash,
            ["index_seal"] = indexEntry.Seal!,
        };
        foreach (var (name, value) in values)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        // Parsed (and on PostgreSQL planned) once, as the raw best case.
        command.Prepare();
        return new RawAppend(connection, command, CaseId);
    }

    /// <summary>
    /// Throws unless <paramref name="store"/> holds this case at <paramref name="version"/>: its events, and a chain of
    /// the opening append's entries plus two per append since, every one sealed with <see cref="Keys"/>, that verifies
    /// against the head the store reports. The check that the store's appends wrote what the raw side writes.
    /// </summary>
    public async Task CheckStoreAsync(ICaseStore store, long version)
    {
        var expected = Opening.Count + 1 + ((version - Opening.Count) * EntriesPerAppend);
        var head = (await store.ReadChainHeadsAsync()).SingleOrDefault(h => h.CaseId == CaseId)
            ?? throw new InvalidOperationException($"The store has no chain for case '{CaseId}'.");
        var entries = new List<AuditEntry>();
        await foreach (var entry in store.ReadAuditAsync(CaseId))
        {
            entries.Add(entry);
        }

        var events = await store.ReadCaseAsync(CaseId);
        var verification = AuditChain.Verify(entries, head.HeadHash, expected);
        var unsealed = entries.Count(entry => Keys.CheckSeal(entry) is not null);
        if (head.Count != expected || events.Count != version || !verification.IsValid || unsealed != 0)
        {
            throw new InvalidOperationException(
                $"Case '{CaseId}' should be at version {version} with {expected} sealed entries; the store has {events.Count} events, a chain of {head.Count} ({verification.Problem ?? "valid"}), {unsealed} not sealed.");
        }
    }

    private static void Accepted(ActionResult result)
    {
        if (!result.IsAccepted)
        {
            throw new InvalidOperationException($"The workload's action was refused: {result}");
        }
    }
}

/// <summary>One prepared command that writes an append's rows; each call runs it in a transaction of its own.</summary>
internal sealed class RawAppend(DbConnection connection, DbCommand command, string caseId) : IDisposable
{
    private readonly DbParameter _version = command.Parameters["@version"];
    private readonly DbParameter _eventPosition = command.Parameters["@event_position"];
    private readonly DbParameter _indexPosition = command.Parameters["@index_position"];
    private long _entries;

    /// <summary>Writes the rows that take the case to <paramref name="version"/>, as the next two entries of its chain, and commits.</summary>
    public void Append(long version)
    {
        using var transaction = connection.BeginTransaction();
        AppendIn(transaction, version);
        transaction.Commit();
    }

    /// <summary>Writes the rows that take the case to <paramref name="version"/> in <paramref name="transaction"/>, which the caller commits.</summary>
    public void AppendIn(DbTransaction transaction, long version)
    {
        command.Transaction = transaction;
        _version.Value = version;
        _eventPosition.Value = _entries + 1;
        _indexPosition.Value = _entries + 2;
        command.ExecuteNonQuery();
        _entries += AppendWorkload.EntriesPerAppend;
    }

    /// <summary>
    /// Throws unless the tables hold what <paramref name="appends"/> raw appends leave (two entries each in the case's
    /// chain, one due-time row, one assignment, the case row at <paramref name="version"/> with its entry count): the
    /// check that the rows were written.
    /// </summary>
    public void Verify(string schema, long appends, long version)
    {
        using var count = connection.CreateCommand();
        count.CommandText = $"""
            SELECT (SELECT COUNT(*) FROM {schema}audit WHERE case_id = @case),
                   (SELECT COUNT(*) FROM {schema}due_deadlines), (SELECT COUNT(*) FROM {schema}assignments),
                   (SELECT version FROM {schema}cases WHERE case_id = @case), (SELECT entries FROM {schema}cases WHERE case_id = @case)
            """;
        var parameter = count.CreateParameter();
        parameter.ParameterName = "@case";
        parameter.Value = caseId;
        count.Parameters.Add(parameter);
        using var reader = count.ExecuteReader();
        reader.Read();
        var counts = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        var entries = appends * AppendWorkload.EntriesPerAppend;
        if (counts != (entries, 1L, 1L, version, entries))
        {
            throw new InvalidOperationException($"After {appends} raw appends the tables hold {counts} (audit entries, due, assignments, case version, case entries); expected ({entries}, 1, 1, {version}, {entries}).");
        }
    }

    public void Dispose() => command.Dispose();
}
