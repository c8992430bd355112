using Policy.Runtime.Audit;
using Policy.Runtime.Storage;

namespace Policy.Storage.Tests;

/// <summary>The caseload index: each case's weight, kept with its assignments, summed per officer in one query.</summary>
public abstract partial class CaseStoreContract
{
    private Task<AppendResult> AppendWeighedAsync(string caseId, long expected, IReadOnlyDictionary<string, string> assignments, decimal? weight, int events = 1) =>
        Store.AppendAsync(new CaseAppend(caseId, expected, Events(caseId, expected + 1, events), [], assignments, []) { Caseload = weight });

    private static Dictionary<string, string> Assigned(params (string Role, string Officer)[] roles) =>
        roles.ToDictionary(r => r.Role, r => r.Officer, StringComparer.Ordinal);

    [ContractFact]
    public async Task An_officers_caseload_is_the_sum_of_the_weights_of_the_cases_they_are_assigned_each_case_once()
    {
        await AppendWeighedAsync("c1", 0, Assigned(("OIC", "dc-1")), 1m);
        await AppendWeighedAsync("c2", 0, Assigned(("OIC", "dc-1"), ("Supervisor", "ds-1")), 2.5m);

        // dc-1 holds two roles on c3: it counts once.
        await AppendWeighedAsync("c3", 0, Assigned(("OIC", "dc-1"), ("Disclosure", "dc-1")), 3m);
        await AppendWeighedAsync("c4", 0, Assigned(("OIC", "dc-2")), 0.125m);

        var loads = await Store.FindCaseloadsAsync(["dc-1", "ds-1", "dc-2", "pc-9"], null);
        Assert.Equal(6.5m, loads["dc-1"]);
        Assert.Equal(2.5m, loads["ds-1"]);
        Assert.Equal(0.125m, loads["dc-2"]);
        Assert.Equal(0m, loads["pc-9"]);
        Assert.Equal(4, loads.Count);
    }

    [ContractFact]
    public async Task The_case_being_decided_is_left_out_of_its_officers_caseloads()
    {
        await AppendWeighedAsync("c1", 0, Assigned(("OIC", "dc-1")), 1m);
        await AppendWeighedAsync("c2", 0, Assigned(("OIC", "dc-1")), 2m);

        Assert.Equal(1m, (await Store.FindCaseloadsAsync(["dc-1"], "c2"))["dc-1"]);
        Assert.Equal(3m, (await Store.FindCaseloadsAsync(["dc-1"], "c9"))["dc-1"]);
    }

    [ContractFact]
    public async Task A_save_replaces_the_cases_weight_and_its_officers_and_a_closed_case_weighs_nothing()
    {
        await AppendWeighedAsync("c1", 0, Assigned(("OIC", "dc-1")), 2m);
        await AppendWeighedAsync("c1", 1, Assigned(("OIC", "dc-2")), 3m);
        var loads = await Store.FindCaseloadsAsync(["dc-1", "dc-2"], null);
        Assert.Equal((0m, 3m), (loads["dc-1"], loads["dc-2"]));

        await AppendWeighedAsync("c1", 2, Assigned(("OIC", "dc-2")), 0m);
        Assert.Equal(0m, (await Store.FindCaseloadsAsync(["dc-2"], null))["dc-2"]);
        Assert.Equal(0m, (await Store.ReadIndexAsync())["c1"].Caseload);
    }

    [ContractFact]
    public async Task A_conflicting_append_writes_no_weight()
    {
        await AppendWeighedAsync("c1", 0, Assigned(("OIC", "dc-1")), 2m);
        var conflict = await AppendWeighedAsync("c1", 0, Assigned(("OIC", "dc-1")), 9m);

        Assert.True(conflict.IsConflict);
        Assert.Equal(2m, (await Store.FindCaseloadsAsync(["dc-1"], null))["dc-1"]);
    }

