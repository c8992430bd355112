namespace Policy.Generator.Tests.Differential;

/// <summary>
/// A clock that moves only when told to. The test project does not reference Microsoft.Extensions.TimeProvider.Testing
/// (and this branch adds files only under Differential/), and the walk needs nothing of FakeTimeProvider but the time.
/// </summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now;

    public ManualClock(DateTimeOffset start) => _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now = _now.Add(by);
}
