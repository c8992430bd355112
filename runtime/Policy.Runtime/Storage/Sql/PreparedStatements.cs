using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Policy.Runtime.Storage.Sql;

/// <summary>
/// Runs a script's statements one by one, each through a command kept for the connection and reused for every
/// statement of the same text: a database in the process (SQLite) then prepares each kind of statement once per
/// connection instead of once per use, and binds only that statement's values. The commands live as long as their
/// connection (a group commit's, or one call's); closing the connection finalises them.
/// </summary>
internal static class PreparedStatements
{
    private static readonly ConditionalWeakTable<DbConnection, Dictionary<string, DbCommand>> Commands = new();

    public static async Task<int> ExecuteAsync(SqlScript script, DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        if (script.Statements is not { } statements)
        {
            return await script.ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }

        var affected = 0;
        foreach (var (template, values) in statements)
        {
            affected += await Command(connection, transaction, template, values).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return affected;
    }

    public static async Task<List<T>> ReadAsync<T>(SqlScript script, DbConnection connection, DbTransaction? transaction, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        if (script.Statements is not [var (template, values)])
        {
            return await script.ReadAsync(connection, transaction, read, cancellationToken).ConfigureAwait(false);
        }

        var rows = new List<T>();
        await using var reader = await Command(connection, transaction, template, values).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string template, object?[] values)
    {
        var commands = Commands.GetValue(connection, static _ => new Dictionary<string, DbCommand>(StringComparer.Ordinal));
        if (!commands.TryGetValue(template, out var command))
        {
            command = connection.CreateCommand();
            var names = new object[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                names[i] = "@p" + i.ToString(CultureInfo.InvariantCulture);
                var parameter = command.CreateParameter();
                parameter.ParameterName = (string)names[i];
                command.Parameters.Add(parameter);
            }

            command.CommandText = string.Format(CultureInfo.InvariantCulture, template, names);
            commands.Add(template, command);
        }

        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            SqlScript.SetValue(command.Parameters[i], values[i]);
        }

        return command;
    }
}
