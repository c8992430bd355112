using Microsoft.Extensions.Time.Testing;
using Policy.Runtime.Availability;
using Policy.Runtime.Cases;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Storage;
using Policy.Runtime.Tests.Time;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Tests.Access;

/// <summary>
/// Questions about the officer: who is acting (<c>actor is not involved</c>, <c>actor has acted before</c>), which roles
/// officers hold in the force (<c>is a SOIT</c>, and <c>assign</c> refusing an officer who does not hold the role), and
/// officers' caseloads (<c>caseload of oic</c>), the last read from the store's caseload index by the case service.
/// </summary>
public sealed class ActingOfficerTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private const string Investigation = """
        policy Investigation "Allocation, review and victims' right to review" {
          version "1"
          source SOP "Investigation SOP"
          role Supervisor "Supervisor"
          role OIC "Officer in charge" assigned
          role SOIT "Sexual offences investigative trained officer" assigned
          role Reviewer "Independent reviewer" assigned
          role Sergeant "Sergeant"
          role Inspector "Inspector"
          ranks Sergeant, Inspector
          choice Complexity { Standard, Complex, Major }
          setting Limit: number = 5 "The most weighed investigations an OIC may hold"
          state Open initial
          state Allocated
          state Reviewed
          state Closed final

          caseload weight 3 when complexity is Major, 2 when complexity is Complex, otherwise 1
            cite SOP "Workloads: volumes and complexity"

          action Allocate "Allocate" by Supervisor from Open to Allocated {
            record oic: officer
            record soit: officer optional
            record complexity: Complexity optional
            require caseload of oic < Limit "This officer is at the limit." cite SOP "2.1"
            assign OIC = oic "Only an officer who can be an OIC." cite SOP "2.2"
            assign SOIT = soit "This officer is not SOIT-trained." cite SOP "2.3"
          }

          action Request "Ask for a review" by Supervisor in Allocated {
            record reviewer: officer
            require reviewer is not involved "The reviewer has worked on this investigation." cite SOP "3.1"
            require reviewer is an Inspector or above "A review is by an inspector or above." cite SOP "3.2"
            assign Reviewer = reviewer
          }

          action Review "Review" by Reviewer from Allocated to Reviewed {
            cite SOP "3.3"
          }

          action Note "Add a note" by OIC, Supervisor in Allocated {
            record text: text
            require actor is the OIC or actor has acted before "Only the OIC, or a supervisor who has already worked on the case." cite SOP "4.1"
          }

          action Close "Close" by Supervisor from Allocated, Reviewed to Closed {
            cite SOP "5"
          }
        }
        """;

    private static readonly CompiledPolicy Policy = PolicyText.Compile("investigation.policy", Investigation);
    private static readonly Actor Supervisor = new("sup-1", "Supervisor");

    private sealed class Register(params (string Officer, string Role)[] holds) : IOfficerRoles
    {
        public List<(string Officer, string Role)> Asked { get; } = [];

        public bool HoldsRole(string officerId, string role)
        {
            Asked.Add((officerId, role));
            return holds.Contains((officerId, role));
        }
    }

    private static Dictionary<string, FieldValue> Fields(params (string Name, FieldValue? Value)[] values) =>
        values.Where(v => v.Value is not null).ToDictionary(v => v.Name, v => v.Value!, StringComparer.Ordinal);

    private static Dictionary<string, FieldValue> Allocation(string oic, string? soit = null, string? complexity = null) =>
        Fields(("oic", FieldValues.Officer(oic)), ("soit", FieldValues.Officer(soit)), ("complexity", complexity is null ? null : FieldValues.Choice(complexity)));

    /// <summary>As a generated workflow is: the policy's class, with a parameterless constructor.</summary>
    public sealed class InvestigationWorkflow() : PolicyWorkflow(Policy);

    private sealed class Loads(decimal? each) : IOfficerCaseloads
    {
        public decimal? CaseloadOf(string officerId) => each;
    }

    private static PolicyWorkflow Open(IOfficerRoles? register = null)
    {
        var workflow = new PolicyWorkflow(Policy) { OfficerRoles = register, Caseloads = new Loads(0), TimeProvider = new FakeTimeProvider(Start) };
        workflow.OpenCase("case-1", "sup-1");
        return workflow;
    }

    [Fact]
    public void An_officer_the_register_says_does_not_hold_the_role_is_not_assigned_it_and_the_policys_words_say_why()
    {
        var register = new Register(("dc-1", "OIC"));
        var workflow = Open(register);

        var refused = workflow.Perform("Allocate", Supervisor, Allocation("dc-1", soit: "pc-2"));

        Assert.Equal(RefusalKind.Qualification, refused.Refusal!.Kind);
        Assert.Equal("This officer is not SOIT-trained.", refused.Refusal.Message);
        Assert.Equal("2.3", Assert.Single(refused.Refusal.Citations).Clause);
        Assert.Equal("Open", workflow.StateName);
        Assert.Contains(("pc-2", "SOIT"), register.Asked);
    }

    [Fact]
    public void An_officer_who_holds_the_role_is_assigned_it_and_an_empty_field_assigns_nobody()
    {
        var workflow = Open(new Register(("dc-1", "OIC"), ("pc-2", "SOIT")));
        Assert.True(workflow.Perform("Allocate", Supervisor, Allocation("dc-1", soit: "pc-2")).IsAccepted);
        Assert.Equal(("dc-1", "pc-2"), (workflow.AssignedOfficer("OIC"), workflow.AssignedOfficer("SOIT")));

        var second = Open(new Register(("dc-1", "OIC")));
        Assert.True(second.Perform("Allocate", Supervisor, Allocation("dc-1")).IsAccepted);
        Assert.Null(second.AssignedOfficer("SOIT"));
    }

    [Fact]
    public void Without_a_register_every_officer_holds_every_role_and_the_acting_officer_holds_their_own()
    {
        Assert.True(Open().Perform("Allocate", Supervisor, Allocation("dc-1", soit: "pc-2")).IsAccepted);

        // The supervisor allocating to themselves is asked of their own roles, which do not include OIC.
        var self = Open(new Register(("sup-1", "OIC")));
        Assert.Equal(RefusalKind.Qualification, self.Perform("Allocate", Supervisor, Allocation("sup-1")).Refusal!.Kind);
        Assert.True(Open(new Register()).Perform("Allocate", new Actor("sup-1", "Supervisor", "OIC"), Allocation("sup-1")).IsAccepted);
    }

    [Fact]
    public void A_refusal_for_an_unqualified_officer_without_words_of_the_policy_names_the_officer_and_the_role()
    {
        var workflow = Open(new Register(("dc-1", "OIC"), ("insp-1", "Inspector")));
        Assert.True(workflow.Perform("Allocate", Supervisor, Allocation("dc-1")).IsAccepted);

        var refused = workflow.Perform("Request", Supervisor, Fields(("reviewer", FieldValues.Officer("insp-1"))));

        Assert.Equal(RefusalKind.Qualification, refused.Refusal!.Kind);
        Assert.Contains("reviewer", refused.Refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Reviewer", refused.Refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dc-1", "The reviewer has worked on this investigation.")] // the OIC is assigned on the case
    [InlineData("sup-1", "The reviewer has worked on this investigation.")] // the supervisor opened and allocated it
    [InlineData("sgt-1", "A review is by an inspector or above.")]
    [InlineData("insp-1", null)]
    [InlineData("supt-1", null)]
    public void A_reviewer_must_be_independent_of_the_investigation_and_of_the_rank_asked_for(string reviewer, string? refusal)
    {
        var register = new Register(("dc-1", "OIC"), ("sgt-1", "Sergeant"), ("insp-1", "Inspector"), ("supt-1", "Inspector"), ("insp-1", "Reviewer"), ("supt-1", "Reviewer"), ("sgt-1", "Reviewer"), ("dc-1", "Reviewer"), ("sup-1", "Reviewer"));
        var workflow = Open(register);
        Assert.True(workflow.Perform("Allocate", Supervisor, Allocation("dc-1")).IsAccepted);

        var result = workflow.Perform("Request", Supervisor, Fields(("reviewer", FieldValues.Officer(reviewer))));

        Assert.Equal(refusal, result.Refusal?.Message);
        Assert.Equal(refusal is null, result.IsAccepted);
    }

    [Fact]
    public void Acted_before_is_what_the_officer_did_on_this_case_and_survives_a_replay()
    {
        var workflow = Open();
        Assert.True(workflow.Perform("Allocate", Supervisor, Allocation("dc-1")).IsAccepted);
        var note = Fields(("text", FieldValues.Text("Spoke to the victim")));

        Assert.True(workflow.Perform("Note", new Actor("dc-1", "OIC"), note).IsAccepted);
        Assert.True(workflow.Perform("Note", Supervisor, note).IsAccepted); // sup-1 opened and allocated the case
        var other = workflow.Perform("Note", new Actor("sup-2", "Supervisor"), note);
        Assert.Equal("Only the OIC, or a supervisor who has already worked on the case.", other.Refusal?.Message);

        // A refused attempt is not acting on the case.
        Assert.False(workflow.Perform("Note", new Actor("sup-2", "Supervisor"), note).IsAccepted);
        var replayed = new PolicyWorkflow(Policy) { Caseloads = new Loads(0) };
        replayed.Replay(workflow.PendingEvents.ToArray());
        Assert.True(replayed.Case.HasActed("sup-1"));
        Assert.False(replayed.Case.HasActed("sup-2"));
        Assert.Equal(workflow.Case.Describe(), replayed.Case.Describe());
    }

    [Theory]
    [InlineData(4.9, true)]
    [InlineData(5, false)]
    [InlineData(12, false)]
    public void The_limit_is_on_the_caseload_the_application_gives(double caseload, bool accepted)
    {
        var workflow = Open();
        workflow.Caseloads = new Loads((decimal)caseload);
        var result = workflow.Perform("Allocate", Supervisor, Allocation("dc-1"));
        Assert.Equal(accepted, result.IsAccepted);
        if (!accepted)
        {
            Assert.Equal((RefusalKind.Precondition, "This officer is at the limit."), (result.Refusal!.Kind, result.Refusal.Message));
        }
    }

    [Fact]
    public void An_unknown_caseload_passes_no_limit()
    {
        var workflow = Open();
        workflow.Caseloads = null;
        Assert.Equal("This officer is at the limit.", workflow.Perform("Allocate", Supervisor, Allocation("dc-1")).Refusal?.Message);
        workflow.Caseloads = new Loads(null);
        Assert.Equal("This officer is at the limit.", workflow.Perform("Allocate", Supervisor, Allocation("dc-1")).Refusal?.Message);
    }

    [Fact]
    public void A_case_weighs_what_its_policy_says_while_open_and_nothing_once_closed()
    {
        var workflow = Open();
        Assert.Equal(1m, Policy.CaseloadWeight(workflow.Case, Start));
        workflow.Perform("Allocate", Supervisor, Allocation("dc-1", complexity: "Major"));
        Assert.Equal(3m, Policy.CaseloadWeight(workflow.Case, Start));
        workflow.Perform("Close", Supervisor);
        Assert.Equal(0m, Policy.CaseloadWeight(workflow.Case, Start));
        Assert.Equal(0m, Policy.CaseloadWeight(new PolicyWorkflow(Policy).Case, Start));
    }

    public static TheoryData<string> Stores => new() { "memory", "sqlite" };

    private static async Task<(CaseService Cases, ICaseStore Store, string? File)> ServiceAsync(string kind, IOfficerRoles? register = null)
    {
        string? file = null;
        ICaseStore store;
        if (kind == "sqlite")
        {
            file = Path.Combine(Path.GetTempPath(), $"policy-caseloads-{Guid.NewGuid():N}.db");
            store = SqliteCaseStore.ForFile(file);
        }
        else
        {
            store = new InMemoryCaseStore();
        }

        await store.InitializeAsync();
        return (new CaseService(store, new PolicyCatalog([Policy]), new FakeTimeProvider(Start), officerRoles: register), store, file);
    }

    private static async Task DisposeAsync(ICaseStore store, string? file)
    {
        await store.DisposeAsync();
        if (file is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }
        }
    }

    private static async Task AllocatedAsync(CaseService cases, string caseId, string oic, string? complexity = null)
    {
        Assert.True((await cases.OpenAsync("Investigation", caseId, Supervisor)).IsAccepted);
        var allocated = await cases.PerformAsync(caseId, Supervisor, "Allocate", Allocation(oic, complexity: complexity));
        Assert.True(allocated.IsAccepted, allocated.Refusal?.Message);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_case_service_reads_the_caseload_of_the_officer_named_and_refuses_past_the_limit(string kind)
    {
        var (cases, store, file) = await ServiceAsync(kind);
        try
        {
            // dc-1: 3 (Major) + 1 (Standard) = 4, under the limit of 5.
            await AllocatedAsync(cases, "case-1", "dc-1", "Major");
            await AllocatedAsync(cases, "case-2", "dc-1");
            Assert.Equal(3m, (await store.ReadIndexAsync())["case-1"].Caseload);

            // 4 < 5: one more; now 4 + 2 = 6.
            await AllocatedAsync(cases, "case-3", "dc-1", "Complex");
            Assert.Equal(6m, (await store.FindCaseloadsAsync(["dc-1"], null))["dc-1"]);

            await cases.OpenAsync("Investigation", "case-4", Supervisor);
            var refused = await cases.PerformAsync("case-4", Supervisor, "Allocate", Allocation("dc-1"));
            Assert.Equal("This officer is at the limit.", refused.Refusal?.Message);

            // Another officer, with nothing, is given it.
            Assert.True((await cases.PerformAsync("case-4", Supervisor, "Allocate", Allocation("dc-2"))).IsAccepted);

            // Closing a case frees its weight: 6 - 3 = 3, so dc-1 can take another.
            Assert.True((await cases.PerformAsync("case-1", Supervisor, "Close")).IsAccepted);
            Assert.Equal(3m, (await store.FindCaseloadsAsync(["dc-1"], null))["dc-1"]);
            await AllocatedAsync(cases, "case-5", "dc-1");
        }
        finally
        {
            await DisposeAsync(store, file);
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_generated_style_change_is_decided_again_once_the_caseloads_it_asked_for_are_read(string kind)
    {
        var (cases, store, file) = await ServiceAsync(kind);
        try
        {
            for (var i = 0; i < 5; i++)
            {
                await AllocatedAsync(cases, $"full-{i}", "dc-1");
            }

            await cases.OpenAsync("Investigation", "case-x", Supervisor);
            var calls = 0;
            var refused = await cases.ExecuteAsync<InvestigationWorkflow>("case-x", workflow =>
            {
                calls++;
                return workflow.Perform("Allocate", Supervisor, Allocation("dc-1"));
            });

            // Once with dc-1's caseload unknown, once with it read: the refusal is the limit's, and nothing was saved.
            Assert.Equal(2, calls);
            Assert.Equal("This officer is at the limit.", refused.Refusal?.Message);
            Assert.Single(await store.ReadCaseAsync("case-x"));
        }
        finally
        {
            await DisposeAsync(store, file);
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_case_service_asks_its_register_whether_the_officer_named_holds_the_role(string kind)
    {
        var (cases, store, file) = await ServiceAsync(kind, new Register(("dc-1", "OIC")));
        try
        {
            await cases.OpenAsync("Investigation", "case-1", Supervisor);
            var refused = await cases.PerformAsync("case-1", Supervisor, "Allocate", Allocation("dc-1", soit: "pc-2"));
            Assert.Equal((RefusalKind.Qualification, "This officer is not SOIT-trained."), (refused.Refusal!.Kind, refused.Refusal.Message));
            Assert.True((await cases.PerformAsync("case-1", Supervisor, "Allocate", Allocation("dc-1"))).IsAccepted);
        }
        finally
        {
            await DisposeAsync(store, file);
        }
    }
}
