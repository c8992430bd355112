using Policy.PostgreSql;
using Policy.Runtime.Storage;

namespace Policy.Storage.Tests;

/// <summary>
/// Where the PostgreSQL tests find their server: <c>POLICY_TEST_POSTGRES</c>, a connection string (CI starts a
/// throwaway server with <c>.ci/postgres.sh</c>). Without it the tests skip, except in CI, where they fail.
/// </summary>
internal static class PostgresServer
{
    public const string Variable = "POLICY_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static bool Required => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The connection string, or a failure in CI when there is none.</summary>
    public static string Require() => ConnectionString
        ?? throw new InvalidOperationException($"CI=true but {Variable} is not set: .ci/run must start PostgreSQL (eval \"$(bash .ci/postgres.sh start)\").");

    /// <summary>A schema of its own for each test, so runs and tests never see each other's data.</summary>
    public static string NewSchema() => "t_" + Guid.NewGuid().ToString("N")[..16];
}

/// <summary>A fact that needs a PostgreSQL server: skipped with a clear message when none is configured outside CI.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.ConnectionString is null && !PostgresServer.Required)
        {
            Skip = $"No PostgreSQL server: set {PostgresServer.Variable} to a connection string (or run .ci/run) to run the PostgreSQL tests.";
        }
    }
}

public sealed class PostgreSqlCaseStoreContract : CaseStoreContract, INeedsPostgres
{
    private readonly string _schema = PostgresServer.NewSchema();

    protected override Task<ICaseStore> CreateStoreAsync() => OpenSameDatabaseAsync();

    protected override Task<ICaseStore> OpenSameDatabaseAsync() =>
        Task.FromResult<ICaseStore>(new PostgreSqlCaseStore(PostgresServer.Require(), _schema));
}

public sealed class PostgreSqlStoreTests
{
    [PostgresFact]
    public async Task What_falls_due_is_found_through_the_index_not_by_scanning()
    {
        await using var store = new PostgreSqlCaseStore(PostgresServer.Require(), PostgresServer.NewSchema());
        await store.InitializeAsync();
        var plan = await store.ExplainFindDueAsync();
        Assert.Contains("due_deadlines_by_next_action", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Instances_starting_together_migrate_the_schema_once()
    {
        var schema = PostgresServer.NewSchema();
        var stores = Enumerable.Range(0, 4).Select(_ => new PostgreSqlCaseStore(PostgresServer.Require(), schema)).ToList();
        await Task.WhenAll(stores.Select(s => s.InitializeAsync()));
        Assert.True((await stores[0].AppendAsync("c1", 0, CaseStoreContract.Events("c1", 1, 1), [], new Dictionary<string, string>(), [])).Succeeded);
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }
    }
}
