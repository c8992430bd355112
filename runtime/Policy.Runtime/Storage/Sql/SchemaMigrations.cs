using System.Data.Common;
using System.Globalization;

namespace Policy.Runtime.Storage.Sql;

/// <summary>
/// Brings a database's schema up to date: a <c>schema_version</c> table holds the version, and each numbered migration
/// after it runs in order, in the caller's transaction, so a failed migration leaves the schema as it was.
/// </summary>
internal static class SchemaMigrations
{
    /// <summary>Applies the migrations the database lacks and returns the version it is now at.</summary>
    /// <exception cref="InvalidOperationException">The database was written by a newer version of Policy.</exception>
    /// <param name="afterScript">Runs after the script of each version (given the version), for a migration SQL alone cannot do.</param>
    public static async Task<int> ApplyAsync(
        DbConnection connection,
        DbTransaction transaction,
        string versionTable,
        IReadOnlyList<string> migrations,
        Func<int, CancellationToken, Task> afterScript,
        CancellationToken cancellationToken)
    {
        await new SqlScript($"CREATE TABLE IF NOT EXISTS {versionTable} (version integer NOT NULL)").ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var found = await new SqlScript($"SELECT MAX(version) FROM {versionTable}").ScalarAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var current = found is null ? 0 : Convert.ToInt32(found, CultureInfo.InvariantCulture);
        if (current > migrations.Count)
        {
            throw new InvalidOperationException(
                $"The database's schema is at version {current}, newer than this version of Policy understands ({migrations.Count}). Upgrade the application before using this database.");
        }

        for (var version = current + 1; version <= migrations.Count; version++)
        {
            await SqlScript.Raw(migrations[version - 1]).ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await afterScript(version, cancellationToken).ConfigureAwait(false);
            await new SqlScript($"DELETE FROM {versionTable}").Add($"INSERT INTO {versionTable} (version) VALUES ({{0}})", version)
                .ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }

        return migrations.Count;
    }
}
