using System.Globalization;
using System.Text;

namespace Policy.Analyzers.Tests.Corpus;

/// <summary>
/// A deterministic corpus of varied C# that uses the workflows generated from <c>casework.policy</c> and
/// <c>custody.policy</c> the way applications do, and misuses them the way the rules look for: switches over states and
/// choices, state checks around actions, hard-coded durations, wall-clock reads, discarded results, role attributes,
/// lambdas, partial workflow classes, and about one file in ten broken on purpose. The same seed gives the same files.
/// </summary>
/// <remarks>Shared by the robustness tests and the analyzer benchmark; it depends on nothing but the BCL.</remarks>
public static class AnalyzerCorpus
{
    public const int DefaultSeed = 20_240_611;

    private static readonly string[] CaseworkStates = { "New", "Active", "Review", "Closed" };
    private static readonly string[] CustodyStates = { "Booked", "Detained", "Released" };
    private static readonly string[] CaseworkRoles = { "Supervisor", "OIC", "SOIT" };
    private static readonly string[] CustodyRoles = { "Sergeant", "Inspector" };
    private static readonly string[] Rags = { "Red", "Amber", "Green" };

    /// <summary>Calls on a <c>Casework</c> named <c>w</c> with an <c>Actor</c> named <c>a</c>: every action and a few other members.</summary>
    private static readonly string[] CaseworkCalls =
    {
        "w.Allocate(a, \"oic\", \"soit\", Casework.Rag.Red)",
        "w.Update(a, \"note\")",
        "w.Supervise(a, \"note\")",
        "w.InformVictim(a, null)",
        "w.SubmitForReview(a)",
        "w.Close(a, new Casework.Outcome.Charged())",
        "w.Close(a, new Casework.Outcome.NoFurtherAction(\"no evidence\"))",
        "w.OverrideReviewInterval(a, new Policy.Definitions.Duration(7, Policy.Definitions.DurationUnit.Days))",
        "w.Perform(\"Update\", a)",
    };

    /// <summary>Calls on a <c>Custody</c> named <c>c</c>; ReviewDetention is never called, so its deadlines go unmet (POL1007).</summary>
    private static readonly string[] CustodyCalls =
    {
        "c.Authorise(a)",
        "c.Dispose(a, new Custody.Disposal.Release())",
        "c.Dispose(a, new Custody.Disposal.Charge(\"theft\"))",
        "c.Dispose(a, new Custody.Disposal.Bail(new DateOnly(2025, 1, 1)))",
    };

    private static readonly string[] TimeSpans =
    {
        "TimeSpan.FromDays(28)", "TimeSpan.FromHours(18)", "TimeSpan.FromMinutes(1080)", "new TimeSpan(18, 0, 0)",
        "TimeSpan.FromDays(14)", "TimeSpan.FromHours(6)", "TimeSpan.FromHours(9)", "new TimeSpan(28, 0, 0, 0)",
        "TimeSpan.FromDays(27)", "TimeSpan.FromSeconds(30)", "TimeSpan.FromDays(double.NaN)", "TimeSpan.FromTicks(long.MaxValue)",
        "TimeSpan.FromDays(n)", "new TimeSpan()", "TimeSpan.FromMilliseconds(1e300)", "Casework.Durations.VictimUpdateWithinTimeSpan",
    };

    private static readonly string[] Clocks = { "DateTime.Now", "DateTime.UtcNow", "DateTime.Today", "DateTimeOffset.Now", "DateTimeOffset.UtcNow" };

    /// <summary>
    /// The files: <c>(path, text)</c>, <paramref name="count"/> of them. With <paramref name="broken"/> false the files
    /// chosen to be broken are left whole (the others are the same either way), for a corpus that builds.
    /// </summary>
    public static IReadOnlyList<(string Path, string Text)> Files(int count = 1000, int seed = DefaultSeed, bool broken = true)
    {
        var random = new Random(seed);
        var files = new List<(string, string)>(count);
        for (var i = 0; i < count; i++)
        {
            var text = File(random, i);
            if (random.Next(10) == 0)
            {
                var damaged = Break(random, text);
                text = broken ? damaged : text;
            }

            files.Add(($"Corpus/File{i:0000}.cs", text));
        }

        return files;
    }

