using Policy.Definitions;
using Policy.Runtime.Audit;
using Policy.Runtime.Availability;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Workflows;
using static Policy.Runtime.Tests.Engine.TestPolicies;

namespace Policy.Runtime.Tests.Engine;

public sealed class RefusalTests
{
    [Fact]
    public void An_actor_without_any_of_the_roles_is_refused_for_role_and_the_attempt_is_audited()
    {
        var harness = CaseHarness.Rasso();

        var refusal = harness.Refuse(Oic, "AssessRisk", ("rating", FieldValues.Choice("Red")), ("risks", FieldValues.Text("r")));

        Assert.Equal(RefusalKind.Role, refusal.Kind);
        Assert.Equal("Only Supervisor may perform AssessRisk.", refusal.Message);
        Assert.Equal([SopRisk], refusal.Citations);
        Assert.Equal("AssessRisk", refusal.Subject);
        var audit = Assert.Single(harness.Workflow.PendingAudit);
        Assert.Equal(AuditKind.Refusal, audit.Kind);
        Assert.Equal("oic-1", audit.ActorId);
        Assert.Equal("case-1", audit.CaseId);
        Assert.Equal(Start, audit.At);
        Assert.Contains("\"kind\":\"Role\"", audit.Content, StringComparison.Ordinal);
        Assert.Contains("\"roles\":[\"OIC\"]", audit.Content, StringComparison.Ordinal);
        Assert.Single(harness.Workflow.PendingEvents);
    }

    [Fact]
    public void An_officer_holding_the_role_but_not_assigned_to_the_case_is_refused_and_audited()
    {
        var harness = CaseHarness.RassoInvestigating();
        harness.Workflow.MarkSaved();

        var refusal = harness.Refuse(OtherOic, "RecordKeyUpdate", ("detail", FieldValues.Text("arrest")));

        Assert.Equal(RefusalKind.NotAssigned, refusal.Kind);
        Assert.Equal("Only the officer assigned to this case as OIC may perform RecordKeyUpdate.", refusal.Message);
        var audit = Assert.Single(harness.Workflow.PendingAudit);
        Assert.Equal(AuditKind.Refusal, audit.Kind);
        Assert.Equal("oic-2", audit.ActorId);
        Assert.Empty(harness.Workflow.PendingEvents);
    }

    [Fact]
    public void Nobody_acts_in_an_assigned_role_before_an_officer_is_assigned_to_it()
    {
        var policy = Rasso;
        var harness = CaseHarness.Rasso();
        harness.Accept(Supervisor, "AssessRisk", ("rating", FieldValues.Choice("Green")), ("risks", FieldValues.Text("none")));

        // Close is allowed to OIC or Supervisor; an OIC with no assignment yet is refused for assignment, not role.
        var refusal = harness.Refuse(Oic, "Close", ("reason", FieldValues.Text("x")));

        Assert.Equal(RefusalKind.NotAssigned, refusal.Kind);
        Assert.Contains("No officer is assigned to this case as OIC yet", refusal.Message, StringComparison.Ordinal);
        Assert.Equal("RassoInvestigation", policy.Name);
    }

    [Fact]
    public void An_officer_with_two_roles_acts_in_the_one_that_qualifies()
    {
        var harness = CaseHarness.RassoInvestigating();
        var both = new Actor("sup-9", "OIC", "Supervisor");

        var performed = harness.Accept(both, "Close", ("reason", FieldValues.Text("no further action")));

        Assert.Equal("Supervisor", performed.Role);
    }

