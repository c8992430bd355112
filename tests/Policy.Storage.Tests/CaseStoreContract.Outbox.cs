using Microsoft.Extensions.Time.Testing;
using Policy.Definitions;
using Policy.Runtime.Audit;
using Policy.Runtime.Cases;
using Policy.Runtime.Events;
using Policy.Runtime.Notifications;
using Policy.Runtime.Storage;
using Policy.Runtime.Workflows;

namespace Policy.Storage.Tests;

/// <summary>
/// The outbox: notifications written in the transaction of the events that caused them, kept until the sink has
/// taken them, then removed with their Notification entry, so that what is saved is sent, once, however the sending
/// fails or the process stops.
/// </summary>
public abstract partial class CaseStoreContract
{
    private static Notification Told(string caseId, string message = "Tell the victim of the DNA match.", DateTimeOffset? at = null) =>
        new(NotificationKind.Action, caseId, "RassoInvestigation", null, 0, "RecordKeyUpdate", "SOIT", "soit-1", message, [new Citation("VC", "Right 6")], at ?? T0.AddMinutes(2));

    private Task<AppendResult> AppendNotifyingAsync(string caseId, long expected, params Notification[] notifications) =>
        Store.AppendAsync(new CaseAppend(caseId, expected, Events(caseId, expected + 1, 1), [], NoAssignments, []) { Notifications = notifications, NotifyFrom = T0.AddHours(1) });

    [ContractFact]
    public async Task Notifications_are_kept_with_the_events_that_caused_them_and_claimed_from_when_they_are_due()
    {
        Assert.True(Store.KeepsOutbox);
        await AppendNotifyingAsync("c1", 0, Told("c1"), Told("c1", "Another"));

        Assert.Equal(T0.AddHours(1), await Store.NextOutboxAsync());
        Assert.Empty(await Store.ClaimOutboxAsync(T0.AddMinutes(59), 10, "a", T0.AddHours(2)));
        var claimed = await Store.ClaimOutboxAsync(T0.AddHours(1), 10, "a", T0.AddHours(2));
        Assert.Equal(2, claimed.Count);
        Assert.All(claimed, e => Assert.True(e.IsIntact));
        Assert.Contains(claimed, e => OutboxContent.Deserialize(e.Content) is { Message: "Tell the victim of the DNA match." } told
            && told.Citations.Single() == new Citation("VC", "Right 6") && told.At == T0.AddMinutes(2) && told.OfficerId == "soit-1");

        // Another dispatcher does not take what is claimed, until the claim runs out.
        Assert.Empty(await Store.ClaimOutboxAsync(T0.AddHours(1.5), 10, "b", T0.AddHours(3)));
        Assert.Equal(2, (await Store.ClaimOutboxAsync(T0.AddHours(2), 10, "b", T0.AddHours(3))).Count);
    }

    [ContractFact]
    public async Task A_conflicting_append_keeps_no_notification_and_the_same_one_is_kept_once()
    {
        await AppendNotifyingAsync("c1", 0, Told("c1"), Told("c1"));
        var conflict = await AppendNotifyingAsync("c1", 0, Told("c1", "From the loser"));

        Assert.True(conflict.IsConflict);
        var kept = await Store.ClaimOutboxAsync(T0.AddDays(1), 10, "a", T0.AddDays(2));
        Assert.Equal("Tell the victim of the DNA match.", OutboxContent.Deserialize(Assert.Single(kept).Content).Message);
    }

