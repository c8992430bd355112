using Policy.Analyzers.Rules;
using Policy.Analyzers.Tests.Infrastructure;
using Policy.CodeFixes.Rules;

namespace Policy.Analyzers.Tests.Rules;

public sealed class WallClockTests
{
    [Fact]
    public Task Flags_every_clock_read_in_a_method_that_drives_a_workflow() => Verify.AnalyzerAsync<WallClockAnalyzer>("""
        public static class Desk
        {
            public static string Update(Casework workflow, Actor actor)
            {
                var note = $"{{|POL1003:DateTime.Now|}} {{|POL1003:DateTime.UtcNow|}} {{|POL1003:DateTime.Today|}} {{|POL1003:DateTimeOffset.Now|}} {{|POL1003:DateTimeOffset.UtcNow|}}";
                return workflow.Update(actor, note).ToString();
            }

            public static bool Late(ActionResult result) => result.Event?.At < {|POL1003:DateTimeOffset.UtcNow|};
        }
        """);

    [Fact]
    public Task Counts_the_types_generated_inside_a_workflow_as_driving_it() => Verify.AnalyzerAsync<WallClockAnalyzer>("""
        public static class Desk
        {
            public static DateTimeOffset VictimDue() => {|POL1003:DateTimeOffset.UtcNow|} + Casework.Durations.VictimUpdateWithinTimeSpan;
        }
        """);

    [Fact]
    public Task Leaves_code_that_does_not_use_the_runtime_alone() => Verify.AnalyzerAsync<WallClockAnalyzer>("""
        public static class Desk
        {
            public static string Stamp() => DateTime.UtcNow.ToString("O");

            public static ActionResult Update(Casework workflow, Actor actor, TimeProvider clock) =>
                workflow.Update(actor, clock.GetUtcNow().ToString("O"));

            public static DateTime Parse(string text) => DateTime.Parse(text);
        }
        """);

    [Fact]
    public Task Leaves_clock_reads_that_only_feed_logging_tracing_or_metrics_alone() => Verify.AnalyzerAsync<WallClockAnalyzer>("""
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Diagnostics.Metrics;
        using Microsoft.Extensions.Logging;

        public sealed class Desk
        {
            private static readonly Action<ILogger, DateTime, Exception?> Logged = LoggerMessage.Define<DateTime>(LogLevel.Information, new EventId(1), "Updated at {At}");
            private static readonly Meter Meter = new("Force.Casework");
            private static readonly Histogram<double> Took = Meter.CreateHistogram<double>("casework.update.duration");

            public ActionResult Update(Casework workflow, Actor actor, ILogger logger, Activity? activity, TimeProvider clock)
            {
                var started = DateTime.UtcNow;
                logger.LogInformation("Updating at {At}", DateTimeOffset.UtcNow);
                logger.LogDebug($"Updating at {DateTime.Now:O}");
                using var scope = logger.BeginScope("at {At}", DateTime.UtcNow);
                Logged(logger, DateTime.UtcNow, null);
                activity?.SetTag("casework.at", DateTime.UtcNow.ToString("O"));
                activity?.AddEvent(new ActivityEvent("updating", DateTimeOffset.UtcNow));
                Took.Record(1, new KeyValuePair<string, object?>("at", DateTime.UtcNow));
                Console.WriteLine("at " + DateTime.Now);
                Debug.WriteLine(DateTime.UtcNow);
                var result = workflow.Update(actor, clock.GetUtcNow().ToString("O"));
                Took.Record((DateTime.UtcNow - started).TotalMilliseconds);
                return result;
            }

            public ActionResult Mixed(Casework workflow, Actor actor, ILogger logger)
            {
                var now = {|POL1003:DateTime.UtcNow|};
                logger.LogInformation("at {At}", now);
                return workflow.Update(actor, now.ToString("O"));
            }

            public ActionResult Unused(Casework workflow, Actor actor)
            {
                var now = {|POL1003:DateTime.UtcNow|};
                return workflow.Update(actor, "note");
            }
        }
        """);

