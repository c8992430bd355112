using Microsoft.Data.Sqlite;
using Policy.Definitions;
using Policy.Runtime.Audit;
using Policy.Runtime.Events;
using Policy.Runtime.Storage;

namespace Policy.Cli.Tests;

public sealed class VerifyTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("policy-verify-").FullName;

    private string Database => Path.Combine(_folder, "cases.db");

    private string KeyFile => Path.Combine(_folder, "audit.keys");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static CaseEvent Event(string caseId, long version, string detail) => new(
        caseId,
        version,
        version == 1 ? CaseEventKind.Opened : CaseEventKind.ActionPerformed,
        version == 1 ? "Open" : "Review",
        T0.AddMinutes(version),
        "dc-1",
        "OIC",
        new Dictionary<string, FieldValue> { ["detail"] = new(ValueKind.Text, detail) },
        "RassoInvestigation",
        "2025.02");

    /// <summary>Two cases written by an application holding the key, and a checkpoint over them.</summary>
    private async Task<AuditKeyRing> WriteStoreAsync()
    {
        File.WriteAllText(KeyFile, "# audit key\n" + AuditKey.NewKeyLine("key-1") + "\n");
        var keys = AuditKeyRing.FromFile(KeyFile);
        await using (var store = SqliteCaseStore.ForFile(Database, keys))
        {
            await store.InitializeAsync();
            await store.AppendAsync("c1", 0, [Event("c1", 1, "Opened"), Event("c1", 2, "Suspect interviewed")], [], new Dictionary<string, string> { ["OIC"] = "dc-1" }, []);
            await store.AppendAsync("c2", 0, [Event("c2", 1, "Opened")], [], new Dictionary<string, string>(), []);
            Assert.NotNull((await new AuditVerifier(store, keys).WriteCheckpointAsync()).Written);
        }

        SqliteConnection.ClearAllPools();
        return keys;
    }

    private string TamperedCopy(string sql)
    {
        var copy = Path.Combine(_folder, "tampered.db");
        File.Copy(Database, copy);
        using var connection = new SqliteConnection($"Data Source={copy};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.True(command.ExecuteNonQuery() > 0);
        return copy;
    }

    [Fact]
    public async Task An_untouched_store_verifies_clean_and_a_tampered_copy_fails_naming_the_case_and_position()
    {
        await WriteStoreAsync();
        var tampered = TamperedCopy("UPDATE audit SET content = replace(content, 'Suspect interviewed', 'No further action') WHERE case_id = 'c1' AND position = 2");

        var clean = CliRunner.Run("verify", Database, "--keys", KeyFile);
        Assert.Equal((0, ""), (clean.ExitCode, clean.Error));
        Assert.Contains("2 cases, 5 entries, against checkpoint 1", clean.Output, StringComparison.Ordinal);
        Assert.Contains("No tampering found.", clean.Output, StringComparison.Ordinal);

        var found = CliRunner.Run("verify", tampered, "--keys", KeyFile);
        Assert.Equal(1, found.ExitCode);
        Assert.Contains("TAMPERING FOUND", found.Output, StringComparison.Ordinal);
        Assert.Contains("ChainBroken: case 'c1', position 2: The entry at position 2 has been altered", found.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_copy_fails_against_exported_checkpoints_even_when_its_own_are_deleted()
    {
        await WriteStoreAsync();
        var exported = Path.Combine(_folder, "checkpoints.jsonl");
        var export = CliRunner.Run("verify", Database, "--keys", KeyFile, "--export", exported);
        Assert.Equal(0, export.ExitCode);
        Assert.Contains("Exported 1 checkpoints", export.Output, StringComparison.Ordinal);
        // c2's last entry is the record of its (empty) index rows: without the checkpoint, nothing says it was there.
        var tampered = TamperedCopy("DELETE FROM audit WHERE case_id = 'c2' AND position >= 2; DELETE FROM checkpoints;");

        Assert.Equal(0, CliRunner.Run("verify", tampered, "--keys", KeyFile).ExitCode);
        var found = CliRunner.Run("verify", tampered, "--keys", KeyFile, "--checkpoints", exported);
        Assert.Equal(1, found.ExitCode);
        Assert.Contains("EntriesRemoved: case 'c2', position 2", found.Output, StringComparison.Ordinal);
        Assert.Contains("Checkpoint 1 of the trusted file is missing from the store", found.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_is_tampering_found_and_a_missing_key_file_or_store_is_a_clear_usage_error()
    {
        await WriteStoreAsync();
        var otherKeys = CliRunner.WriteTemp("other.keys", AuditKey.NewKeyLine("key-1"));
        var wrong = CliRunner.Run("verify", Database, "--keys", otherKeys);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("SealInvalid", wrong.Output, StringComparison.Ordinal);
        Assert.Contains("CheckpointInvalid", wrong.Output, StringComparison.Ordinal);

        var missingKeys = Path.Combine(_folder, "no-such.keys");
        var noKeyFile = CliRunner.Run("verify", Database, "--keys", missingKeys);
        Assert.Equal((2, ""), (noKeyFile.ExitCode, noKeyFile.Output));
        Assert.StartsWith($"policy: The key file '{missingKeys}' cannot be read", noKeyFile.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", noKeyFile.Error, StringComparison.Ordinal);

        var badKeys = CliRunner.WriteTemp("bad.keys", "key-1:short");
        Assert.Contains("key 1:", CliRunner.Run("verify", Database, "--keys", badKeys).Error, StringComparison.Ordinal);

        var missingStore = Path.Combine(_folder, "no-such.db");
        var noStore = CliRunner.Run("verify", missingStore, "--keys", KeyFile);
        Assert.Equal(2, noStore.ExitCode);
        Assert.Contains($"the store '{missingStore}' does not exist", noStore.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(missingStore));
    }
}
