namespace Policy.Generator.Tests;

/// <summary>Small policies used across the generator tests.</summary>
internal static class TestPolicies
{
    public const string Minimal = """
        policy Minimal "A minimal policy" {
          version "1"
          source SOP "Standard operating procedure"
          role Officer "Officer"
          state Open initial
          state Closed final
          action Close "Close the case" by Officer from Open to Closed {
            record reason: text
            cite SOP "4.1"
          }
        }
        """;

    public const string Referral = """
        policy Referral "Referral decisions" {
          version "2"
          calendar england-and-wales
          source SOP "Referral SOP"
          role Supervisor "Supervisor"
          role OIC "Officer in charge" assigned
          choice Rag { Red, Amber, Green }
          choice Decision { Referred, NotReferred(reason: text) }
          state New initial
          state Active
          state Done final
          setting ReviewInterval: duration = 14 days "Supervisor review interval"
          action Allocate by Supervisor from New to Active {
            record oic: officer, rating: Rag
            require oic is available "Do not allocate to an officer who is absent."
            assign OIC = oic
            cite SOP "2.1"
          }
          action Decide by OIC in Active {
            record decision: Decision
            cite SOP "3.1"
          }
          action Review by Supervisor in Active { record note: text optional }
          action Finish by OIC from Active to Done { record summary: text }
          deadline DecisionDue "A referral decision is recorded" {
            starts when Allocate
            OIC must Decide within 2 working days
            escalate to Supervisor
            cite SOP "3.2"
          }
          deadline Reviews "The supervisor reviews the case" {
            every ReviewInterval while Active
            Supervisor must Review
            cite SOP "5.1"
          }
          rule DecideFirst "A decision before finishing" {
            forbid Finish while DecisionDue is open "Record the referral decision before finishing."
            cite SOP "3.3"
          }
        }
        """;
}
