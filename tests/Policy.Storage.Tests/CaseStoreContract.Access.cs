using Policy.Runtime.Audit;
using Policy.Runtime.Storage;

namespace Policy.Storage.Tests;

/// <summary>The records of access (DPA 2018 s.62): an officer's entries and one kind's, across every case, from an index.</summary>
public abstract partial class CaseStoreContract
{
    [ContractFact]
    public async Task An_officer_s_entries_and_one_kind_s_are_found_across_every_case_oldest_first_within_the_period()
    {
        await Store.AppendAsync("c1", 0, Events("c1", 1, 1), [], NoAssignments, []);
        await Store.AppendAsync("c2", 0, Events("c2", 1, 1), [], NoAssignments, []);
        await Store.AppendAuditAsync(
        [
            new AuditRecord(AuditKind.Read, T0.AddHours(3), "c2", "soit-2", "Safeguarding", "{}"),
            new AuditRecord(AuditKind.AccessFlag, T0.AddHours(3), "c2", "soit-2", "Safeguarding", "{\"flaggedTo\":\"ProfessionalStandards\"}"),
        ]);
        await Store.AppendAuditAsync([new AuditRecord(AuditKind.Read, T0.AddHours(1), "c1", "soit-2", "Linked investigation", "{}")]);
        await Store.AppendAuditAsync([new AuditRecord(AuditKind.Read, T0.AddHours(2), "c1", "dc-9", "Checking", "{}")]);
        await Store.AppendAuditAsync([new AuditRecord(AuditKind.Refusal, T0.AddHours(4), "c2", "soit-2", "curious", "{\"kind\":\"Access\"}")]);

        var byOfficer = await Store.FindAuditAsync(new AuditQuery("soit-2"));
        Assert.Equal(
            [("c1", AuditKind.Read, "Linked investigation"), ("c2", AuditKind.Read, "Safeguarding"), ("c2", AuditKind.AccessFlag, "Safeguarding"), ("c2", AuditKind.Refusal, "curious")],
            byOfficer.Select(e => (e.CaseId!, e.Kind, e.Purpose!)));
        Assert.All(byOfficer, e => Assert.Equal("soit-2", e.ActorId));

        // The entries found are the chains' own: the same positions and hashes as reading the case.
        var chain = await ReadChainAsync(Store, "c2");
        Assert.Equal(chain.Where(e => e.ActorId == "soit-2").Select(e => (e.Position, e.Hash)), byOfficer.Where(e => e.CaseId == "c2").Select(e => (e.Position, e.Hash)));

        var flags = await Store.FindAuditAsync(new AuditQuery(Kind: AuditKind.AccessFlag));
        Assert.Equal(("c2", "soit-2"), (Assert.Single(flags).CaseId, flags[0].ActorId));

        var reads = await Store.FindAuditAsync(new AuditQuery(Kind: AuditKind.Read, From: T0.AddHours(2), Until: T0.AddHours(3)));
        Assert.Equal("dc-9", Assert.Single(reads).ActorId);
        Assert.Equal(2, (await Store.FindAuditAsync(new AuditQuery("soit-2", Limit: 2))).Count);
        Assert.Empty(await Store.FindAuditAsync(new AuditQuery("nobody")));

        // A query of everything would read every case: it is refused, as is a limit out of range.
        await Assert.ThrowsAsync<ArgumentException>(() => Store.FindAuditAsync(new AuditQuery()));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.FindAuditAsync(new AuditQuery("soit-2", Limit: 0)));
    }
}

