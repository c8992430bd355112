using System.Globalization;
using System.Text;

namespace Policy.Generator.Tests.Differential;

/// <summary>Where in the pipeline a policy that checked clean went wrong.</summary>
internal enum FailureStage
{
    /// <summary>The front end threw instead of returning diagnostics.</summary>
    Check,

    /// <summary>The generator threw, crashed (CS8785), reported POL0090, or reported an error the front end did not.</summary>
    Generate,

    /// <summary>The generated C# has a warning or an error.</summary>
    Compile,

    /// <summary>The compilation did not emit.</summary>
    Emit,

    /// <summary>The generated types could not be loaded or initialised.</summary>
    Load,

    /// <summary>The generated static <c>Description</c> differs from the compiler's definition.</summary>
    Description,

    /// <summary>A typed call on the generated workflow threw instead of returning an <c>ActionResult</c>.</summary>
    Walk,

    /// <summary>An accepted choice was recorded under another name than the policy's option name.</summary>
    ChoiceRecorded,

    /// <summary>Replaying the case's events into a fresh workflow gave another state, version or record.</summary>
    Replay,
}

/// <summary>One failure: the seed that wrote the policy, the stage, a class to group failures by, and the evidence.</summary>
/// <param name="ClassKey">What the failure has in common with others of its kind (a diagnostic id, an exception type and place).</param>
internal sealed record DifferentialFailure(int Seed, FailureStage Stage, string ClassKey, string Evidence)
{
    public override string ToString() => $"seed {Seed.ToString(CultureInfo.InvariantCulture)} [{Stage}] {ClassKey}: {Evidence}";
}

/// <summary>What a run found: how many policies were written, refused at check (by diagnostic id), checked clean, and failed.</summary>
internal sealed class DifferentialReport
{
    private readonly object _gate = new();

    public int Written { get; private set; }

    public int CheckedClean { get; private set; }

    /// <summary>Policies that checked clean and declare at least one hostile name.</summary>
    public int HostileCheckedClean { get; private set; }

    /// <summary>Policies that checked clean and declare a C# keyword (reserved or contextual) as a name.</summary>
    public int KeywordCheckedClean { get; private set; }

    public int WalkSteps { get; private set; }

    /// <summary>Refusals at check: the first error's id, and how many policies it refused.</summary>
    public SortedDictionary<string, int> RefusedBy { get; } = new(StringComparer.Ordinal);

    /// <summary>One refused seed per id, so that a writer fault can be looked at.</summary>
    public SortedDictionary<string, (int Seed, string Message)> RefusalExample { get; } = new(StringComparer.Ordinal);

    public List<DifferentialFailure> Failures { get; } = new();

    /// <summary>Time spent in each part of the pipeline, summed over threads: where a run's budget goes.</summary>
    public SortedDictionary<string, TimeSpan> TimeIn { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="part"/> and adds its duration to <see cref="TimeIn"/> under <paramref name="name"/>.</summary>
    public T Timed<T>(string name, Func<T> part)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            return part();
        }
        finally
        {
            var elapsed = clock.Elapsed;
            Locked(() => TimeIn[name] = TimeIn.GetValueOrDefault(name) + elapsed);
        }
    }

    public void CountWritten() => Locked(() => Written++);

    public void CountRefused(int seed, string id, string message) => Locked(() =>
    {
        RefusedBy[id] = RefusedBy.GetValueOrDefault(id) + 1;
        RefusalExample.TryAdd(id, (seed, message));
    });

    public void CountClean(bool hostile, bool keyword) => Locked(() =>
    {
        CheckedClean++;
        HostileCheckedClean += hostile ? 1 : 0;
        KeywordCheckedClean += keyword ? 1 : 0;
    });

    /// <summary>Typed calls that returned an accepted <c>ActionResult</c>: a walk that is always refused tests little.</summary>
    public int Accepted { get; private set; }

    /// <summary>Typed calls refused, by refusal kind.</summary>
    public SortedDictionary<string, int> RefusedAs { get; } = new(StringComparer.Ordinal);

    public void CountSteps(int steps) => Locked(() => WalkSteps += steps);

    public void CountResult(Runtime.Workflows.ActionResult result) => Locked(() =>
    {
        if (result.Refusal is { } refusal)
        {
            var kind = refusal.Kind.ToString();
            RefusedAs[kind] = RefusedAs.GetValueOrDefault(kind) + 1;
        }
        else
        {
            Accepted++;
        }
    });

    public void Fail(DifferentialFailure failure) => Locked(() => Failures.Add(failure));

    /// <summary>A summary: counts, refusals, failures per stage and per class, and the first <paramref name="listed"/> failures.</summary>
    public string Describe(int listed = 20)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Written} policies written, {CheckedClean} checked clean ({HostileCheckedClean} with hostile names, {KeywordCheckedClean} with C# keywords), {WalkSteps} walk steps, {Failures.Count} failures.\n");
        text.Append(CultureInfo.InvariantCulture, $"Walk results: {Accepted} accepted; refused ").Append(string.Join(", ", RefusedAs.Select(r => $"{r.Key} {r.Value}"))).Append('\n');
        text.Append("Time in: ").Append(string.Join(", ", TimeIn.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Value.TotalSeconds:F1} s")))).Append('\n');
        text.Append("Refused at check (first error): ").Append(string.Join(", ", RefusedBy.Select(r => $"{r.Key} {r.Value}"))).Append('\n');
        foreach (var stage in Failures.GroupBy(f => f.Stage).OrderBy(g => g.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"{stage.Key}: {stage.Count()} failures, {stage.Select(f => f.Seed).Distinct().Count()} policies\n");
            foreach (var kind in stage.GroupBy(f => f.ClassKey).OrderByDescending(g => g.Count()))
            {
                var example = kind.First();
                var evidence = example.Evidence.Split('\n')[0];
                text.Append(CultureInfo.InvariantCulture, $"  {kind.Key}: {kind.Count()} (e.g. seed {example.Seed}: {(evidence.Length > 300 ? evidence.Substring(0, 300) + "…" : evidence)})\n");
            }
        }

        foreach (var failure in Failures.Take(listed))
        {
            text.Append(failure).Append('\n');
        }

        return text.ToString();
    }

    private void Locked(Action action)
    {
        lock (_gate)
        {
            action();
        }
    }
}