    private static string File(Random random, int index)
    {
        var code = new StringBuilder();
        code.AppendLine("using System;");
        code.AppendLine("using System.Collections.Generic;");
        code.AppendLine("using System.Threading.Tasks;");
        if (random.Next(4) != 0)
        {
            code.AppendLine("using Policies;");
        }

        code.AppendLine("using Policy.Runtime.Workflows;");
        code.AppendLine();
        if (random.Next(25) == 0)
        {
            code.AppendLine("namespace Policies");
            code.AppendLine("{");
            code.AppendLine("    public sealed partial class Casework");
            code.AppendLine("    {");
            var state = Pick(random, CaseworkStates);
            code.AppendLine(CultureInfo.InvariantCulture, $"        public ActionResult Extra{index}(Actor a) => State == CaseworkState.{state} ? {Pick(random, CaseworkCalls).Replace("w.", string.Empty, StringComparison.Ordinal)} : default;");
            code.AppendLine(CultureInfo.InvariantCulture, $"        public DateTimeOffset Stamp{index}() => {Pick(random, Clocks)} + {Pick(random, TimeSpans).Replace("(n)", "(1)", StringComparison.Ordinal)};");
            code.AppendLine("    }");
            code.AppendLine("}");
            return code.ToString();
        }

        code.AppendLine(CultureInfo.InvariantCulture, $"namespace Corpus.Area{index % 10}");
        code.AppendLine("{");
        var classes = 1 + random.Next(3);
        for (var c = 0; c < classes; c++)
        {
            Class(code, random, $"Desk{index}_{c}");
        }

        code.AppendLine("}");
        return code.ToString();
    }

    private static void Class(StringBuilder code, Random random, string name)
    {
        var custody = random.Next(3) == 0;
        var roles = custody ? CustodyRoles : CaseworkRoles;
        var workflow = custody ? "Custody" : "Casework";
        if (random.Next(3) == 0)
        {
            code.AppendLine(CultureInfo.InvariantCulture, $"    [{workflow}.ActsAs{Pick(random, roles)}]");
        }

        code.AppendLine(CultureInfo.InvariantCulture, $"    public {(random.Next(2) == 0 ? "sealed" : "partial")} class {name}");
        code.AppendLine("    {");
        if (random.Next(2) == 0)
        {
            code.AppendLine("        private readonly TimeProvider _clock = TimeProvider.System;");
        }

        code.AppendLine("        private readonly Casework _case = new();");
        code.AppendLine("        private List<Custody> Queue { get; } = new();");
        code.AppendLine("        private Casework Current { get; } = new();");
        code.AppendLine("        private (Casework, int) Pair { get; } = (new Casework(), 1);");
        var members = 2 + random.Next(5);
        for (var m = 0; m < members; m++)
        {
            Member(code, random, $"M{m}", roles, workflow);
        }

        code.AppendLine("    }");
    }