/// <summary>
/// Seed 004 replayed on every store against the real <c>policies/rasso-investigation.policy</c>: a SOIT with no part
/// in a victim's case, recorded as absent, reads it for a declared purpose (allowed, flagged to Professional
/// Standards, and in both of Professional Standards' queries); an officer the policy does not let read is refused,
/// and that refusal is in the record too.
/// </summary>
public abstract partial class CaseStoreContract
{
    private static readonly Lazy<Policy.Runtime.Engine.CompiledPolicy> Rasso = new(() =>
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Policy.sln")))
        {
            directory = directory.Parent;
        }

        var path = Path.Combine(directory!.FullName, "policies", "rasso-investigation.policy");
        var compilation = Policy.Language.PolicyCompiler.Compile(path, File.ReadAllText(path));
        Assert.Empty(compilation.Diagnostics);
        return Policy.Runtime.Engine.CompiledPolicy.Compile(compilation.Definition!);
    });

    [ContractFact]
    public async Task Seed_004_replayed_a_flagged_read_and_a_refused_one_are_in_the_record_and_in_both_queries()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(T0);
        var absences = new Policy.Runtime.Availability.AbsenceRegister();
        var service = new Policy.Runtime.Cases.CaseService(Store, new Policy.Runtime.Cases.PolicyCatalog([Rasso.Value]), time, absences);
        var sergeant = new Policy.Runtime.Workflows.Actor("ps-1", "Supervisor");
        var reed = new Policy.Runtime.Workflows.Actor("soit-2", "SOIT", "Officer");
        var operatorInControlRoom = new Policy.Runtime.Workflows.Actor("cr-9", "Dispatcher");
        Assert.True((await service.OpenAsync("RassoInvestigation", "victim-1", sergeant)).IsAccepted);
        Assert.True((await service.PerformAsync("victim-1", sergeant, "AssessRisk", new Dictionary<string, Policy.Runtime.Events.FieldValue>
        {
            ["rating"] = Policy.Runtime.Events.FieldValues.Choice("Amber"),
            ["risks"] = Policy.Runtime.Events.FieldValues.Text("Suspect is an ex-partner")!,
            ["childrenAtRisk"] = Policy.Runtime.Events.FieldValues.YesNo(false)!,
        })).IsAccepted);
        Assert.True((await service.PerformAsync("victim-1", sergeant, "AssignOfficers", new Dictionary<string, Policy.Runtime.Events.FieldValue>
        {
            ["oic"] = Policy.Runtime.Events.FieldValues.Officer("dc-1")!,
            ["soit"] = Policy.Runtime.Events.FieldValues.Officer("soit-1")!,
        })).IsAccepted);

        time.Advance(TimeSpan.FromDays(1));
        await absences.RecordAsync(new Policy.Runtime.Availability.OfficerAbsence("soit-2", time.GetUtcNow(), null, IsConfirmed: true, "Long-term sick leave"));
        time.Advance(TimeSpan.FromHours(13));
        Assert.Equal(Policy.Runtime.Cases.CaseReadStatus.Refused, (await service.ReadAsync("victim-1", reed, "Checking on her")).Status);
        var flagged = await service.ReadAsync("victim-1", reed, "Safeguarding");
        Assert.True(flagged.IsRead);
        Assert.Equal("ProfessionalStandards", flagged.FlaggedTo);
        time.Advance(TimeSpan.FromHours(1));
        var refused = await service.ReadAsync("victim-1", operatorInControlRoom, "Safeguarding");
        Assert.Equal(Policy.Runtime.Cases.CaseReadStatus.Refused, refused.Status);
        Assert.Null(refused.Workflow);

        // Who read this case, when and why.
        var toCase = await service.AccessToCaseAsync("victim-1");
        Assert.Equal(
            [
                (Policy.Runtime.Cases.AccessKind.Alteration, "ps-1", (string?)null, (string?)null),
                (Policy.Runtime.Cases.AccessKind.Alteration, "ps-1", null, null),
                (Policy.Runtime.Cases.AccessKind.Alteration, "ps-1", null, null),
                (Policy.Runtime.Cases.AccessKind.RefusedConsultation, "soit-2", "Checking on her", null),
                (Policy.Runtime.Cases.AccessKind.Consultation, "soit-2", "Safeguarding", "ProfessionalStandards"),
                (Policy.Runtime.Cases.AccessKind.RefusedConsultation, "cr-9", "Safeguarding", null),
            ],
            toCase.Select(r => (r.Kind, r.OfficerId, r.Justification, r.FlaggedTo)));
        Assert.Equal(["opened the case", "performed Complete the supervisor risk assessment and set the RAG rating (AssessRisk)", "performed Assign the OIC and the SOIT (AssignOfficers)"], toCase.Take(3).Select(r => r.Detail));

        // What did this officer read, when and why; and the force-wide list of flagged reads.
        var byReed = await service.AccessByOfficerAsync("soit-2");
        Assert.Equal([Policy.Runtime.Cases.AccessKind.RefusedConsultation, Policy.Runtime.Cases.AccessKind.Consultation], byReed.Select(r => r.Kind));
        Assert.Equal(("victim-1", "ProfessionalStandards", T0.AddHours(37)), (byReed[1].CaseId, byReed[1].FlaggedTo, byReed[1].At));
        var flags = await service.FlaggedReadsAsync();
        Assert.Equal(("victim-1", "soit-2", "Safeguarding"), (Assert.Single(flags).CaseId, flags[0].OfficerId, flags[0].Justification));
        Assert.Equal("cr-9", Assert.Single(await service.AccessByOfficerAsync("cr-9")).OfficerId);

        // Disclosure and erasure, recorded by the application, are records of access too; text that cannot be kept is refused.
        Assert.True(await service.RecordDisclosureAsync("victim-1", sergeant, ["CPS Area: RASSO unit"], "Pre-charge advice file"));
        Assert.True(await service.RecordErasureAsync("victim-1", sergeant, "Copy of the victim's statement on a shared drive", "Held outside the case file"));
        Assert.False(await service.RecordDisclosureAsync("victim-1", sergeant, [" "], "Advice"));
        Assert.False(await service.RecordDisclosureAsync("no-such-case", sergeant, ["CPS"], "Advice"));
        Assert.False(await service.RecordErasureAsync("victim-1", sergeant, new string('x', 1001), "Too long"));
        var last = (await service.AccessToCaseAsync("victim-1")).TakeLast(2).ToArray();
        Assert.Equal(
            [(Policy.Runtime.Cases.AccessKind.Disclosure, "CPS Area: RASSO unit", "Pre-charge advice file"), (Policy.Runtime.Cases.AccessKind.Erasure, "Copy of the victim's statement on a shared drive", "Held outside the case file")],
            last.Select(r => (r.Kind, r.Detail!, r.Justification!)));
    }
}
