using System.Globalization;
using System.Text;
using System.Text.Json;
using Policy.Runtime.Cases;
using Policy.Runtime.Engine;
using Policy.Runtime.Storage;

namespace Policy.Cli.Commands;

/// <summary><c>policy access</c>: the records of access (DPA 2018 s.62) of a case, of an officer, or the flagged reads, read from a store.</summary>
internal static class AccessCommand
{
    public const string Help = """
        Usage: policy access <store> (--case <id> | --officer <id> | --flagged) [--from <date>] [--until <date>]
                             [--format text|json|csv] [--schema <name>] [--policies <folder>]

        The records of access the Data Protection Act 2018 s.62 asks for, read from a case store's audit record:
        each consultation (read) with its justification, each read the policy refused, each alteration, disclosure
        (with its recipients) and erasure, with who, the date and the time. Nothing in the store is changed.

          <store>           A SQLite database file, or a PostgreSQL connection string (Host=...).
          --case <id>       Who read, changed, disclosed or erased this case's data, when and why.
          --officer <id>    What this officer read, changed, disclosed or erased, in every case, when and why.
          --flagged         Every read the policies' access rules flagged, in every case.
          --from <date>     Only records from this date (yyyy-MM-dd, London time) or instant (ISO 8601).
          --until <date>    Only records before this date or instant.
          --format <f>      text (the default), json (one array) or csv (a header line, then a line per record).
          --schema <name>   The PostgreSQL schema (default: policy).
          --policies <dir>  The folder of the .policy files the cases run under, so that each alteration names
                            the action by its title ("performed Assess the risk (AssessRisk)"); without it, by name.

        Times are printed in UTC (ISO 8601) in json and csv, and in London time in text.

        Example:
          policy access App_Data/cases.db --officer soit-2 --from 2025-03-01 --format csv > soit-2.csv
        """;

    public static async Task<int> RunAsync(string[] arguments, TextWriter output, TextWriter error)
    {
        var args = arguments.ToList();
        if (PolicyLoader.WantsHelp(args))
        {
            await output.WriteLineAsync(Help);
            return CommandLine.Success;
        }

        var caseId = PolicyLoader.TakeOption(args, "--case");
        var officer = PolicyLoader.TakeOption(args, "--officer");
        var flagged = args.Remove("--flagged");
        var from = Instant(PolicyLoader.TakeOption(args, "--from"), "--from");
        var until = Instant(PolicyLoader.TakeOption(args, "--until"), "--until");
        var format = PolicyLoader.TakeOption(args, "--format") ?? "text";
        var schema = PolicyLoader.TakeOption(args, "--schema") ?? "policy";
        var policyFolder = PolicyLoader.TakeOption(args, "--policies");
        PolicyLoader.RejectUnknownOptions(args);
        if (args.Count != 1)
        {
            throw new UsageException("access needs exactly one store: a SQLite file or a PostgreSQL connection string. Run 'policy access --help'.");
        }

        if ((caseId is null ? 0 : 1) + (officer is null ? 0 : 1) + (flagged ? 1 : 0) != 1)
        {
            throw new UsageException("access needs one of --case <id>, --officer <id> or --flagged. Run 'policy access --help'.");
        }

        if (format is not ("text" or "json" or "csv"))
        {
            throw new UsageException($"--format must be text, json or csv, not '{format}'.");
        }

        PolicyCatalog? policies = null;
        if (policyFolder is not null)
        {
            policies = PolicyLoader.LoadCatalog(policyFolder, error);
            if (policies is null)
            {
                return CommandLine.UsageError;
            }
        }

        var (store, name, schemaVersion, readable) = await VerifyCommand.OpenAsync(args[0], schema);
        await using (store)
        {
            if (schemaVersion != readable)
            {
                throw new UsageException(schemaVersion < readable
                    ? $"{name} is at schema version {schemaVersion}; this tool reads version {readable}. Start the application on it once to migrate it, then ask again."
                    : $"{name} is at schema version {schemaVersion}, newer than this tool ({readable}). Use the policy tool of the application's version.");
            }

            IReadOnlyList<AccessRecord> records;
            string subject;
            if (caseId is not null)
            {
                records = (await AccessRecords.ForCaseAsync(store, caseId, policies)).Where(r => (from is null || r.At >= from) && (until is null || r.At < until)).ToArray();
                subject = $"case {caseId}";
            }
            else if (officer is not null)
            {
                records = await AccessRecords.ByOfficerAsync(store, officer, from, until, 100_000, policies);
                subject = $"officer {officer}";
            }
            else
            {
                records = await AccessRecords.FlaggedReadsAsync(store, from, until, 100_000);
                subject = "flagged reads";
            }

            await output.WriteAsync(format switch
            {
                "json" => Json(records),
                "csv" => Csv(records),
                _ => Text(records, subject, name),
            });
            return CommandLine.Success;
        }
    }

