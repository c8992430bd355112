namespace Policy.Cli.Scenarios;

/// <summary>A parsed <c>.scenario</c> file: a policy, a start time, officers, and steps in order.</summary>
internal sealed record Scenario(
    string Path,
    string Title,
    string PolicyPath,
    DateTime StartLocal,
    IReadOnlyList<OfficerDeclaration> Officers,
    IReadOnlyList<SettingOverride> Settings,
    IReadOnlyList<ScenarioStep> Steps)
{
    /// <summary>When the case is opened: the start's London time, or exactly the instant its offset gives.</summary>
    public DateTimeOffset StartInstant { get; init; }
}

/// <summary>A position in a scenario file (1-based).</summary>
internal readonly record struct ScenarioPosition(int Line, int Column)
{
    public override string ToString() => $"({Line},{Column})";
}

/// <summary><c>officer DC "DC Jones" is OIC, Supervisor</c></summary>
internal sealed record OfficerDeclaration(string Name, string DisplayName, IReadOnlyList<string> Roles, ScenarioPosition Position);

/// <summary><c>setting SupervisionInterval = 7 days</c>: overridden for the case when it opens.</summary>
internal sealed record SettingOverride(string Name, ScenarioValue Value, ScenarioPosition Position);

/// <summary>When a step happens: a fixed London time, a time with its UTC offset, or an offset from the previous step.</summary>
internal abstract record ScenarioTime
{
    /// <summary>The instant this resolves to, given the start (London time) and the previous step's instant.</summary>
    public abstract DateTimeOffset Resolve(DateTime start, DateTimeOffset previous);
}

/// <summary><c>day 3 14:00</c> (day 1 is the start date), London time.</summary>
internal sealed record DayTime(int Day, TimeSpan TimeOfDay) : ScenarioTime
{
    public override DateTimeOffset Resolve(DateTime start, DateTimeOffset previous) => LondonTime.ToInstant(start.Date.AddDays(Day - 1) + TimeOfDay);

    public override string ToString() => $"day {Day} {TimeOfDay:hh\\:mm}";
}

/// <summary><c>2025-03-05 10:00</c>, London time (of an hour that happens twice, the first).</summary>
internal sealed record AbsoluteTime(DateTime Local) : ScenarioTime
{
    public override DateTimeOffset Resolve(DateTime start, DateTimeOffset previous) => LondonTime.ToInstant(Local);

    public override string ToString() => Local.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// <c>2025-10-26 01:00+00:00</c>: a London time with the offset from UTC it is read with, so that either pass through the
/// hour the clocks go back can be written (+01:00 the first, in BST; +00:00 the second, in GMT). <c>Z</c> means +00:00.
/// </summary>
internal sealed record OffsetTime(DateTimeOffset Instant) : ScenarioTime
{
    public override DateTimeOffset Resolve(DateTime start, DateTimeOffset previous) => Instant.ToUniversalTime();