    [Fact]
    public void An_action_not_allowed_in_the_current_state_is_refused_for_state_and_the_attempt_is_kept()
    {
        var harness = CaseHarness.Rasso();

        var refusal = harness.Refuse(Supervisor, "ReviewInvestigation");

        Assert.Equal(RefusalKind.State, refusal.Kind);
        Assert.Equal("ReviewInvestigation cannot be performed while the case is Reported; it is allowed only in Investigating.", refusal.Message);
        var kept = Assert.Single(harness.Workflow.PendingAudit);
        Assert.Equal((AuditKind.Refusal, Supervisor.Id), (kept.Kind, kept.ActorId));
        Assert.Contains("\"kind\":\"State\"", kept.Content, StringComparison.Ordinal);
        Assert.Contains("\"subject\":\"ReviewInvestigation\"", kept.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void A_closed_case_refuses_actions_as_a_state_refusal()
    {
        var harness = CaseHarness.RassoInvestigating();
        harness.Accept(Supervisor, "Close", ("reason", FieldValues.Text("no further action")));

        var refusal = harness.Refuse(Supervisor, "ReviewInvestigation");

        Assert.Equal(RefusalKind.State, refusal.Kind);
        Assert.Equal("The case is closed (Closed), so ReviewInvestigation can no longer be performed.", refusal.Message);
        Assert.True(harness.Workflow.IsClosed);
        Assert.True(harness.Workflow.RaiseSignal("DnaMatch", new Dictionary<string, FieldValue> { ["detail"] = FieldValues.Text("match")! }).Refusal is { Kind: RefusalKind.State });
    }

    [Fact]
    public void A_rule_refuses_with_its_message_citation_and_name()
    {
        var harness = CaseHarness.RassoInvestigating();
        harness.Accept(Oic, "RecordKeyUpdate", ("detail", FieldValues.Text("suspect arrested")));

        var refusal = harness.Refuse(Oic, "Close", ("reason", FieldValues.Text("done")));

        Assert.Equal(RefusalKind.Rule, refusal.Kind);
        Assert.Equal("The victim must be told of every key update before the investigation is closed.", refusal.Message);
        Assert.Equal([IopcUpdate], refusal.Citations);
        Assert.Equal("NoClosureWhileVictimUninformed", refusal.RuleName);

        harness.Accept(Soit, "InformVictim", ("summary", FieldValues.Text("told")));
        harness.Accept(Oic, "Close", ("reason", FieldValues.Text("done")));
    }

    [Fact]
    public void An_unless_rule_refuses_until_its_condition_holds_since_entering_the_state()
    {
        var harness = CaseHarness.RassoInvestigating();
        harness.Accept(Oic, "SendForReview");

        var refusal = harness.Refuse(Oic, "Withdraw", ("reason", FieldValues.Text("victim withdrew")));
        Assert.Equal(RefusalKind.Rule, refusal.Kind);
        Assert.Equal("ContactBeforeWithdrawal", refusal.RuleName);
        Assert.Equal("Contact the victim before withdrawing the investigation.", refusal.Message);
        Assert.Equal([CodeRight6], refusal.Citations);

        harness.Advance(TimeSpan.FromHours(1));
        harness.Accept(Oic, "ContactVictim", ("outcome", FieldValues.Text("spoke to victim")));
        harness.Accept(Oic, "Withdraw", ("reason", FieldValues.Text("victim withdrew")));
    }

    [Fact]
    public async Task A_failed_requirement_refuses_as_a_precondition_with_its_message_and_citation()
    {
        var absences = new AbsenceRegister();
        await absences.RecordAsync(new OfficerAbsence("oic-1", Start.AddDays(-1), null, IsConfirmed: true));
        var harness = CaseHarness.Rasso(absences);
        harness.Accept(Supervisor, "AssessRisk", ("rating", FieldValues.Choice("Red")), ("risks", FieldValues.Text("r")));

        var refusal = harness.Refuse(Supervisor, "Assign", ("oic", FieldValues.Officer("oic-1")), ("soit", FieldValues.Officer("soit-1")));

        Assert.Equal(RefusalKind.Precondition, refusal.Kind);
        Assert.Equal("Do not allocate investigations to an officer who is knowingly absent.", refusal.Message);
        Assert.Equal([SopAllocate], refusal.Citations);
        Assert.Null(refusal.RuleName);
        harness.Accept(Supervisor, "Assign", ("oic", FieldValues.Officer("oic-2")), ("soit", FieldValues.Officer("soit-1")));
    }

    public static TheoryData<string, string> InvalidAssessments() => new()
    {
        { "missing", "risks must be recorded." },
        { "blank", "risks must not be empty." },
        { "wrong-kind", "risks must be a text, not number." },
        { "no-such-option", "\"Purple\" is not an option of Rag for rating." },
    };

    [Theory]
    [MemberData(nameof(InvalidAssessments))]
    public void Invalid_input_from_an_officer_who_may_act_is_refused_with_what_is_wrong(string problem, string message)
    {
        var harness = CaseHarness.Rasso();
        var (rating, risks) = Assessment(problem);

        var refusal = harness.Refuse(Supervisor, "AssessRisk", ("rating", rating), ("risks", risks));

        Assert.Equal(RefusalKind.InvalidInput, refusal.Kind);
        Assert.Equal(message, refusal.Message);
        Assert.Equal([SopRisk], refusal.Citations);

        // The attempt is kept with the field at fault, never the value that was given.
        var kept = Assert.Single(harness.Workflow.PendingAudit);
        Assert.Equal(AuditKind.Refusal, kept.Kind);
        Assert.Contains("\"kind\":\"InvalidInput\"", kept.Content, StringComparison.Ordinal);
        Assert.Contains($"\"field\":\"{refusal.Field}\"", kept.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("Purple", kept.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_that_refuses_is_kept_in_the_record_with_the_rule_and_its_message()
    {
        // The premature closure of a RASSO case: the rule refuses it, and the attempt is in the case's history.
        var harness = CaseHarness.RassoInvestigating();
        harness.Accept(Oic, "RecordKeyUpdate", ("detail", FieldValues.Text("suspect arrested")));
        harness.Workflow.MarkSaved();

        harness.Refuse(Oic, "Close", ("reason", FieldValues.Text("done")));

        var kept = Assert.Single(harness.Workflow.PendingAudit);
        Assert.Equal((AuditKind.Refusal, Oic.Id), (kept.Kind, kept.ActorId));
        Assert.Contains("\"kind\":\"Rule\"", kept.Content, StringComparison.Ordinal);
        Assert.Contains("\"rule\":\"NoClosureWhileVictimUninformed\"", kept.Content, StringComparison.Ordinal);
        Assert.Contains("\"message\":\"The victim must be told of every key update before the investigation is closed.\"", kept.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_action_is_kept_with_its_name_cut_to_a_bounded_length()
    {
        var harness = CaseHarness.Rasso();
        var name = new string('x', 5000) + "\uD800";

        var refusal = harness.Workflow.Perform(name, Supervisor).Refusal!;

        Assert.Equal(RefusalKind.InvalidInput, refusal.Kind);
        var kept = Assert.Single(harness.Workflow.PendingAudit);
        Assert.True(kept.Content.Length < 1000, kept.Content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(new string('x', 150), kept.Content, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 201), kept.Content, StringComparison.Ordinal);
        Assert.True(StoredText.IsValid(kept.Content));
        Assert.Equal(200, StoredText.Truncate(name, 200).Length);
        Assert.EndsWith("…", StoredText.Truncate(name, 200), StringComparison.Ordinal);
        Assert.Equal("ab\uFFFD", StoredText.Truncate("ab\uD800", 10));
        Assert.Equal("a…", StoredText.Truncate("a\uD83D\uDE00b", 3));
    }

    [Theory]
    [MemberData(nameof(InvalidAssessments))]
    public void An_officer_who_may_not_act_is_refused_for_the_role_whatever_they_sent_and_the_attempt_is_audited(string problem, string message)
    {
        var harness = CaseHarness.Rasso();
        var (rating, risks) = Assessment(problem);

        // Role and assignment come before input, so every attempt by the wrong officer is kept in the audit trail.
        var refusal = harness.Refuse(Oic, "AssessRisk", ("rating", rating), ("risks", risks));

        Assert.Equal(RefusalKind.Role, refusal.Kind);
        Assert.NotEqual(message, refusal.Message);
        var audited = Assert.Single(harness.Workflow.PendingAudit);
        Assert.Equal(Oic.Id, audited.ActorId);
    }

    [Fact]
    public void A_setting_is_changed_only_by_the_roles_the_policy_names_and_a_refused_change_is_audited()
    {
        var harness = CaseHarness.Rasso();
        var sevenDays = FieldValues.Duration(new Duration(7, DurationUnit.Days))!;

        var refused = harness.Workflow.OverrideSetting("SupervisionInterval", Oic, sevenDays);
        var nobody = harness.Workflow.OverrideSetting("SupervisionInterval", new Actor("visitor"), sevenDays);

        Assert.Equal(RefusalKind.Role, refused.Refusal!.Kind);
        Assert.Equal("Only Supervisor may change SupervisionInterval.", refused.Refusal.Message);
        Assert.Equal(RefusalKind.Role, nobody.Refusal!.Kind);
        Assert.Equal(2, harness.Workflow.PendingAudit.Count);
        Assert.All(harness.Workflow.PendingAudit, a => Assert.Equal(AuditKind.Refusal, a.Kind));
        Assert.False(harness.Workflow.Settings.IsOverridden("SupervisionInterval"));
        Assert.True(harness.Workflow.OverrideSetting("SupervisionInterval", Supervisor, sevenDays).IsAccepted);
    }

    [Theory]
    [InlineData(100000, DurationUnit.Months)]
    [InlineData(36526, DurationUnit.Days)]
    [InlineData(-1, DurationUnit.Days)]
    public void A_setting_cannot_be_changed_to_a_duration_past_the_calendars_limit(int amount, DurationUnit unit)
    {
        var harness = CaseHarness.Rasso();

        var refused = harness.Workflow.OverrideSetting("SupervisionInterval", Supervisor, new FieldValue(ValueKind.Duration, new Duration(amount, unit).ToString()));

        Assert.Equal(RefusalKind.InvalidInput, refused.Refusal!.Kind);
        Assert.False(harness.Workflow.Settings.IsOverridden("SupervisionInterval"));
    }

    [Fact]
    public void Text_with_half_a_surrogate_pair_is_refused_as_input_before_it_reaches_the_record()
    {
        var harness = CaseHarness.Rasso();

        var refusal = harness.Refuse(Supervisor, "AssessRisk", ("rating", FieldValues.Choice("Red")), ("risks", FieldValues.Text("risk \uD83D")));

        Assert.Equal(RefusalKind.InvalidInput, refusal.Kind);
        Assert.Contains("broken character", refusal.Message, StringComparison.Ordinal);
    }

    private static (FieldValue? Rating, FieldValue? Risks) Assessment(string problem) =>
        (FieldValues.Choice(problem == "no-such-option" ? "Purple" : "Red"), problem switch
        {
            "missing" => null,
            "blank" => FieldValues.Text("   "),
            "wrong-kind" => FieldValues.Number(3),
            _ => FieldValues.Text("r"),
        });

    [Fact]
    public void A_choice_option_without_its_own_required_field_is_invalid_input()
    {
        var harness = CaseHarness.RassoInvestigating();

        var missing = harness.Refuse(Oic, "RecordMarac", ("decision", FieldValues.Choice("NotReferred")));
        var blank = harness.Refuse(Oic, "RecordMarac", ("decision", FieldValues.Choice("NotReferred", FieldValues.Fields(("reason", FieldValues.Text(""))))));
        var extra = harness.Refuse(Oic, "RecordMarac", ("decision", FieldValues.Choice("Referred", FieldValues.Fields(("reason", FieldValues.Text("x"))))));

        Assert.Equal("decision.reason must be recorded.", missing.Message);
        Assert.Equal("decision", missing.Field);
        Assert.Equal("decision.reason must not be empty.", blank.Message);
        Assert.Equal("decision is Referred, which records nothing more.", extra.Message);
        harness.Accept(Oic, "RecordMarac", ("decision", FieldValues.Choice("NotReferred", FieldValues.Fields(("reason", FieldValues.Text("victim declined"))))));
    }

    [Theory]
    [InlineData(ValueKind.Number, "NaN")]
    [InlineData(ValueKind.Number, "Infinity")]
    [InlineData(ValueKind.Number, "1e400")]
    [InlineData(ValueKind.DateTime, "2025-13-45T10:00")]
    [InlineData(ValueKind.DateTime, "yesterday")]
    [InlineData(ValueKind.Date, "2025-02-30")]
    public void Values_that_do_not_read_as_their_kind_are_invalid_input(ValueKind kind, string text)
    {
        var harness = new CaseHarness(ControlRoom);
        var grade = FieldValues.Choice("Immediate");
        if (kind == ValueKind.Number)
        {
            var refusal = harness.Refuse(Dispatcher, "GradeCall", ("grade", grade), ("units", new FieldValue(kind, text)));
            Assert.Equal(RefusalKind.InvalidInput, refusal.Kind);
            Assert.Equal("units", refusal.Field);
            return;
        }

        harness.Accept(Dispatcher, "GradeCall", ("grade", grade));
        var field = kind == ValueKind.Date ? "onDate" : "arrivedAt";
        var invalid = harness.Refuse(Dispatcher, "Attend", ("arrivedAt", kind == ValueKind.Date ? FieldValues.DateTime(Start) : new FieldValue(kind, text)), ("onDate", kind == ValueKind.Date ? new FieldValue(kind, text) : null));
        Assert.Equal(RefusalKind.InvalidInput, invalid.Kind);
        Assert.Equal(field, invalid.Field);
    }

    [Fact]
    public void Unknown_names_by_the_untyped_interface_are_invalid_input()
    {
        var harness = CaseHarness.Rasso();

        Assert.Equal(RefusalKind.InvalidInput, harness.Refuse(Supervisor, "Dance").Kind);
        var extra = harness.Refuse(Supervisor, "AssessRisk", ("rating", FieldValues.Choice("Red")), ("risks", FieldValues.Text("r")), ("colour", FieldValues.Text("blue")));
        Assert.Equal("AssessRisk does not record 'colour'.", extra.Message);
    }

    [Fact]
    public void Can_answers_role_assignment_state_and_rules_without_values_and_without_auditing()
    {
        var harness = CaseHarness.RassoInvestigating();

        Assert.True(harness.Workflow.Can("RecordKeyUpdate", Oic));
        Assert.False(harness.Workflow.Can("RecordKeyUpdate", OtherOic));
        Assert.False(harness.Workflow.Can("RecordKeyUpdate", Supervisor));
        Assert.False(harness.Workflow.Can("AssessRisk", Supervisor));

        // Assign's requirement reads its own 'oic' field, so "can" does not hold it against the caller.
        Assert.True(harness.Workflow.Can("Reallocate", Supervisor));

        harness.Accept(Oic, "RecordKeyUpdate", ("detail", FieldValues.Text("arrest")));
        Assert.False(harness.Workflow.Can("Close", Oic));
        Assert.Empty(harness.Workflow.PendingAudit);
    }

    [Fact]
    public void Setting_overrides_are_checked_like_input()
    {
        var harness = CaseHarness.Rasso();

        var wrongKind = harness.Workflow.OverrideSetting("SupervisionInterval", Supervisor, FieldValues.Text("often")!);
        var garbled = harness.Workflow.OverrideSetting("SupervisionInterval", Supervisor, new FieldValue(ValueKind.Duration, "fortnightly"));

        Assert.Equal(RefusalKind.InvalidInput, wrongKind.Refusal!.Kind);
        Assert.Equal(RefusalKind.InvalidInput, garbled.Refusal!.Kind);
        Assert.True(harness.Workflow.OverrideSetting("SupervisionInterval", Supervisor, FieldValues.Duration(new Duration(7, DurationUnit.Days))!).IsAccepted);
    }
}
