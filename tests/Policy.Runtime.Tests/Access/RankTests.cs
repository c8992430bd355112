using Policy.Runtime.Tests.Time;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Tests.Access;

/// <summary>PACE s.42: "an officer of the rank of superintendent or above" — the ranks a policy declares, and 'or above' in who may act.</summary>
public sealed class RankTests
{
    private const string Authorisation = """
        policy Authorisation "Authorising longer detention" {
          version "1"
          source PACE "Police and Criminal Evidence Act 1984"
          role Sergeant "Custody sergeant"
          role Inspector "Inspector"
          role Superintendent "Superintendent"
          role ChiefSuperintendent "Chief superintendent"
          ranks Sergeant, Inspector, Superintendent, ChiefSuperintendent
          state Detained initial
          state Extended
          state Released final
          action Extend "Authorise detention beyond 24 hours" by Superintendent or above from Detained to Extended {
            cite PACE "s.42(1)"
          }
          action Release "Release the person" by Sergeant from Detained, Extended to Released {
            cite PACE "s.34"
          }
        }
        """;

    [Theory]
    [InlineData("Superintendent", true)]
    [InlineData("ChiefSuperintendent", true)]
    [InlineData("Inspector", false)]
    [InlineData("Sergeant", false)]
    public void Only_the_rank_named_or_a_higher_one_may_act(string rank, bool allowed)
    {
        var policy = PolicyText.Compile("authorisation.policy", Authorisation);
        var workflow = new PolicyWorkflow(policy);
        workflow.OpenCase("custody-1");

        var result = workflow.Perform("Extend", new Actor("officer-1", rank));

        Assert.Equal(allowed, result.IsAccepted);
        if (!allowed)
        {
            Assert.Equal(RefusalKind.Role, result.Refusal!.Kind);
            Assert.Equal("Only Superintendent or ChiefSuperintendent may perform Extend.", result.Refusal.Message);
        }
    }

    [Fact]
    public void The_ranks_are_kept_in_order_and_or_above_is_written_out_in_the_action_s_roles()
    {
        var policy = PolicyText.Compile("authorisation.policy", Authorisation);
        Assert.Equal(["Sergeant", "Inspector", "Superintendent", "ChiefSuperintendent"], policy.Definition.Ranks);
        Assert.Equal(["Superintendent", "ChiefSuperintendent"], policy.Definition.Actions.Single(a => a.Name == "Extend").Roles);
    }
}
