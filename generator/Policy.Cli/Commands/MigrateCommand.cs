using System.Globalization;
using Microsoft.Data.Sqlite;
using Policy.Runtime.Audit;
using Policy.Runtime.Cases;
using Policy.PostgreSql;
using Policy.Runtime.Storage;
using Policy.Runtime.Versions;
using Policy.Runtime.Workflows;

namespace Policy.Cli.Commands;

/// <summary><c>policy migrate</c>: plan, try and make the move of running cases to another version of their policy.</summary>
internal static class MigrateCommand
{
    public const string Help = """
        Usage: policy migrate plan <old.policy> <new.policy> [--out <file.migration>]
               policy migrate dry-run <plan.migration> --policies <folder> <store> [--at <instant>]
               policy migrate apply <plan.migration> --policies <folder> <store> [--at <instant>] [--by <id>] [--keys <file>]

        Moves the running cases of a policy from one version to another, as a plan the policy owner has read says
        (docs/versions.md).

          plan      Writes the plan: for each state a running case can be in, the state it is in after the move
                    (or 'refused': its cases stay); for each deadline, whether open instances keep their time,
                    restart, are recomputed under the new rule, or close; which new deadlines open; which rules
                    newly block. Edit it, then try it.
          dry-run   Says, case by case, what the plan would do to the cases in the store: the state before and
                    after, each open deadline's due time before and after. Writes nothing.
          apply     Does it: each case's move is one audited event in its history. Cases already moved are passed
                    over, so a run that stopped part way is finished by running it again.

          --policies <folder>  The folder of the .policy files, holding both versions.
          <store>              A SQLite database file, or a PostgreSQL connection string (Host=...).
          --at <instant>       Do it as of this time (ISO 8601, e.g. 2026-04-01T00:00Z) instead of now: a dry run
                               at the time apply will run gives the due times apply gives.
          --by <id>            Who the move is recorded as done by (default: policy-migration).
          --keys <file>        The audit key file, so the move's audit entries are sealed like the application's
                               (or set POLICY_AUDIT_KEYS).
          --schema <name>      The PostgreSQL schema (default: policy).

        Exit code 0 when every case could be moved (or was already), 1 when some could not, 2 for a usage error.

        Example:
          policy migrate plan policies/general-investigation.policy policies/general-investigation.2026.policy --out gi-2026.migration
          policy migrate dry-run gi-2026.migration --policies policies App_Data/cases.db
          policy migrate apply gi-2026.migration --policies policies App_Data/cases.db --keys /etc/policy/audit.keys
        """;

    public static async Task<int> RunAsync(string[] arguments, TextWriter output, TextWriter error)
    {
        var args = arguments.ToList();
        if (args.Count == 0 || PolicyLoader.WantsHelp(args))
        {
            await output.WriteLineAsync(Help);
            return args.Count == 0 ? CommandLine.UsageError : CommandLine.Success;
        }

        var verb = args[0];
        args.RemoveAt(0);
        return verb switch
        {
            "plan" => Plan(args, output, error),
            "dry-run" => await RunPlanAsync(args, dryRun: true, output, error),
            "apply" => await RunPlanAsync(args, dryRun: false, output, error),
            _ => throw new UsageException($"migrate does not know '{verb}': use plan, dry-run or apply. Run 'policy migrate --help'."),
        };
    }

    private static int Plan(List<string> args, TextWriter output, TextWriter error)
    {
        var outFile = PolicyLoader.TakeOption(args, "--out");
        PolicyLoader.RejectUnknownOptions(args);
        if (args.Count != 2)
        {
            throw new UsageException("migrate plan needs two .policy files: the version cases run under now, then the one to move them to.");
        }

        var from = PolicyLoader.Load(args[0], error);
        var to = PolicyLoader.Load(args[1], error);
        if (from is null || to is null)
        {
            return CommandLine.ProblemsFound;
        }

        if (from.Name != to.Name)
        {
            throw new UsageException($"{args[0]} is the policy {from.Name} and {args[1]} is {to.Name}: a plan moves cases between two versions of one policy.");
        }

        if ((from.Version ?? string.Empty) == (to.Version ?? string.Empty))
        {
            throw new UsageException($"both files are version '{from.Version}' of {from.Name}: give the new version its own version label.");
        }

        Output.Write(MigrationPlan.Create(from, to).Write(from, to), outFile, output);
        return CommandLine.Success;
    }

