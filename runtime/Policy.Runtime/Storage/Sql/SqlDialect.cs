using System.Data.Common;

namespace Policy.Runtime.Storage.Sql;

/// <summary>
/// What differs between the databases <see cref="SqlCaseStoreCore"/> runs on: how to connect, how writers are made to
/// take turns on the audit chain's head, and the schema's migrations. Everything else is one SQL for both.
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
    /// Waits for this process's turn to write, where the database's own lock is a poor queue; disposing the result
    /// gives the turn up. Null when the database queues writers well itself.
    /// </summary>
    public virtual ValueTask<IAsyncDisposable?> WaitForWriteTurnAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IAsyncDisposable?>(null);

    /// <summary>Begins a write transaction in which <see cref="ReadHeadSql"/> will take the lock that writers queue on.</summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="claim"/>, the conditional write that claims the case at its expected version, and only when
    /// it wrote a row reads the audit chain's head as <see cref="ReadHeadSql"/> does. Null when the claim found the
    /// case at another version. The position is 0 and the hash the genesis hash while the trail is empty.
    /// </summary>
    public virtual async Task<(long Position, string Hash)?> ClaimAndReadHeadAsync(DbConnection connection, DbTransaction transaction, SqlScript claim, CancellationToken cancellationToken)
    {
        if (await claim.ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false) != 1)
        {
            return null;
        }

        return await ReadHeadAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
    }

    public async Task<(long Position, string Hash)> ReadHeadAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var head = await SqlScript.Raw(ReadHeadSql)
            .ReadAsync(connection, transaction, reader => (reader.GetInt64(0), reader.GetString(1)), cancellationToken).ConfigureAwait(false);
        return head.Count == 0 ? (0, Audit.AuditChain.GenesisHash) : head[0];
    }

    /// <summary>
    /// True when an append first reads the case's version outside any transaction, so that a writer that has already
    /// lost learns so without queuing for the write lock. Worth it where a write lock is taken before the claim.
    /// </summary>
    public virtual bool ChecksVersionBeforeWriting => true;

    /// <summary>Reads the audit chain's last position and hash (no row when the trail is empty), locking it where the database needs that.</summary>
    public abstract string ReadHeadSql { get; }

    /// <summary>A statement that moves a stored head to <c>{0}</c> (position) and <c>{1}</c> (hash); null when the head is read from the trail itself.</summary>
    public abstract string? UpdateHeadSql { get; }

    public abstract ValueTask DisposeAsync();
}
