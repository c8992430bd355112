using System.Globalization;
using Policy.Definitions;
using Policy.PostgreSql;
using Policy.Runtime.Events;
using Policy.Runtime.Storage;
using Policy.Runtime.Storage.Sql;

// Usage: Policy.Storage.CrashTest <database file | postgres:<schema>> [--group <writers>]
// Alone: appends one event at a time to case "crash" until killed, printing "ack <version>" after each commit.
// With --group: that many writers append to cases "g-0", "g-1"... at once, so that their appends are group-committed,
// each printing "ack <case> <version>" after each commit. Once 200 appends are acknowledged, the next group of at
// least 4 writes stops when half of it is written and not yet committed, prints "mid-group <size>", and waits there
// to be killed (on SQLite; PostgreSQL has no group commit, and its writers just append until killed). A database named
// postgres:<schema> is that schema on the server of POLICY_TEST_POSTGRES.
const string Postgres = "postgres:";
ICaseStore store = args[0].StartsWith(Postgres, StringComparison.Ordinal)
    ? new PostgreSqlCaseStore(Environment.GetEnvironmentVariable("POLICY_TEST_POSTGRES") ?? throw new InvalidOperationException("POLICY_TEST_POSTGRES is not set."), args[0][Postgres.Length..])
    : SqliteCaseStore.ForFile(args[0]);
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