    private static DateTimeOffset? Instant(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var london = Policy.Runtime.Time.EuropeLondon.TimeZone;
            var local = date.ToDateTime(TimeOnly.MinValue);
            return new DateTimeOffset(local, london.GetUtcOffset(local));
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant;
        }

        throw new UsageException($"{option} must be a date (yyyy-MM-dd) or an ISO 8601 instant, not '{text}'.");
    }

    private static string Words(AccessKind kind) => kind switch
    {
        AccessKind.Consultation => "read",
        AccessKind.RefusedConsultation => "refused read",
        AccessKind.Alteration => "changed",
        AccessKind.Disclosure => "disclosed",
        AccessKind.Erasure => "erased",
        _ => kind.ToString(),
    };

    private static string Text(IReadOnlyList<AccessRecord> records, string subject, string store)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Records of access for {subject} in {store}: {records.Count}\n");
        foreach (var r in records)
        {
            text.Append(CultureInfo.InvariantCulture, $"{ScenarioLoading.Local(r.At)}  {r.OfficerId}  {Words(r.Kind)}  case {r.CaseId}");
            if (r.Justification is { } why)
            {
                text.Append(CultureInfo.InvariantCulture, $"  why: \"{why}\"");
            }

            if (r.Detail is { } detail)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {(r.Kind == AccessKind.Disclosure ? "to: " : r.Kind == AccessKind.Erasure ? "what: " : string.Empty)}{detail}");
            }

            if (r.FlaggedTo is { } flaggedTo)
            {
                text.Append(CultureInfo.InvariantCulture, $"  FLAGGED to {flaggedTo}");
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Json(IReadOnlyList<AccessRecord> records)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (var r in records)
            {
                writer.WriteStartObject();
                writer.WriteString("kind", r.Kind.ToString());
                writer.WriteString("at", r.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
                writer.WriteString("case", r.CaseId);
                writer.WriteString("officer", r.OfficerId);
                writer.WriteString("justification", r.Justification);
                writer.WriteString("detail", r.Detail);
                writer.WriteString("flaggedTo", r.FlaggedTo);
                writer.WriteNumber("position", r.Position);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static string Csv(IReadOnlyList<AccessRecord> records)
    {
        var text = new StringBuilder("kind,at,case,officer,justification,detail,flagged_to,position\n");
        foreach (var r in records)
        {
            text.AppendJoin(',', [
                r.Kind.ToString(),
                r.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
                Field(r.CaseId), Field(r.OfficerId), Field(r.Justification), Field(r.Detail), Field(r.FlaggedTo),
                r.Position.ToString(CultureInfo.InvariantCulture)]).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A CSV field (RFC 4180), and never a formula a spreadsheet would run: a leading = + - @ is quoted with an apostrophe.</summary>
    private static string Field(string? value)
    {
        if (value is null)
        {
            return string.Empty;
        }

        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