    [ContractFact]
    public async Task A_sent_entry_is_removed_with_its_notification_entry_on_the_chain_and_recorded_once()
    {
        await AppendNotifyingAsync("c1", 0, Told("c1"));
        var entry = Assert.Single(await Store.ClaimOutboxAsync(T0.AddDays(1), 10, "a", T0.AddDays(2)));
        var sent = new AuditRecord(AuditKind.Notification, T0.AddHours(2), "c1", "soit-1", null, "{}");

        Assert.True(await Store.CompleteOutboxAsync(entry, sent));
        Assert.False(await Store.CompleteOutboxAsync(entry, sent));

        Assert.Null(await Store.NextOutboxAsync());
        var chain = await ReadChainAsync(Store, "c1");
        Assert.Single(chain, e => e.Kind == AuditKind.Notification);
        Assert.True(AuditChain.Verify(chain).IsValid);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CompleteOutboxAsync(entry, sent with { Kind = AuditKind.Read }));
    }

    [ContractFact]
    public async Task What_one_save_sent_is_completed_in_one_call_and_an_entry_completed_before_is_not_recorded_again()
    {
        await AppendNotifyingAsync("c1", 0, Told("c1"), Told("c1", "Another"));
        var entries = await Store.ClaimOutboxAsync(T0.AddDays(1), 10, "a", T0.AddDays(2));
        OutboxCompletion Sent(OutboxEntry entry) => new(entry, new AuditRecord(AuditKind.Notification, T0.AddHours(2), "c1", "soit-1", null, "{}"));
        Assert.True(await Store.CompleteOutboxAsync(entries[0], Sent(entries[0]).Sent));

        Assert.Equal(1, await Store.CompleteOutboxAsync(entries.Select(Sent).ToArray()));
        Assert.Equal(0, await Store.CompleteOutboxAsync(entries.Select(Sent).ToArray()));
        Assert.Equal(0, await Store.CompleteOutboxAsync([]));
        Assert.Equal(2, (await ReadChainAsync(Store, "c1")).Count(e => e.Kind == AuditKind.Notification));
        Assert.Null(await Store.NextOutboxAsync());
    }

    [ContractFact]
    public async Task A_failed_delivery_is_counted_kept_with_its_error_and_due_again_after_the_wait()
    {
        await AppendNotifyingAsync("c1", 0, Told("c1"));
        var entry = Assert.Single(await Store.ClaimOutboxAsync(T0.AddDays(1), 10, "a", T0.AddDays(2)));

        await Store.RetryOutboxAsync(entry, T0.AddDays(1).AddMinutes(5), "SmtpException: the server is down");

        Assert.Equal(T0.AddDays(1).AddMinutes(5), await Store.NextOutboxAsync());
        Assert.Empty(await Store.ClaimOutboxAsync(T0.AddDays(1).AddMinutes(4), 10, "b", T0.AddDays(2)));
        var again = Assert.Single(await Store.ClaimOutboxAsync(T0.AddDays(1).AddMinutes(5), 10, "b", T0.AddDays(2)));
        Assert.Equal((1, "SmtpException: the server is down"), (again.Attempts, again.LastError));
    }

    [ContractFact]
    public async Task A_flagged_read_and_its_notification_are_written_together()
    {
        await Store.AppendAuditAsync([new AuditRecord(AuditKind.Read, T0, "c1", "soit-2", "Safeguarding", "{}")], [Told("c1", "Flagged read")]);

        Assert.Single(await ReadChainAsync(Store, "c1"));
        Assert.Equal(T0.AddMinutes(1), await Store.NextOutboxAsync());
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAuditAsync([new AuditRecord(AuditKind.Read, T0, "c1", "soit-2", "Safeguarding", "{}")], [Told("c2")]));
    }

    [ContractFact]
    public async Task An_entry_whose_text_was_changed_is_not_intact_and_the_dispatcher_does_not_send_it()
    {
        var sink = new CountingSink();
        var time = new FakeTimeProvider(T0);
        var service = new CaseService(Store, new PolicyCatalog([Rasso.Value]), time, notifications: sink);
        await AppendNotifyingAsync("c1", 0, Told("c1"));
        var entry = Assert.Single(await Store.ClaimOutboxAsync(T0.AddDays(1), 10, "probe", T0.AddDays(1)));
        await Tampering.RewriteOutboxAsync("c1", entry.Key, entry.Content.Replace("Tell the victim", "Do not tell the victim", StringComparison.Ordinal));

        time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await new OutboxDispatcher(service).RunOnceAsync());
        Assert.Empty(sink.Received);
        Assert.False(Assert.Single(await Store.ClaimOutboxAsync(time.GetUtcNow().AddDays(2), 10, "probe", time.GetUtcNow().AddDays(3))).IsIntact);
    }

    [ContractFact]
    public async Task A_notification_the_sink_could_not_take_is_sent_by_the_dispatcher_exactly_once()
    {
        var time = new FakeTimeProvider(T0);
        var failing = new CountingSink();
        var service = new CaseService(Store, new PolicyCatalog([Rasso.Value]), time, notifications: failing);
        await RassoWithSoitAsync(service);
        failing.Received.Clear();
        failing.FailuresLeft = 1;

        // The SOIT is told of a key update: the first delivery fails; the save stands and the notification waits.
        Assert.True((await service.PerformAsync("victim-1", new Actor("dc-1", "OIC"), "RecordKeyUpdate", new Dictionary<string, FieldValue>
        {
            ["keyUpdate"] = FieldValues.Choice("DnaMatch"),
            ["detail"] = FieldValues.Text("A positive DNA match on the suspect.")!,
        })).IsAccepted);
        Assert.Empty(failing.Received);
        var waiting = Assert.Single(await Store.ClaimOutboxAsync(time.GetUtcNow().AddDays(1), 10, "probe", time.GetUtcNow()));
        Assert.Equal(1, waiting.Attempts);

        // A dispatcher (another instance, after a restart) sends it once the wait is over, once, whoever runs.
        var dispatcher = new OutboxDispatcher(service);
        Assert.Equal(0, await dispatcher.RunOnceAsync());
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await dispatcher.RunOnceAsync());
        Assert.Equal(0, await new OutboxDispatcher(service).RunOnceAsync());
        Assert.Equal(NotificationKind.Action, Assert.Single(failing.Received).Kind);
        Assert.Single(await ReadChainAsync(Store, "victim-1"), e => e.Kind == AuditKind.Notification && e.Content.Contains("RecordKeyUpdate", StringComparison.Ordinal));
        Assert.Null(await Store.NextOutboxAsync());
    }

    [ContractFact]
    public async Task A_notification_sent_after_the_save_leaves_nothing_in_the_outbox()
    {
        var time = new FakeTimeProvider(T0);
        var sink = new CountingSink();
        var service = new CaseService(Store, new PolicyCatalog([Rasso.Value]), time, notifications: sink);
        await RassoWithSoitAsync(service);

        Assert.NotEmpty(sink.Received);
        Assert.Null(await Store.NextOutboxAsync());
        Assert.Equal(sink.Received.Count, (await ReadChainAsync(Store, "victim-1")).Count(e => e.Kind == AuditKind.Notification));
    }

    private static async Task RassoWithSoitAsync(CaseService service)
    {
        var sergeant = new Actor("ps-1", "Supervisor");
        Assert.True((await service.OpenAsync("RassoInvestigation", "victim-1", sergeant)).IsAccepted);
        Assert.True((await service.PerformAsync("victim-1", sergeant, "AssessRisk", new Dictionary<string, FieldValue>
        {
            ["rating"] = FieldValues.Choice("Amber"),
            ["risks"] = FieldValues.Text("Suspect is an ex-partner")!,
            ["childrenAtRisk"] = FieldValues.YesNo(false)!,
        })).IsAccepted);
        var assigned = await service.PerformAsync("victim-1", sergeant, "AssignOfficers", new Dictionary<string, FieldValue>
        {
            ["oic"] = FieldValues.Officer("dc-1")!,
            ["soit"] = FieldValues.Officer("soit-1")!,
        });
        Assert.True(assigned.IsAccepted, assigned.Refusal?.Message);
    }

    private sealed class CountingSink : INotificationSink
    {
        public List<Notification> Received { get; } = [];

        public int FailuresLeft { get; set; }

        public Task NotifyAsync(Notification notification, CancellationToken cancellationToken)
        {
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new InvalidOperationException("The mail server is down.");
            }

            Received.Add(notification);
            return Task.CompletedTask;
        }
    }
}