    [ContractFact]
    public async Task An_officer_with_a_case_of_unknown_weight_has_no_known_caseload()
    {
        // Saved without a weight, as a case saved before the store kept them is: the officer's count could be short,
        // so the store does not give one, and a limit is not passed on it.
        await AppendWeighedAsync("c1", 0, Assigned(("OIC", "dc-1")), null);
        await AppendWeighedAsync("c2", 0, Assigned(("OIC", "dc-1"), ("Supervisor", "ds-1")), 1m);

        var loads = await Store.FindCaseloadsAsync(["dc-1", "ds-1"], null);
        Assert.False(loads.ContainsKey("dc-1"));
        Assert.Equal(1m, loads["ds-1"]);
        Assert.Equal(1m, (await Store.FindCaseloadsAsync(["dc-1"], "c1"))["dc-1"]);
    }

    [ContractFact]
    public async Task Batches_keep_each_cases_weight()
    {
        await Store.AppendBatchAsync(
        [
            new CaseAppend("c1", 0, Events("c1", 1, 2), [], Assigned(("OIC", "dc-1")), []) { Caseload = 1.5m },
            new CaseAppend("c2", 0, Events("c2", 1, 1), [], Assigned(("OIC", "dc-1")), []) { Caseload = 2m },
        ]);

        Assert.Equal(3.5m, (await Store.FindCaseloadsAsync(["dc-1"], null))["dc-1"]);
    }

    [ContractFact]
    public async Task Weights_out_of_range_and_over_wide_questions_are_refused_before_anything_is_written()
    {
        foreach (var weight in new[] { -1m, 1000.001m, 1.0005m })
        {
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => AppendWeighedAsync("c1", 0, Assigned(("OIC", "dc-1")), weight));
        }

