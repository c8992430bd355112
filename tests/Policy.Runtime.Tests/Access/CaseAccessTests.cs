using Microsoft.Extensions.Time.Testing;
using Policy.Runtime.Audit;
using Policy.Runtime.Availability;
using Policy.Runtime.Cases;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Notifications;
using Policy.Runtime.Storage;
using Policy.Runtime.Tests.Cases;
using Policy.Runtime.Tests.Time;
using Policy.Runtime.Workflows;
using static Policy.Runtime.Tests.Engine.TestPolicies;

namespace Policy.Runtime.Tests.Access;

/// <summary>
/// Seed 004 asks "whether he accessed police records inappropriately". The policy says who reads a victim's case
/// freely (its OIC, its SOIT, supervisors), the purposes any other officer may give (flagged to Professional
/// Standards), and refuses everyone else; each outcome is in the case's record.
/// </summary>
public sealed class CaseAccessTests : IAsyncLifetime
{
    private static readonly CompiledPolicy Policy = PolicyText.Compile("victim-case.policy", AccessPolicies.VictimCase);
    private static readonly Actor Sergeant = new("ps-1", "Supervisor");
    private static readonly Actor CaseOic = new("dc-1", "OIC", "Officer");
    private static readonly Actor CaseSoit = new("soit-1", "SOIT", "Officer");
    private static readonly Actor OtherSoit = new("soit-2", "SOIT", "Officer");
    private static readonly Actor ControlRoomOperator = new("cr-9", "ControlRoom");

