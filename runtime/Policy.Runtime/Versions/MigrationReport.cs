using System.Globalization;
using System.Text;
using Policy.Runtime.Engine;

namespace Policy.Runtime.Versions;

/// <summary>What a migration did, or (a dry run) would do, to one case.</summary>
public enum CaseMigrationOutcome
{
    /// <summary>Moved: its <c>Migrated</c> event is saved.</summary>
    Moved,

    /// <summary>A dry run: it would be moved so.</summary>
    WouldMove,

    /// <summary>Already under the target version (moved by an earlier run, or opened under it): passed over.</summary>
    AlreadyMoved,

    /// <summary>Closed: it keeps the version it closed under (its history is what happened under it).</summary>
    Closed,

    /// <summary>Not moved: under another version, or in a state the plan does not move. <see cref="CaseMigrationResult.Reason"/> says which.</summary>
    Refused,

    /// <summary>It kept changing while being moved; nothing was written. Run the migration again.</summary>
    Conflict,
}

/// <summary>An open deadline instance before and after a move: null before for one the move opened, null after for one it closed.</summary>
public sealed record MigratedDeadline(string Deadline, int Instance, DateTimeOffset? DueBefore, DateTimeOffset? DueAfter)
{
    internal static IReadOnlyList<MigratedDeadline> Compare(IReadOnlyList<OpenDeadline> before, IReadOnlyList<OpenDeadline> after)
    {
        var result = new List<MigratedDeadline>();
        foreach (var open in before)
        {
            var still = after.FirstOrDefault(a => a.Deadline == open.Deadline && a.Instance == open.Instance);
            result.Add(new MigratedDeadline(open.Deadline, open.Instance, open.DueAt, still.Deadline is null ? null : still.DueAt));
        }

        foreach (var open in after.Where(a => !before.Any(b => b.Deadline == a.Deadline && b.Instance == a.Instance)))
        {
            result.Add(new MigratedDeadline(open.Deadline, open.Instance, null, open.DueAt));
        }

        return result;
    }

    public override string ToString() => (DueBefore, DueAfter) switch
    {
        ({ } was, { } now) when was == now => $"{Deadline} #{Instance} kept: due {Time(now)}",
        ({ } was, { } now) => $"{Deadline} #{Instance} due {Time(was)} -> {Time(now)}",
        ({ } was, null) => $"{Deadline} #{Instance} (due {Time(was)}) closed",
        (null, { } now) => $"{Deadline} #{Instance} opened: due {Time(now)}",
        _ => $"{Deadline} #{Instance}",
    };

    internal static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}

/// <summary>One case in a <see cref="MigrationReport"/>.</summary>
public sealed record CaseMigrationResult(
    string CaseId,
    CaseMigrationOutcome Outcome,
    string VersionBefore,
    string StateBefore,
    string StateAfter,
    IReadOnlyList<MigratedDeadline> Deadlines,
    string? Reason);

/// <summary>What a migration run did (or, a dry run, would do) to each case of the plan's policy, in case order.</summary>
public sealed record MigrationReport(MigrationPlan Plan, bool DryRun, DateTimeOffset At, IReadOnlyList<CaseMigrationResult> Cases)
{
    public int Count(CaseMigrationOutcome outcome) => Cases.Count(c => c.Outcome == outcome);

    /// <summary>The report in plain English, case by case.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{(DryRun ? "Dry run" : "Migration")} of {Plan.Policy} from {Plan.From} to {Plan.To} at {MigratedDeadline.Time(At)}:\n");
        foreach (var result in Cases)
        {
            switch (result.Outcome)
            {
                case CaseMigrationOutcome.Moved or CaseMigrationOutcome.WouldMove:
                    text.Append(CultureInfo.InvariantCulture, $"  {result.CaseId}: {(DryRun ? "would move" : "moved")}, {result.StateBefore} -> {result.StateAfter}\n");
                    foreach (var deadline in result.Deadlines)
                    {
                        text.Append("    ").Append(deadline).Append('\n');
                    }

                    break;
                case CaseMigrationOutcome.AlreadyMoved:
                    text.Append(CultureInfo.InvariantCulture, $"  {result.CaseId}: already under {Plan.To}\n");
                    break;
                case CaseMigrationOutcome.Closed:
                    text.Append(CultureInfo.InvariantCulture, $"  {result.CaseId}: closed, keeps {result.VersionBefore}\n");
                    break;
                default:
                    text.Append(CultureInfo.InvariantCulture, $"  {result.CaseId}: not moved: {result.Reason}\n");
                    break;
            }
        }

        var moved = Count(DryRun ? CaseMigrationOutcome.WouldMove : CaseMigrationOutcome.Moved);
        text.Append(CultureInfo.InvariantCulture, $"{moved} {(DryRun ? "would move" : "moved")}, {Count(CaseMigrationOutcome.AlreadyMoved)} already moved, {Count(CaseMigrationOutcome.Closed)} closed, {Count(CaseMigrationOutcome.Refused)} not moved, {Count(CaseMigrationOutcome.Conflict)} changing (run again).\n");
        return text.ToString();
    }
}
