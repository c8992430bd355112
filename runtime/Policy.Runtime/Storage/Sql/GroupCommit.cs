using System.Data.Common;

namespace Policy.Runtime.Storage.Sql;

/// <summary>
/// Group commit for a database with one writer at a time (SQLite): the writes callers queue while a transaction is
/// being written and synced all go into the next transaction, which is committed (and synced) once for all of them.
/// Each caller's write runs inside a savepoint of its own, so one that fails is undone alone and the others still
/// commit; every caller is answered only after the commit that holds its write has returned, so an acknowledged write
/// is a durable one, and a crash before that commit loses the whole group and nothing else.
/// </summary>
internal sealed class GroupCommit
{
    /// <summary>The most writes one transaction takes: enough to make one sync serve a burst, few enough that the write lock is soon free again.</summary>
    public const int MaxWritesPerCommit = 256;

    private readonly object _gate = new();
    private readonly Queue<PendingWrite> _queue = new();
    private readonly AutoResetEvent _work = new(initialState: false);
    private bool _draining;
    private int _unanswered;

    // The writer's connection, kept from one group to the next while writes keep coming, so that the statements it
    // has prepared are prepared once (PreparedStatements); closed when the writer goes idle, when a group fails, and
    // when a store of the file is disposed (Release). Only the writer's thread touches it.
    private DbConnection? _connection;
    private Func<CancellationToken, Task<DbConnection>>? _connectionOpenedBy;
    private TaskCompletionSource? _release;

    // How long the writer's thread waits for more writes before it ends.
    private const int IdleMilliseconds = 1000;

    /// <summary>
    /// Called after each write of a group has run, before the group commits, with the write's index in the group and
    /// the group's size. Only for the crash test, which kills its process in the middle of a group.
    /// </summary>
    internal static Action<int, int>? WrittenInGroup { get; set; }

    /// <summary>How many writes are not answered yet: queued, or in the group being written (for the test that they are committed together).</summary>
    internal int Unanswered => Volatile.Read(ref _unanswered);

