using Force.Policies;
using Microsoft.Extensions.Time.Testing;
using Policy.Policies.Tests.Infrastructure;
using Policy.Runtime.Audit;
using Policy.Runtime.Cases;
using Policy.Runtime.Events;
using Policy.Runtime.Notifications;
using Policy.Runtime.Storage;
using Policy.Runtime.Workflows;
using static Force.Policies.VictimContact;

namespace Policy.Policies.Tests;

/// <summary>
/// 004_617b7bc86aa718ab.txt, "Alleged improper emotional relationship formed by a SOIT officer - Metropolitan Police
/// Service, March 2020" (ref 2020/132415): "A review of his work phone revealed evidence that the officer sent personal
/// text messages to several vulnerable victims of sexual assault"; the IOPC investigated "whether his actions and his
/// contact with victims of crime were in line with force policies"; the panel found proven the allegations relating to
/// "the SOIT log ... and tenor of the written communications".
/// Policy: policies/victim-contact.policy, rule WorkChannelsOnly and action ReportContactConcern.
/// </summary>
public sealed class PersonalChannelContactTests
{
    private const string CaseId = "SOIT-2025-0077";
    private static readonly Actor Supervisor = new("ds-patel", Roles.Supervisor);
    private static readonly Actor Oic = new("dc-jones", Roles.OIC);
    private static readonly Actor Soit = new("pc-khan", Roles.SOIT);

    private readonly FakeTimeProvider _time = new(London.At(2025, 2, 3, 9, 0));
    private readonly InMemoryCaseStore _store = new();
    private readonly RecordingSink _sink = new();
    private readonly CaseService _service;

    public PersonalChannelContactTests()
    {
        _service = new CaseService(_store, new PolicyCatalog([VictimContact.Policy]), _time, notifications: _sink);
    }

    // 004 (personal text messages to vulnerable victims). The SOIT tries to log a text sent from his own phone: refused
    // with the rule's message, so it never enters the SOIT log as an accepted contact. The concern is then reported,
    // which is saved and audited in the hash-chained trail, and the supervisor is told.
    [Fact]
    public async Task SOIT_contact_by_a_personal_channel_is_refused_and_the_reported_concern_is_audited_and_sent_to_the_supervisor()
    {
        Results.Accepted(await _service.OpenAsync<VictimContact>(CaseId, Supervisor));
        At(2025, 2, 3, 10, 0);
        Results.Accepted(await _service.ExecuteAsync<VictimContact>(CaseId, c => c.AssignSoit(Supervisor, "pc-khan", "dc-jones")));
        Results.Accepted(await _service.ExecuteAsync<VictimContact>(CaseId, c => c.RecordContactAgreement(Soit, "SOIT is the single point of contact", "Work phone only", "Work phone call")));

        At(2025, 2, 7, 22, 40);
        var texted = await _service.ExecuteAsync<VictimContact>(CaseId, c => c.LogContact(Soit, Channel.PersonalPhone, London.At(2025, 2, 7, 22, 15), "Checking in", "Texted the victim from my own phone"));
        var refusal = Results.Refused(texted);
        Assert.Equal((RefusalKind.Rule, "WorkChannelsOnly"), (refusal.Kind, refusal.RuleName));
        Assert.Equal(
            "Contact victims only through work channels: in person, a work phone, work e-mail or a police letter. Do not use a personal phone, e-mail or social media. If it has already happened, report it now with 'Report a concern about contact with a victim'.",
            refusal.Message);
        Assert.Contains(refusal.Citations, c => c.SourceId == "IOPC_SOIT");
        Assert.DoesNotContain(await EventsAsync(), e => e.Name == "LogContact");

        // The OIC reports the concern: it is saved as an event, audited, and the supervisor is told.
        At(2025, 2, 10, 9, 0);
        Results.Accepted(await _service.ExecuteAsync<VictimContact>(CaseId, c => c.ReportContactConcern(Oic, Channel.PersonalPhone, London.At(2025, 2, 7, 22, 15), "Victim showed me late-night texts from PC Khan's personal phone")));
        var audit = await AuditAsync();
        var reported = Assert.Single(audit, a => a.Kind == AuditKind.Event && CaseEventSerializer.Deserialize(a.Content).Name == "ReportContactConcern");
        Assert.Equal((CaseId, "dc-jones", London.At(2025, 2, 10, 9, 0)), (reported.CaseId, reported.ActorId, reported.At));
        var recorded = CaseEventSerializer.Deserialize(reported.Content);
        Assert.Equal(("PersonalPhone", "Victim showed me late-night texts from PC Khan's personal phone"), (recorded.Fields["channel"].Text, recorded.Fields["concern"].Text));

        var told = Assert.Single(_sink.Sent, n => n.Action == "ReportContactConcern");
        Assert.Equal(
            (NotificationKind.Action, Roles.Supervisor, "A concern about contact with a victim has been reported. Review it against the standards of professional behaviour."),
            (told.Kind, told.Role, told.Message));
        Assert.Contains(audit, a => a.Kind == AuditKind.Notification && a.Content.Contains("ReportContactConcern", StringComparison.Ordinal));
        Assert.True(AuditChain.Verify(audit).IsValid);
    }

    private void At(int year, int month, int day, int hour, int minute) => _time.SetUtcNow(London.At(year, month, day, hour, minute));

    private async Task<IReadOnlyList<CaseEvent>> EventsAsync() => await _store.ReadCaseAsync(CaseId);

    private async Task<List<AuditEntry>> AuditAsync()
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in _store.ReadAuditAsync(CaseId))
        {
            entries.Add(entry);
        }

        return entries;
    }
}
