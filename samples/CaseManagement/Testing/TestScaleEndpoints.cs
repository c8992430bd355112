using CaseManagement.Work;
using Force.Policies;
using Policy.Runtime.Cases;
using Policy.Runtime.Events;
using Policy.Runtime.Workflows;

namespace CaseManagement.Testing;

/// <summary>
/// <c>/testing/scale</c>: loads a force's worth of general investigations into the store (<c>POST /seed?cases=N&amp;overdue=M</c>:
/// the M oldest opened long enough ago that their first meeting is overdue, the rest in the last ten days, all by
/// PS Shah's team) through the runtime's batch import, and says how many cases the work pages have read
/// (<c>GET /reads</c>), so that a test can check that Supervision finds the oldest cases' overdue deadlines without
/// reading the rest. Mapped only in the Testing environment.
/// </summary>
public static class TestScaleEndpoints
{
    public const string Path = "/testing/scale";

    public static void MapTestScale(this WebApplication app)
    {
        var group = app.MapGroup(Path).AllowAnonymous().DisableAntiforgery();
        group.MapPost("/seed", async (int cases, int overdue, CaseService service, CancellationToken cancellationToken) =>
        {
            if (cases is < 1 or > 1_000_000 || overdue < 0 || overdue > cases)
            {
                return Results.BadRequest("cases is from 1 to 1,000,000 and overdue from 0 to cases.");
            }

            var now = service.TimeProvider.GetUtcNow();
            var result = await new CaseImport(service, batchSize: 1_000).ImportAsync(Cases(cases, overdue, now), cancellationToken);
            return Results.Ok(new { result.Imported, Refused = result.Refused.Count });
        });
        group.MapGet("/reads", (IndexedDueWork work) => Results.Ok(new { work.CasesRead }));
    }

    /// <summary>The cases' opening events, oldest first, made one at a time as they are imported.</summary>
    private static IEnumerable<IReadOnlyList<CaseEvent>> Cases(int count, int overdue, DateTimeOffset now)
    {
        var clock = new FixedClock();
        for (var i = 0; i < count; i++)
        {
            clock.Now = i < overdue
                ? now.AddDays(-60).AddMinutes(i)
                : now.AddDays(-10).AddSeconds((i - overdue) * (10 * 86_400.0 / Math.Max(1, count - overdue)));
            var workflow = new GeneralInvestigation { TimeProvider = clock };
            workflow.OpenCase($"GI-SCALE-{i:D7}", "ps.shah");
            yield return workflow.PendingEvents.ToArray();
        }
    }

    private sealed class FixedClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
