using System.Data.Common;
using Force.Policies;
using Policy.Runtime.Audit;
using Policy.Runtime.Events;
using Policy.Runtime.Storage;
using Policy.Runtime.Workflows;

namespace Policy.Benchmarks.Storage;

/// <summary>
/// What the append benchmarks write, the same on every database: one case of incident-attendance.policy (opened,
/// graded, a unit deployed), then one event per append, the quality team's review of the diversion, which leaves the
/// case in its state so it can be appended for ever. Each append also replaces the case's one due-time row and one
/// assignment, and adds one audit entry: the rows <see cref="ICaseStore.AppendAsync"/> writes for a typical request.
/// </summary>
internal sealed class AppendWorkload
{
    public const string CaseId = "CAD-7781-31MAY";

    private readonly CaseEvent _review;

    public AppendWorkload()
    {
        var incident = new IncidentAttendance();
        incident.OpenCase(CaseId, "op-reid");
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

    /// <summary>The events of the case before the appends measured: written once, in setup.</summary>
    public IReadOnlyList<CaseEvent> Opening { get; }

    public IReadOnlyList<DueDeadline> OpenDeadlines { get; }

    public IReadOnlyDictionary<string, string> Assignments { get; }

    /// <summary>The event of the append that takes the case to <paramref name="version"/>.</summary>
    public CaseEvent EventAt(long version) => _review with { Version = version };

    /// <summary>
    /// A raw append of the same rows, written by hand: the case's version, the event's JSON, the due-time row and the
    /// assignment replaced, and an audit entry of the same size (its hashes computed once, not per append).
    /// <paramref name="schema"/> prefixes the tables (PostgreSQL); <paramref name="storedHead"/> also moves the stored
    /// head of the audit chain, as the PostgreSQL store does.
    /// </summary>
    public RawAppend CreateRawAppend(DbConnection connection, string schema, bool storedHead)
    {
        var due = OpenDeadlines[0];
        var (role, officer) = Assignments.Single();
        var sample = EventAt(Opening.Count + 1);
        var content = CaseEventSerializer.Serialize(sample);
        var hash = AuditChain.ComputeHash(AuditChain.GenesisHash, 1, AuditKind.Event, sample.At, sample.CaseId, sample.ActorId, null, content);
        var text = $"""
            UPDATE {schema}cases SET version = @version WHERE case_id = @case;
            INSERT INTO {schema}events (case_id, version, content) VALUES (@case, @version, @content);
            DELETE FROM {schema}due_deadlines WHERE case_id = @case;
            INSERT INTO {schema}due_deadlines (case_id, policy, deadline, instance, due_at, next_action_at, stage) VALUES (@case, @policy, @deadline, @instance, @due, @next, @stage);
            DELETE FROM {schema}assignments WHERE case_id = @case;
            INSERT INTO {schema}assignments (case_id, role, officer_id) VALUES (@case, @role, @officer);
            INSERT INTO {schema}audit (position, kind, at, case_id, actor_id, purpose, content, previous_hash, hash) VALUES (@position, 'Event', @at, @case, @actor, NULL, @content, @previous, @hash);
            {(storedHead ? $"UPDATE {schema}audit_head SET position = @position, hash = @hash WHERE id = 1;" : string.Empty)}
            """;
        var command = connection.CreateCommand();
        command.CommandText = text;
        var values = new Dictionary<string, object>
        {
            ["case"] = CaseId,
            ["version"] = 0L,
            ["content"] = content,
            ["policy"] = due.PolicyName,
            ["deadline"] = due.Deadline,
            ["instance"] = due.Instance,
            ["due"] = StoredTime.ToTicks(due.DueAt),
            ["next"] = StoredTime.ToTicks(due.NextActionAt),
            ["stage"] = due.Stage,
            ["role"] = role,
            ["officer"] = officer,
            ["position"] = 0L,
            ["at"] = StoredTime.FormatAuditTime(sample.At),
            ["actor"] = sample.ActorId!,
            ["previous"] = AuditChain.GenesisHash,
            ["hash"] = hash,
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
        return new RawAppend(connection, command);
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
internal sealed class RawAppend(DbConnection connection, DbCommand command) : IDisposable
{
    private readonly DbParameter _version = command.Parameters["@version"];
    private readonly DbParameter _position = command.Parameters["@position"];

    /// <summary>Writes the rows that take the case to <paramref name="version"/> as audit entry <paramref name="position"/>, and commits.</summary>
    public void Append(long version, long position)
    {
        using var transaction = connection.BeginTransaction();
        command.Transaction = transaction;
        _version.Value = version;
        _position.Value = position;
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    /// <summary>Throws unless the tables hold what <paramref name="appends"/> raw appends leave: the check that the rows were written.</summary>
    public void Verify(string schema, long appends)
    {
        using var count = connection.CreateCommand();
        count.CommandText = $"SELECT (SELECT COUNT(*) FROM {schema}events), (SELECT COUNT(*) FROM {schema}audit), (SELECT COUNT(*) FROM {schema}due_deadlines), (SELECT COUNT(*) FROM {schema}assignments)";
        using var reader = count.ExecuteReader();
        reader.Read();
        var counts = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        if (counts != (appends, appends, 1L, 1L))
        {
            throw new InvalidOperationException($"After {appends} raw appends the tables hold {counts} rows (events, audit, due, assignments).");
        }
    }

    public void Dispose() => command.Dispose();
}
