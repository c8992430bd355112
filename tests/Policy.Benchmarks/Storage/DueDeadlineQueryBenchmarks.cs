using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Policy.Runtime.Storage;

namespace Policy.Benchmarks.Storage;

/// <summary>
/// Finding what is due among 1,000,000 open deadlines with <see cref="SqliteCaseStore.FindDueAsync"/>, the deadline
/// monitor's query (a batch of 100), on the store's due-time index. Two stores are filled in setup, with 1,000 and with
/// 1,000,000 rows in <c>due_deadlines</c>, exactly 100 of them due in each (spread through the table), the rest due
/// over the coming year. The baseline is the same query on the 1,000-row store: a ratio near 1 for the million means
/// the query does not read every case. For contrast, the same SQL on the million with the index kept out of it (a
/// unary <c>+</c> on the column, in the filter and the order: SQLite's <c>NOT INDEXED</c> does not keep a
/// <c>WITHOUT ROWID</c> table's secondary index out), what a scan of every open deadline costs.
/// </summary>
[Config(typeof(ShortRunConfig))]
public class DueDeadlineQueryBenchmarks
{
    public const int Due = 100;
    public const int Million = 1_000_000;
    public const int Thousand = 1_000;

    /// <summary>A page of work.</summary>
    public const int Work = 50;

    private static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private string _folder = string.Empty;
    private SqliteCaseStore _thousand = null!;
    private SqliteCaseStore _million = null!;
    private SqliteConnection _millionRaw = null!;
    private SqliteCommand _scan = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = Directory.CreateTempSubdirectory("policy-benchmarks-").FullName;
        _thousand = await CreateStoreAsync(Path.Combine(_folder, "due-1k.db"), Thousand);
        var clock = Stopwatch.StartNew();
        var millionPath = Path.Combine(_folder, "due-1m.db");
        _million = await CreateStoreAsync(millionPath, Million);
        Console.WriteLine($"// Filled the due-time index with {Million:N0} rows in {clock.Elapsed.TotalSeconds:F1} s.");

        _millionRaw = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = millionPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        _millionRaw.Open();
        _scan = _millionRaw.CreateCommand();
        _scan.CommandText = """
            SELECT case_id, policy, deadline, instance, due_at, next_action_at, stage FROM due_deadlines
            WHERE +next_action_at <= @until ORDER BY +next_action_at, case_id, deadline, instance LIMIT @limit
            """;
        _scan.Parameters.AddWithValue("@until", StoredTime.ToTicks(Now));
        _scan.Parameters.AddWithValue("@limit", Due);

        var indexed = await _million.ExplainFindDueAsync(Now);
        var scanned = ExplainScan();
        Console.WriteLine($"// Plans: store query '{indexed.ReplaceLineEndings(" / ")}'; scan '{scanned}'.");
        if (!indexed.Contains("due_deadlines_by_next_action", StringComparison.Ordinal) || !scanned.StartsWith("SCAN due_deadlines", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The store's query should use the due-time index and the scan should not.");
        }

        foreach (var (name, page, expected) in new[] { ("officer 1,000", await OfficerWorkIn1000(), 50), ("officer 1,000,000", await OfficerWorkIn1000000(), 50), ("team", await TeamWorkIn1000000(), Work), ("role 1,000", await RoleWorkIn1000(), Work), ("role 1,000,000", await RoleWorkIn1000000(), Work), ("overdue", await OverdueIn1000000(), Work) })
        {
            if (page.Items.Count != expected)
            {
                throw new InvalidOperationException($"The {name} page of work has {page.Items.Count} rows, not {expected}.");
            }
        }

        foreach (var (name, found) in new[] { ("1,000", await FindDueIn1000()), ("1,000,000", await FindDueIn1000000()), ("scan", ScanAll1000000()) })
        {
            if (found.Count != Due)
            {
                throw new InvalidOperationException($"The {name} query found {found.Count} due deadlines, not {Due}.");
            }
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _scan.Dispose();
        await _millionRaw.DisposeAsync();
        await _thousand.DisposeAsync();
        await _million.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>An officer's work, a page of 50 (the officer's whole caseload), among 1,000 cases.</summary>
    [Benchmark]
    public Task<DueWorkPage> OfficerWorkIn1000() => _thousand.FindDueWorkAsync(DueWorkQuery.ForOfficer("off-7", Work));

    /// <summary>The same among 1,000,000 cases.</summary>
    [Benchmark]
    public Task<DueWorkPage> OfficerWorkIn1000000() => _million.FindDueWorkAsync(DueWorkQuery.ForOfficer("off-7", Work));

    /// <summary>A team of five officers' work, a page of 50, among 1,000,000 cases.</summary>
    [Benchmark]
    public Task<DueWorkPage> TeamWorkIn1000000() => _million.FindDueWorkAsync(DueWorkQuery.ForOfficers(["off-7", "off-8", "off-9", "off-10", "off-11"], Work));

    /// <summary>A role's work across every case, a page of 50, among 1,000 cases.</summary>
    [Benchmark]
    public Task<DueWorkPage> RoleWorkIn1000() => _thousand.FindDueWorkAsync(DueWorkQuery.ForRole("Dispatcher", Work));

    /// <summary>The same among 1,000,000 cases.</summary>
    [Benchmark]
    public Task<DueWorkPage> RoleWorkIn1000000() => _million.FindDueWorkAsync(DueWorkQuery.ForRole("Dispatcher", Work));

    /// <summary>Everything overdue across every case, a page of 50, among 1,000,000 cases.</summary>
    [Benchmark]
    public Task<DueWorkPage> OverdueIn1000000() => _million.FindDueWorkAsync(DueWorkQuery.AllCases(Work) with { DueBy = Now });

    [Benchmark(Baseline = true)]
    public Task<IReadOnlyList<DueDeadline>> FindDueIn1000() => _thousand.FindDueAsync(Now, Due);

    [Benchmark]
    public Task<IReadOnlyList<DueDeadline>> FindDueIn1000000() => _million.FindDueAsync(Now, Due);

    /// <summary>The same query and rows read, with the due-time index kept out of the plan: every row is read.</summary>
    [Benchmark]
    public IReadOnlyList<DueDeadline> ScanAll1000000()
    {
        var rows = new List<DueDeadline>(Due);
        using var reader = _scan.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new DueDeadline(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetInt32(3),
                StoredTime.FromTicks(reader.GetInt64(4)),
                StoredTime.FromTicks(reader.GetInt64(5)),
                reader.GetInt32(6)));
        }

