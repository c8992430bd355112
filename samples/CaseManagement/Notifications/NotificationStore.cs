using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CaseManagement.Notifications;

/// <summary>A notification as an officer's inbox and the e-mail outbox keep it.</summary>
public sealed record StoredNotification(
    long Id,
    string CaseId,
    string? RecipientId,
    string Role,
    string Subject,
    string Body,
    string Link,
    DateTimeOffset At,
    DateTimeOffset? ReadAt,
    string? EmailTo,
    DateTimeOffset? EmailSentAt,
    int EmailAttempts,
    string? EmailError);

/// <summary>
/// The in-app inbox and the e-mail outbox, in <c>notifications.db</c> (SQLite) in the data folder. A notification is
/// kept once (a key of its case, kind, deadline, instance, role and time makes a second delivery of the same one a
/// no-op), before any e-mail is attempted; the <see cref="OutboxSender"/> sends what is unsent and records each attempt.
/// </summary>
public sealed class NotificationStore
{
    private readonly string _connectionString;

    public NotificationStore(string dataFolder)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataFolder, "notifications.db"), Pooling = false }.ToString();
        using var connection = Open();
        Execute(connection, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS notification (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                dedupe TEXT NOT NULL UNIQUE,
                case_id TEXT NOT NULL,
                recipient_id TEXT NULL,
                role TEXT NOT NULL,
                subject TEXT NOT NULL,
                body TEXT NOT NULL,
                link TEXT NOT NULL,
                at TEXT NOT NULL,
                read_at TEXT NULL,
                email_to TEXT NULL,
                email_sent_at TEXT NULL,
                email_attempts INTEGER NOT NULL DEFAULT 0,
                email_next_at TEXT NULL,
                email_error TEXT NULL);
            CREATE INDEX IF NOT EXISTS notification_recipient ON notification (recipient_id, id);
            CREATE INDEX IF NOT EXISTS notification_outbox ON notification (email_sent_at, email_next_at);
            """);
    }

    /// <summary>Keeps a notification; false when the same one was kept before (it is then neither added nor sent again).</summary>
    public bool Add(string dedupe, string caseId, string? recipientId, string role, string subject, string body, string link, DateTimeOffset at, string? emailTo)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT OR IGNORE INTO notification (dedupe, case_id, recipient_id, role, subject, body, link, at, email_to, email_next_at)
            VALUES ($dedupe, $case, $recipient, $role, $subject, $body, $link, $at, $to, $at)
            """;
        command.Parameters.AddWithValue("$dedupe", dedupe);
        command.Parameters.AddWithValue("$case", caseId);
        command.Parameters.AddWithValue("$recipient", (object?)recipientId ?? DBNull.Value);
        command.Parameters.AddWithValue("$role", role);
        command.Parameters.AddWithValue("$subject", subject);
        command.Parameters.AddWithValue("$body", body);
        command.Parameters.AddWithValue("$link", link);
        command.Parameters.AddWithValue("$at", Text(at));
        command.Parameters.AddWithValue("$to", (object?)emailTo ?? DBNull.Value);
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>An officer's notifications, newest first.</summary>
    public IReadOnlyList<StoredNotification> InboxOf(string officerId, int limit = 100) =>
        Query("SELECT * FROM notification WHERE recipient_id = $who ORDER BY id DESC LIMIT $limit", ("$who", officerId), ("$limit", limit));

    public int UnreadCount(string officerId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM notification WHERE recipient_id = $who AND read_at IS NULL";
        command.Parameters.AddWithValue("$who", officerId);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Marks the officer's notification (or, with no id, all of theirs) read.</summary>
    public int MarkRead(string officerId, long? id, DateTimeOffset at)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE notification SET read_at = $at WHERE recipient_id = $who AND read_at IS NULL" + (id is null ? "" : " AND id = $id");
        command.Parameters.AddWithValue("$at", Text(at));
        command.Parameters.AddWithValue("$who", officerId);
        if (id is { } one)
        {
            command.Parameters.AddWithValue("$id", one);
        }

        return command.ExecuteNonQuery();
    }

    /// <summary>E-mails not yet sent whose next attempt is due, oldest first.</summary>
    public IReadOnlyList<StoredNotification> DueEmails(DateTimeOffset now, int limit) =>
        Query("SELECT * FROM notification WHERE email_to IS NOT NULL AND email_sent_at IS NULL AND email_next_at <= $now ORDER BY id LIMIT $limit", ("$now", Text(now)), ("$limit", limit));

    /// <summary>The earliest next attempt of an unsent e-mail, or null.</summary>
    public DateTimeOffset? NextEmailAt()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(email_next_at) FROM notification WHERE email_to IS NOT NULL AND email_sent_at IS NULL";
        return command.ExecuteScalar() is string text ? Parse(text) : null;
    }

    public void MarkSent(long id, DateTimeOffset at) =>
        Update("UPDATE notification SET email_sent_at = $at, email_attempts = email_attempts + 1, email_error = NULL WHERE id = $id", id, ("$at", Text(at)));

    public void MarkFailed(long id, string error, DateTimeOffset nextAttempt) =>
        Update("UPDATE notification SET email_attempts = email_attempts + 1, email_error = $error, email_next_at = $next WHERE id = $id", id, ("$error", error), ("$next", Text(nextAttempt)));

    private void Update(string sql, long id, params (string Name, object Value)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    private List<StoredNotification> Query(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<StoredNotification>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new StoredNotification(
                reader.GetInt64(reader.GetOrdinal("id")),
                reader.GetString(reader.GetOrdinal("case_id")),
                Nullable(reader, "recipient_id"),
                reader.GetString(reader.GetOrdinal("role")),
                reader.GetString(reader.GetOrdinal("subject")),
                reader.GetString(reader.GetOrdinal("body")),
                reader.GetString(reader.GetOrdinal("link")),
                Parse(reader.GetString(reader.GetOrdinal("at"))),
                Nullable(reader, "read_at") is { } read ? Parse(read) : null,
                Nullable(reader, "email_to"),
                Nullable(reader, "email_sent_at") is { } sent ? Parse(sent) : null,
                reader.GetInt32(reader.GetOrdinal("email_attempts")),
                Nullable(reader, "email_error")));
        }

        return rows;
    }

    private static string? Nullable(SqliteDataReader reader, string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
    }

    // Fixed-width UTC text, so that text order is time order in the outbox's comparisons.
    private static string Text(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout = 5000;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