    private static void Member(StringBuilder code, Random random, string name, string[] roles, string workflow)
    {
        if (random.Next(4) == 0)
        {
            code.AppendLine(CultureInfo.InvariantCulture, $"        [{workflow}.ActsAs{Pick(random, roles)}]");
        }

        switch (random.Next(12))
        {
            case 0:
                code.AppendLine(CultureInfo.InvariantCulture, $"        public void {name}(Casework w, Actor a, Custody c)");
                code.AppendLine("        {");
                for (var i = random.Next(1, 5); i > 0; i--)
                {
                    var call = random.Next(3) == 0 ? Pick(random, CustodyCalls) : Pick(random, CaseworkCalls);
                    code.AppendLine(CultureInfo.InvariantCulture, $"            {Pick(random, "", "_ = ", "var r" + i + " = ")}{call};");
                }

                code.AppendLine("            _case?.Update(a, \"note\");");
                code.AppendLine("        }");
                break;
            case 1:
                StateSwitchStatement(code, random, name);
                break;
            case 2:
                ChoiceSwitchExpression(code, random, name);
                break;
            case 3:
            case 4:
                StateCheck(code, random, name);
                break;
            case 5:
                code.AppendLine(CultureInfo.InvariantCulture, $"        public TimeSpan {name}(Casework w, int n) => w.IsClosed ? {Pick(random, TimeSpans)} : {Pick(random, TimeSpans)};");
                code.AppendLine(CultureInfo.InvariantCulture, $"        public DateTimeOffset {name}due(Casework w, int n) => w.OpenDeadlines[0].DueAt + (w.IsClosed ? {Pick(random, TimeSpans)} : {Pick(random, TimeSpans)});");
                code.AppendLine(CultureInfo.InvariantCulture, $"        public TimeSpan {name}b(int n) => {Pick(random, TimeSpans)};");
                break;
            case 6:
                code.AppendLine(CultureInfo.InvariantCulture, $"        public ActionResult {name}(Casework w, Actor a{Pick(random, "", ", TimeProvider time")})");
                code.AppendLine("        {");
                code.AppendLine(CultureInfo.InvariantCulture, $"            var at = {Pick(random, Clocks)};");
                code.AppendLine(CultureInfo.InvariantCulture, $"            return w.Update(a, at.ToString() + {Pick(random, Clocks)});");
                code.AppendLine("        }");
                code.AppendLine(CultureInfo.InvariantCulture, $"        public static string {name}s() => {Pick(random, Clocks)}.ToString();");
                break;
            case 7:
                code.AppendLine(CultureInfo.InvariantCulture, $"        public async Task<ActionResult> {name}(Casework w, Actor a)");
                code.AppendLine("        {");
                code.AppendLine("            await Task.Yield();");
                code.AppendLine(CultureInfo.InvariantCulture, $"            Func<ActionResult> later = () => {Pick(random, CaseworkCalls)};");
                code.AppendLine(CultureInfo.InvariantCulture, $"            ActionResult Local() => {Pick(random, CaseworkCalls)};");
                code.AppendLine(CultureInfo.InvariantCulture, $"            if (w.State == CaseworkState.{Pick(random, CaseworkStates)}) {{ later(); Local(); }}");
                code.AppendLine("            return later();");
                code.AppendLine("        }");
                break;
            case 8:
                code.AppendLine(CultureInfo.InvariantCulture, $"        public IEnumerable<ActionResult> {name}(Actor a)");
                code.AppendLine("        {");
                code.AppendLine("            foreach (var c in Queue)");
                code.AppendLine("            {");
                code.AppendLine(CultureInfo.InvariantCulture, $"                if (c.State is CustodyState.{Pick(random, CustodyStates)}) yield return {Pick(random, CustodyCalls)};");
                code.AppendLine(CultureInfo.InvariantCulture, $"                yield return c.State switch {{ CustodyState.{Pick(random, CustodyStates)} => {Pick(random, CustodyCalls)}, _ => default }};");
                code.AppendLine("            }");
                code.AppendLine("        }");
                break;
            case 9:
                code.AppendLine(CultureInfo.InvariantCulture, $"        public string {name}(Casework.Outcome outcome, Custody.Disposal disposal) => (outcome, disposal) switch");
                code.AppendLine("        {");
                code.AppendLine("            (Casework.Outcome.Charged, Custody.Disposal.Release) => \"a\",");
                code.AppendLine("            (Casework.Outcome.NoFurtherAction { Reason: var r }, _) => r,");
                code.AppendLine("            _ => \"c\",");
                code.AppendLine("        };");
                break;
            case 10:
                code.AppendLine(CultureInfo.InvariantCulture, $"        public object? {name}(dynamic d, Casework? w, Actor a) => w?.State switch {{ CaseworkState.{Pick(random, CaseworkStates)} => w.Frobnicate(), null => d.Close(a), _ => typeof(Casework) }};");
                break;
            default:
                code.AppendLine(CultureInfo.InvariantCulture, $"        public ActionResult {name}(Actor a) => _case.State == CaseworkState.{Pick(random, CaseworkStates)} ? _case.{Pick(random, CaseworkCalls).Substring(2)} : _case.Perform(\"Close\", a);");
                break;
        }
    }

    private static void StateSwitchStatement(StringBuilder code, Random random, string name)
    {
        code.AppendLine(CultureInfo.InvariantCulture, $"        public string {name}(Casework w, Actor a, bool flag)");
        code.AppendLine("        {");
        code.AppendLine("            switch (w.State)");
        code.AppendLine("            {");
        foreach (var state in CaseworkStates)
        {
            if (random.Next(3) == 0)
            {
                continue;
            }

            var guard = random.Next(5) == 0 ? " when flag" : string.Empty;
            code.AppendLine(CultureInfo.InvariantCulture, $"                case CaseworkState.{state}{guard}:");
            code.AppendLine(CultureInfo.InvariantCulture, $"                    _ = {Pick(random, CaseworkCalls)};");
            code.AppendLine("                    break;");
        }

        if (random.Next(4) == 0)
        {
            code.AppendLine("                default:");
            code.AppendLine("                    break;");
        }

        code.AppendLine("            }");
        code.AppendLine("            return \"\";");
        code.AppendLine("        }");
    }