    public override string ToString() => Instant.ToString("yyyy-MM-dd HH:mmzzz", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// <c>+2h</c>, <c>+30m</c>, <c>+3d</c>, <c>+1w</c>: after the previous step. Minutes and hours are elapsed time; days and
/// weeks keep the London clock time, as a policy's durations do.
/// </summary>
internal sealed record RelativeTime(int Days, TimeSpan Elapsed, string Text) : ScenarioTime
{
    public override DateTimeOffset Resolve(DateTime start, DateTimeOffset previous)
    {
        var at = previous;
        if (Days != 0)
        {
            at = LondonTime.ToInstant(LondonTime.ToLocal(at).AddDays(Days));
        }

        return at + Elapsed;
    }

    public override string ToString() => Text;
}

/// <summary>A value given to a field: text, a number, a date, yes/no, a duration, an officer or option name, or an option with data.</summary>
internal sealed record ScenarioValue(string Text, ScenarioValueKind Kind, IReadOnlyList<FieldAssignment>? Fields = null);

/// <summary>How a scenario value was written.</summary>
internal enum ScenarioValueKind
{
    Text,
    Number,
    Date,
    DateTime,
    Duration,
    Name,
}

/// <summary><c>rating = Red</c></summary>
internal sealed record FieldAssignment(string Field, ScenarioValue Value, ScenarioPosition Position);

/// <summary>One line of a scenario's body, in order.</summary>
internal abstract record ScenarioStep(ScenarioPosition Position);

/// <summary><c>at day 3 15:00 DC does RecordKeyUpdate with detail = "DNA match"</c></summary>
internal sealed record ActionStep(ScenarioPosition Position, ScenarioTime Time, string Officer, string? AsRole, string Action, IReadOnlyList<FieldAssignment> Fields) : ScenarioStep(Position);

/// <summary><c>at day 3 14:00 signal DnaMatch with detail = "..."</c></summary>
internal sealed record SignalStep(ScenarioPosition Position, ScenarioTime Time, string Signal, IReadOnlyList<FieldAssignment> Fields) : ScenarioStep(Position);

/// <summary><c>at day 4 08:00 DC is absent until day 40 00:00</c>: a confirmed absence.</summary>
internal sealed record AbsenceStep(ScenarioPosition Position, ScenarioTime Time, string Officer, ScenarioTime? Until) : ScenarioStep(Position);

/// <summary><c>at +1h DC reads for "purpose"</c>: an officer reads the case, as the policy's access rules allow or refuse.</summary>
/// <summary><c>at T Ali has caseload 12</c>: the officer's open caseload on the force's other cases, from then on.</summary>
internal sealed record CaseloadStep(ScenarioPosition Position, ScenarioTime Time, string Officer, decimal Caseload) : ScenarioStep(Position);

internal sealed record ReadStep(ScenarioPosition Position, ScenarioTime Time, string Officer, string Purpose) : ScenarioStep(Position);

/// <summary><c>at day 9 00:00</c> with nothing else: lets time pass, so deadlines fall due.</summary>
/// <summary><c>at T migrate to "new.policy" using "plan.migration"</c>: moves the case to another version of its policy, as the plan says (paths relative to the scenario).</summary>
internal sealed record MigrateStep(ScenarioPosition Position, ScenarioTime Time, string PolicyPath, string PlanPath) : ScenarioStep(Position);

internal sealed record WaitStep(ScenarioPosition Position, ScenarioTime Time) : ScenarioStep(Position);

/// <summary>An expectation, checked when the scenario reaches it.</summary>
internal sealed record ExpectStep(ScenarioPosition Position, Expectation Expectation) : ScenarioStep(Position);

/// <summary>What a scenario expects.</summary>
internal abstract record Expectation;

/// <summary><c>expect state is Investigating</c></summary>
internal sealed record StateExpectation(string State) : Expectation;

/// <summary><c>expect accepted</c>: the last action was accepted.</summary>
internal sealed record AcceptedExpectation : Expectation;

/// <summary><c>expect read allowed</c>, <c>expect read flagged to Role</c>, <c>expect read refused [saying "..."]</c>: the last read's outcome.</summary>
internal sealed record ReadExpectation(string Outcome, string? FlaggedTo, string? MessageContains) : Expectation;

/// <summary><c>expect refused [by rule R | by role | by assignment | by state | by requirement | by input] [saying "text"]</c></summary>
internal sealed record RefusedExpectation(string? Kind, string? Rule, string? MessageContains) : Expectation;

/// <summary>
/// <c>expect deadline D is [not] open|due soon|overdue|met|breached|cancelled|closed</c>, now; or
/// <c>expect deadline D met in time</c> (<see cref="Status"/> "met in time"): met, and never late.
/// </summary>
internal sealed record DeadlineStatusExpectation(string Deadline, string Status, bool Negated = false) : Expectation;

/// <summary><c>expect deadline D due at T</c></summary>
internal sealed record DeadlineDueExpectation(string Deadline, ScenarioTime At) : Expectation;

/// <summary><c>expect deadline D breached at T</c>: lets time pass to T and checks the breach was recorded at T.</summary>
internal sealed record DeadlineBreachedExpectation(string Deadline, ScenarioTime At) : Expectation;

/// <summary><c>expect deadline D escalated to R at T</c></summary>
internal sealed record DeadlineEscalatedExpectation(string Deadline, string Role, ScenarioTime At) : Expectation;
