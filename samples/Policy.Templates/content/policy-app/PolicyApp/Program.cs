using PolicyApp;
using Policy.Runtime.Cases;
using Policy.Runtime.Workflows;

var builder = WebApplication.CreateBuilder(args);

// The policies in Policies/, kept in the SQLite file that Policy:Sqlite:Path names (appsettings.json), with the
// deadline monitor recording breaches as they fall due and health checks for /health.
builder.Services.AddPolicy(policy => policy.AddPolicies(typeof(Program).Assembly))
    .UseSqlite()
    .AddDeadlineMonitor()
    .AddHealthChecks();

var app = builder.Build();
app.MapHealthChecks("/health");

// Who is acting comes from the X-Officer and X-Role headers here, to keep the example short. A real application
// takes them from its sign-in (the user's id and role claims) instead.
static Actor ActorOf(HttpRequest request) =>
    new(request.Headers["X-Officer"].ToString(), request.Headers["X-Role"].ToString());

app.MapPost("/cases/{id}", async (string id, HttpRequest request, CaseService cases) =>
    Answer(await cases.OpenAsync<CaseReview>(id, ActorOf(request))));

app.MapPost("/cases/{id}/close", async (string id, CloseRequest body, HttpRequest request, CaseService cases) =>
    Answer(await cases.ExecuteAsync<CaseReview>(id, review => review.Close(ActorOf(request), body.Reason))));

// A case is read only for a stated purpose, and every read is audited.
app.MapGet("/cases/{id}", async (string id, string? purpose, HttpRequest request, CaseService cases) =>
{
    var read = await cases.ReadAsync<CaseReview>(id, ActorOf(request), purpose);
    return read.Status switch
    {
        CaseReadStatus.Read => Results.Ok(new { state = read.Workflow!.State.ToString(), deadlines = read.Workflow.OpenDeadlines.Select(d => new { d.Deadline, d.DueAt }) }),
        CaseReadStatus.NotFound => Results.NotFound(),
        _ => Results.BadRequest(new { problem = "Say why you are reading the case: ?purpose=..." }),
    };
});

app.Run();

static IResult Answer(CaseResult result) => result.Status switch
{
    CaseResultStatus.Accepted => Results.Ok(new { result.CaseId, result.Version }),
    CaseResultStatus.Refused => Results.UnprocessableEntity(new { kind = result.Refusal!.Kind.ToString(), message = result.Refusal.Message }),
    CaseResultStatus.NotFound => Results.NotFound(),
    _ => Results.Conflict(new { problem = "Someone changed the case first; try again." }),
};

/// <summary>The body of a request to close a case.</summary>
public sealed record CloseRequest(string Reason);

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program
{
}