    private static void ChoiceSwitchExpression(StringBuilder code, Random random, string name)
    {
        switch (random.Next(3))
        {
            case 0:
                code.AppendLine(CultureInfo.InvariantCulture, $"        public int {name}(Casework.Rag rag) => rag switch");
                code.AppendLine("        {");
                foreach (var rag in Rags.Where(_ => random.Next(3) != 0))
                {
                    code.AppendLine(CultureInfo.InvariantCulture, $"            Casework.Rag.{rag} => {rag.Length},");
                }

                break;
            case 1:
                code.AppendLine(CultureInfo.InvariantCulture, $"        public string {name}(Custody.Disposal disposal) => disposal switch");
                code.AppendLine("        {");
                code.AppendLine(CultureInfo.InvariantCulture, $"            {Pick(random, "Custody.Disposal.Release", "Custody.Disposal.Charge { Offence: \"theft\" }", "Custody.Disposal.Bail b")} => \"one\",");
                code.AppendLine(CultureInfo.InvariantCulture, $"            {Pick(random, "Custody.Disposal.Charge c", "not Custody.Disposal.Release", "Custody.Disposal.Bail or Custody.Disposal.Release")} => \"two\",");
                break;
            default:
                code.AppendLine(CultureInfo.InvariantCulture, $"        public string {name}(CustodyState state) => state switch");
                code.AppendLine("        {");
                code.AppendLine(CultureInfo.InvariantCulture, $"            {Pick(random, "CustodyState.Booked", "< CustodyState.Released", "CustodyState.Booked or CustodyState.Detained", "not CustodyState.Released")} => \"open\",");
                break;
        }

        if (random.Next(4) == 0)
        {
            code.AppendLine("            _ => \"other\".Length.ToString(),");
        }

        code.AppendLine("        };");
    }

    private static void StateCheck(StringBuilder code, Random random, string name)
    {
        var receiver = Pick(random, "w", "_case", "this.Current", "Pair.Item1");
        code.AppendLine(CultureInfo.InvariantCulture, $"        public ActionResult {name}(Casework w, Actor a, bool flag)");
        code.AppendLine("        {");
        var condition = random.Next(4) switch
        {
            0 => $"{receiver}.State == CaseworkState.{Pick(random, CaseworkStates)}",
            1 => $"flag && {receiver}.State is CaseworkState.{Pick(random, CaseworkStates)} or CaseworkState.{Pick(random, CaseworkStates)}",
            2 => $"CaseworkState.{Pick(random, CaseworkStates)} == {receiver}.State && flag",
            _ => $"{receiver}.State != CaseworkState.{Pick(random, CaseworkStates)}",
        };
        code.AppendLine(CultureInfo.InvariantCulture, $"            if ({condition})");
        code.AppendLine("            {");
        for (var i = random.Next(1, 3); i > 0; i--)
        {
            code.AppendLine(CultureInfo.InvariantCulture, $"                _ = {Pick(random, CaseworkCalls).Replace("w.", receiver + ".", StringComparison.Ordinal)};");
        }

        code.AppendLine("            }");
        code.AppendLine(CultureInfo.InvariantCulture, $"            return {receiver}.State == CaseworkState.{Pick(random, CaseworkStates)} ? {Pick(random, CaseworkCalls).Replace("w.", receiver + ".", StringComparison.Ordinal)} : default;");
        code.AppendLine("        }");
    }

    /// <summary>Breaks a file the ways half-typed code is broken: cut short, a span deleted, or garbage inserted.</summary>
    private static string Break(Random random, string text)
    {
        var at = random.Next(text.Length);
        return random.Next(4) switch
        {
            0 => text.Substring(0, at),
            1 => text.Remove(at, Math.Min(text.Length - at, random.Next(1, 40))),
            2 => text.Insert(at, Pick(random, "{", "}", ")", "switch (", "=> ", "case ", ";;", "\"", "/*", "#if X", "@", "w.State ==")),
            _ => text.Replace(";", string.Empty, StringComparison.Ordinal),
        };
    }

    private static string Pick(Random random, params string[] items) => items[random.Next(items.Length)];
}
