using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Policy.Definitions;
using Policy.Runtime.Engine;
using Policy.Runtime.Time;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Tests.Time;

/// <summary>Holds docs/deadlines.md's worked examples to the calendar, so the document and the code cannot disagree.</summary>
public sealed partial class DeadlinesDocumentTests
{
    private const string Header = "| Example | Start (London) | Start (UTC) | Duration | Due (London) | Due (UTC) |";
    private const string DeclaredHeader = "| Example | Start (London) | Start (UTC) | Written | Due (London) | Due (UTC) |";
    private const string LondonFormat = "ddd d MMM yyyy HH:mm";
    private const string UtcFormat = "yyyy-MM-dd'T'HH:mm'Z'";

    public static TheoryData<string, string, string, string, string, string> Examples()
    {
        var data = new TheoryData<string, string, string, string, string, string>();
        foreach (var row in ReadExamples())
        {
            data.Add(row[0], row[1], row[2], row[3], row[4], row[5]);
        }

        return data;
    }

    [Fact]
    public void The_document_has_one_table_of_at_least_twenty_examples()
    {
        var lines = File.ReadAllLines(DocumentPath());
        Assert.Single(lines, line => line.Trim() == Header);
        Assert.True(ReadExamples().Count >= 20, "docs/deadlines.md should keep at least 20 worked examples.");
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Each_worked_example_is_what_the_calendar_computes(string example, string startLondon, string startUtc, string duration, string dueLondon, string dueUtc)
    {
        var calendar = EnglandAndWalesCalendar.Instance;
        var start = DateTimeOffset.ParseExact(startUtc, UtcFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.True(startLondon == London(start), $"{example}: the start in UTC is {London(start)} in London, not {startLondon}.");

        var due = calendar.Add(start, ParseDuration(duration));
        Assert.True(dueUtc == due.ToString(UtcFormat, CultureInfo.InvariantCulture), $"{example}: due at {due.ToString(UtcFormat, CultureInfo.InvariantCulture)}, not {dueUtc}.");
        Assert.True(dueLondon == London(due), $"{example}: due at {London(due)} in London, not {dueLondon}.");
    }

    public static TheoryData<string, string, string, string, string, string> DeclaredCalendarExamples()
    {
        var data = new TheoryData<string, string, string, string, string, string>();
        foreach (var row in ReadExamples(DeclaredHeader))
        {
            data.Add(row[0], row[1], row[2], row[3], row[4], row[5]);
        }

        return data;
    }

    [Fact]
    public void The_document_has_one_table_of_examples_on_declared_calendars()
    {
        Assert.Single(File.ReadAllLines(DocumentPath()), line => line.Trim() == DeclaredHeader);
        Assert.True(ReadExamples(DeclaredHeader).Count >= 10, "docs/deadlines.md should keep at least 10 worked examples on declared calendars.");
    }

    /// <summary>
    /// Each row's line, as a policy owner writes it, is compiled into a deadline of a policy with the page's calendars,
    /// and the due time is the one the runtime gives the case opened at the row's start: the language, the checker and
    /// the runtime, end to end.
    /// </summary>
    [Theory]
    [MemberData(nameof(DeclaredCalendarExamples))]
    public void Each_worked_example_on_a_declared_calendar_is_what_a_compiled_policy_computes(string example, string startLondon, string startUtc, string written, string dueLondon, string dueUtc)
    {
        var start = DateTimeOffset.ParseExact(startUtc, UtcFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.True(startLondon == London(start), $"{example}: the start in UTC is {London(start)} in London, not {startLondon}.");

        var parts = written.Split(", counted on ");
        var text = $$"""
            policy Example "Worked example" {
              version "1"
              calendar england-and-wales
              source LAW "The law"
            {{CalendarBlock()}}
              role Officer "Officer"
              state Open "Open" initial
              state Done "Done" final
              action Finish by Officer from Open to Done
              deadline Due "The deadline" {
                starts on entering Open
                {{(parts.Length > 1 ? "counted on " + parts[1] : string.Empty)}}
                Officer must Finish {{parts[0]}}
                cite LAW "The clause"
              }
            }
            """;
        var policy = PolicyText.Compile("example.policy", text, context: $"{example}: '{written}' does not check clean");
        var workflow = new PolicyWorkflow(policy) { TimeProvider = new FakeTimeProvider(start) };
        workflow.OpenCase("example");
        var due = Assert.Single(workflow.OpenDeadlines).DueAt;
        Assert.True(dueUtc == due.ToString(UtcFormat, CultureInfo.InvariantCulture), $"{example}: due at {due.ToString(UtcFormat, CultureInfo.InvariantCulture)}, not {dueUtc}.");
        Assert.True(dueLondon == London(due), $"{example}: due at {London(due)} in London, not {dueLondon}.");
    }

    /// <summary>The calendars the declared-calendar examples use: the page's policy block after its heading.</summary>
    private static string CalendarBlock()
    {
        var page = File.ReadAllText(DocumentPath()).Replace("\r\n", "\n", StringComparison.Ordinal);
        var section = page.IndexOf("## Worked examples on declared calendars", StringComparison.Ordinal);
        Assert.True(section >= 0, "docs/deadlines.md has no section 'Worked examples on declared calendars'.");
        var open = page.IndexOf("```policy\n", section, StringComparison.Ordinal) + "```policy\n".Length;
        var close = page.IndexOf("```", open, StringComparison.Ordinal);
        return page[open..close];
    }

    private static List<string[]> ReadExamples(string header = Header)
    {
        var rows = new List<string[]>();
        using var lines = File.ReadLines(DocumentPath()).GetEnumerator();
        while (lines.MoveNext() && lines.Current.Trim() != header)
        {
        }

        Assert.True(lines.MoveNext() && lines.Current.StartsWith("| ---", StringComparison.Ordinal), "The examples table's header is not followed by its separator row.");
        while (lines.MoveNext() && lines.Current.StartsWith('|'))
        {
            var cells = lines.Current.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            Assert.True(cells.Length == 6, $"An example row does not have 6 cells: {lines.Current}");
            rows.Add(cells);
        }

        return rows;
    }

    private static string London(DateTimeOffset instant)
    {
        var zone = EuropeLondon.TimeZone;
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var clock = zone.IsDaylightSavingTime(instant) ? "BST" : "GMT";
        return $"{local.ToString(LondonFormat, CultureInfo.InvariantCulture)} {clock}";
    }

    private static Duration ParseDuration(string text)
    {
        var match = DurationPattern().Match(text);
        Assert.True(match.Success, $"'{text}' is not a duration such as '1 working day' or '18 hours'.");
        var unit = match.Groups["unit"].Value switch
        {
            "minute" => DurationUnit.Minutes,
            "hour" => DurationUnit.Hours,
            "day" => DurationUnit.Days,
            "working day" => DurationUnit.WorkingDays,
            "week" => DurationUnit.Weeks,
            _ => DurationUnit.Months,
        };
        return new Duration(int.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture), unit);
    }

    private static string DocumentPath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Policy.sln")))
            {
                return Path.Combine(folder.FullName, "docs", "deadlines.md");
            }
        }

        throw new InvalidOperationException("No folder above the test's base directory contains Policy.sln.");
    }

    [GeneratedRegex("^(?<amount>[0-9]+) (?<unit>minute|hour|working day|day|week|month)s?$")]
    private static partial Regex DurationPattern();
}
