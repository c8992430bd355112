using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Policy.Runtime.Cases;
using Policy.Runtime.Diagnostics;
using Policy.Runtime.Monitoring;
using Policy.Runtime.Tests.Hosting;
using static Policy.Runtime.Tests.Engine.TestPolicies;

namespace Policy.Runtime.Tests.Diagnostics;

/// <summary>The counters, histograms, gauge and activities move as a scenario runs, seen as any exporter sees them.</summary>
public sealed class PolicyTelemetryTests
{
    private const string Purpose = "Reviewing the attendance for the weekly briefing";

    [Fact]
    public async Task A_scenario_moves_the_counters_histograms_and_lag_gauge_and_traces_each_step_without_field_values()
    {
        await using var host = TestHost.Build(policy => policy.AddDeadlineMonitor());
        await host.Host.StartAsync();
        var cases = host.Services.GetRequiredService<CaseService>();
        var monitor = host.Services.GetRequiredService<DeadlineMonitor>();
        var caseId = "telemetry-" + Guid.NewGuid().ToString("N")[..8];
        using var metrics = new Recorder(cases.Metrics.Meter);
        using var activities = new ActivityRecorder(caseId);

        await cases.OpenAsync("ControlRoom", caseId, Dispatcher);
        Assert.False((await cases.PerformAsync(caseId, DutyInspector, "GradeCall", PolicyRegistrationTests.Grade("Immediate"))).IsAccepted);
        Assert.True((await cases.PerformAsync(caseId, Dispatcher, "GradeCall", PolicyRegistrationTests.Grade("Immediate"))).IsAccepted);
        Assert.True((await cases.ReadAsync(caseId, DutyInspector, Purpose)).IsRead);
        Assert.False((await cases.ReadAsync(caseId, DutyInspector, " ")).IsRead);
        host.Time.Advance(TimeSpan.FromMinutes(50));
        await monitor.RunOnceAsync();

        Assert.Equal(1, metrics.Sum(PolicyMetrics.ActionsAccepted, ("policy.name", "ControlRoom"), ("policy.action", "GradeCall")));
        Assert.Equal(1, metrics.Sum(PolicyMetrics.ActionsRefused, ("policy.name", "ControlRoom"), ("policy.action", "GradeCall"), ("policy.refusal.kind", "Role")));
        Assert.Equal(1, metrics.Sum(PolicyMetrics.Reads, ("policy.name", "ControlRoom")));
        Assert.Equal(1, metrics.Sum(PolicyMetrics.ReadsFlagged, ("policy.read.problem", "purpose_required")));
        Assert.Equal(1, metrics.Sum(PolicyMetrics.DeadlinesBreached, ("policy.name", "ControlRoom"), ("policy.deadline", "Attendance")));
        Assert.Equal(1, metrics.Sum(PolicyMetrics.DeadlinesEscalated, ("policy.deadline", "Attendance"), ("policy.role", "Inspector")));
        Assert.Equal(2, metrics.Count(PolicyMetrics.DecisionDuration));
        Assert.True(metrics.Count(PolicyMetrics.AppendDuration) >= 3, "open, grade and the monitor's save are each appended");
        Assert.True(metrics.Count(PolicyMetrics.LoadDuration) >= 4, "each perform, the read and the monitor load the case");
        Assert.All(metrics.Values(PolicyMetrics.AppendDuration), seconds => Assert.InRange(seconds, 0, 60));

        var names = activities.Completed.Select(a => a.OperationName).ToHashSet();
        Assert.Superset(new HashSet<string> { "policy.case.open", "policy.case.perform", "policy.case.load", "policy.case.save" }, names);
        Assert.All(activities.Completed, a => Assert.Equal(caseId, a.GetTagItem("policy.case.id")));
        var refused = activities.Completed.First(a => a.OperationName == "policy.case.perform");
        Assert.Equal(("ControlRoom", "GradeCall", "Refused", "Role"), (refused.GetTagItem("policy.name"), refused.GetTagItem("policy.action"), refused.GetTagItem("policy.outcome"), refused.GetTagItem("policy.refusal.kind")));
        var saves = activities.Completed.Where(a => a.OperationName == "policy.case.save").ToList();
        Assert.Contains(saves, s => s.Parent?.OperationName == "policy.case.perform");
        Assert.Contains(saves, s => s.Parent?.OperationName == "policy.monitor.pass");

        // Recorded values (the grade) and the read's purpose are personal data: never a tag.
        var tagValues = activities.Completed.SelectMany(a => a.TagObjects).Select(t => t.Value?.ToString()).ToList();
        Assert.DoesNotContain("Immediate", tagValues);
        Assert.DoesNotContain(Purpose, tagValues);

        // Up to date: no lag. Stopped, with a call graded since: the gauge grows from the call's due time.
        metrics.Observe();
        Assert.Equal(0, metrics.Last(PolicyMetrics.MonitorLag));
        await monitor.StopAsync(CancellationToken.None);
        var second = caseId + "-2";
        await cases.OpenAsync("ControlRoom", second, Dispatcher);
        await cases.PerformAsync(second, Dispatcher, "GradeCall", PolicyRegistrationTests.Grade("Immediate"));
        host.Time.Advance(TimeSpan.FromMinutes(20));
        metrics.Observe();
        Assert.Equal(TimeSpan.FromMinutes(5).TotalSeconds, metrics.Last(PolicyMetrics.MonitorLag));
    }

    /// <summary>Records the measurements of one meter's instruments (one container's), so parallel tests do not mix.</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Name, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

        public Recorder(Meter meter)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
            _listener.Start();
        }

        public void Observe() => _listener.RecordObservableInstruments();

        public double Sum(string name, params (string Key, string Value)[] tags) =>
            Matching(name, tags).Sum(m => m.Value);

        public int Count(string name) => Matching(name, []).Count();

        public IEnumerable<double> Values(string name) => Matching(name, []).Select(m => m.Value);

        public double Last(string name) => Matching(name, []).Last().Value;

        private IEnumerable<(string Name, double Value, KeyValuePair<string, object?>[] Tags)> Matching(string name, (string Key, string Value)[] tags) =>
            _measurements.Where(m => m.Name == name && tags.All(t => m.Tags.Any(k => k.Key == t.Key && Equals(k.Value, t.Value))));

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>Records the runtime's activities about one case (and the monitor passes that enclose them).</summary>
    private sealed class ActivityRecorder : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly ConcurrentQueue<Activity> _completed = new();

        public ActivityRecorder(string caseId)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == PolicyDiagnostics.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (activity.GetTagItem("policy.case.id") as string == caseId)
                    {
                        _completed.Enqueue(activity);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public IReadOnlyList<Activity> Completed => _completed.ToList();

        public void Dispose() => _listener.Dispose();
    }
}
