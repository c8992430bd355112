namespace Policy.Runtime.Tests.Access;

/// <summary>A victim's case whose policy says who may read it and why: the shape of seed 004's question.</summary>
internal static class AccessPolicies
{
    public const string VictimCase = """
        policy VictimCase "A victim's case" {
          version "1"
          source APP "APP: Information management"
          role Supervisor "Investigation supervisor (PS/DS)"
          role OIC "Officer in charge of the investigation" assigned
          role SOIT "Sexual Offences Investigative Trained officer" assigned
          role Officer "Any warranted officer"
          role ProfessionalStandards "Professional Standards Department"
          choice ReadingPurpose { LinkedInvestigation, DisclosureReview, SafeguardingCheck }
          state Reported initial
          state Allocated
          state Closed final
          action Allocate "Allocate the OIC and SOIT" by Supervisor from Reported to Allocated {
            record oic: officer, soit: officer
            assign OIC = oic, SOIT = soit
            cite APP "Allocation"
          }
          action Close "Close the case" by OIC from Allocated to Closed {
            cite APP "Closure"
          }
          access NeedToKnow "Who may read a victim's case, and why" {
            read by OIC, SOIT, Supervisor
            read by Officer for ReadingPurpose flagged to ProfessionalStandards
            cite APP "Need to know: access to personal data only for a policing purpose"
          }
        }
        """;
}
