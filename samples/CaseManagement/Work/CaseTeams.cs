using CaseManagement.Officers;
using Policy.Runtime.Events;

namespace CaseManagement.Work;

/// <summary>
/// Which team a case belongs to: the team of the officers assigned to it (the first assignment whose officer has a
/// team), else the team of the officer who opened it. A force would keep the owning unit on the case itself.
/// </summary>
public static class CaseTeams
{
    public static Team? TeamOf(IReadOnlyDictionary<string, string> assignments, IReadOnlyList<CaseEvent> events, TeamDirectory teams) =>
        assignments.Values.Select(teams.TeamOf).FirstOrDefault(t => t is not null)
        ?? (events.Count > 0 ? teams.TeamOf(events[0].ActorId) : null);
}
