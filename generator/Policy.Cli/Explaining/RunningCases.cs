using System.Text;
using Policy.Definitions;
using Policy.Runtime.Versions;

namespace Policy.Cli.Explaining;

/// <summary>The part of <c>policy diff</c> that says what a change does to cases already running under the old version.</summary>
internal static class RunningCases
{
    public static string Markdown(PolicyDefinition before, PolicyDefinition after)
    {
        var text = new StringBuilder();
        text.Append("\n## What this does to running cases\n\n");
        if (before.Name != after.Name)
        {
            text.Append("These are two different policies, so no case moves from one to the other.\n");
            return text.ToString();
        }

        if ((before.Version ?? string.Empty) == (after.Version ?? string.Empty))
        {
            text.Append("Both files have the same version label: give the new version its own `version` and `effective` date, so that ")
                .Append("cases opened under the old one keep its rules and can be moved deliberately (docs/versions.md).\n");
            return text.ToString();
        }

        text.Append("Cases keep version ").Append(before.Version).Append(" until they are migrated. The plan ")
            .Append("`policy migrate plan` writes would move open cases as follows (closed cases are never moved):\n\n");
        var plan = MigrationPlan.Create(before, after);
        var lines = 0;
        foreach (var state in plan.States.Where(s => s.To != s.From))
        {
            text.Append("- Cases in ").Append(state.From).Append(state.To is null
                ? $" are not moved: version {after.Version} has no such state (map it to one in the plan).\n"
                : $" move to {state.To}.\n");
            lines++;
        }

        foreach (var choice in plan.Deadlines.Where(d => d.Choice != DeadlineMigration.Keep))
        {
            text.Append("- Open ").Append(choice.Deadline).Append(choice.Choice switch
            {
                DeadlineMigration.Recompute => " deadlines are due where the new rule puts them, counted from the same start.\n",
                DeadlineMigration.Restart => " deadlines restart from the move.\n",
                _ => $" deadlines close: version {after.Version} does not have them.\n",
            });
            lines++;
        }

        foreach (var added in plan.NewDeadlines)
        {
            text.Append("- ").Append(added.Deadline).Append(added.Open
                ? " is new: it opens at the move on cases in the state that starts it.\n"
                : " is new: it starts the next time what starts it happens.\n");
            lines++;
        }

        foreach (var blocking in MigrationPlan.NewlyBlocking(before, after))
        {
            text.Append("- From the move, ").Append(blocking).Append('\n');
            lines++;
        }

        if (lines == 0)
        {
            text.Append("- Nothing changes for them: every state is kept, and every open deadline keeps its due time.\n");
        }

        return text.ToString();
    }
}
