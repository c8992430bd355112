using System.Data.Common;

namespace Policy.Runtime.Storage.Sql;

/// <summary>
/// What differs between the databases <see cref="SqlCaseStoreCore"/> runs on: how to connect, how writes are
/// committed, how cases are numbered, and the schema's migrations. Everything else is one SQL for both.
/// </summary>
internal abstract class SqlDialect : IAsyncDisposable
{
    /// <summary>A table's name as SQL writes it (qualified by schema where the database has schemas).</summary>
    public abstract string Table(string name);

    /// <summary>The numbered migrations: element <c>n - 1</c> takes the schema from version <c>n - 1</c> to <c>n</c>.</summary>
    public abstract IReadOnlyList<string> Migrations { get; }

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Begins the transaction in which the schema is migrated, holding off any other instance migrating at once.</summary>
    public abstract Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="write"/> in a write transaction and commits it before returning its result. The write must
    /// leave the database unchanged when it decides not to write (a version conflict), since the transaction is
    /// committed either way. By default each write has a transaction of its own; a dialect whose database has one
    /// writer at a time runs many callers' writes in one transaction instead (see <see cref="GroupCommit"/>).
    /// </summary>
    public virtual async Task<T> RunWriteAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var result = await write(connection, transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Runs a script's statements inside a write. By default as one command (one round trip to a server); a database in
    /// the process runs them one by one through commands prepared once per connection (<see cref="PreparedStatements"/>).
    /// </summary>
    public virtual Task<int> ExecuteAsync(SqlScript script, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        script.ExecuteAsync(connection, transaction, cancellationToken);

    /// <summary>Reads a one-statement script's rows inside a write (see <see cref="ExecuteAsync"/>).</summary>
    public virtual Task<List<T>> ReadAsync<T>(SqlScript script, DbConnection connection, DbTransaction transaction, Func<DbDataReader, T> read, CancellationToken cancellationToken) =>
        script.ReadAsync(connection, transaction, read, cancellationToken);

    /// <summary>Begins a write transaction; the claim of a case's row inside it is what writers of one case queue on.</summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Begins a read-only transaction whose reads all see one snapshot of the database, taking no write lock.</summary>
    public abstract Task<DbTransaction> BeginSnapshotReadAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>What a claim of due rows adds to its select so that rows another transaction has locked are skipped, not waited for.</summary>
    public virtual string SkipLockedSql => "";

    /// <summary>An SQL expression for the next case's <c>opened</c> number: increasing in the order cases are opened.</summary>
    public abstract string NextOpenedSql { get; }

    public abstract ValueTask DisposeAsync();
}
