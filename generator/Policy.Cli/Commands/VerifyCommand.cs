using Microsoft.Data.Sqlite;
using Npgsql;
using Policy.PostgreSql;
using Policy.Runtime.Audit;
using Policy.Runtime.Storage;

namespace Policy.Cli.Commands;

/// <summary><c>policy verify</c>: checks a case store's audit record against its key and checkpoints, without changing it.</summary>
internal static class VerifyCommand
{
    /// <summary>The environment variable that can hold the key ring instead of a key file.</summary>
    public const string KeysVariable = "POLICY_AUDIT_KEYS";

    public const string Help = $"""
        Usage: policy verify <store> [--keys <file>] [--checkpoints <file>] [--schema <name>] [--export <file>]

        Verifies the audit record of a case store: every case's hash chain, the seal on each entry, the signed
        checkpoints, cases or entries removed since the last checkpoint, and the due-deadline and assignment rows
        against what the chain says they should be. Nothing in the store is changed.

          <store>              A SQLite database file, or a PostgreSQL connection string (Host=...).
          --keys <file>        The audit key file (one 'id:base64-secret' per line). Without it, the key ring is
                               read from the {KeysVariable} environment variable.
          --checkpoints <file> Checkpoints exported earlier and kept outside the database: the last of them is
                               the trusted anchor, and each must still be in the store.
          --schema <name>      The PostgreSQL schema (default: policy).
          --export <file>      Also write the store's checkpoints to this file, one JSON line each.

        Exit code 0 when nothing is wrong, 1 when tampering is found, 2 for a usage error or a store, key or
        file that cannot be read.

        Example:
          policy verify App_Data/cases.db --keys /etc/policy/audit.keys --checkpoints /mnt/archive/checkpoints.jsonl
        """;

    public static async Task<int> RunAsync(string[] arguments, TextWriter output, TextWriter error)
    {
        var args = arguments.ToList();
        if (PolicyLoader.WantsHelp(args))
        {
            await output.WriteLineAsync(Help);
            return CommandLine.Success;
        }

        var keyFile = PolicyLoader.TakeOption(args, "--keys");
        var checkpointFile = PolicyLoader.TakeOption(args, "--checkpoints");
        var schema = PolicyLoader.TakeOption(args, "--schema") ?? "policy";
        var exportFile = PolicyLoader.TakeOption(args, "--export");
        PolicyLoader.RejectUnknownOptions(args);
        if (args.Count != 1)
        {
            throw new UsageException("verify needs exactly one store: a SQLite file or a PostgreSQL connection string. Run 'policy verify --help'.");
        }

        var keys = ReadKeys(keyFile);
        var trusted = checkpointFile is null ? null : Read(() => AuditCheckpoint.ReadFile(checkpointFile));
        var (store, name, schemaVersion, readable) = await OpenAsync(args[0], schema);
        await using (store)
        {
            if (schemaVersion != readable)
            {
                throw new UsageException(schemaVersion < readable
                    ? $"{name} is at schema version {schemaVersion}; this tool reads version {readable}. Start the application on it once to migrate it (the migration verifies the old trail), then verify again."
                    : $"{name} is at schema version {schemaVersion}, newer than this tool ({readable}). Use the policy tool of the application's version.");
            }

            var verifier = new AuditVerifier(store, keys);
            var report = await verifier.VerifyAsync(trusted);
            if (exportFile is not null)
            {
                await ExportAsync(verifier, exportFile, output);
            }

            await Print(report, name, output);
            return report.IsClean ? CommandLine.Success : CommandLine.ProblemsFound;
        }
    }

    internal static AuditKeyRing ReadKeys(string? keyFile)
    {
        if (keyFile is not null)
        {
            return Read(() => AuditKeyRing.FromFile(keyFile));
        }

        var text = Environment.GetEnvironmentVariable(KeysVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new UsageException($"no audit key: pass --keys <file>, or set {KeysVariable} to the key ring ('id:base64-secret', several separated by ';').");
        }

        return Read(() => AuditKeyRing.Parse(text, $"The environment variable {KeysVariable}"));
    }

    private static T Read<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (FormatException exception)
        {
            throw new UsageException(exception.Message);
        }
    }

    /// <summary>The store, a name for it that is safe to print, the schema version it is at and the one this tool reads.</summary>
    internal static async Task<(ICaseStore Store, string Name, int SchemaVersion, int Readable)> OpenAsync(string target, string schema)
    {
        if (target.TrimStart().StartsWith("Host=", StringComparison.OrdinalIgnoreCase))
        {
            PostgreSqlCaseStore postgres;
            try
            {
                postgres = new PostgreSqlCaseStore(target, schema);
            }
            catch (ArgumentException exception)
            {
                throw new UsageException($"the PostgreSQL connection string or schema is not valid: {exception.Message}");
            }

            // The password, if the connection string has one, is never printed.
            var name = $"the PostgreSQL database '{new NpgsqlConnectionStringBuilder(target).Database}' (schema {schema})";
            try
            {
                return (postgres, name, await postgres.ReadSchemaVersionAsync(), PostgreSqlCaseStore.SchemaVersion);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                await postgres.DisposeAsync();
                throw new UsageException($"cannot read {name}: {exception.Message}");
            }
        }

        if (!File.Exists(target))
        {
            throw new UsageException($"the store '{target}' does not exist (give a SQLite file, or a PostgreSQL connection string starting with Host=).");
        }

        // Read-only: verifying must not create, migrate or change anything.
        var sqlite = new SqliteCaseStore(new SqliteConnectionStringBuilder { DataSource = target, Mode = SqliteOpenMode.ReadOnly }.ToString());
        try
        {
            return (sqlite, $"'{target}'", await sqlite.ReadSchemaVersionAsync(), SqliteCaseStore.SchemaVersion);
        }
        catch (SqliteException exception)
        {
            await sqlite.DisposeAsync();
            throw new UsageException($"'{target}' cannot be read as a SQLite case store: {exception.Message}");
        }
    }

    private static async Task ExportAsync(AuditVerifier verifier, string path, TextWriter output)
    {
        try
        {
            await using var file = new StreamWriter(path, append: false);
            var count = await verifier.ExportCheckpointsAsync(file);
            await output.WriteLineAsync($"Exported {count} checkpoints to '{path}'.");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write the checkpoints to '{path}': {exception.Message}");
        }
    }

    private static async Task Print(AuditReport report, string name, TextWriter output)
    {
        var anchor = report.Anchor is { } checkpoint
            ? $"against checkpoint {checkpoint.Sequence} of {checkpoint.At:yyyy-MM-dd HH:mm:ss} UTC"
            : "with no checkpoint to anchor it (removed entries at a case's end, or a case deleted whole, cannot be seen without one)";
        await output.WriteLineAsync($"Verified {name}: {report.CasesChecked} cases, {report.EntriesChecked} entries, {anchor}.");
        if (report.CasesAdded.Count > 0 && report.Anchor is not null)
        {
            await output.WriteLineAsync($"{report.CasesAdded.Count} cases were started since that checkpoint.");
        }

        if (report.IsClean)
        {
            await output.WriteLineAsync("No tampering found.");
            return;
        }

        await output.WriteLineAsync($"TAMPERING FOUND: {report.Problems.Count} {(report.Problems.Count == 1 ? "problem" : "problems")}.");
        foreach (var problem in report.Problems)
        {
            await output.WriteLineAsync($"  {problem.Kind}: {problem}");
        }
    }
}
