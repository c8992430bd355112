using System.Globalization;
using System.Text;

namespace Policy.Language.Tests.Infrastructure;

/// <summary>
/// Builds one valid policy of about a given size: a realistic header, then the same block of actions, a deadline
/// and a rule repeated with unique names. Shared by the robustness tests and the benchmarks.
/// </summary>
public static class LargePolicy
{
    private const string Head = """
        # Generated: a large investigation policy.
        policy LargeInvestigation "A large investigation policy" {
          version "2025.02"
          effective 2025-02-01
          source SOP "Investigation SOP"
          calendar england-and-wales

          role Supervisor "Investigation supervisor"
          role OIC "Officer in charge" assigned
          role SOIT "Sexual Offences Investigative Trained officer" assigned
          role CrimeManager "BCU Crime Manager"

          choice Urgency { Routine, Urgent, Critical(reason: text) }

          state Reported initial
          state Investigating
          state Closed final

          setting UpdateTarget: duration = 5 working days "How soon routine updates reach the victim"

          action Assign by Supervisor from Reported to Investigating {
            record oic: officer, soit: officer
            require oic is available "Allocate only to an available officer."
            assign OIC = oic, SOIT = soit
          }

          action Close by OIC, Supervisor from Investigating to Closed { record reason: text }

        """;

    private const string Block = """

          action RecordUpdate{0} "Record key update {0}" by OIC in Investigating {{
            record detail{0}: text, urgency{0}: Urgency
            require detail{0} is set or urgency{0} is Routine "Describe key update {0}." cite SOP "key updates"
          }}
          action InformVictim{0} "Tell the victim of update {0}" by SOIT, OIC in Investigating {{ record summary{0}: text }}

          deadline VictimUpdate{0} "The victim is told of key update {0}" {{
            starts each RecordUpdate{0}
            SOIT must InformVictim{0} within 1 working day when urgency{0} is Urgent or urgency{0} is Critical, otherwise UpdateTarget
            escalate to Supervisor, then to CrimeManager after 2 working days
            cite SOP "a significant key update"
          }}

          rule ToldBeforeClosure{0} {{
            forbid Close while VictimUpdate{0} is open "Tell the victim of key update {0} before closing."
            cite SOP "before closure"
          }}

        """;

    /// <summary>A policy of at least <paramref name="targetCharacters"/> characters (and a block more at most).</summary>
    public static string Build(int targetCharacters)
    {
        var text = new StringBuilder(targetCharacters + Block.Length * 2).Append(Head);
        for (var i = 1; text.Length < targetCharacters; i++)
        {
            text.AppendFormat(CultureInfo.InvariantCulture, Block, i);
        }

        return text.Append("}\n").ToString();
    }
}
