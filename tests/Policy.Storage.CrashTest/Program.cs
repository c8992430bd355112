using Policy.Definitions;
using Policy.Runtime.Events;
using Policy.Runtime.Storage;

// Usage: Policy.Storage.CrashTest <database file>
// Appends one event at a time to case "crash" until killed, printing "ack <version>" after each commit.
var store = SqliteCaseStore.ForFile(args[0]);
await store.InitializeAsync();
var fields = new Dictionary<string, FieldValue> { ["detail"] = new(ValueKind.Text, new string('x', 200)) };
var version = (await store.ReadCaseAsync("crash")).Count;
while (true)
{
    var e = new CaseEvent("crash", version + 1, version == 0 ? CaseEventKind.Opened : CaseEventKind.ActionPerformed, "Act", DateTimeOffset.UtcNow, "dc-1", "OIC", fields, "Crash", "1");
    var result = await store.AppendAsync("crash", version, [e], [], new Dictionary<string, string>(), []);
    if (!result.Succeeded)
    {
        Console.Error.WriteLine($"conflict at {version}");
        return 1;
    }

    version++;
    Console.Out.WriteLine($"ack {version}");
    Console.Out.Flush();
}
