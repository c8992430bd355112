using Microsoft.Data.Sqlite;

namespace CaseManagement.Security;

/// <summary>
/// Locks signing in as an officer ID after <see cref="MaximumFailures"/> wrong passwords in a row, for
/// <see cref="LockoutPeriod"/> on the application's clock. Any ID typed is counted, known or not, so that a lockout
/// does not tell a stranger which IDs exist. Kept in <c>signin.db</c> in the data folder, so a restart does not clear
/// a lockout and instances sharing the folder share it (each count is read and written in one write transaction).
/// Throttling by address is separate: the "signin" rate limiter in <c>Program.cs</c>.
/// </summary>
public sealed class SignInLockout
{
    public const int MaximumFailures = 5;

    public static readonly TimeSpan LockoutPeriod = TimeSpan.FromMinutes(15);

    private readonly TimeProvider _clock;
    private readonly string _connectionString;

    public SignInLockout(TimeProvider clock, string dataFolder)
    {
        _clock = clock;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataFolder, "signin.db"), Pooling = false, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        Execute(connection, null, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS failures (
                officer TEXT NOT NULL PRIMARY KEY,
                count INTEGER NOT NULL,
                locked_until INTEGER NULL
            ) WITHOUT ROWID;
            """);
    }

    /// <summary>When signing in as <paramref name="officerId"/> is locked until, or null when it is not locked now.</summary>
    public DateTimeOffset? LockedUntil(string officerId)
    {
        using var connection = Open();
        var (_, until) = Read(connection, null, Key(officerId));
        return until is { } locked && locked > _clock.GetUtcNow() ? locked : null;
    }

    /// <summary>Counts a wrong password; returns when the ID is locked until, once this failure locks it.</summary>
    public DateTimeOffset? Failed(string officerId)
    {
        var now = _clock.GetUtcNow();
        var key = Key(officerId);
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var (previous, until) = Read(connection, transaction, key);

        // A lockout that has run out starts the count again.
        var failures = until is { } ended && ended <= now ? 1 : previous + 1;
        DateTimeOffset? locked = failures >= MaximumFailures ? now + LockoutPeriod : null;
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO failures (officer, count, locked_until) VALUES ($officer, $count, $until) ON CONFLICT (officer) DO UPDATE SET count = excluded.count, locked_until = excluded.locked_until";
            command.Parameters.AddWithValue("$officer", key);
            command.Parameters.AddWithValue("$count", failures);
            command.Parameters.AddWithValue("$until", locked is { } at ? at.UtcTicks : DBNull.Value);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
        return locked;
    }

    /// <summary>A right password clears the count.</summary>
    public void Succeeded(string officerId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM failures WHERE officer = $officer";
        command.Parameters.AddWithValue("$officer", Key(officerId));
        command.ExecuteNonQuery();
    }

    private static (int Count, DateTimeOffset? LockedUntil) Read(SqliteConnection connection, SqliteTransaction? transaction, string key)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count, locked_until FROM failures WHERE officer = $officer";
        command.Parameters.AddWithValue("$officer", key);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? (reader.GetInt32(0), reader.IsDBNull(1) ? null : new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero))
            : (0, null);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    // IDs are compared as officers type them, whatever the case and spaces; kept to a length a row can hold.
    private static string Key(string officerId)
    {
        var key = officerId.Trim().ToLowerInvariant();
        return key.Length > 200 ? key[..200] : key;
    }
}
