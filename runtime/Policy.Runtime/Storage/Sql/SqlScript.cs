using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Policy.Runtime.Storage.Sql;

/// <summary>
/// Statements and their parameter values gathered into one command, sent to the database in one round trip.
/// Statements name their values <c>{0}</c>, <c>{1}</c>...; each becomes a parameter of its own.
/// </summary>
internal sealed class SqlScript
{
    private readonly StringBuilder _text = new();
    private readonly List<(string Name, object? Value)> _parameters = new();

    // Each statement as it was added, its values numbered from 0: what a prepared command of its own takes
    // (PreparedStatements). Null once the script holds text that was not added as statements (Raw, Wrap).
    private List<(string Template, object?[] Values)>? _statements = new();

    public SqlScript()
    {
    }

    public SqlScript(string statement, params object?[] values) => Add(statement, values);

    public bool IsEmpty => _text.Length == 0;

    /// <summary>The text, for a dialect that wraps this script's one statement in another.</summary>
    public string Text => _text.ToString().TrimEnd().TrimEnd(';');

    /// <summary>A script of <paramref name="outer"/>, with <c>{0}</c> in it replaced by this script's one statement and this script's values kept.</summary>
    public SqlScript Wrap(string outer)
    {
        var wrapped = new SqlScript { _statements = null };
        wrapped._parameters.AddRange(_parameters);
        wrapped.Append(outer.Replace("{0}", Text, StringComparison.Ordinal));
        return wrapped;
    }

    /// <summary>A script of SQL text as it is, with no values (so braces in it are not placeholders).</summary>
    public static SqlScript Raw(string text)
    {
        var script = new SqlScript { _statements = null };
        script.Append(text);
        return script;
    }

    /// <summary>This raw text as one statement without values, which can then be run as a prepared statement (it must have no braces).</summary>
    public SqlScript AsStatement()
    {
        var statement = new SqlScript();
        statement.Add(Text);
        return statement;
    }

    /// <summary>A value for a nullable integer column: the number, or a null PostgreSQL knows the type of.</summary>
    public static object Int64OrNull(long? value) => value is { } number ? number : new TypedNull(DbType.Int64);

    private sealed record TypedNull(DbType Type);

    /// <summary>The statements one by one, each with its values, when the script was made of them (not <see cref="Raw"/> text).</summary>
    internal IReadOnlyList<(string Template, object?[] Values)>? Statements => _statements;

    public SqlScript Add(string statement, params object?[] values)
    {
        _statements?.Add((statement, values));
        var names = new object[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var name = "@p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
            _parameters.Add((name, values[i]));
            names[i] = name;
        }

        Append(string.Format(CultureInfo.InvariantCulture, statement, names));
        return this;
    }

    private void Append(string statement) => _text.Append(statement.TrimEnd().TrimEnd(';')).Append(";\n");

    public DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = _text.ToString();
        foreach (var (name, value) in _parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            SetValue(parameter, value);
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Gives a parameter its value; a parameter used before forgets the type its last value had.</summary>
    internal static void SetValue(DbParameter parameter, object? value)
    {
        parameter.ResetDbType();
        if (value is TypedNull typed)
        {
            parameter.Value = DBNull.Value;
            parameter.DbType = typed.Type;
        }
        else
        {
            parameter.Value = value ?? DBNull.Value;
            if (value is null)
            {
                // A bare null is a text column's; a typed null spares PostgreSQL from guessing.
                parameter.DbType = DbType.String;
            }
        }
    }

    public async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(connection, transaction);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(connection, transaction);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    public async Task<List<T>> ReadAsync<T>(DbConnection connection, DbTransaction? transaction, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
