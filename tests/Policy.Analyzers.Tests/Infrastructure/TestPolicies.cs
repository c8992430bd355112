namespace Policy.Analyzers.Tests.Infrastructure;

/// <summary>The policy the rule tests compile with the generator: small, but with every kind of thing a rule reads.</summary>
internal static class TestPolicies
{
    public const string FileName = "casework.policy";

    /// <summary>
    /// Three roles; a choice without data (an enum) and one with data (records); four states; a duration setting;
    /// deadlines of 28 days and 18 hours (with <c>TimeSpan</c> constants), 1 working day (without) and a recurring one.
    /// </summary>
    public const string Casework = """
        policy Casework "Casework" {
          version "1"
          calendar england-and-wales
          source SOP "Casework SOP"
          role Supervisor "Supervisor"
          role OIC "Officer in charge" assigned
          role SOIT "Specially trained officer" assigned
          choice Rag { Red, Amber, Green }
          choice Outcome { Charged, NoFurtherAction(reason: text) }
          state New initial
          state Active
          state Review
          state Closed final
          setting ReviewInterval: duration = 14 days "Supervisor review interval"
          action Allocate by Supervisor from New to Active {
            record oic: officer, soit: officer, rating: Rag
            assign OIC = oic, SOIT = soit
          }
          action Update by OIC, SOIT in Active { record note: text }
          action Supervise by Supervisor in Active { record note: text }
          action InformVictim by SOIT in Active, Review { record note: text optional }
          action SubmitForReview by OIC from Active to Review
          action Close by OIC, Supervisor from Review to Closed { record outcome: Outcome }
          deadline VictimUpdate "The victim is told" {
            starts when Allocate
            SOIT must InformVictim within 28 days
            cite SOP "3.1"
          }
          deadline ReviewDue "The reviewed case is closed" {
            starts when SubmitForReview
            Supervisor must Close within 18 hours
            cite SOP "3.2"
          }
          deadline FirstUpdate "The OIC records an update" {
            starts when Allocate
            OIC must Update within 1 working day
            cite SOP "3.3"
          }
          deadline Supervision "Regular supervision" {
            every ReviewInterval while Active
            Supervisor must Supervise
            cite SOP "3.4"
          }
        }
        """;

    public const string CustodyFileName = "custody.policy";

    /// <summary>A second policy for the corpus: a choice whose options all carry data or none, and an 'every' deadline.</summary>
    public const string Custody = """
        policy Custody "Custody reviews" {
          version "1"
          source PACE "PACE Code C"
          role Sergeant "Custody sergeant"
          role Inspector "Review inspector"
          choice Disposal { Charge(offence: text), Release, Bail(until: date) }
          state Booked initial
          state Detained
          state Released final
          setting ReviewEvery: duration = 9 hours "Time between reviews"
          action Authorise by Sergeant from Booked to Detained
          action ReviewDetention by Inspector in Detained { record note: text }
          action Dispose by Sergeant from Detained to Released { record disposal: Disposal }
          deadline FirstReview "The first review" {
            starts when Authorise
            Inspector must ReviewDetention within 6 hours
            cite PACE "15.2"
          }
          deadline Reviews "Later reviews" {
            every ReviewEvery while Detained
            Inspector must ReviewDetention
            cite PACE "15.2"
          }
        }
        """;
}