        return rows;
    }

    private string ExplainScan()
    {
        using var explain = _millionRaw.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + _scan.CommandText;
        foreach (SqliteParameter parameter in _scan.Parameters)
        {
            explain.Parameters.AddWithValue(parameter.ParameterName, parameter.Value);
        }

        var lines = new List<string>();
        using var reader = explain.ExecuteReader();
        while (reader.Read())
        {
            lines.Add(reader.GetString(3));
        }

        return string.Join(" / ", lines);
    }

    /// <summary>
    /// A store whose schema the store itself creates, then <paramref name="rows"/> open deadlines written straight into
    /// its due-time table in one transaction with one prepared statement: every (rows / 100)th is due before
    /// <see cref="Now"/>, the others fall due over the next year in an order unrelated to the case ids.
    /// </summary>
    private static async Task<SqliteCaseStore> CreateStoreAsync(string path, int rows)
    {
        var store = SqliteCaseStore.ForFile(path);
        await store.InitializeAsync();

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using (var cache = connection.CreateCommand())
        {
            // Room for the whole index while it is filled in random order, so pages are not spilled and read back.
            cache.CommandText = "PRAGMA cache_size = -262144";
            cache.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        // Every case's deadline is the Dispatcher's; its Dispatcher is one of rows / 50 officers, 50 cases each (a
        // caseload that does not grow with the force), so an officer's page is 50 rows in the thousand and the million.
        insert.CommandText = """
            INSERT INTO due_deadlines (case_id, policy, deadline, instance, due_at, next_action_at, stage, role)
            VALUES (@case, 'IncidentAttendance', 'Attendance', 1, @at, @at, 0, 'Dispatcher');
            INSERT INTO assignments (case_id, role, officer_id) VALUES (@case, 'Dispatcher', 'off-' || (@n % (@rows / 50)));
            """;
        var n = insert.Parameters.Add("@n", SqliteType.Integer);
        insert.Parameters.AddWithValue("@rows", rows);
        var caseId = insert.Parameters.Add("@case", SqliteType.Text);
        var at = insert.Parameters.Add("@at", SqliteType.Integer);
        insert.Prepare();

        var now = StoredTime.ToTicks(Now);
        var spacing = rows / Due;
        var year = TimeSpan.FromDays(365).Ticks;
        for (var i = 0; i < rows; i++)
        {
            caseId.Value = $"CAD-{i:0000000}";
            n.Value = i;
            at.Value = i % spacing == 0
                ? now - TimeSpan.TicksPerMinute * (1 + (i / spacing))
                : now + TimeSpan.TicksPerMinute + (long)((i * 7_919L % rows) * (year / (double)rows));
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return store;
    }
}
