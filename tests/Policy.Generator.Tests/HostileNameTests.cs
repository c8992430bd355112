using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Policy.Generator.Tests.Infrastructure;
using Policy.Runtime.Workflows;

namespace Policy.Generator.Tests;

/// <summary>
/// Names a careless author or an attacker would write, each found to check clean and then break the generated C#.
/// Every one now either compiles with every warning an error (and records the policy's own names), or is refused by
/// the checker at its line with a POL diagnostic: never uncompilable output.
/// </summary>
public class HostileNameTests
{
    /// <summary>A policy around <paramref name="body"/>, named <paramref name="name"/>.</summary>
    private static string Policy(string body, string name = "Hostile") => $$"""
        policy {{name}} "A policy with hostile names" {
          version "1"
          source SOP "The procedure"
          role Officer "Officer"
          state Open initial
          state Closed final
          action Finish by Officer from Open to Closed
        {{body}}
        }
        """;

    public static TheoryData<string, string> Compiling() => new()
    {
        { "a keyword as a role", Policy("  role event \"Event officer\"\n  action Log by event in Open") },
        { "a keyword as an action", Policy("  action class by Officer in Open") },
        { "a keyword as a setting", Policy("  setting default: duration = 14 days \"Default\" by Officer") },
        { "a keyword as a signal", Policy("  signal static \"Something happened\"") },
        { "a keyword as the policy", Policy(string.Empty, name: "class") },
        { "a lower-case policy", Policy(string.Empty, name: "review") },
        { "keywords as options", Policy("  choice Kind { class, event, default }\n  action Classify by Officer in Open { record kind: Kind }") },
        { "keywords as options with data", Policy("  choice Kind { class(reason: text), event }\n  action Classify by Officer in Open { record kind: Kind }") },
        { "a lower-case choice", Policy("  choice grade { high, low }\n  action Grade by Officer in Open { record level: grade }") },
        { "a keyword as a deadline", Policy("  deadline operator \"Logged\" {\n    starts on entering Open\n    Officer must Finish within 1 day\n    cite SOP \"1\"\n  }") },
        { "keywords as fields", Policy("  action Note by Officer in Open { record event: text, params: text optional, base: yes/no }") },
        { "undocumented keywords and discards", Policy("  action __arglist by Officer in Open { record _: text, __makeref: text }") },
        { "contextual keywords", Policy("  action file by Officer in Open { record required: text, scoped: text, var: number, value: text, nameof: text }\n  state yield\n  action Move by Officer from Open to yield\n  action Done by Officer from yield to Closed") },
        { "a field named like its choice type", Policy("  choice Outcome { Charged(offence: Offence), Released }\n  choice Offence { Theft, Fraud }\n  action Decide by Officer in Open { record outcome: Outcome }") },
        { "a field named like another choice", Policy("  choice Outcome { Charged(grade: Grade, other: Offence) }\n  choice Offence { Theft }\n  choice Grade { High }\n  action Decide by Officer in Open { record outcome: Outcome }") },
        { "names in other scripts", Policy("  role Überprüfer \"Prüfer\"\n  action 调查 by Überprüfer in Open { record 理由: text }") },
        { "recorded fields that differ only in their first letter's case", Policy("  action Note by Officer in Open { record seenAt: date-time }\n  action Confirm by Officer in Open { record SeenAt: date }") },
        { "recorded fields named like the record's inherited members", Policy("  action Note by Officer in Open { record equals: text, toString: yes/no, getHashCode: number, caseRecord: text }") },
        { "a recorded field named like the policy", Policy("  action Note by Officer in Open { record hostile: text }") },
        { "recorded choices read back through the workflow class", Policy("  choice Outcome { Charged(offence: Offence, note: text optional), Released }\n  choice Offence { Theft, Fraud }\n  action Decide by Officer in Open { record outcome: Outcome, offence: Offence, Hostile: text optional }", name: "hostile") },
        { "a contextual keyword as the policy, with choices it converts", Policy("  choice Kind { A, B }\n  choice Outcome { C(reason: text), D }\n  action Classify by Officer in Open { record kind: Kind, outcome: Outcome }", name: "value") },
        { "a calendar named like the policy's members", Policy("  calendar Policy \"Days\" {\n    counts weekdays\n  }\n  calendar Description \"Days\" {\n    counts every day\n  }\n  deadline Due \"Due\" {\n    starts on entering Open\n    counted on Policy\n    Officer must Finish within 1 day\n    cite SOP \"1\"\n  }") },
    };

