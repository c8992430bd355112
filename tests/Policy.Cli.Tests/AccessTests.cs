using System.Text.Json;
using Microsoft.Data.Sqlite;
using Policy.Definitions;
using Policy.Runtime.Audit;
using Policy.Runtime.Events;
using Policy.Runtime.Storage;

namespace Policy.Cli.Tests;

/// <summary><c>policy access</c>: the two questions Professional Standards asks, and the flagged reads, in text, JSON and CSV.</summary>
public sealed class AccessTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("policy-access-").FullName;

    private string Database => Path.Combine(_folder, "cases.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static CaseEvent Opened(string caseId) => new(caseId, 1, CaseEventKind.Opened, "Reported", T0, "ps-1", null, new Dictionary<string, FieldValue>(), "RassoInvestigation", "2025.02");

    private async Task WriteStoreAsync()
    {
        await using (var store = SqliteCaseStore.ForFile(Database))
        {
            await store.InitializeAsync();
            await store.AppendAsync("victim-1", 0, [Opened("victim-1")], [], new Dictionary<string, string>(), []);
            await store.AppendAsync("victim-2", 0, [Opened("victim-2")], [], new Dictionary<string, string>(), []);
            await store.AppendAuditAsync(
            [
                new AuditRecord(AuditKind.Read, T0.AddHours(2), "victim-1", "soit-2", "Safeguarding", "{}"),
                new AuditRecord(AuditKind.AccessFlag, T0.AddHours(2), "victim-1", "soit-2", "Safeguarding", "{\"flaggedTo\":\"ProfessionalStandards\"}"),
            ]);
            await store.AppendAuditAsync([new AuditRecord(AuditKind.Refusal, T0.AddHours(3), "victim-2", "soit-2", "=HYPERLINK(\"x\"), curious", "{\"kind\":\"Access\",\"message\":\"Only the case's OIC may read this case.\"}")]);
            await store.AppendAuditAsync([new AuditRecord(AuditKind.Read, T0.AddHours(4), "victim-1", "dc-1", "Reviewing the file", "{}")]);
        }

        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Who_read_a_case_and_what_an_officer_read_are_printed_with_who_when_and_why()
    {
        await WriteStoreAsync();

        var byCase = CliRunner.Run("access", Database, "--case", "victim-1");
        Assert.Equal((0, ""), (byCase.ExitCode, byCase.Error));
        Assert.Contains("Records of access for case victim-1", byCase.Output, StringComparison.Ordinal);
        Assert.Contains("ps-1  changed  case victim-1  opened the case", byCase.Output, StringComparison.Ordinal);
        Assert.Contains("soit-2  read  case victim-1  why: \"Safeguarding\"  FLAGGED to ProfessionalStandards", byCase.Output, StringComparison.Ordinal);
        Assert.Contains("dc-1  read  case victim-1  why: \"Reviewing the file\"", byCase.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("victim-2", byCase.Output, StringComparison.Ordinal);

        var byOfficer = CliRunner.Run("access", Database, "--officer", "soit-2", "--format", "json");
        Assert.Equal(0, byOfficer.ExitCode);
        var records = JsonDocument.Parse(byOfficer.Output).RootElement.EnumerateArray().ToList();
        Assert.Equal(
            [("Consultation", "victim-1", "Safeguarding", "ProfessionalStandards"), ("RefusedConsultation", "victim-2", "=HYPERLINK(\"x\"), curious", null)],
            records.Select(r => (r.GetProperty("kind").GetString()!, r.GetProperty("case").GetString()!, r.GetProperty("justification").GetString()!, r.GetProperty("flaggedTo").GetString())));
        Assert.Equal("2025-03-03T11:00:00.000000Z", records[0].GetProperty("at").GetString());

        var flagged = CliRunner.Run("access", Database, "--flagged", "--format", "csv");
        Assert.Equal(0, flagged.ExitCode);
        var lines = flagged.Output.TrimEnd('\n').Split('\n');
        Assert.Equal("kind,at,case,officer,justification,detail,flagged_to,position", lines[0]);
        Assert.Equal("Consultation,2025-03-03T11:00:00.000000Z,victim-1,soit-2,Safeguarding,,ProfessionalStandards,3", Assert.Single(lines.Skip(1)));
    }

    [Fact]
    public async Task With_the_policies_an_alteration_names_the_action_by_its_title_and_without_them_by_its_name()
    {
        await using (var store = SqliteCaseStore.ForFile(Database))
        {
            await store.InitializeAsync();
            var assessed = new CaseEvent("victim-1", 2, CaseEventKind.ActionPerformed, "AssessRisk", T0.AddHours(1), "ps-1", "Supervisor", new Dictionary<string, FieldValue>(), "RassoInvestigation", "2025.02");
            await store.AppendAsync("victim-1", 0, [Opened("victim-1"), assessed], [], new Dictionary<string, string>(), []);
        }

        SqliteConnection.ClearAllPools();
        var titled = CliRunner.Run("access", Database, "--case", "victim-1", "--policies", Path.Combine(CliRunner.RepositoryRoot, "policies"));
        Assert.Equal((0, ""), (titled.ExitCode, titled.Error));
        Assert.Contains("ps-1  changed  case victim-1  performed Complete the supervisor risk assessment and set the RAG rating (AssessRisk)", titled.Output, StringComparison.Ordinal);

        var named = CliRunner.Run("access", Database, "--case", "victim-1");
        Assert.Contains("ps-1  changed  case victim-1  performed AssessRisk", named.Output, StringComparison.Ordinal);

        var missing = CliRunner.Run("access", Database, "--case", "victim-1", "--policies", Path.Combine(_folder, "nowhere"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("is not a folder", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_quotes_what_needs_it_and_never_hands_a_spreadsheet_a_formula_and_the_period_bounds_the_records()
    {
        await WriteStoreAsync();

        var csv = CliRunner.Run("access", Database, "--officer", "soit-2", "--format", "csv", "--from", "2025-03-03T11:30:00Z");
        var line = Assert.Single(csv.Output.TrimEnd('\n').Split('\n').Skip(1));
        Assert.StartsWith("RefusedConsultation,2025-03-03T12:00:00.000000Z,victim-2,soit-2,\"'=HYPERLINK(\"\"x\"\"), curious\",", line, StringComparison.Ordinal);

        var before = CliRunner.Run("access", Database, "--case", "victim-1", "--until", "2025-03-03T12:00:00Z");
        Assert.DoesNotContain("dc-1", before.Output, StringComparison.Ordinal);
        Assert.Contains("soit-2", before.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "access", "cases.db" }, "access needs one of --case <id>, --officer <id> or --flagged")]
    [InlineData(new[] { "access", "cases.db", "--case", "a", "--officer", "b" }, "access needs one of --case <id>, --officer <id> or --flagged")]
    [InlineData(new[] { "access", "cases.db", "--case", "a", "--format", "xml" }, "--format must be text, json or csv, not 'xml'")]
    [InlineData(new[] { "access", "cases.db", "--case", "a", "--from", "last week" }, "--from must be a date (yyyy-MM-dd) or an ISO 8601 instant, not 'last week'")]
    [InlineData(new[] { "access", "missing.db", "--case", "a" }, "the store 'missing.db' does not exist")]
    public async Task Usage_errors_say_what_to_do_without_a_stack_trace(string[] args, string message)
    {
        await WriteStoreAsync();
        var resolved = args.Select(a => a == "cases.db" ? Database : a).ToArray();
        var result = CliRunner.Run(resolved);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
