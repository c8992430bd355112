using Policy.Runtime.Hosting;

namespace CaseManagement.Storage;

/// <summary>
/// Chooses where cases are kept: PostgreSQL when <c>ConnectionStrings:Cases</c> is a PostgreSQL connection string
/// (it starts with <c>Host=</c>), otherwise the embedded SQLite database <c>cases.db</c> in the data folder.
/// </summary>
public static class CaseStores
{
    public static PolicyBuilder UseConfiguredStore(this PolicyBuilder policy, string? connectionString, string dataFolder) =>
        connectionString is not null && connectionString.TrimStart().StartsWith("Host=", StringComparison.OrdinalIgnoreCase)
            ? policy.UsePostgreSql(connectionString)
            : policy.UseSqlite(Path.Combine(dataFolder, "cases.db"));
}