    public static TheoryData<string, string, string, string> Refused() => new()
    {
        { "a field that becomes the actor parameter", Policy("  action Note by Officer in Open { record Actor: text }"), "POL0013", "Actor" },
        { "two fields that become one parameter", Policy("  action Note by Officer in Open { record note: text, Note: text }"), "POL0016", "Note" },
        { "an enum's reserved member as a state", Policy("  state value__\n  action Go by Officer from Open to value__"), "POL0013", "value__" },
        { "an enum's reserved member as an option", Policy("  choice Kind { value__ }"), "POL0013", "value__" },
        { "a choice named like an inherited member", Policy("  choice Settings { A }"), "POL0013", "Settings" },
        { "a policy named like a nested class", Policy(string.Empty, name: "Roles"), "POL0013", "Roles" },
        { "a policy named like the static description", Policy(string.Empty, name: "Description"), "POL0013", "Description" },
        { "a policy named like the static compiled policy", Policy(string.Empty, name: "Policy"), "POL0013", "Policy" },
        { "a policy named Durations", Policy(string.Empty, name: "Durations"), "POL0013", "Durations" },
        { "a choice named like the compiled policy", Policy("  choice Policy { A }"), "POL0013", "Policy" },
        { "a choice named like the description", Policy("  choice Description { A }"), "POL0013", "Description" },
        { "an option field named equals", Policy("  choice Kind { A(equals: text) }"), "POL0013", "equals" },
        { "an option field named toString", Policy("  choice Kind { A(toString: text) }"), "POL0013", "toString" },
        { "an option field named deconstruct", Policy("  choice Kind { A(deconstruct: text) }"), "POL0013", "deconstruct" },
        { "an option field named like the generated converter", Policy("  choice Kind { A(toFieldValue: text) }"), "POL0013", "toFieldValue" },
        { "an option field named like its option", Policy("  choice Kind { Reason(reason: text) }"), "POL0013", "reason" },
        { "an option named like its choice", Policy("  choice Kind { Kind(reason: text) }"), "POL0013", "Kind" },
        { "an action that hides an inherited method", Policy("  action Replay by Officer in Open"), "POL0013", "Replay" },
        { "a setting that hides an inherited method", Policy("  setting Signal: number = 1 \"A number\""), "POL0013", "Signal" },
        { "a role that hides object.Equals in Roles", Policy("  role Equals \"Equals\"\n  action Log by Equals in Open"), "POL0013", "Equals" },
        { "a deadline that hides object.ToString in Deadlines", Policy("  deadline ToString \"Logged\" {\n    starts on entering Open\n    Officer must Finish within 1 day\n    cite SOP \"1\"\n  }"), "POL0013", "ToString" },
        { "a recorded field named like an inherited member of the record", Policy("  action Note by Officer in Open { record ToString: text }"), "POL0013", "ToString" },
        { "a recorded field named like the record's type", Policy("  action Note by Officer in Open { record CaseRecord: text }"), "POL0013", "CaseRecord" },
        { "a recorded field named like the policy's class", Policy("  action Note by Officer in Open { record Hostile: text }"), "POL0013", "Hostile" },
        { "an action named like the typed record", Policy("  action Record by Officer in Open"), "POL0013", "Record" },
        { "a choice named like the calendars class", Policy("  choice Calendars { A }"), "POL0013", "Calendars" },
        { "a calendar named like its class", Policy("  calendar Calendars \"Days\" {\n    counts weekdays\n  }"), "POL0013", "Calendars" },
        { "a calendar named like object.Equals", Policy("  calendar Equals \"Days\" {\n    counts weekdays\n  }"), "POL0013", "Equals" },
        { "a policy named with the implementation's double underscore", Policy(string.Empty, name: "__recorded"), "POL0013", "__recorded" },
        { "a choice with data named like a record member", Policy("  choice EqualityContract { A(reason: text) }"), "POL0013", "EqualityContract" },
        { "a choice with data named like its converter", Policy("  choice ToFieldValue { A(reason: text) }"), "POL0013", "ToFieldValue" },
        { "a policy with no states", "policy Empty \"Nothing\" {\n  version \"1\"\n  role Officer \"Officer\"\n}", "POL0027", "Empty" },
        { "a duration that overflows a date", Policy("  deadline Forever \"Never\" {\n    starts on entering Open\n    Officer must Finish within 100000 months\n    cite SOP \"1\"\n  }"), "POL0052", "100000 months" },
        { "more roles than the engine tells apart", Policy(string.Concat(Enumerable.Range(1, 64).Select(i => $"  role R{i}\n"))), "POL0038", "R64" },
    };

