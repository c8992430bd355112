using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Policy.Sample.Tests;

/// <summary>
/// axe-core over a page as the browser shows it: no serious or critical violation (WCAG 2.1 A and AA rules and axe's
/// best practices). Every finding, of any impact, is written beside the screenshots as <c>{name}.axe.txt</c>.
/// </summary>
public static class Accessibility
{
    private static readonly string[] Failing = ["serious", "critical"];

    public static async Task AssertNoSeriousViolationsAsync(IPage page, string name, string folder)
    {
        var result = await page.RunAxe();
        var report = new StringBuilder().AppendLine($"{page.Url}: {result.Violations.Length} violations, {result.Passes.Length} rules passed.");
        foreach (var violation in result.Violations)
        {
            report.AppendLine($"[{violation.Impact}] {violation.Id}: {violation.Help} ({violation.HelpUrl})");
            foreach (var node in violation.Nodes)
            {
                report.AppendLine($"    {string.Join(" ", node.Target.ToString())}: {node.Html}");
            }
        }

        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, name + ".axe.txt"), report.ToString());
        var serious = result.Violations.Where(v => Failing.Contains(v.Impact)).ToArray();
        Assert.True(serious.Length == 0, $"axe-core found serious violations on {page.Url}:\n{report}");
    }
}
