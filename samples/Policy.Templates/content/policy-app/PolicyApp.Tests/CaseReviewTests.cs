using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PolicyApp.Tests;

/// <summary>The application over HTTP, on a database of its own.</summary>
public sealed class CaseReviewTests : IClassFixture<CaseReviewTests.App>
{
    private readonly HttpClient _client;

    public CaseReviewTests(App app) => _client = app.CreateClient();

    [Fact]
    public async Task Only_the_officer_may_close_a_case_and_a_refusal_says_why()
    {
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Post, "/cases/case-1", "pc-101", "Officer")).StatusCode);

        var refused = await Send(HttpMethod.Post, "/cases/case-1/close", "clerk-7", "Clerk", new { reason = "Tidying up" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("\"kind\":\"Role\"", await refused.Content.ReadAsStringAsync());

        var closed = await Send(HttpMethod.Post, "/cases/case-1/close", "pc-101", "Officer", new { reason = "Enquiries complete" });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var read = await Send(HttpMethod.Get, "/cases/case-1?purpose=Checking%20the%20outcome", "pc-101", "Officer");
        Assert.Contains("\"state\":\"Closed\"", await read.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_case_is_not_read_without_a_purpose_and_the_application_is_healthy()
    {
        await Send(HttpMethod.Post, "/cases/case-2", "pc-101", "Officer");
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(HttpMethod.Get, "/cases/case-2", "pc-101", "Officer")).StatusCode);

        var health = "";
        for (var attempt = 0; attempt < 50 && health != "Healthy"; attempt++)
        {
            health = await _client.GetStringAsync("/health");
            await Task.Delay(100);
        }

        Assert.Equal("Healthy", health);
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string officer, string role, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Officer", officer);
        request.Headers.Add("X-Role", role);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await _client.SendAsync(request);
    }

    /// <summary>The application with its database in a temporary folder.</summary>
    public sealed class App : WebApplicationFactory<Program>
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "policy-app-tests-" + Guid.NewGuid().ToString("N")[..8]);

        protected override void ConfigureWebHost(IWebHostBuilder builder) =>
            builder.UseSetting("Policy:Sqlite:Path", Path.Combine(_folder, "cases.db"));

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