    [Theory]
    [MemberData(nameof(Compiling))]
    public void A_hostile_name_that_checks_clean_compiles_with_every_warning_an_error(string what, string text)
    {
        var assembly = CompileStrictly(what, text);
        var workflow = assembly.GetTypes().Single(t => t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(PolicyWorkflow<>));
        var instance = (PolicyWorkflow)Activator.CreateInstance(workflow)!;
        instance.OpenCase("case-1");
        Assert.Equal("Open", instance.StateName);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_name_the_generated_code_cannot_take_is_refused_at_its_position(string what, string text, string id, string at)
    {
        var compilation = Language.PolicyCompiler.Compile("hostile.policy", text);
        var diagnostic = compilation.Diagnostics.FirstOrDefault(d => d.Id == id);
        Assert.True(diagnostic is not null, $"{what}: expected {id}, got: {string.Join("; ", compilation.Diagnostics)}");
        Assert.Equal(at, text.Substring(diagnostic.Span.Start, diagnostic.Span.Length));
        Assert.Null(compilation.Definition);
    }

    [Fact]
    public void Recorded_values_are_the_policys_own_names_never_escaped_identifiers()
    {
        var assembly = CompileStrictly("keywords", Policy("  choice Kind { class, event }\n  action Classify by Officer in Open { record kind: Kind }\n  deadline default \"Due\" {\n    starts on entering Open\n    Officer must Finish within 1 day\n    cite SOP \"1\"\n  }"));
        var type = assembly.GetType("Force.Policies.Hostile", throwOnError: true)!;
        dynamic workflow = Activator.CreateInstance(type)!;
        workflow.OpenCase("case-1");
        var kind = assembly.GetType("Force.Policies.Hostile+Kind", throwOnError: true)!;

        ActionResult result = workflow.Classify(new Actor("pc-1", "Officer"), (dynamic)Enum.Parse(kind, "class"));

        Assert.True(result.IsAccepted, result.ToString());
        Assert.Equal("class", ((PolicyWorkflow)workflow).Recorded("kind")!.Text);
        var deadlines = assembly.GetType("Force.Policies.Hostile+Deadlines", throwOnError: true)!;
        Assert.Equal("default", deadlines.GetField("default")!.GetValue(null));
        Assert.Equal("default", Assert.Single(((PolicyWorkflow)workflow).OpenDeadlines).Deadline);
    }

    [Fact]
    public void Output_over_a_megabyte_is_rendered_whole()
    {
        var actions = string.Concat(Enumerable.Range(0, 1_500).Select(i =>
            $"  action Step{i} \"{new string('x', 400)}\" by Officer in Open {{ record note{i}: text }}\n"));
        var (result, output) = GeneratorHarness.Run(new[] { GeneratorHarness.Policy("Large.policy", Policy(actions, name: "Large")) });

        var source = Assert.Single(Assert.Single(result.Results).GeneratedSources).SourceText.ToString();
        Assert.True(source.Length > 1_048_576, $"the output is only {source.Length} characters");
        Assert.DoesNotContain("...", source, StringComparison.Ordinal);
        Assert.EndsWith("}\n", source.Replace("\r\n", "\n"), StringComparison.Ordinal);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void Two_policies_whose_types_would_clash_are_refused_not_left_to_the_csharp_compiler()
    {
        var (result, _) = GeneratorHarness.Run(new[]
        {
            GeneratorHarness.Policy("a.policy", Policy(string.Empty, name: "Review")),
            GeneratorHarness.Policy("b.policy", Policy(string.Empty, name: "ReviewState")),
            GeneratorHarness.Policy("c.policy", Policy(string.Empty, name: "REVIEW")),
        });

        var run = Assert.Single(result.Results);
        Assert.Null(run.Exception);
        Assert.Single(run.GeneratedSources);
        Assert.Equal(2, run.Diagnostics.Count(d => d.Id == "POL0091"));
    }

    [Fact]
    public void Every_member_a_workflow_inherits_is_reserved()
    {
        var inherited = typeof(PolicyWorkflow<>)
            .GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.FlattenHierarchy)
            .Where(m => m is not ConstructorInfo && m is not MethodInfo { IsSpecialName: true }
                && (m is not MethodBase method || method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly)
                && (m is not PropertyInfo property || (property.GetMethod ?? property.SetMethod) is { } accessor && (accessor.IsPublic || accessor.IsFamily)))
            .Where(m => m.DeclaringType != typeof(object))
            .Select(m => m.Name)
            .Distinct()
            .ToArray();

        var reserved = Language.Naming.GeneratedNames.WorkflowBaseMembers;
        Assert.Empty(inherited.Except(reserved));
    }

    /// <summary>Generates and compiles <paramref name="text"/> as a consumer with warnings as errors and documentation checked would.</summary>
    private static Assembly CompileStrictly(string what, string text)
    {
        var (result, output) = GeneratorHarness.Run(new[] { GeneratorHarness.Policy("hostile.policy", text) });
        var run = Assert.Single(result.Results);
        Assert.Null(run.Exception);
        Assert.True(run.Diagnostics.All(d => d.Severity != DiagnosticSeverity.Error), $"{what}: {string.Join("\n", run.Diagnostics)}");
        var strict = output
            .WithOptions(output.Options.WithGeneralDiagnosticOption(ReportDiagnostic.Error))
            .RemoveAllSyntaxTrees()
            .AddSyntaxTrees(output.SyntaxTrees.Select(t => t.WithRootAndOptions(t.GetRoot(), ((CSharpParseOptions)t.Options).WithDocumentationMode(DocumentationMode.Diagnose))));
        using var stream = new MemoryStream();
        var emit = strict.Emit(stream);
        Assert.True(emit.Success, $"{what}:\n" + string.Join("\n", emit.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning)));
        stream.Position = 0;
        return new AssemblyLoadContext(what, isCollectible: true).LoadFromStream(stream);
    }
}
