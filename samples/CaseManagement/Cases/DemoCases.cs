using Force.Policies;
using Policy.Runtime.Availability;
using Policy.Runtime.Cases;
using Policy.Runtime.Storage;
using Policy.Runtime.Workflows;

namespace CaseManagement.Cases;

/// <summary>
/// The demonstration cases, written once into an empty store through the generated workflows' typed methods, as a
/// force application would. Each happened in the recent past, so the store holds real histories: one RASSO case
/// under investigation, one whose first review is overdue, general investigations for the absence page, and
/// incidents whose attendance countdowns run while you watch.
/// </summary>
public static class DemoCases
{
    public const string RassoCase = "RASSO-2026-0001";

    private static readonly Actor Shah = new("ps.shah", "Supervisor");
    private static readonly Actor Patel = new("dc.patel", "OIC");
    private static readonly Actor Reid = new("op.reid", "CallHandler", "Dispatcher");

    public static async Task SeedOnceAsync(ICaseStore store, PolicyCatalog policies, IAbsenceRegister absences, CaseSearch search, TimeProvider time, IOfficerRoles? officerRoles = null, CancellationToken cancellationToken = default)
    {
        if ((await store.ListCasesAsync(1, cancellationToken)).Count > 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var clock = new SeedingClock();
        var cases = new CaseService(store, policies, clock, absences, officerRoles: officerRoles);

        async Task At(DateTimeOffset when, Func<Task<CaseResult>> step)
        {
            clock.Now = when;
            var result = await step();
            if (!result.IsAccepted)
            {
                throw new InvalidOperationException($"Seeding case {result.CaseId} was refused: {result.Refusal}");
            }
        }

        // RASSO under investigation: the browser test records a key update on it and tries to close it.
        var opened = now.AddDays(-3);
        await At(opened, () => cases.OpenAsync<RassoInvestigation>(RassoCase, Shah, cancellationToken));
        await At(opened.AddHours(1), () => cases.ExecuteAsync<RassoInvestigation>(RassoCase, w => w.AssessRisk(Shah, RassoInvestigation.Rag.Amber, "Suspect known to the victim; lives nearby.", childrenAtRisk: false), cancellationToken));
        await At(opened.AddHours(1.5), () => cases.ExecuteAsync<RassoInvestigation>(RassoCase, w => w.CompleteIntelligencePackage(Shah, "PNC and local intelligence checks on the suspect completed."), cancellationToken));
        await At(opened.AddHours(2), () => cases.ExecuteAsync<RassoInvestigation>(RassoCase, w => w.AssignOfficers(Shah, "dc.patel", "pc.okafor"), cancellationToken));
        await At(opened.AddHours(3), () => cases.ExecuteAsync<RassoInvestigation>(RassoCase, w => w.AgreeVictimContact(
            Patel, "OIC leads the investigation; the SOIT is the victim's single point of contact.", "Victim prefers phone calls after 6pm.",
            "The OIC tells the SOIT of every key update the same day.", RassoInvestigation.UpdateInterval.Weekly, "SOIT copied into the case team's updates."), cancellationToken));
        await At(opened.AddHours(12), () => cases.ExecuteAsync<RassoInvestigation>(RassoCase, w => w.ReviewInvestigation(Shah, "Lines of enquiry set; forensic submissions made.", null, null), cancellationToken));
        await At(opened.AddDays(1), () => cases.ExecuteAsync<RassoInvestigation>(RassoCase, w => w.RecordMaracDecision(Patel, new RassoInvestigation.MaracDecision.Referred()), cancellationToken));

        // RASSO just reported, whose 10-18 hour review was missed: the monitor records the breach when the app starts.
        const string lateReview = "RASSO-2026-0002";
        await At(now.AddHours(-20), () => cases.OpenAsync<RassoInvestigation>(lateReview, Shah, cancellationToken));

        // A general investigation held by DC Jones (record an absence for him on the officers page) and one awaiting allocation.
        const string heldByJones = "GI-2026-0001";
        var giOpened = now.AddDays(-10);
        await At(giOpened, () => cases.OpenAsync<GeneralInvestigation>(heldByJones, Shah, cancellationToken));
        await At(giOpened.AddHours(1), () => cases.ExecuteAsync<GeneralInvestigation>(heldByJones, w => w.Allocate(Shah, "dc.jones", GeneralInvestigation.Complexity.Complex), cancellationToken));
        await At(giOpened.AddDays(1), () => cases.ExecuteAsync<GeneralInvestigation>(heldByJones, w => w.HoldFirstMeeting(Shah, "Burglary series: CCTV and house-to-house enquiries agreed."), cancellationToken));
        await At(now.AddHours(-2), () => cases.OpenAsync<GeneralInvestigation>("GI-2026-0002", Shah, cancellationToken));

        // Incidents: one unit on its way (its countdown turns "due soon", then overdue, while you watch), one waiting
        // for a unit, and one whose unit was diverted (already overdue and escalated to the dispatch supervisor).
        await Incident("INC-2026-0001", now.AddMinutes(-5), IncidentAttendance.Grade.Immediate, "12 High Street", "Neighbour reports shouting and breaking glass.", deployedAfter: TimeSpan.FromMinutes(1), divertedAfter: null);
        await Incident("INC-2026-0002", now.AddMinutes(-45), IncidentAttendance.Grade.Significant, "Car park, Station Road", "Caller's car broken into; suspect may still be nearby.", deployedAfter: null, divertedAfter: null);
        await Incident("INC-2026-0003", now.AddMinutes(-40), IncidentAttendance.Grade.Immediate, "Flat 3, 8 Mill Lane", "Ex-partner banging on the door; caller frightened.", deployedAfter: TimeSpan.FromMinutes(2), divertedAfter: TimeSpan.FromMinutes(6));

        // What each case is about (fictional people and places), recorded as an officer would when opening it.
        async Task Details(string caseId, string by, string reference, string offence, string victim, string suspect)
        {
            var opened = (await store.ReadCaseAsync(caseId, cancellationToken))[0].At;
            await CaseDetailsRecord.RecordAsync(store, search, opened.AddMinutes(1), caseId, by, new CaseDetails(reference, offence, victim, suspect), cancellationToken);
        }

        await Details(RassoCase, Shah.Id, "CRI/2026/004127", "Rape of a woman aged 16 or over (Sexual Offences Act 2003, s.1)",
            "Woman in her 30s; reported the day after; known to the suspect; prefers contact by phone after 6pm.", "Man in his 30s, former colleague of the victim; lives nearby; no previous convictions.");
        await Details(lateReview, Shah.Id, "CRI/2026/004311", "Sexual assault (Sexual Offences Act 2003, s.3)",
            "Student, 19; reported through the university's liaison officer.", "Not yet identified: described as a man in his 20s.");
        await Details(heldByJones, Shah.Id, "CRI/2026/003880", "Burglary of a dwelling (Theft Act 1968, s.9)",
            "Householders on Elm Road; third in a series on the estate.", "Two men seen on a neighbour's doorbell camera.");
        await Details("GI-2026-0002", Shah.Id, "CRI/2026/004402", "Theft from a motor vehicle (Theft Act 1968, s.1)",
            "Van owner; tools taken overnight.", "Unknown.");
        await Details("INC-2026-0001", Reid.Id, "CAD 2026-1203-0412", "Disturbance: shouting and breaking glass", "Neighbour at 12 High Street (caller).", "Not known.");
        await Details("INC-2026-0002", Reid.Id, "CAD 2026-1203-0377", "Theft from a motor vehicle: suspect may be nearby", "Car owner in the Station Road car park (caller).", "Man in a grey hoodie seen near the car.");
        await Details("INC-2026-0003", Reid.Id, "CAD 2026-1203-0381", "Domestic: ex-partner at the door", "Woman at Flat 3, 8 Mill Lane (caller); frightened.", "Her ex-partner; a non-molestation order is in force.");

        // What fell due while the seeded histories were happening is recorded now, at the times it fell due, by a
        // service with no notification sink: the breaches and escalations are history, so the first start's monitor
        // finds nothing to do and the log stays quiet. Every deadline still open is due in the future.
        clock.Now = now;
        foreach (var caseId in await store.ListCasesAsync(100, cancellationToken))
        {
            await cases.RecordDueDeadlinesAsync(caseId, cancellationToken);
        }

        async Task Incident(string id, DateTimeOffset graded, IncidentAttendance.Grade grade, string location, string summary, TimeSpan? deployedAfter, TimeSpan? divertedAfter)
        {
            await At(graded.AddMinutes(-1), () => cases.OpenAsync<IncidentAttendance>(id, Reid, cancellationToken));
            await At(graded, () => cases.ExecuteAsync<IncidentAttendance>(id, w => w.GradeCall(Reid, grade, location, summary), cancellationToken));
            if (deployedAfter is { } deployed)
            {
                await At(graded + deployed, () => cases.ExecuteAsync<IncidentAttendance>(id, w => w.DeployUnit(Reid, "pc.lee"), cancellationToken));
            }

            if (divertedAfter is { } diverted)
            {
                await At(graded + diverted, () => cases.ExecuteAsync<IncidentAttendance>(id, w => w.DivertUnit(Reid, "INC-2026-0001", "Nearest unit to a higher-risk call."), cancellationToken));
            }
        }
    }

    /// <summary>Stands at whatever moment of the past the seeding is writing.</summary>
    private sealed class SeedingClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