    /// <summary>
    /// Queues <paramref name="write"/> for the next group and waits until that group has committed. A write still queued
    /// when <paramref name="cancellationToken"/> fires is dropped; once its group has begun, it is committed (or fails)
    /// with the group.
    /// </summary>
    /// <param name="open">Opens a connection (the first write of a group opens the group's).</param>
    /// <param name="begin">Begins the group's write transaction on that connection.</param>
    public Task<T> RunAsync<T>(
        Func<CancellationToken, Task<DbConnection>> open,
        Func<DbConnection, CancellationToken, Task<DbTransaction>> begin,
        Func<DbConnection, DbTransaction, CancellationToken, Task<T>> write,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingWrite<T>(open, begin, write, cancellationToken);
        Interlocked.Increment(ref _unanswered);
        _ = pending.Task.ContinueWith(static (_, state) => Interlocked.Decrement(ref ((GroupCommit)state!)._unanswered), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        bool lead;
        lock (_gate)
        {
            _queue.Enqueue(pending);
            lead = !_draining;
            _draining = true;
        }

        if (lead)
        {
            // A thread of its own, not the caller's (who is answered when its own group commits, not after every
            // group queued behind it) and not the thread pool's: SQLite's calls block, fsync included, and a pool
            // thread held by them is one fewer for the callers preparing the next group.
            new Thread(Drain) { IsBackground = true, Name = "Policy SQLite group commit" }.Start();
        }
        else
        {
            _work.Set();
        }

        return pending.Task;
    }

    /// <summary>
    /// Closes the writer's connection once the group being written (if any) has committed, and returns when it is
    /// closed: a store being disposed leaves no connection open on its file (with WAL, the last connection to close
    /// is what checkpoints the log into the database file, which a copy of the file then holds).
    /// </summary>
    public Task ReleaseAsync()
    {
        Task released;
        lock (_gate)
        {
            if (!_draining)
            {
                return Task.CompletedTask;
            }

            _release ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            released = _release.Task;
        }

        _work.Set();
        return released;
    }

    /// <summary>Closes the held connection, if a release was asked for (or <paramref name="always"/>), and answers the release.</summary>
    private void CloseIfReleased(bool always)
    {
        TaskCompletionSource? release;
        lock (_gate)
        {
            release = _release;
            _release = null;
        }

        if (release is not null || always)
        {
            _connection?.Dispose();
            _connection = null;
        }

        release?.TrySetResult();
    }

    private void Drain()
    {
        while (true)
        {
            CloseIfReleased(always: false);
            var group = new List<PendingWrite>();
            lock (_gate)
            {
                while (group.Count < MaxWritesPerCommit && _queue.TryDequeue(out var next))
                {
                    if (!next.DropIfCancelled())
                    {
                        group.Add(next);
                    }
                }
            }

            if (group.Count > 0)
            {
                if (!CommitAsync(group).GetAwaiter().GetResult())
                {
                    // A group that failed may have left the connection unusable: the next one opens a fresh one.
                    CloseIfReleased(always: true);
                }

                continue;
            }

            // Idle: wait a little for the next write (a new thread per write would cost a caller more than it waits),
            // then give the thread up. A write queued meanwhile either signals this wait or finds no writer and starts one.
            if (!_work.WaitOne(IdleMilliseconds))
            {
                lock (_gate)
                {
                    if (_queue.Count == 0)
                    {
                        // Closed before the writer is seen to stop, so that a release asked for from now on has nothing to wait for.
                        _connection?.Dispose();
                        _connection = null;
                        _release?.TrySetResult();
                        _release = null;
                        _draining = false;
                        return;
                    }
                }
            }
        }
    }

    /// <summary>Writes and commits one group, answering each write; false when the group failed as a whole.</summary>
    private async Task<bool> CommitAsync(List<PendingWrite> group)
    {
        try
        {
            // The group's writes are not cancelled by any one caller's token: the others are waiting on the same commit.
            // A group's writes run on a connection of the store its first write came from, as when each group opened its own
            // (stores of one file may differ, e.g. one read-only): the held connection serves that store's groups only.
            if (_connection is not null && !Equals(_connectionOpenedBy, group[0].Open))
            {
                _connection.Dispose();
                _connection = null;
            }

            var connection = _connection ??= await group[0].Open(CancellationToken.None).ConfigureAwait(false);
            _connectionOpenedBy = group[0].Open;
            await using var transaction = await group[0].Begin(connection, CancellationToken.None).ConfigureAwait(false);
            // A write alone in its group needs no savepoint: if it fails, nothing is committed and it alone is told.
            var alone = group.Count == 1;
            for (var i = 0; i < group.Count; i++)
            {
                await group[i].WriteAsync(connection, transaction, savepoint: !alone).ConfigureAwait(false);
                WrittenInGroup?.Invoke(i, group.Count);
            }

            if (alone && group[0].HasFailed)
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            // Nothing of the group was committed (or it cannot be known that it was): every write still unanswered fails.
            foreach (var pending in group)
            {
                pending.Fail(exception);
            }

            return false;
        }

        foreach (var pending in group)
        {
            pending.Answer();
        }

        return true;
    }

    private abstract class PendingWrite(
        Func<CancellationToken, Task<DbConnection>> open,
        Func<DbConnection, CancellationToken, Task<DbTransaction>> begin,
        CancellationToken cancellationToken)
    {
        private const string Savepoint = "policy_write";

        // Run as statements prepared once for the connection (as SqliteTransaction.Save, Rollback and Release would run
        // them, but without preparing each afresh for every write of every group).
        private static readonly SqlScript Save = SqlScript.Raw("SAVEPOINT " + Savepoint).AsStatement();
        private static readonly SqlScript RollbackToSave = SqlScript.Raw("ROLLBACK TO SAVEPOINT " + Savepoint).AsStatement();
        private static readonly SqlScript ReleaseSave = SqlScript.Raw("RELEASE SAVEPOINT " + Savepoint).AsStatement();

        public Func<CancellationToken, Task<DbConnection>> Open => open;

        public Func<DbConnection, CancellationToken, Task<DbTransaction>> Begin => begin;

        protected CancellationToken CancellationToken => cancellationToken;

        /// <summary>Drops the write, unanswered so far, whose caller has given up waiting; true when it was dropped.</summary>
        public abstract bool DropIfCancelled();

        /// <summary>
        /// Runs the write, in a savepoint when others share its transaction; a write that throws is rolled back to it
        /// (or, alone, with the whole transaction), and answered with its error after the group commits.
        /// </summary>
        public async Task WriteAsync(DbConnection connection, DbTransaction transaction, bool savepoint)
        {
            if (savepoint)
            {
                await PreparedStatements.ExecuteAsync(Save, connection, transaction, CancellationToken.None).ConfigureAwait(false);
            }

            try
            {
                await RunAsync(connection, transaction).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                if (savepoint)
                {
                    await PreparedStatements.ExecuteAsync(RollbackToSave, connection, transaction, CancellationToken.None).ConfigureAwait(false);
                }

                Failed = exception;
            }

            if (savepoint)
            {
                await PreparedStatements.ExecuteAsync(ReleaseSave, connection, transaction, CancellationToken.None).ConfigureAwait(false);
            }
        }

        protected Exception? Failed { get; private set; }

        /// <summary>True when the write threw (its error is answered once the group is done).</summary>
        public bool HasFailed => Failed is not null;

        protected abstract Task RunAsync(DbConnection connection, DbTransaction transaction);

        /// <summary>Answers the caller once the group has committed: the write's result, or the error it alone met.</summary>
        public abstract void Answer();

        public abstract void Fail(Exception exception);
    }

    private sealed class PendingWrite<T>(
        Func<CancellationToken, Task<DbConnection>> open,
        Func<DbConnection, CancellationToken, Task<DbTransaction>> begin,
        Func<DbConnection, DbTransaction, CancellationToken, Task<T>> write,
        CancellationToken cancellationToken) : PendingWrite(open, begin, cancellationToken)
    {
        private readonly TaskCompletionSource<T> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _answer.Task;

        public override bool DropIfCancelled() => CancellationToken.IsCancellationRequested && _answer.TrySetCanceled(CancellationToken);

        protected override async Task RunAsync(DbConnection connection, DbTransaction transaction) =>
            _result = await write(connection, transaction, CancellationToken.None).ConfigureAwait(false);

        public override void Answer()
        {
            if (Failed is { } failed)
            {
                _answer.TrySetException(failed);
            }
            else
            {
                _answer.TrySetResult(_result!);
            }
        }

        public override void Fail(Exception exception) => _answer.TrySetException(exception);
    }
}
