using Policy.Runtime.Storage;

namespace Policy.Storage.Tests;

/// <summary>The contract's part for the pages' queries of work (<see cref="ICaseStore.FindDueWorkAsync"/>).</summary>
public abstract partial class CaseStoreContract
{
    private static DueDeadline Work(string caseId, string deadline, string? role, DateTimeOffset dueAt, bool monitored = true, int stage = 0) =>
        new(caseId, "RassoInvestigation", deadline, 1, dueAt, monitored ? dueAt : null, stage, role);

    /// <summary>
    /// Three cases: c1 has the OIC (dc-1), the SOIT (pc-2) and an unassigned Supervisor's deadline; c2's OIC is pc-2,
    /// with one deadline past its last escalation (nothing left for the monitor, still open); c3's OIC is dc-1, due at
    /// the same time as c1's.
    /// </summary>
    private async Task SeedWorkAsync()
    {
        await Store.AppendAsync("c1", 0, Events("c1", 1, 1), [Work("c1", "A", "OIC", T0.AddHours(1)), Work("c1", "B", "SOIT", T0.AddHours(3)), Work("c1", "C", "Supervisor", T0.AddHours(2))], new Dictionary<string, string> { ["OIC"] = "dc-1", ["SOIT"] = "pc-2" }, []);
        await Store.AppendAsync("c2", 0, Events("c2", 1, 1), [Work("c2", "A", "OIC", T0.AddMinutes(30)), Work("c2", "D", "OIC", T0.AddHours(5), monitored: false, stage: 2)], new Dictionary<string, string> { ["OIC"] = "pc-2" }, []);
        await Store.AppendAsync("c3", 0, Events("c3", 1, 1), [Work("c3", "A", "OIC", T0.AddHours(1))], new Dictionary<string, string> { ["OIC"] = "dc-1" }, []);
    }

    private static (string, string, string?)[] Keys3(DueWorkPage page) => page.Items.Select(w => (w.Deadline.CaseId, w.Deadline.Deadline, w.OfficerId)).ToArray();

    [ContractFact]
    public async Task Work_across_every_case_comes_most_urgent_first_with_whoever_holds_each_deadlines_role()
    {
        await SeedWorkAsync();

        var all = await Store.FindDueWorkAsync(DueWorkQuery.AllCases());

        Assert.Equal(
            [("c2", "A", "pc-2"), ("c1", "A", "dc-1"), ("c3", "A", "dc-1"), ("c1", "C", null), ("c1", "B", "pc-2"), ("c2", "D", "pc-2")],
            Keys3(all));
        Assert.Null(all.Next);

        // The deadline past its last escalation is still open work, though the monitor has no step left for it.
        var finished = all.Items[^1].Deadline;
        Assert.Equal((null, 2, "OIC"), (finished.NextActionAt, finished.Stage, finished.Role));
        Assert.DoesNotContain(await Store.FindDueAsync(T0.AddYears(1), 100), d => d.Deadline == "D");
        Assert.Equal(T0.AddMinutes(30), await Store.NextDueAsync());
    }

