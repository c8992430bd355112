using Policy.Runtime.Audit;
using Policy.Runtime.Cases;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Storage;
using Policy.Runtime.Workflows;

namespace Policy.Storage.Tests;

/// <summary>The contract's part for importing cases in batches (<see cref="CaseImport"/> over <see cref="ICaseStore.AppendBatchAsync"/>).</summary>
public abstract partial class CaseStoreContract
{
    [ContractFact]
    public async Task Imported_cases_are_replayed_under_their_policy_and_read_back_as_they_were_built()
    {
        var definition = global::Policy.Language.PolicyCompiler.Compile("updates.policy", MonitorOnPostgreSqlTests.Policy).Definition!;
        var policy = CompiledPolicy.Compile(definition);
        var clock = new Clock(T0);
        var service = new CaseService(Store, new PolicyCatalog([policy]), clock);
        var desk = new Actor("desk", "OIC");

        // Thirty cases built elsewhere; every other one has told the victim, so its deadline is met.
        var built = new List<PolicyWorkflow>();
        for (var i = 0; i < 30; i++)
        {
            var workflow = new PolicyWorkflow(policy) { TimeProvider = clock };
            workflow.OpenCase($"imp-{i}", "desk");
            if (i % 2 == 0)
            {
                Assert.True(workflow.Perform("Inform", desk, new Dictionary<string, FieldValue> { ["summary"] = FieldValues.Text($"Told {i}")! }).IsAccepted);
            }

            built.Add(workflow);
        }

        var gap = new[] { built[1].PendingEvents[0] with { CaseId = "gap" }, built[0].PendingEvents[1] with { CaseId = "gap", Version = 3 } };
        var unknown = new[] { built[1].PendingEvents[0] with { CaseId = "unknown", PolicyName = "Nonesuch" } };
        var import = new CaseImport(service, batchSize: 7);

        var result = await import.ImportAsync(built.Select(w => (IReadOnlyList<CaseEvent>)w.PendingEvents.ToArray()).Append(gap).Append(unknown));

        Assert.Equal(30, result.Imported);
        Assert.Empty(result.AlreadyPresent);
        Assert.Equal(["gap", "unknown"], result.Refused.Select(r => r.CaseId));
        Assert.Contains("does not follow version 1", result.Refused[0].Reason, StringComparison.Ordinal);
        Assert.Contains("No policy named 'Nonesuch'", result.Refused[1].Reason, StringComparison.Ordinal);
        Assert.Empty(await Store.ReadCaseAsync("gap"));

        // Each reads back as the state it was built as, with the due rows a save would have written.
        foreach (var workflow in built)
        {
            var read = await service.ReadAsync(workflow.CaseId, desk, "Import check");
            Assert.Equal(EveryField(workflow.Case), EveryField(read.Workflow!.Case));
        }

        var due = await Store.FindDueWorkAsync(DueWorkQuery.ForRole("OIC", 100));
        Assert.Equal(built.Where((_, i) => i % 2 == 1).Select(w => w.CaseId).Order(StringComparer.Ordinal), due.Items.Select(w => w.Deadline.CaseId).Order(StringComparer.Ordinal));
        Assert.True((await new AuditVerifier(Store, Keys).VerifyAsync()).IsClean);

        // Imported again: left as they are.
        var again = await import.ImportAsync(built.Take(5).Select(w => (IReadOnlyList<CaseEvent>)w.PendingEvents.ToArray()));
        Assert.Equal((0, 5), (again.Imported, again.AlreadyPresent.Count));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CaseImport(service, batchSize: 0));
    }
}
