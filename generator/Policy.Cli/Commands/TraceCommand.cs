using System.Text;
using Policy.Cli.Explaining;
using Policy.Cli.Scenarios;
using Policy.Definitions;

namespace Policy.Cli.Commands;

/// <summary>
/// <c>policy trace</c>: the traceability table. For every clause the policies cite: the rule, deadline, action or
/// setting that enforces it, and the scenario expectations that prove it.
/// </summary>
internal static class TraceCommand
{
    public const string Help = """
        Usage: policy trace <folder> [--out <file.md>]

        Lists every clause the policies below <folder> cite, grouped by source document: what enforces it
        (a rule, deadline, action requirement or setting) and which scenario expectations prove it (a .scenario
        file below the folder that expects that rule's refusal, that deadline's breach or escalation, and so on).

        Example:
          policy trace policies --out docs/traceability.md
        """;

    /// <summary>One thing a policy enforces, with the clauses it cites.</summary>
    private sealed record Enforcer(PolicyDefinition Policy, string Kind, string Name, string Sentence, IReadOnlyList<Citation> Citations);

    public static int Run(string[] arguments, TextWriter output, TextWriter error)
    {
        var args = arguments.ToList();
        if (PolicyLoader.WantsHelp(args))
        {
            output.WriteLine(Help);
            return CommandLine.Success;
        }

        var outFile = PolicyLoader.TakeOption(args, "--out");
        PolicyLoader.RejectUnknownOptions(args);
        if (args.Count != 1 || !Directory.Exists(args[0]))
        {
            throw new UsageException("trace needs one folder of .policy and .scenario files. Run 'policy trace --help'.");
        }

        var root = args[0];
        var policies = new List<(string File, PolicyDefinition Policy)>();
        foreach (var file in PolicyFiles.Find(new[] { root }))
        {
            var policy = PolicyLoader.Load(file, error);
            if (policy is null)
            {
                return CommandLine.ProblemsFound;
            }

            policies.Add((file, policy));
        }

        var proofs = FindProofs(root, policies, error);
        Output.Write(Render(root, policies, proofs), outFile, output);
        return CommandLine.Success;
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    /// <summary>For each (policy, kind, name): the scenario lines whose expectations depend on it.</summary>
    private static Dictionary<(string Policy, string Kind, string Name), List<string>> FindProofs(string root, List<(string File, PolicyDefinition Policy)> policies, TextWriter error)
    {
        var proofs = new Dictionary<(string, string, string), List<string>>();
        void Add(string policy, string kind, string name, string where)
        {
            if (!proofs.TryGetValue((policy, kind, name), out var list))
            {
                proofs[(policy, kind, name)] = list = new List<string>();
            }

            if (!list.Contains(where))
            {
                list.Add(where);
            }
        }

        foreach (var file in PolicyFiles.Find(new[] { root }, ".scenario"))
        {
            var (scenario, diagnostics) = ScenarioParser.Parse(file, PolicyFiles.Read(file));
            if (scenario is null)
            {
                foreach (var d in diagnostics)
                {
                    error.WriteLine(ScenarioLoading.Format(file, d));
                }

                continue;
            }

            var policyPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file) ?? ".", scenario.PolicyPath));
            var policy = policies.FirstOrDefault(p => Path.GetFullPath(p.File) == policyPath).Policy;
            if (policy is null)
            {
                continue;
            }

