using System.Data.Common;
using System.Globalization;
using Policy.Runtime.Audit;

namespace Policy.Runtime.Storage.Sql;

/// <summary>
/// Schema version 3's data step: the store-wide chain of versions 1 and 2 becomes one chain per case. The old trail is
/// verified first, and the old events table must say exactly what the trail's event entries say, since from now on a
/// case is rebuilt from its chain alone; a store that fails either check is not migrated (and so not silently laundered
/// into a fresh, valid-looking chain). Each case's entries are then re-chained in their old order, closed with a
/// <see cref="AuditKind.CaseIndex"/> entry for the index rows the case has now, and verified again.
/// </summary>
internal sealed class PerCaseChainMigration(SqlDialect dialect, AuditKeyRing? keys)
{
    /// <summary>The schema version whose script this step follows.</summary>
    public const int SchemaVersion = 3;

    /// <summary>What the script renames the old trail to, until this step has moved it.</summary>
    public const string OldAuditTable = "audit_store_wide";

    private const int RowsPerScript = 500;

    public async Task RunAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var oldAudit = dialect.Table(OldAuditTable);
        var audit = dialect.Table("audit");
        var cases = dialect.Table("cases");
        var events = dialect.Table("events");

        var unowned = await new SqlScript($"SELECT COUNT(*) FROM {oldAudit} WHERE case_id IS NULL").ScalarAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (Convert.ToInt64(unowned, CultureInfo.InvariantCulture) > 0)
        {
            throw Refuse($"{unowned} audit entries belong to no case, and every entry must now join a case's chain.");
        }

        var old = await new SqlScript($"SELECT case_id, position, kind, at, actor_id, purpose, content, previous_hash, hash, NULL, NULL FROM {oldAudit} ORDER BY position")
            .ReadAsync(connection, transaction, SqlCaseStoreCore.ReadEntry, cancellationToken).ConfigureAwait(false);
        var verification = AuditChain.VerifyStoreWide(old);
        if (!verification.IsValid)
        {
            throw Refuse($"the audit trail does not verify at position {verification.FirstBadPosition}: {verification.Problem}");
        }

        var stored = await new SqlScript($"SELECT case_id, content FROM {events} ORDER BY case_id, version")
            .ReadAsync(connection, transaction, reader => (CaseId: reader.GetString(0), Content: reader.GetString(1)), cancellationToken).ConfigureAwait(false);
        var kept = stored.ToLookup(e => e.CaseId, e => e.Content, StringComparer.Ordinal);
        var chained = old.Where(e => e.Kind == AuditKind.Event).ToLookup(e => e.CaseId!, e => e.Content, StringComparer.Ordinal);
        foreach (var caseId in kept.Select(g => g.Key).Union(chained.Select(g => g.Key), StringComparer.Ordinal))
        {
            if (!kept[caseId].SequenceEqual(chained[caseId], StringComparer.Ordinal))
            {
                throw Refuse($"the events table of case '{caseId}' does not match the event entries of its audit trail.");
            }
        }

        var index = await ReadIndexAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var opened = (await new SqlScript($"SELECT case_id FROM {cases} WHERE version > 0").ReadAsync(connection, transaction, reader => reader.GetString(0), cancellationToken).ConfigureAwait(false))
            .ToHashSet(StringComparer.Ordinal);
        var now = DateTimeOffset.UtcNow;
        var heads = new List<ChainHead>();
        var script = new SqlScript();
        var rows = 0;
        foreach (var caseEntries in old.GroupBy(e => e.CaseId!, StringComparer.Ordinal))
        {
            var records = caseEntries.Select(e => new AuditRecord(e.Kind, e.At, e.CaseId, e.ActorId, e.Purpose, e.Content));
            if (opened.Contains(caseEntries.Key))
            {
                records = records.Append(CaseIndexContent.RecordFor(caseEntries.Key, now, index.TryGetValue(caseEntries.Key, out var rowsOfCase) ? rowsOfCase.Due : [], rowsOfCase?.Assignments ?? new Dictionary<string, string>()));
            }

            var (position, previous) = (0L, AuditChain.GenesisHash);
            foreach (var record in records)
            {
                var entry = AuditChain.Seal(previous, ++position, record);
                SqlCaseStoreCore.AddEntry(script, audit, keys is null ? entry : keys.SealEntry(entry));
                previous = entry.Hash;
                if (++rows % RowsPerScript == 0)
                {
                    await script.ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                    script = new SqlScript();
                }
            }

            heads.Add(new ChainHead(caseEntries.Key, position, previous));
            script.Add(
                $"INSERT INTO {cases} AS c (case_id, version, entries, head) VALUES ({{0}}, 0, {{1}}, {{2}}) ON CONFLICT (case_id) DO UPDATE SET entries = excluded.entries, head = excluded.head",
                caseEntries.Key, position, previous);
        }

        script.Add($"DROP TABLE {oldAudit}").Add($"DROP TABLE {events}");
        await script.ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);

        foreach (var head in heads)
        {
            var entries = await new SqlScript($"SELECT case_id, position, kind, at, actor_id, purpose, content, previous_hash, hash, seal_key, seal FROM {audit} WHERE case_id = {{0}} ORDER BY position", head.CaseId)
                .ReadAsync(connection, transaction, SqlCaseStoreCore.ReadEntry, cancellationToken).ConfigureAwait(false);
            var check = AuditChain.Verify(entries, head.HeadHash, head.Count);
            if (!check.IsValid)
            {
                throw Refuse($"the re-chained trail of case '{head.CaseId}' does not verify at position {check.FirstBadPosition}: {check.Problem}");
            }
        }
    }

    private async Task<Dictionary<string, CaseIndexRows>> ReadIndexAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var due = await new SqlScript($"SELECT case_id, policy, deadline, instance, due_at, next_action_at, stage FROM {dialect.Table("due_deadlines")}")
            .ReadAsync(
                connection,
                transaction,
                reader => new DueDeadline(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), StoredTime.FromTicks(reader.GetInt64(4)), StoredTime.FromTicks(reader.GetInt64(5)), reader.GetInt32(6)),
                cancellationToken).ConfigureAwait(false);
        var assignments = await new SqlScript($"SELECT case_id, role, officer_id FROM {dialect.Table("assignments")}")
            .ReadAsync(connection, transaction, reader => (CaseId: reader.GetString(0), Role: reader.GetString(1), Officer: reader.GetString(2)), cancellationToken).ConfigureAwait(false);
        return SqlCaseStoreCore.GroupIndex([], due, assignments);
    }

    private static InvalidOperationException Refuse(string reason) => new(
        $"The store cannot be migrated to one audit chain per case (schema version {SchemaVersion}): {reason} "
        + "Nothing was changed. Restore the database from a backup taken before the tampering, or keep running the previous version of Policy until it is investigated.");
}