    private static async Task<int> RunPlanAsync(List<string> args, bool dryRun, TextWriter output, TextWriter error)
    {
        var folder = PolicyLoader.TakeOption(args, "--policies")
            ?? throw new UsageException($"migrate {(dryRun ? "dry-run" : "apply")} needs --policies <folder>, the folder holding both versions.");
        var at = PolicyLoader.TakeOption(args, "--at");
        var by = PolicyLoader.TakeOption(args, "--by") ?? "policy-migration";
        var keyFile = PolicyLoader.TakeOption(args, "--keys");
        var schema = PolicyLoader.TakeOption(args, "--schema") ?? "policy";
        PolicyLoader.RejectUnknownOptions(args);
        if (args.Count != 2)
        {
            throw new UsageException($"migrate {(dryRun ? "dry-run" : "apply")} needs the plan file and one store: a SQLite file or a PostgreSQL connection string.");
        }

        var planPath = args[0];
        if (!File.Exists(planPath))
        {
            throw new UsageException($"the plan '{planPath}' does not exist. Write one with 'policy migrate plan old.policy new.policy --out {planPath}'.");
        }

        var plan = MigrationPlan.Parse(PolicyFiles.Read(planPath), out var problems);
        foreach (var problem in problems)
        {
            await error.WriteLineAsync(problem.Format(planPath));
        }

        if (plan is null)
        {
            return CommandLine.ProblemsFound;
        }

        var catalog = PolicyLoader.LoadCatalog(folder, error);
        if (catalog is null)
        {
            return CommandLine.ProblemsFound;
        }

        var (from, to) = (catalog.Find(plan.Policy, plan.From), catalog.Find(plan.Policy, plan.To));
        if (from is null || to is null)
        {
            throw new UsageException($"{folder} does not hold version '{(from is null ? plan.From : plan.To)}' of {plan.Policy}; keep both versions' .policy files there.");
        }

        var misfits = plan.Validate(from, to);
        foreach (var problem in misfits)
        {
            await error.WriteLineAsync(problem.Format(planPath));
        }

        if (misfits.Count > 0)
        {
            return CommandLine.ProblemsFound;
        }

        var clock = at is null ? TimeProvider.System : new FixedTime(ParseInstant(at));
        await using var store = await OpenAsync(args[1], schema, dryRun, keyFile);
        var cases = new CaseService(store, catalog, clock);
        var report = await cases.MigrateAsync(plan, new Actor(by, "Migration"), dryRun);
        await output.WriteAsync(report.Describe());
        return report.Count(CaseMigrationOutcome.Refused) + report.Count(CaseMigrationOutcome.Conflict) > 0 ? CommandLine.ProblemsFound : CommandLine.Success;
    }

    private static DateTimeOffset ParseInstant(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : throw new UsageException($"--at needs an instant such as 2026-04-01T00:00Z, not '{text}'.");

    /// <summary>The store, read-only for a dry run; its schema must be the one this tool writes.</summary>
    private static async Task<ICaseStore> OpenAsync(string target, string schema, bool readOnly, string? keyFile)
    {
        if (readOnly)
        {
            var (opened, name, version, readable) = await VerifyCommand.OpenAsync(target, schema);
            if (version != readable)
            {
                await opened.DisposeAsync();
                throw new UsageException($"{name} is at schema version {version}; this tool works on version {readable}. Use the policy tool of the application's version.");
            }

            return opened;
        }

        var keys = keyFile is not null || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(VerifyCommand.KeysVariable)) ? VerifyCommand.ReadKeys(keyFile) : null;
        var (probe, probeName, schemaVersion, current) = await VerifyCommand.OpenAsync(target, schema);
        await probe.DisposeAsync();
        if (schemaVersion != current)
        {
            throw new UsageException($"{probeName} is at schema version {schemaVersion}; this tool writes version {current}. Start the application of this version on it once, then migrate.");
        }

        return target.TrimStart().StartsWith("Host=", StringComparison.OrdinalIgnoreCase)
            ? new PostgreSqlCaseStore(target, schema, keys)
            : new SqliteCaseStore(new SqliteConnectionStringBuilder { DataSource = target, Mode = SqliteOpenMode.ReadWrite }.ToString(), keys);
    }

    private sealed class FixedTime(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }
}