            ActionStep? lastAction = null;
            foreach (var step in scenario.Steps)
            {
                var where = $"{Relative(root, file)}:{step.Position.Line}";
                switch (step)
                {
                    case ActionStep action:
                        lastAction = action;
                        break;
                    case ExpectStep { Expectation: RefusedExpectation { Kind: "rule", Rule: { } rule } }:
                        Add(policy.Name, "Rule", rule, where);
                        break;
                    case ExpectStep { Expectation: RefusedExpectation { Kind: "requirement" } } when lastAction is not null:
                        Add(policy.Name, "Requirement", lastAction.Action, where);
                        break;
                    case ExpectStep { Expectation: DeadlineBreachedExpectation breached }:
                        Add(policy.Name, "Deadline", breached.Deadline, where);
                        break;
                    case ExpectStep { Expectation: DeadlineEscalatedExpectation escalated }:
                        Add(policy.Name, "Deadline", escalated.Deadline, where);
                        break;
                    case ExpectStep { Expectation: DeadlineDueExpectation due }:
                        Add(policy.Name, "Deadline", due.Deadline, where);
                        break;
                    case ExpectStep { Expectation: DeadlineStatusExpectation status }:
                        Add(policy.Name, "Deadline", status.Deadline, where);
                        break;
                    case ExpectStep { Expectation: ReadExpectation } when policy.Access is { } access:
                        Add(policy.Name, "Access", access.Name, where);
                        break;
                    case ExpectStep { Expectation: AcceptedExpectation } when lastAction is not null:
                        Add(policy.Name, "Action", lastAction.Action, where);
                        break;
                }
            }
        }

        return proofs;
    }

    private static IEnumerable<Enforcer> Enforcers(PolicyDefinition policy)
    {
        var english = new PolicyEnglish(policy);
        foreach (var rule in policy.Rules)
        {
            yield return new Enforcer(policy, "Rule", rule.Name, english.Rule(rule), rule.Citations);
        }

        foreach (var deadline in policy.Deadlines)
        {
            yield return new Enforcer(policy, "Deadline", deadline.Name, english.Deadline(deadline), deadline.Citations);
        }

        foreach (var action in policy.Actions)
        {
            foreach (var requirement in action.Requirements.Where(r => r.Citations.Count > 0))
            {
                yield return new Enforcer(policy, "Requirement", action.Name, $"\"{english.Action(action.Name)}\" is refused unless {english.Condition(requirement.Condition)}: “{requirement.Message}”", requirement.Citations);
            }

            var sentence = english.ActionSentence(action);
            var firstSentence = sentence.IndexOf(". ", StringComparison.Ordinal) is var end and > 0 ? sentence.Substring(0, end + 1) : sentence;
            yield return new Enforcer(policy, "Action", action.Name, firstSentence, action.Citations);
        }

        foreach (var setting in policy.Settings)
        {
            yield return new Enforcer(policy, "Setting", setting.Name, PolicyEnglish.SettingSentence(setting), setting.Citations);
        }

        if (policy.Access is { } access)
        {
            yield return new Enforcer(policy, "Access", access.Name, string.Join(" ", english.AccessSentences()), access.Citations);
        }
    }

    private static string Render(string root, List<(string File, PolicyDefinition Policy)> policies, Dictionary<(string Policy, string Kind, string Name), List<string>> proofs)
    {
        var text = new StringBuilder();
        text.Append("# Traceability\n\n");
        text.Append("Every clause the policies cite, what in the policy enforces it, and the scenarios that prove it.\n");
        var folder = Path.GetFileName(Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        text.Append($"Generated by `policy trace {folder}` from the policies' `cite` lines and the scenarios' expectations: do not edit by hand.\n");
        var uncovered = 0;
        foreach (var (file, policy) in policies.OrderBy(p => p.Policy.Name, StringComparer.Ordinal))
        {
            text.Append($"\n## {policy.Title} (`{Relative(root, file)}`)\n");
            var enforcers = Enforcers(policy).ToList();
            foreach (var source in policy.Sources)
            {
                var rows = enforcers
                    .SelectMany(e => e.Citations.Where(c => c.SourceId == source.Id).Select(c => (Clause: c.Clause, Enforcer: e)))
                    .GroupBy(r => (r.Clause, r.Enforcer.Kind, r.Enforcer.Name))
                    .Select(g => g.First())
                    .ToList();
                if (rows.Count == 0)
                {
                    continue;
                }

                text.Append($"\n### {source.Id}: {Escape(source.Title)}\n\n| Clause | Enforced by | Proved by |\n| --- | --- | --- |\n");
                foreach (var (clause, enforcer) in rows)
                {
                    var proved = proofs.TryGetValue((policy.Name, enforcer.Kind, enforcer.Name), out var list) ? string.Join("<br>", list.Select(p => $"`{p}`")) : "not yet proved by a scenario";
                    uncovered += list is null && enforcer.Kind is "Rule" or "Deadline" or "Requirement" ? 1 : 0;
                    var label = enforcer.Kind == "Requirement" ? $"Requirement of {enforcer.Name}" : $"{enforcer.Kind} {enforcer.Name}";
                    text.Append($"| {Escape(clause)} | **{label}**: {Escape(enforcer.Sentence)} | {proved} |\n");
                }
            }
        }

        text.Append($"\n{(uncovered == 0 ? "Every cited rule, deadline and requirement is proved by at least one scenario." : $"{uncovered} cited rules, deadlines or requirements are not yet proved by a scenario.")}\n");
        return text.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|").Replace("\n", " ").Replace("\r", " ");
}