    [Fact]
    public Task Writes_a_provider_named_like_a_keyword_as_an_identifier() => Verify.CodeFixAsync<WallClockAnalyzer, WallClockFixer>(
        """
        public static class Desk
        {
            public static ActionResult Update(Casework workflow, Actor actor, TimeProvider @event) =>
                workflow.Update(actor, {|POL1003:DateTimeOffset.UtcNow|}.ToString("O"));
        }
        """,
        """
        public static class Desk
        {
            public static ActionResult Update(Casework workflow, Actor actor, TimeProvider @event) =>
                workflow.Update(actor, @event.GetUtcNow().ToString("O"));
        }
        """);

    [Fact]
    public Task Takes_the_time_from_a_time_provider_field_keeping_the_kind_of_value() => Verify.CodeFixAsync<WallClockAnalyzer, WallClockFixer>(
        """
        public sealed class Desk
        {
            private readonly TimeProvider _clock;

            public Desk(TimeProvider clock) => _clock = clock;

            public ActionResult Update(Casework workflow, Actor actor)
            {
                DateTime local = {|POL1003:DateTime.Now|};
                DateTime utc = {|POL1003:DateTime.UtcNow|};
                DateTime today = {|POL1003:DateTime.Today|};
                DateTimeOffset here = {|POL1003:DateTimeOffset.Now|};
                DateTimeOffset now = {|POL1003:DateTimeOffset.UtcNow|};
                return workflow.Update(actor, $"{local} {utc} {today} {here} {now}");
            }
        }
        """,
        """
        public sealed class Desk
        {
            private readonly TimeProvider _clock;

            public Desk(TimeProvider clock) => _clock = clock;

            public ActionResult Update(Casework workflow, Actor actor)
            {
                DateTime local = _clock.GetLocalNow().DateTime;
                DateTime utc = _clock.GetUtcNow().UtcDateTime;
                DateTime today = _clock.GetLocalNow().Date;
                DateTimeOffset here = _clock.GetLocalNow();
                DateTimeOffset now = _clock.GetUtcNow();
                return workflow.Update(actor, $"{local} {utc} {today} {here} {now}");
            }
        }
        """);

    [Fact]
    public Task Prefers_a_local_or_parameter_to_a_field_and_ignores_locals_declared_later() => Verify.CodeFixAsync<WallClockAnalyzer, WallClockFixer>(
        """
        public sealed class Desk
        {
            private readonly TimeProvider _clock = TimeProvider.System;

            public ActionResult Update(Casework workflow, Actor actor, TimeProvider time)
            {
                var first = {|POL1003:DateTimeOffset.UtcNow|};
                var provider = workflow.TimeProvider;
                var second = {|POL1003:DateTimeOffset.UtcNow|};
                return workflow.Update(actor, $"{first} {second}");
            }

            public ActionResult Elsewhere(Casework workflow, Actor actor) =>
                workflow.Update(actor, {|POL1003:DateTime.UtcNow|}.ToString("O"));
        }
        """,
        """
        public sealed class Desk
        {
            private readonly TimeProvider _clock = TimeProvider.System;

            public ActionResult Update(Casework workflow, Actor actor, TimeProvider time)
            {
                var first = time.GetUtcNow();
                var provider = workflow.TimeProvider;
                var second = provider.GetUtcNow();
                return workflow.Update(actor, $"{first} {second}");
            }

            public ActionResult Elsewhere(Casework workflow, Actor actor) =>
                workflow.Update(actor, _clock.GetUtcNow().UtcDateTime.ToString("O"));
        }
        """);

    [Fact]
    public Task Offers_no_fix_when_no_time_provider_is_in_scope() => Verify.NoCodeFixAsync<WallClockAnalyzer, WallClockFixer>("""
        public sealed class Desk
        {
            private readonly TimeProvider _clock = TimeProvider.System;

            public static ActionResult Update(Casework workflow, Actor actor) =>
                workflow.Update(actor, {|POL1003:DateTime.UtcNow|}.ToString("O"));
        }
        """);
}