        Assert.Empty(await Store.ReadCaseAsync("c1"));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.FindCaseloadsAsync(Enumerable.Range(0, CaseAppend.MaximumCaseloadOfficers + 1).Select(i => $"pc-{i}").ToArray(), null));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.FindCaseloadsAsync([" "], null));
        Assert.Empty(await Store.FindCaseloadsAsync([], null));

        // The largest weight, on as many officers as may be asked at once, sums exactly.
        await AppendWeighedAsync("c1", 0, Assigned(("OIC", "dc-1")), CaseAppend.MaximumCaseload);
        var many = Enumerable.Range(0, CaseAppend.MaximumCaseloadOfficers - 1).Select(i => $"pc-{i}").Append("dc-1").ToArray();
        var loads = await Store.FindCaseloadsAsync(many, null);
        Assert.Equal(CaseAppend.MaximumCaseloadOfficers, loads.Count);
        Assert.Equal(CaseAppend.MaximumCaseload, loads["dc-1"]);
    }

    [ContractFact]
    public async Task The_weight_is_recorded_in_the_cases_index_entry_and_a_rewritten_weight_is_reported()
    {
        await AppendWeighedAsync("c1", 0, Assigned(("OIC", "dc-1")), 2m);
        var entry = (await ReadChainAsync(Store, "c1")).Last(e => e.Kind == AuditKind.CaseIndex);
        Assert.Contains("\"caseload\":2", entry.Content, StringComparison.Ordinal);
        Assert.True((await Verifier().VerifyAsync()).IsClean);

        // Lowering an officer's caseload lets them be given more than the force's limit: the rows are checked.
        await Tampering.RewriteCaseloadAsync("c1", 0.5m);
        Assert.Equal(0.5m, (await Store.FindCaseloadsAsync(["dc-1"], null))["dc-1"]);
        var problem = SingleProblem(await Verifier().VerifyAsync(), AuditProblemKind.IndexMismatch);
        Assert.Equal("c1", problem.CaseId);
        Assert.Contains("caseload weight 0.5", problem.Message, StringComparison.Ordinal);

        await Tampering.RewriteCaseloadAsync("c1", null);
        Assert.Equal("c1", SingleProblem(await Verifier().VerifyAsync(), AuditProblemKind.IndexMismatch).CaseId);
    }

    [ContractFact]
    public async Task A_case_saved_before_weights_were_kept_is_found_and_filled_in_with_an_entry_verification_accepts()
    {
        await AppendWeighedAsync("c1", 0, Assigned(("OIC", "dc-1")), null, events: 2);
        await AppendWeighedAsync("c2", 0, Assigned(("OIC", "dc-1")), 1m);
        await AppendWeighedAsync("c3", 0, new Dictionary<string, string>(), null);
        Assert.Equal(["c1"], await Store.FindCasesWithoutCaseloadAsync(null, 10));
        Assert.Empty(await Store.FindCasesWithoutCaseloadAsync("c1", 10));
        Assert.False((await Store.FindCaseloadsAsync(["dc-1"], null)).ContainsKey("dc-1"));

        // Worked out at a version the case has left: nothing is written.
        Assert.False(await Store.IndexCaseloadAsync("c1", 1, 2m, T0.AddHours(1)));
        Assert.True(await Store.IndexCaseloadAsync("c1", 2, 2m, T0.AddHours(1)));

        Assert.Equal(3m, (await Store.FindCaseloadsAsync(["dc-1"], null))["dc-1"]);
        Assert.Empty(await Store.FindCasesWithoutCaseloadAsync(null, 10));
        Assert.Contains("\"caseload\":2", (await ReadChainAsync(Store, "c1")).Last(e => e.Kind == AuditKind.CaseIndex).Content, StringComparison.Ordinal);
        Assert.True((await Verifier().VerifyAsync()).IsClean);
        Assert.Equal(2, (await Store.ReadCaseAsync("c1")).Count);
    }

    [ContractFact]
    public async Task The_case_service_fills_in_the_weights_its_policies_give_and_passes_over_a_case_it_cannot_replay()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(T0);
        var sergeant = new Policy.Runtime.Workflows.Actor("ps-1", "Supervisor");

        // As a store upgraded from before weights were kept holds a case: its events and assignment, and no weight.
        var workflow = new Policy.Runtime.Workflows.PolicyWorkflow(Rasso.Value) { TimeProvider = time };
        workflow.OpenCase("victim-1", sergeant.Id);
        Assert.True(workflow.Perform("AssessRisk", sergeant, new Dictionary<string, Policy.Runtime.Events.FieldValue>
        {
            ["rating"] = Policy.Runtime.Events.FieldValues.Choice("Amber"),
            ["risks"] = Policy.Runtime.Events.FieldValues.Text("Suspect is an ex-partner")!,
            ["childrenAtRisk"] = Policy.Runtime.Events.FieldValues.YesNo(false)!,
        }).IsAccepted);
        Assert.True(workflow.Perform("AssignOfficers", sergeant, new Dictionary<string, Policy.Runtime.Events.FieldValue>
        {
            ["oic"] = Policy.Runtime.Events.FieldValues.Officer("dc-1")!,
            ["soit"] = Policy.Runtime.Events.FieldValues.Officer("soit-1")!,
        }).IsAccepted);
        await Store.AppendAsync(new CaseAppend("victim-1", 0, workflow.PendingEvents.ToArray(), workflow.DueDeadlineRows(), workflow.AssignmentRows(), []));

        // And one whose events its policy cannot explain: passed over, not the end of the run.
        await AppendWeighedAsync("broken-1", 0, Assigned(("OIC", "dc-1")), null, events: 2);

        var service = new Policy.Runtime.Cases.CaseService(Store, new Policy.Runtime.Cases.PolicyCatalog([Rasso.Value]), time);
        Assert.Equal(1, await service.IndexCaseloadsAsync());
        var loads = await Store.FindCaseloadsAsync(["soit-1"], null);
        Assert.Equal(1m, loads["soit-1"]);
        Assert.Equal(["broken-1"], await Store.FindCasesWithoutCaseloadAsync(null, 10));
        Assert.Equal(0, await service.IndexCaseloadsAsync());
    }

    [ContractFact]
    public async Task A_weight_added_to_a_case_saved_without_one_is_reported()
    {
        await AppendWeighedAsync("c1", 0, Assigned(("OIC", "dc-1")), null);
        Assert.DoesNotContain("caseload", (await ReadChainAsync(Store, "c1")).Last(e => e.Kind == AuditKind.CaseIndex).Content, StringComparison.Ordinal);
        Assert.True((await Verifier().VerifyAsync()).IsClean);

        await Tampering.RewriteCaseloadAsync("c1", 1m);
        Assert.Equal("c1", SingleProblem(await Verifier().VerifyAsync(), AuditProblemKind.IndexMismatch).CaseId);
    }
}
