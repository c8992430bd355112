using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CaseManagement.Cases;

/// <summary>A case's entry in the search index: what the case list shows beside its id.</summary>
public sealed record CaseReference(string CaseId, string CrimeReference, string Offence);

/// <summary>
/// The case list's search over every case: case id, crime reference and offence (no personal data), in
/// <c>case-search.db</c> (SQLite) in the data folder. The case's trail holds the same values (see
/// <see cref="CaseDetailsRecord"/>); this is an index of them, rebuilt by writing them again.
/// </summary>
public sealed class CaseSearch
{
    private readonly string _connectionString;

    public CaseSearch(string dataFolder)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataFolder, "case-search.db"), Pooling = false }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS case_reference (
                case_id TEXT PRIMARY KEY,
                crime_reference TEXT NOT NULL,
                offence TEXT NOT NULL,
                updated_at TEXT NOT NULL);
            """;
        command.ExecuteNonQuery();
    }

    public void Index(string caseId, string crimeReference, string offence, DateTimeOffset at)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO case_reference (case_id, crime_reference, offence, updated_at) VALUES ($case, $reference, $offence, $at)
            ON CONFLICT (case_id) DO UPDATE SET crime_reference = excluded.crime_reference, offence = excluded.offence, updated_at = excluded.updated_at
            """;
        command.Parameters.AddWithValue("$case", caseId);
        command.Parameters.AddWithValue("$reference", crimeReference);
        command.Parameters.AddWithValue("$offence", offence);
        command.Parameters.AddWithValue("$at", at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
    }

    /// <summary>The references of these cases (those that have any).</summary>
    public IReadOnlyDictionary<string, CaseReference> For(IEnumerable<string> caseIds)
    {
        var result = new Dictionary<string, CaseReference>(StringComparer.Ordinal);
        using var connection = Open();
        foreach (var id in caseIds)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT crime_reference, offence FROM case_reference WHERE case_id = $case";
            command.Parameters.AddWithValue("$case", id);
            using var reader = command.ExecuteReader();
            if (reader.Read())
            {
                result[id] = new CaseReference(id, reader.GetString(0), reader.GetString(1));
            }
        }

        return result;
    }

    /// <summary>Cases whose id, crime reference or offence contains every word of <paramref name="query"/> (case-insensitive), at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<CaseReference> Search(string query, int limit)
    {
        var words = query.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(8).ToArray();
        using var connection = Open();
        using var command = connection.CreateCommand();
        var conditions = words.Select((_, i) => $"(case_id LIKE $w{i} ESCAPE '\\' OR crime_reference LIKE $w{i} ESCAPE '\\' OR offence LIKE $w{i} ESCAPE '\\')");
        command.CommandText = $"SELECT case_id, crime_reference, offence FROM case_reference {(words.Length == 0 ? "" : "WHERE " + string.Join(" AND ", conditions))} ORDER BY updated_at DESC LIMIT $limit";
        for (var i = 0; i < words.Length; i++)
        {
            command.Parameters.AddWithValue($"$w{i}", "%" + words[i].Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%");
        }

        command.Parameters.AddWithValue("$limit", limit);
        var result = new List<CaseReference>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(new CaseReference(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return result;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
