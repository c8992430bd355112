using System.Diagnostics;
using System.Diagnostics.Metrics;
using Policy.Runtime.Events;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Diagnostics;

/// <summary>
/// The runtime's instruments, on one meter named <see cref="PolicyDiagnostics.Name"/>. Registration makes one per
/// container from its <see cref="IMeterFactory"/>; code that builds a <see cref="Cases.CaseService"/> by hand gets
/// <see cref="Shared"/>. The instrument names are the constants below (docs/operations.md describes each).
/// </summary>
public sealed class PolicyMetrics : IDisposable
{
    public const string ActionsAccepted = "policy.actions.accepted";
    public const string ActionsRefused = "policy.actions.refused";
    public const string DeadlinesBreached = "policy.deadlines.breached";
    public const string DeadlinesEscalated = "policy.deadlines.escalated";
    public const string Reads = "policy.reads";
    public const string ReadsFlagged = "policy.reads.flagged";
    public const string DecisionDuration = "policy.decision.duration";
    public const string AppendDuration = "policy.store.append.duration";
    public const string LoadDuration = "policy.store.load.duration";
    public const string MonitorLag = "policy.monitor.lag";

    private static readonly Lazy<PolicyMetrics> SharedInstance = new(() => new PolicyMetrics());

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _breached;
    private readonly Counter<long> _escalated;
    private readonly Counter<long> _reads;
    private readonly Counter<long> _flaggedReads;
    private readonly Histogram<double> _decision;
    private readonly Histogram<double> _append;
    private readonly Histogram<double> _load;
    private readonly List<Func<double?>> _lagSources = new();

    /// <param name="meterFactory">Where the meter comes from (the container's); null makes a meter of its own.</param>
    public PolicyMetrics(IMeterFactory? meterFactory = null)
    {
        var options = new MeterOptions(PolicyDiagnostics.Name) { Version = PolicyDiagnostics.Version };
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(options) ?? new Meter(options);
        _accepted = _meter.CreateCounter<long>(ActionsAccepted, "{action}", "Actions and signals accepted and saved.");
        _refused = _meter.CreateCounter<long>(ActionsRefused, "{action}", "Actions, signals and setting overrides the policy refused.");
        _breached = _meter.CreateCounter<long>(DeadlinesBreached, "{deadline}", "Deadlines recorded as breached.");
        _escalated = _meter.CreateCounter<long>(DeadlinesEscalated, "{escalation}", "Escalation stages recorded after a breach.");
        _reads = _meter.CreateCounter<long>(Reads, "{read}", "Reads of a case for a stated purpose (each one audited).");
        _flaggedReads = _meter.CreateCounter<long>(ReadsFlagged, "{read}", "Reads refused because they gave no purpose, or one that cannot be recorded.");
        _decision = _meter.CreateHistogram<double>(DecisionDuration, "s", "How long the policy took to decide an action, signal or override.");
        _append = _meter.CreateHistogram<double>(AppendDuration, "s", "How long the store took to append a case's events.");
        _load = _meter.CreateHistogram<double>(LoadDuration, "s", "How long the store took to read a case's events.");
        _meter.CreateObservableGauge(MonitorLag, ObserveLag, "s", "How far the deadline monitor is behind: now minus the oldest due time it has not processed (0 when up to date).");
    }

    /// <summary>The instruments used when nothing else is given.</summary>
    public static PolicyMetrics Shared => SharedInstance.Value;

    /// <summary>The meter the instruments are on, for listeners that want this instance only.</summary>
    public Meter Meter => _meter;

    internal void ActionDecided(string policy, TimeSpan took)
    {
        _decision.Record(took.TotalSeconds, Tag(PolicyDiagnostics.Tags.Policy, policy));
    }

    /// <summary>Counts an action once its outcome is saved: accepted with its event, or refused with its kind.</summary>
    internal void ActionSaved(string policy, ActionResult result)
    {
        if (result.Event is { } accepted)
        {
            _accepted.Add(1, Tag(PolicyDiagnostics.Tags.Policy, policy), Tag(PolicyDiagnostics.Tags.Action, accepted.Name));
        }
        else if (result.Refusal is { } refusal)
        {
            _refused.Add(
                1,
                Tag(PolicyDiagnostics.Tags.Policy, policy),
                Tag(PolicyDiagnostics.Tags.Action, refusal.Subject),
                Tag(PolicyDiagnostics.Tags.RefusalKind, refusal.Kind.ToString()));
        }
    }

    /// <summary>Counts the breaches and escalations among events just saved.</summary>
    internal void EventsSaved(IReadOnlyList<CaseEvent> events)
    {
        foreach (var saved in events)
        {
            switch (saved.Kind)
            {
                case CaseEventKind.DeadlineBreached:
                    _breached.Add(1, Tag(PolicyDiagnostics.Tags.Policy, saved.PolicyName), Tag(PolicyDiagnostics.Tags.Deadline, saved.Name));
                    break;
                case CaseEventKind.DeadlineEscalated:
                    _escalated.Add(1, Tag(PolicyDiagnostics.Tags.Policy, saved.PolicyName), Tag(PolicyDiagnostics.Tags.Deadline, saved.Name), Tag(PolicyDiagnostics.Tags.Role, saved.Role));
                    break;
            }
        }
    }

    internal void Read(string policy) => _reads.Add(1, Tag(PolicyDiagnostics.Tags.Policy, policy));

    internal void ReadFlagged(string problem) => _flaggedReads.Add(1, Tag(PolicyDiagnostics.Tags.ReadProblem, problem));

    internal void Appended(TimeSpan took, string outcome) =>
        _append.Record(took.TotalSeconds, Tag(PolicyDiagnostics.Tags.Outcome, outcome));

    internal void Loaded(TimeSpan took) => _load.Record(took.TotalSeconds);

    /// <summary>Adds a monitor's lag to the gauge; the gauge reports the largest of them.</summary>
    internal void TrackLag(Func<double?> lagSeconds)
    {
        lock (_lagSources)
        {
            _lagSources.Add(lagSeconds);
        }
    }

    private IEnumerable<Measurement<double>> ObserveLag()
    {
        double? largest = null;
        lock (_lagSources)
        {
            foreach (var source in _lagSources)
            {
                if (source() is { } lag && (largest is null || lag > largest))
                {
                    largest = lag;
                }
            }
        }

        return largest is { } value ? [new Measurement<double>(value)] : [];
    }

    private static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);

    public void Dispose()
    {
        if (_ownsMeter && !ReferenceEquals(this, SharedInstance.IsValueCreated ? SharedInstance.Value : null))
        {
            _meter.Dispose();
        }
    }

    /// <summary>Times a step with the high-resolution clock (not the application's <see cref="TimeProvider"/>, which tests move).</summary>
    internal static long Start() => Stopwatch.GetTimestamp();

    internal static TimeSpan Since(long started) => Stopwatch.GetElapsedTime(started);
}
