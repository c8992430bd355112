using System.Data.Common;
using Policy.Runtime.Audit;
using Policy.Runtime.Storage;
using Policy.Runtime.Storage.Sql;

namespace Policy.Storage.Tests;

/// <summary>What an attacker with write access to a store's database can do to it, for the tampering tests.</summary>
internal abstract class StoreTampering
{
    /// <summary>Overwrites the stored entry at <paramref name="entry"/>'s case and position with <paramref name="entry"/> as given.</summary>
    public abstract Task ReplaceEntryAsync(AuditEntry entry);

    public abstract Task DeleteEntriesFromAsync(string caseId, long position);

    public abstract Task InsertEntryAsync(AuditEntry entry);

    /// <summary>Deletes everything of the case: its chain, its row and its index rows.</summary>
    public abstract Task DeleteCaseAsync(string caseId);

    public abstract Task DeleteDueRowsAsync(string caseId);

    public abstract Task DeleteCheckpointsFromAsync(long sequence);

    /// <summary>Replaces the content of the case's kept snapshot.</summary>
    public abstract Task RewriteSnapshotAsync(string caseId, string content);

    /// <summary>Rewrites the case's weight in the caseload index, or with null deletes it.</summary>
    public abstract Task RewriteCaseloadAsync(string caseId, decimal? weight);

    /// <summary>Rewrites the text of an outbox entry, keeping its key.</summary>
    public abstract Task RewriteOutboxAsync(string caseId, string key, string content);
}

/// <summary>Tampering with SQLite or PostgreSQL through a connection of its own, in the store's own SQL.</summary>
internal sealed class SqlTampering(Func<Task<DbConnection>> open, string tablePrefix) : StoreTampering
{
    public override async Task ReplaceEntryAsync(AuditEntry entry)
    {
        var script = new SqlScript($"DELETE FROM {tablePrefix}audit WHERE case_id = {{0}} AND position = {{1}}", entry.CaseId, entry.Position);
        SqlCaseStoreCore.AddEntry(script, tablePrefix + "audit", entry);
        await ExecuteAsync(script);
    }

    public override Task DeleteEntriesFromAsync(string caseId, long position) =>
        ExecuteAsync(new SqlScript($"DELETE FROM {tablePrefix}audit WHERE case_id = {{0}} AND position >= {{1}}", caseId, position));

    public override Task InsertEntryAsync(AuditEntry entry)
    {
        var script = new SqlScript();
        SqlCaseStoreCore.AddEntry(script, tablePrefix + "audit", entry);
        return ExecuteAsync(script);
    }

    public override Task DeleteCaseAsync(string caseId)
    {
        var script = new SqlScript();
        foreach (var table in new[] { "audit", "cases", "due_deadlines", "assignments", "caseloads" })
        {
            script.Add($"DELETE FROM {tablePrefix}{table} WHERE case_id = {{0}}", caseId);
        }

        return ExecuteAsync(script);
    }

    public override Task DeleteDueRowsAsync(string caseId) => ExecuteAsync(new SqlScript($"DELETE FROM {tablePrefix}due_deadlines WHERE case_id = {{0}}", caseId));

    public override Task DeleteCheckpointsFromAsync(long sequence) => ExecuteAsync(new SqlScript($"DELETE FROM {tablePrefix}checkpoints WHERE sequence >= {{0}}", sequence));

    public override Task RewriteSnapshotAsync(string caseId, string content) => ExecuteAsync(new SqlScript($"UPDATE {tablePrefix}snapshots SET content = {{1}} WHERE case_id = {{0}}", caseId, content));

    public override Task RewriteCaseloadAsync(string caseId, decimal? weight)
    {
        var script = new SqlScript($"DELETE FROM {tablePrefix}caseloads WHERE case_id = {{0}}", caseId);
        if (weight is { } value)
        {
            script.Add($"INSERT INTO {tablePrefix}caseloads (case_id, weight) VALUES ({{0}}, {{1}})", caseId, (long)(value * 1000));
        }

        return ExecuteAsync(script);
    }

    public override Task RewriteOutboxAsync(string caseId, string key, string content) =>
        ExecuteAsync(new SqlScript($"UPDATE {tablePrefix}outbox SET content = {{2}} WHERE case_id = {{0}} AND key = {{1}}", caseId, key, content));

    private async Task ExecuteAsync(SqlScript script)
    {
        await using var connection = await open();
        await script.ExecuteAsync(connection, null, CancellationToken.None);
    }
}

/// <summary>Tampering with an in-memory store's collections directly.</summary>
internal sealed class InMemoryTampering(InMemoryCaseStore store) : StoreTampering
{
    public override Task ReplaceEntryAsync(AuditEntry entry) => Change((chains, _, _, _) =>
    {
        var chain = chains[entry.CaseId!];
        chain[chain.FindIndex(e => e.Position == entry.Position)] = entry;
    });

    public override Task DeleteEntriesFromAsync(string caseId, long position) => Change((chains, _, _, _) => chains[caseId].RemoveAll(e => e.Position >= position));

    public override Task InsertEntryAsync(AuditEntry entry) => Change((chains, _, _, _) =>
    {
        var chain = chains[entry.CaseId!];
        chain.Add(entry);
        chain.Sort((a, b) => a.Position.CompareTo(b.Position));
    });

    public override Task DeleteCaseAsync(string caseId) => Change((chains, due, assignments, _) =>
    {
        chains.Remove(caseId);
        due.Remove(caseId);
        assignments.Remove(caseId);
        store.TamperCaseload(caseId, null);
    });

    public override Task RewriteCaseloadAsync(string caseId, decimal? weight)
    {
        store.TamperCaseload(caseId, weight);
        return Task.CompletedTask;
    }

    public override Task RewriteOutboxAsync(string caseId, string key, string content)
    {
        store.TamperOutbox(caseId, key, content);
        return Task.CompletedTask;
    }

    public override Task RewriteSnapshotAsync(string caseId, string content)
    {
        store.TamperSnapshot(caseId, content);
        return Task.CompletedTask;
    }

    public override Task DeleteDueRowsAsync(string caseId) => Change((_, due, _, _) => due.Remove(caseId));

    public override Task DeleteCheckpointsFromAsync(long sequence) => Change((_, _, _, checkpoints) =>
    {
        foreach (var key in checkpoints.Keys.Where(k => k >= sequence).ToArray())
        {
            checkpoints.Remove(key);
        }
    });

    private Task Change(Action<Dictionary<string, List<AuditEntry>>, Dictionary<string, List<DueDeadline>>, Dictionary<string, Dictionary<string, string>>, SortedDictionary<long, string>> change)
    {
        store.Tamper(change);
        return Task.CompletedTask;
    }
}