    private readonly FakeTimeProvider _time = new(Start);
    private readonly AbsenceRegister _absences = new();
    private readonly RecordingSink _sink = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "policy-access-" + Guid.NewGuid().ToString("N")[..12]);
    private ICaseStore _store = null!;
    private CaseService _service = null!;

    public static TheoryData<string> Stores() => new() { "memory", "sqlite" };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_case_s_own_officers_read_it_giving_any_purpose_and_nothing_is_flagged(string store)
    {
        await OpenAllocatedCaseAsync(store);

        foreach (var reader in new[] { CaseOic, CaseSoit, Sergeant })
        {
            var read = await _service.ReadAsync("victim-1", reader, "Planning the next victim update");
            Assert.True(read.IsRead, $"{reader} was refused: {read.Message}");
            Assert.Null(read.FlaggedTo);
        }

        var history = await HistoryAsync();
        Assert.Equal(3, history.Count(e => e.Kind == AuditKind.Read));
        Assert.DoesNotContain(history, e => e.Kind is AuditKind.AccessFlag or AuditKind.Refusal);
        Assert.Empty(_sink.Sent);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_SOIT_with_no_part_in_the_case_and_recorded_absent_reads_it_for_a_declared_purpose_and_the_read_is_flagged_once(string store)
    {
        await OpenAllocatedCaseAsync(store);
        await _absences.RecordAsync(new OfficerAbsence(OtherSoit.Id, Start.AddDays(-10), null, IsConfirmed: true, "Long-term sick leave"));

        var read = await _service.ReadAsync("victim-1", OtherSoit, "LinkedInvestigation: a name in my own case");

        Assert.True(read.IsRead);
        Assert.Equal("ProfessionalStandards", read.FlaggedTo);
        var history = await HistoryAsync();
        var flag = Assert.Single(history, e => e.Kind == AuditKind.AccessFlag);
        Assert.Equal((OtherSoit.Id, "LinkedInvestigation: a name in my own case"), (flag.ActorId, flag.Purpose));
        Assert.Contains("\"flaggedTo\":\"ProfessionalStandards\"", flag.Content, StringComparison.Ordinal);
        Assert.Contains("\"readerAbsent\":true", flag.Content, StringComparison.Ordinal);
        Assert.Contains("\"purposeGiven\":\"LinkedInvestigation\"", flag.Content, StringComparison.Ordinal);
        Assert.Single(history, e => e.Kind == AuditKind.Read && e.ActorId == OtherSoit.Id);

        // Professional Standards is told who read which case and why, and that telling is in the record too.
        var told = Assert.Single(_sink.Sent);
        Assert.Equal((NotificationKind.ReadFlagged, "ProfessionalStandards", "victim-1"), (told.Kind, told.Role, told.CaseId));
        Assert.Contains("soit-2, while recorded as absent from work, read case victim-1", told.Message, StringComparison.Ordinal);
        Assert.Contains("LinkedInvestigation: a name in my own case", told.Message, StringComparison.Ordinal);
        Assert.Single(history, e => e.Kind == AuditKind.Notification);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_purpose_outside_the_declared_ones_is_refused_returns_nothing_and_is_kept(string store)
    {
        await OpenAllocatedCaseAsync(store);

        var read = await _service.ReadAsync("victim-1", OtherSoit, "curious");

        Assert.Equal(CaseReadStatus.Refused, read.Status);
        Assert.Null(read.Workflow);
        Assert.Equal("This case may be read only for one of these purposes: Linked investigation, Disclosure review, Safeguarding check. Choose the one that applies; your attempt has been recorded.", read.Message);
        var refused = Assert.Single(await HistoryAsync(), e => e.Kind == AuditKind.Refusal);
        Assert.Equal((OtherSoit.Id, "curious"), (refused.ActorId, refused.Purpose));
        Assert.Contains("\"kind\":\"Access\"", refused.Content, StringComparison.Ordinal);
        Assert.Contains("\"subject\":\"read\"", refused.Content, StringComparison.Ordinal);
        Assert.Empty(_sink.Sent);

        // The purpose may be said in words, in any letter case.
        Assert.True((await _service.ReadAsync("victim-1", OtherSoit, "disclosure review")).IsRead);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_officer_the_policy_does_not_let_read_is_refused_whatever_the_purpose_and_the_refusal_is_kept(string store)
    {
        await OpenAllocatedCaseAsync(store);

        var read = await _service.ReadAsync("victim-1", ControlRoomOperator, "LinkedInvestigation");

        Assert.Equal(CaseReadStatus.Refused, read.Status);
        Assert.Null(read.Workflow);
        Assert.Equal("Only the case's OIC, the case's SOIT, Supervisor or Officer may read this case. Your attempt has been recorded.", read.Message);
        var refused = Assert.Single(await HistoryAsync(), e => e.Kind == AuditKind.Refusal);
        Assert.Equal(ControlRoomOperator.Id, refused.ActorId);
        Assert.DoesNotContain(await HistoryAsync(), e => e.Kind == AuditKind.Read);
    }

    [Fact]
    public void An_assigned_role_reads_freely_only_on_the_case_it_is_assigned_to()
    {
        var workflow = new PolicyWorkflow(Policy) { TimeProvider = _time };
        workflow.OpenCase("victim-2");
        var access = Policy.Access!;

        // Before allocation nobody holds the OIC role on the case, so the would-be OIC is only an officer.
        var before = access.Decide(workflow, CaseOic, "Planning");
        Assert.False(before.Allowed);
        Assert.True(access.Decide(workflow, CaseOic, "SafeguardingCheck").IsFlagged);

        workflow.Perform("Allocate", Sergeant, new Dictionary<string, FieldValue> { ["oic"] = FieldValues.Officer(CaseOic.Id)!, ["soit"] = FieldValues.Officer(CaseSoit.Id)! });
        var after = access.Decide(workflow, CaseOic, "Planning");
        Assert.True(after.Allowed);
        Assert.False(after.IsFlagged);
        Assert.Equal(0, after.Line);
    }

    [Fact]
    public void Access_rules_naming_what_the_policy_does_not_declare_are_refused_when_the_policy_is_compiled()
    {
        var definition = Assert.IsType<Definitions.PolicyDefinition>(Language.PolicyCompiler.Compile("victim-case.policy", AccessPolicies.VictimCase).Definition);
        var broken = new Definitions.PolicyDefinition(
            definition.Name, definition.Title, definition.Version, definition.Effective, definition.Calendar, definition.Sources, definition.Roles, definition.Choices,
            definition.States, definition.Actions, definition.Signals, definition.Settings, definition.Deadlines, definition.Rules, definition.Calendars,
            definition.Access! with { Readers = [new Definitions.ReaderDefinition(["Inspector"], null, null)] });
        var error = Assert.Throws<ArgumentException>(() => CompiledPolicy.Compile(broken));
        Assert.Contains("let role 'Inspector' read, but the policy declares no such role", error.Message, StringComparison.Ordinal);
    }

    private async Task OpenAllocatedCaseAsync(string store)
    {
        Directory.CreateDirectory(_folder);
        _store = store == "sqlite" ? new SqliteCaseStore($"Data Source={Path.Combine(_folder, "cases.db")}") : new InMemoryCaseStore();
        await _store.InitializeAsync();
        _service = new CaseService(_store, new PolicyCatalog([Policy]), _time, _absences, _sink);
        Assert.True((await _service.OpenAsync("VictimCase", "victim-1", Sergeant)).IsAccepted);
        var allocated = await _service.PerformAsync("victim-1", Sergeant, "Allocate", new Dictionary<string, FieldValue>
        {
            ["oic"] = FieldValues.Officer(CaseOic.Id)!,
            ["soit"] = FieldValues.Officer(CaseSoit.Id)!,
        });
        Assert.True(allocated.IsAccepted, allocated.Refusal?.Message);
    }

    private async Task<List<AuditEntry>> HistoryAsync()
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in _store.ReadAuditAsync("victim-1"))
        {
            entries.Add(entry);
        }

        return entries;
    }
}
