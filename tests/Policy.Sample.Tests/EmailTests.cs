using System.Diagnostics;
using System.Net;
using netDumbster.smtp;

namespace Policy.Sample.Tests;

/// <summary>
/// Notifications people receive: the in-app inbox with its unread count, and e-mail through a real SMTP server started
/// by the test, sent once after the save, retried while the server is down, in the policy's words, UK time and with a
/// link to the case.
/// </summary>
public sealed class EmailTests(MailingApp app) : IClassFixture<MailingApp>
{
    [Fact]
    public async Task An_escalation_reaches_the_named_supervisors_inbox_and_mailbox_exactly_once_after_the_server_comes_back()
    {
        // INC-2026-0001's Immediate attendance target is 15 minutes from grading, 10 minutes from now: move past it.
        using var anonymous = app.CreateClient();
        (await anonymous.PostAsync("/testing/clock/advance?by=00:20:00", null)).EnsureSuccessStatusCode();

        // The SMTP server is not running yet: the outbox keeps the e-mails and records the failed attempts.
        await WaitForAsync(() => app.Output.Contains("Could not e-mail imran.khan@force.example about case INC-2026-0001", StringComparison.Ordinal), "a failed attempt");

        using var khan = await SignedInClient.SignInAsync(app, "ps.khan");
        var inbox = WebUtility.HtmlDecode(await khan.GetStringAsync("/inbox"));
        Assert.Contains("Escalated to you on INC-2026-0001: A unit attends within the target for the call's grade", inbox);
        Assert.Contains("e-mail not yet delivered", inbox);
        Assert.Matches("id=\"unread-count\">[1-9]", inbox);

        // The server comes up: each e-mail arrives, once.
        using var server = SimpleSmtpServer.Start(app.SmtpPort);
        await WaitForAsync(() => server.ReceivedEmail.Any(m => Is(m, "imran.khan@force.example", "INC-2026-0001")), "the escalation e-mail");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var escalations = server.ReceivedEmail.Where(m => Is(m, "imran.khan@force.example", "INC-2026-0001") && m.Headers["Subject"]!.StartsWith("Escalated to you", StringComparison.Ordinal)).ToArray();
        var email = Assert.Single(escalations);
        var body = email.MessageParts[0].BodyData;
        Assert.Equal("Escalated to you on INC-2026-0001: A unit attends within the target for the call's grade", email.Headers["Subject"]);
        Assert.Contains("is still not met, so it was escalated to the Dispatch supervisor (MetCC) at", body);
        Assert.Contains($"Open the case: {app.BaseAddress.ToString().TrimEnd('/')}/cases/INC-2026-0001", body);
        Assert.DoesNotContain("UTC", body);
        Assert.DoesNotContain("ArriveAtScene", body);

        // Every notification was sent once: no two e-mails with the same Message-Id.
        Assert.Equal(server.ReceivedEmail.Length, server.ReceivedEmail.Select(m => m.Headers["Message-ID"]).Distinct().Count());

        // The unit's own breach notice went to PC Lee, who holds the assigned role on the incident.
        Assert.Contains(server.ReceivedEmail, m => Is(m, "tom.lee@force.example", "INC-2026-0001") && m.Headers["Subject"]!.StartsWith("Overdue on INC-2026-0001", StringComparison.Ordinal));

        // Reading the inbox clears the count; the inbox says it was e-mailed.
        var token = await SignedInClient.TokenAsync(khan, "/inbox");
        await khan.PostAsync("/inbox?handler=Read", SignedInClient.Form(("__RequestVerificationToken", token)));
        var read = WebUtility.HtmlDecode(await khan.GetStringAsync("/inbox"));
        Assert.DoesNotContain("id=\"unread-count\"", read);
        Assert.Contains("e-mailed", read);
    }

    private static bool Is(SmtpMessage message, string to, string caseId) =>
        message.ToAddresses.Any(a => string.Equals(a.Address, to, StringComparison.OrdinalIgnoreCase)) && (message.Headers["Subject"] ?? "").Contains(caseId, StringComparison.Ordinal);

    private async Task WaitForAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"Waited 30 s for {what}:\n{app.Output}");
            }

            await Task.Delay(200);
        }
    }
}
