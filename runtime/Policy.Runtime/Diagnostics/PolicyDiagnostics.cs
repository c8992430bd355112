using System.Diagnostics;
using System.Reflection;

namespace Policy.Runtime.Diagnostics;

/// <summary>
/// The names under which the runtime reports what it does: one <see cref="System.Diagnostics.Metrics.Meter"/> and one
/// <see cref="System.Diagnostics.ActivitySource"/>, both called <see cref="Name"/> (as Npgsql names its own after the
/// library), so that OpenTelemetry, <c>dotnet-counters</c> or Application Insights read them without the runtime
/// depending on any of them. Tags identify the policy, action, deadline and case; recorded field values are personal
/// data and never appear. docs/operations.md lists every instrument.
/// </summary>
public static class PolicyDiagnostics
{
    /// <summary>The meter's and the activity source's name: <c>Policy</c>.</summary>
    public const string Name = "Policy";

    /// <summary>The tag names, shared by metrics and activities.</summary>
    public static class Tags
    {
        public const string Policy = "policy.name";
        public const string Action = "policy.action";
        public const string RefusalKind = "policy.refusal.kind";
        public const string Deadline = "policy.deadline";
        public const string Role = "policy.role";
        public const string CaseId = "policy.case.id";
        public const string Outcome = "policy.outcome";
        public const string ReadProblem = "policy.read.problem";
    }

    internal static readonly string Version =
        typeof(PolicyDiagnostics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(PolicyDiagnostics).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    /// <summary>Where the runtime's activities start: around opening, performing, loading and saving a case, and each monitor pass.</summary>
    internal static readonly ActivitySource ActivitySource = new(Name, Version);

    /// <summary>Starts an activity about one case, or returns null when nobody listens.</summary>
    internal static Activity? StartCaseActivity(string name, string caseId, string? policy = null)
    {
        var activity = ActivitySource.StartActivity(name, ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag(Tags.CaseId, caseId);
            if (policy is not null)
            {
                activity.SetTag(Tags.Policy, policy);
            }
        }

        return activity;
    }

    /// <summary>Marks an activity as failed by an exception, by type only: a message could quote a recorded value.</summary>
    internal static void Failed(Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
    }
}
