using System.Globalization;
using Policy.Definitions;
using Policy.PostgreSql;
using Policy.Runtime.Audit;
using Policy.Runtime.Cases;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Storage;
using Policy.Runtime.Storage.Sql;
using Policy.Runtime.Versions;
using Policy.Runtime.Workflows;

// Usage: Policy.Storage.CrashTest <database file | postgres:<schema>> [--group <writers> | --migrate <versions folder> [--keys <key file>]]
// Alone: appends one event at a time to case "crash" until killed, printing "ack <version>" after each commit.
// With --group: that many writers append to cases "g-0", "g-1"... at once, so that their appends are group-committed,
// each printing "ack <case> <version>" after each commit. Once 200 appends are acknowledged, the next group of at
// least 4 writes stops when half of it is written and not yet committed, prints "mid-group <size>", and waits there
// to be killed (on SQLite; PostgreSQL has no group commit, and its writers just append until killed). A database named
// postgres:<schema> is that schema on the server of POLICY_TEST_POSTGRES.
// With --migrate <folder> [--keys <key file>]: moves the Supervision cases of the store from 2025.01 to 2026.01 by the
// plan in <folder> (which holds tests/versions), case by case in case order on the system clock, printing
// "<outcome> <case>" (moved, already, closed, refused, conflict, other) as soon as each case's move is saved, and
// "done <cases>" at the end. With --keys the store seals its entries with the key ring in that file.
const string Postgres = "postgres:";
var migrating = args.Length >= 3 && args[1] == "--migrate";
var keys = migrating && args.Length == 5 && args[3] == "--keys" ? AuditKeyRing.Parse(File.ReadAllText(args[4]), args[4]) : null;
ICaseStore store = args[0].StartsWith(Postgres, StringComparison.Ordinal)
    ? new PostgreSqlCaseStore(Environment.GetEnvironmentVariable("POLICY_TEST_POSTGRES") ?? throw new InvalidOperationException("POLICY_TEST_POSTGRES is not set."), args[0][Postgres.Length..])
    : SqliteCaseStore.ForFile(args[0], keys);
await store.InitializeAsync();
var fields = new Dictionary<string, FieldValue> { ["detail"] = new(ValueKind.Text, new string('x', 200)) };
var output = new object();

void Say(string line)
{
    lock (output)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }
}

CaseEvent EventFor(string caseId, long version) =>
    new(caseId, version, version == 1 ? CaseEventKind.Opened : CaseEventKind.ActionPerformed, "Act", DateTimeOffset.UtcNow, "dc-1", "OIC", fields, "Crash", "1");

async Task<int> AppendUntilKilledAsync(string caseId, Action<long> acknowledged)
{
    var version = (long)(await store.ReadCaseAsync(caseId)).Count;
    while (true)
    {
        var result = await store.AppendAsync(caseId, version, [EventFor(caseId, version + 1)], [], new Dictionary<string, string>(), []);
        if (!result.Succeeded)
        {
            Console.Error.WriteLine($"conflict on {caseId} at {version}");
            return 1;
        }

        version++;
        acknowledged(version);
    }
}

async Task<int> MigrateCaseByCaseAsync(string folder)
{
    CompiledPolicy Version(string file)
    {
        var path = Path.Combine(folder, file);
        var compiled = Policy.Language.PolicyCompiler.Compile(path, File.ReadAllText(path));
        return CompiledPolicy.Compile(compiled.Definition ?? throw new InvalidOperationException(string.Join("\n", compiled.Diagnostics)));
    }

    var catalog = new PolicyCatalog([Version("supervision.2025.policy"), Version("supervision.2026.policy")]);
    var plan = MigrationPlan.Parse(File.ReadAllText(Path.Combine(folder, "supervision-2026.migration")), out var problems)
        ?? throw new InvalidOperationException("The plan does not parse: " + string.Join(" ", problems.Select(p => p.Format("plan"))));

    // The system clock: the cases were opened in 2025 and 2026.01 is in force now, so the move is allowed.
    var cases = new CaseService(store, catalog, TimeProvider.System);
    var migrator = new Actor("admin-1", "Migration");
    var caseIds = (await store.ReadChainHeadsAsync()).Select(h => h.CaseId).Order(StringComparer.Ordinal).ToList();
    foreach (var caseId in caseIds)
    {
        var result = await cases.MigrateCaseAsync(caseId, plan, migrator, dryRun: false);
        var outcome = result?.Outcome switch
        {
            CaseMigrationOutcome.Moved => "moved",
            CaseMigrationOutcome.AlreadyMoved => "already",
            CaseMigrationOutcome.Closed => "closed",
            CaseMigrationOutcome.Refused => "refused",
            CaseMigrationOutcome.Conflict => "conflict",
            _ => "other",
        };
        if (result?.Reason is { } reason)
        {
            Console.Error.WriteLine($"{caseId}: {reason}");
        }

        // Said only once the move is committed: a case said to be moved must survive the kill.
        Say($"{outcome} {caseId}");

        // A little slower than it could go, so that the parent's kill lands part way through the run.
        await Task.Delay(2);
    }

    Say($"done {caseIds.Count}");
    return 0;
}

if (migrating)
{
    return await MigrateCaseByCaseAsync(args[2]);
}

if (args.Length == 3 && args[1] == "--group")
{
    var writers = int.Parse(args[2], CultureInfo.InvariantCulture);
    var acknowledgedCount = 0;
    var stopped = 0;
    GroupCommit.WrittenInGroup = (index, size) =>
    {
        if (size >= 4 && index == (size / 2) - 1 && Volatile.Read(ref acknowledgedCount) >= 200 && Interlocked.Exchange(ref stopped, 1) == 0)
        {
            // Every earlier group's callers have long been answered and have printed their acks by the time this is said.
            Thread.Sleep(1000);
            Say($"mid-group {size}");
            Thread.Sleep(Timeout.Infinite);
        }
    };

    var results = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() => AppendUntilKilledAsync($"g-{w}", version =>
    {
        Interlocked.Increment(ref acknowledgedCount);
        Say($"ack g-{w} {version}");
    }))));
    return results.Max();
}

return await AppendUntilKilledAsync("crash", version => Say($"ack {version}"));
