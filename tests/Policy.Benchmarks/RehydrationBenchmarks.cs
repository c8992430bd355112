using BenchmarkDotNet.Attributes;
using Force.Policies;
using Policy.Runtime.Events;
using Policy.Runtime.Storage;
using Policy.Runtime.Workflows;

namespace Policy.Benchmarks;

/// <summary>
/// Rebuilding a case of 100 events (incident-attendance.policy: opened, graded, then a unit deployed, diverted and the
/// diversion reviewed, 32 times over, then a unit deployed that arrives) from its stored events.
/// The baseline is what loading a case costs before any replay: turning the 100 stored JSON texts into events, as
/// <see cref="ICaseStore.ReadCaseAsync"/> does. Against it: replaying the events already read (the engine's part),
/// both together (a load), and deciding the same 98 actions live (what replay spares: no checks, no refusals).
/// </summary>
[Config(typeof(ShortRunConfig))]
public class RehydrationBenchmarks
{
    public const int EventCount = 100;

    private static readonly Actor CallHandler = new("op-reid", IncidentAttendance.Roles.CallHandler);
    private static readonly Actor Dispatcher = new("disp-shah", IncidentAttendance.Roles.Dispatcher);
    private static readonly Actor Qart = new("qart-1", IncidentAttendance.Roles.QART);

    private string[] _storedJson = [];
    private CaseEvent[] _storedEvents = [];

    [GlobalSetup]
    public void Setup()
    {
        var live = PerformLive();
        if (live.PendingEvents.Count != EventCount)
        {
            throw new InvalidOperationException($"The case should have {EventCount} events, but has {live.PendingEvents.Count}.");
        }

        _storedJson = live.PendingEvents.Select(CaseEventSerializer.Serialize).ToArray();
        _storedEvents = Deserialize();
        var replayed = Replay();
        if (replayed.Version != live.Version || replayed.State != live.State || replayed.OpenDeadlines.Count != live.OpenDeadlines.Count)
        {
            throw new InvalidOperationException("The replayed case differs from the case performed live.");
        }
    }

    /// <summary>Reading only: 100 stored texts to 100 events, nothing applied.</summary>
    [Benchmark(Baseline = true)]
    public CaseEvent[] Deserialize()
    {
        var events = new CaseEvent[_storedJson.Length];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = CaseEventSerializer.Deserialize(_storedJson[i]);
        }

        return events;
    }

    /// <summary>Replay only: a new workflow with the 100 events (already read) applied.</summary>
    [Benchmark]
    public IncidentAttendance Replay() => PolicyWorkflow.Rehydrate<IncidentAttendance>(_storedEvents);

    /// <summary>A load: read the 100 texts, then replay them.</summary>
    [Benchmark]
    public IncidentAttendance DeserializeAndReplay() => PolicyWorkflow.Rehydrate<IncidentAttendance>(Deserialize());

    /// <summary>The same case built by deciding its 98 actions live, for comparison.</summary>
    [Benchmark]
    public IncidentAttendance PerformLive()
    {
        var incident = new IncidentAttendance();
        incident.OpenCase("CAD-7781");
        Accepted(incident.GradeCall(CallHandler, IncidentAttendance.Grade.Significant, "12 Acacia Road", "Someone banging on the door; caller has asked for help before"));
        while (incident.Version < EventCount - 2)
        {
            Accepted(incident.DeployUnit(Dispatcher, "bx21"));
            Accepted(incident.DivertUnit(Dispatcher, "Immediate: road traffic collision, A40", "Nearest unit to an injury collision"));
            Accepted(incident.ReviewDiversion(Qart, "Diverted to a higher-graded call; the incident went back to be resourced."));
        }

        Accepted(incident.DeployUnit(Dispatcher, "bx22"));
        Accepted(incident.ArriveAtScene(Dispatcher));
        return incident;
    }

    private static void Accepted(ActionResult result)
    {
        if (!result.IsAccepted)
        {
            throw new InvalidOperationException($"The benchmark's action was refused: {result}");
        }
    }
}