    [ContractFact]
    public async Task An_officers_a_teams_and_a_roles_work_are_the_deadlines_of_the_roles_they_hold()
    {
        await SeedWorkAsync();

        Assert.Equal([("c1", "A", "dc-1"), ("c3", "A", "dc-1")], Keys3(await Store.FindDueWorkAsync(DueWorkQuery.ForOfficer("dc-1"))));
        Assert.Equal([("c2", "A", "pc-2"), ("c1", "B", "pc-2"), ("c2", "D", "pc-2")], Keys3(await Store.FindDueWorkAsync(DueWorkQuery.ForOfficer("pc-2"))));
        Assert.Equal(
            [("c2", "A", "pc-2"), ("c1", "A", "dc-1"), ("c3", "A", "dc-1"), ("c1", "B", "pc-2"), ("c2", "D", "pc-2")],
            Keys3(await Store.FindDueWorkAsync(DueWorkQuery.ForOfficers(["pc-2", "dc-1", "pc-2"]))));
        Assert.Empty((await Store.FindDueWorkAsync(DueWorkQuery.ForOfficer("nobody"))).Items);
        Assert.Empty((await Store.FindDueWorkAsync(DueWorkQuery.ForOfficers([]))).Items);

        Assert.Equal([("c2", "A", "pc-2"), ("c1", "A", "dc-1"), ("c3", "A", "dc-1"), ("c2", "D", "pc-2")], Keys3(await Store.FindDueWorkAsync(DueWorkQuery.ForRole("OIC"))));
        Assert.Equal([("c1", "C", null)], Keys3(await Store.FindDueWorkAsync(DueWorkQuery.ForRole("Supervisor"))));
        Assert.Equal([("c2", "A", "pc-2"), ("c2", "D", "pc-2")], Keys3(await Store.FindDueWorkAsync(DueWorkQuery.ForRole("OIC") with { Officers = ["pc-2"] })));

        // What is overdue at a time: due by it, whatever the monitor has or has not done yet.
        Assert.Equal([("c2", "A", "pc-2"), ("c1", "A", "dc-1"), ("c3", "A", "dc-1")], Keys3(await Store.FindDueWorkAsync(DueWorkQuery.AllCases() with { DueBy = T0.AddHours(1) })));
        Assert.Empty((await Store.FindDueWorkAsync(DueWorkQuery.ForOfficer("dc-1") with { DueBy = T0.AddHours(1).AddTicks(-1) })).Items);
        Assert.Equal([("c1", "A", "dc-1")], Keys3(await Store.FindDueWorkAsync(DueWorkQuery.ForOfficer("dc-1", 1) with { DueBy = T0.AddHours(1) })));

        // Work moves with the role: c1's OIC is now pc-2.
        await Store.AppendAsync("c1", 1, Events("c1", 2, 1), [Work("c1", "A", "OIC", T0.AddHours(1))], new Dictionary<string, string> { ["OIC"] = "pc-2" }, []);
        Assert.Equal([("c3", "A", "dc-1")], Keys3(await Store.FindDueWorkAsync(DueWorkQuery.ForOfficer("dc-1"))));
        Assert.Equal([("c2", "A", "pc-2"), ("c1", "A", "pc-2"), ("c2", "D", "pc-2")], Keys3(await Store.FindDueWorkAsync(DueWorkQuery.ForOfficer("pc-2"))));
    }

    [ContractFact]
    public async Task Pages_of_work_follow_one_another_by_key_without_gaps_or_repeats()
    {
        await SeedWorkAsync();
        var every = Keys3(await Store.FindDueWorkAsync(DueWorkQuery.AllCases()));

        foreach (var limit in new[] { 1, 2, 4, 6 })
        {
            var paged = new List<(string, string, string?)>();
            var query = DueWorkQuery.AllCases(limit);
            var pages = 0;
            while (true)
            {
                var page = await Store.FindDueWorkAsync(query);
                pages++;
                Assert.InRange(page.Items.Count, 1, limit);
                paged.AddRange(Keys3(page));
                if (page.Next is not { } next)
                {
                    break;
                }

                query = query with { After = next };
            }

            Assert.Equal(every, paged);
            Assert.Equal((every.Length + limit - 1) / limit, pages);
        }

        // A cursor between two rows due at the same time (c1's and c3's A) starts at the second.
        var afterFirstTie = await Store.FindDueWorkAsync(DueWorkQuery.ForOfficer("dc-1") with { After = new DueWorkCursor(T0.AddHours(1), "c1", "A", 1) });
        Assert.Equal([("c3", "A", "dc-1")], Keys3(afterFirstTie));
    }

    [ContractFact]
    public async Task A_query_of_work_that_cannot_be_answered_is_refused_naming_its_setting()
    {
        var limit = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.FindDueWorkAsync(DueWorkQuery.AllCases(0)));
        Assert.Equal("Limit", limit.ParamName);
        Assert.Contains("DueWorkQuery.Limit must be from 1 to 1000", limit.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.FindDueWorkAsync(DueWorkQuery.AllCases(DueWorkQuery.MaximumLimit + 1)));
        var officer = await Assert.ThrowsAsync<ArgumentException>(() => Store.FindDueWorkAsync(DueWorkQuery.ForOfficers(["dc-1", " "])));
        Assert.Contains("DueWorkQuery.Officers[1] is empty", officer.Message, StringComparison.Ordinal);
        var role = await Assert.ThrowsAsync<ArgumentException>(() => Store.FindDueWorkAsync(DueWorkQuery.ForRole("")));
        Assert.Equal("Role", role.ParamName);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.FindDueWorkAsync(DueWorkQuery.ForOfficers(Enumerable.Range(0, DueWorkQuery.MaximumOfficers + 1).Select(i => $"o{i}").ToArray())));
    }
}
