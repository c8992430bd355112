using Policy.PostgreSql;
using Policy.Runtime.Hosting;

// Beside AddPolicy, so that UsePostgreSql needs no using either.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses PostgreSQL for <c>services.AddPolicy(...)</c>: <c>.UsePostgreSql(builder.Configuration.GetConnectionString("Cases"))</c>.</summary>
public static class PostgreSqlPolicyBuilderExtensions
{
    /// <summary>
    /// Keeps cases in PostgreSQL, in the tables of <paramref name="schema"/> (created, with the tables, as the host starts).
    /// Several application instances can share the database; each may run a deadline monitor.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string, e.g. <c>Host=db;Database=cases;Username=policy;Password=...</c>.</param>
    /// <exception cref="ArgumentException">The connection string is empty or not one Npgsql reads (the message says which part).</exception>
    public static PolicyBuilder UsePostgreSql(this PolicyBuilder builder, string? connectionString, string schema = "policy")
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException("UsePostgreSql needs a connection string; the one given is empty (is the connection string set in configuration?).", nameof(connectionString));
        }

        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException exception)
        {
            // Npgsql's message names the key at fault; the connection string itself may hold a password, so it is not repeated.
            throw new ArgumentException($"UsePostgreSql was given a connection string Npgsql cannot read: {exception.Message}", nameof(connectionString), exception);
        }

        return builder.UseStore("postgresql", (_, keys) => new PostgreSqlCaseStore(connectionString, schema, keys));
    }
}
