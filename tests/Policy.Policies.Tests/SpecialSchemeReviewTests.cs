using Force.Policies;
using Microsoft.Extensions.Time.Testing;
using Policy.Policies.Tests.Infrastructure;
using Policy.Runtime.Events;
using Policy.Runtime.Notifications;
using Policy.Runtime.Workflows;
using static Force.Policies.SpecialScheme;

namespace Policy.Policies.Tests;

/// <summary>
/// 003_c3ac3317820b860c.txt, "Response to calls for assistance - Metropolitan Police Service, June 2018", Recommendation 1
/// and the force response: "If the OIC does not respond within 14 days, then a second stage review will be implemented
/// where an e-mail will be sent to the BCU Crime Manager to ensure the review is conducted", and "The OIC MUST inform the
/// victim that the scheme is either being withdrawn or extended and explain what this means to them."
/// Policy: policies/special-scheme.policy, deadline OicResponse and rule VictimToldOfWithdrawal.
/// </summary>
public sealed class SpecialSchemeReviewTests
{
    private static readonly Actor Desk = new("rtrd-kaur", Roles.ResponseDesk);
    private static readonly Actor Oic = new("dc-jones", Roles.OIC);

    private readonly FakeTimeProvider _time = new(London.At(2025, 1, 13, 9, 0));

    // 003, Recommendation 1 (the review with no answer from the OIC). The first-stage review e-mail goes to the OIC on
    // Tuesday 10 June 2025 at 09:00; with no answer, the second stage goes to the BCU Crime Manager on day 14, Tuesday
    // 24 June at 09:00. When the OIC decides to withdraw, the marker is not removed until the victim has been told.
    [Fact]
    public void Review_unanswered_by_the_OIC_goes_to_the_crime_manager_at_day_14_and_withdrawal_waits_until_the_victim_is_told()
    {
        var scheme = new SpecialScheme { TimeProvider = _time };
        scheme.OpenCase("SS-4564-0113");
        At(2025, 1, 13, 10, 0);
        Results.Accepted(scheme.ImplementScheme(Desk, "dc-jones", "12 Acacia Road", "CAD 1022/13JAN25"));
        At(2025, 1, 14, 12, 0);
        Results.Accepted(scheme.ContactVictim(Oic, ContactPurpose.ExplainScheme, "Home visit", true, new ContactOutcome.InformationPassed()));

        At(2025, 6, 10, 9, 0);
        Results.Accepted(scheme.SendFirstStageReview(Desk));
        Assert.Equal(SpecialSchemeState.UnderReview, scheme.State);
        scheme.MarkSaved();

        // Nothing happens a minute before day 14.
        At(2025, 6, 24, 8, 59);
        Assert.Empty(scheme.RecordDueDeadlines());

        // Day 14: the OIC's response is breached and the second stage goes to the BCU Crime Manager.
        At(2025, 6, 24, 9, 0);
        var steps = scheme.RecordDueDeadlines();
        Assert.Equal(
            [
                (CaseEventKind.DeadlineBreached, "OicResponse", Roles.OIC, London.At(2025, 6, 24, 9, 0)),
                (CaseEventKind.DeadlineEscalated, "OicResponse", Roles.CrimeManager, London.At(2025, 6, 24, 9, 0)),
            ],
            steps.Select(e => (e.Kind, e.Name, e.Role, e.At)).ToList());
        var secondStage = Assert.Single(scheme.PendingNotifications, n => n.Kind == NotificationKind.DeadlineEscalated);
        Assert.Equal((Roles.CrimeManager, "OicResponse", London.At(2025, 6, 24, 9, 0)), (secondStage.Role, secondStage.Deadline, secondStage.At));
        Assert.Equal(
            "OicResponse (The OIC responds to the first-stage review within 14 days) was due at 2025-06-24 08:00 UTC and is still not met: escalated to CrimeManager.",
            secondStage.Message);
        Assert.Equal(SpecialSchemeState.UnderReview, scheme.State);

        // The OIC, chased, decides to withdraw; withdrawing before telling the victim is refused.
        At(2025, 6, 25, 10, 0);
        Results.Accepted(scheme.RespondToReview(Oic, ReviewDecision.Withdraw, "Ex-partner moved abroad in March; no contact since"));
        var refusal = Results.Refused(scheme.Withdraw(Oic));
        Assert.Equal((RefusalKind.Rule, "VictimToldOfWithdrawal"), (refusal.Kind, refusal.RuleName));
        Assert.Equal(
            "Contact the victim to tell them the scheme is being withdrawn, and record it, before withdrawing it. If you cannot reach them, record every attempt and its outcome.",
            refusal.Message);
        Assert.Equal(SpecialSchemeState.UnderReview, scheme.State);

        // Told, and recorded: now the scheme is withdrawn.
        At(2025, 6, 25, 12, 0);
        Results.Accepted(scheme.ContactVictim(Oic, ContactPurpose.ExplainWithdrawal, "Victim's mobile (preferred)", true, new ContactOutcome.InformationPassed()));
        Results.Accepted(scheme.Withdraw(Oic));
        Assert.Equal(SpecialSchemeState.Withdrawn, scheme.State);
    }

    private void At(int year, int month, int day, int hour, int minute) => _time.SetUtcNow(London.At(year, month, day, hour, minute));
}
