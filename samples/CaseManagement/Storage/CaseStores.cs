using Policy.PostgreSql;
using Policy.Runtime.Audit;
using Policy.Runtime.Storage;

namespace CaseManagement.Storage;

/// <summary>
/// Chooses where cases are kept: PostgreSQL when <c>ConnectionStrings:Cases</c> is a PostgreSQL connection string
/// (it starts with <c>Host=</c>), otherwise the embedded SQLite database <c>cases.db</c> in the data folder. Either way,
/// every audit entry is sealed with <paramref name="auditKeys"/>.
/// </summary>
public static class CaseStores
{
    public static ICaseStore Create(string? connectionString, string dataFolder, AuditKeyRing auditKeys) =>
        connectionString is not null && connectionString.TrimStart().StartsWith("Host=", StringComparison.OrdinalIgnoreCase)
            ? new PostgreSqlCaseStore(connectionString, auditKeys: auditKeys)
            : SqliteCaseStore.ForFile(Path.Combine(dataFolder, "cases.db"), auditKeys);
}
