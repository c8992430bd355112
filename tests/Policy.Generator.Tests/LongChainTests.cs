using Policy.Definitions;
using Policy.Generator.Tests.Infrastructure;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Workflows;

namespace Policy.Generator.Tests;

/// <summary>
/// "No input can overflow the stack" (docs/architecture.md): a condition of 100,000 terms goes through the front end,
/// the generator and the runtime on a thread with a small stack. Before chains became one node, 18,000 terms killed
/// the C# compiler and 32,000 any process with an 8 MB stack. The real build of such a policy is tested in
/// Policy.Packaging.Tests.
/// </summary>
public class LongChainTests
{
    private const int Terms = 100_000;

    /// <summary>Far less than any thread gets by default: a walk that recursed once per term would need hundreds of megabytes.</summary>
    private const int SmallStack = 256 * 1024;

    private static string Policy(string connective) => $$"""
        policy LongChain "A condition of many terms" {
          version "1"
          source SOP "The procedure"
          role Officer "Officer"
          state Open initial
          state Closed final
          action Close by Officer from Open to Closed {
            record ok: yes/no
            require {{string.Join($" {connective} ", Enumerable.Repeat("ok", Terms))}} "Confirm it."
            cite SOP "1"
          }
        }
        """;

    [Theory]
    [InlineData("and")]
    [InlineData("or")]
    public void A_chain_of_100000_terms_checks_generates_and_runs_on_a_small_stack(string connective)
    {
        var text = Policy(connective);
        RunOnSmallStack(() =>
        {
            var compilation = Language.PolicyCompiler.Compile("long-chain.policy", text);
            Assert.Empty(compilation.Diagnostics);
            var requirement = Assert.Single(Assert.Single(compilation.Definition!.Actions).Requirements);
            var operands = connective == "and" ? ((AndCondition)requirement.Condition).Operands : ((OrCondition)requirement.Condition).Operands;
            Assert.Equal(Terms, operands.Count);

            var (result, _) = GeneratorHarness.Run(new[] { GeneratorHarness.Policy("long-chain.policy", text) });
            var run = Assert.Single(result.Results);
            Assert.Null(run.Exception);
            Assert.Empty(run.Diagnostics);
            Assert.Contains("new global::Policy.Definitions.Condition[]", Assert.Single(run.GeneratedSources).SourceText.ToString(), StringComparison.Ordinal);

            var workflow = new PolicyWorkflow(CompiledPolicy.Compile(compilation.Definition));
            workflow.OpenCase("case-1");
            var officer = new Actor("pc-1", "Officer");
            var refused = workflow.Perform("Close", officer, new Dictionary<string, FieldValue> { ["ok"] = FieldValues.YesNo(false)! });
            Assert.Equal(RefusalKind.Precondition, refused.Refusal!.Kind);
            Assert.True(workflow.Perform("Close", officer, new Dictionary<string, FieldValue> { ["ok"] = FieldValues.YesNo(true)! }).IsAccepted);
        });
    }

    private static void RunOnSmallStack(Action test)
    {
        Exception? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    test();
                }
                catch (Exception e)
                {
                    failure = e;
                }
            },
            SmallStack);
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }
}
