using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace FeedRelay.Storage.Sqlite;

/// <summary>
/// The one <c>feedrelay.db</c> under the data folder: WAL, <c>synchronous=NORMAL</c>, a busy timeout; ONE writer connection fed
/// by a channel, whose loop commits whatever writes queued up meanwhile in one transaction (each in its own savepoint, so one
/// failing write fails alone), and a small pool of reader connections that never wait for the writer.
/// </summary>
public sealed partial class SqliteDatabase : IDisposable
{
    private const int SqliteInterrupt = 9;
    private readonly SqliteStorageOptions _options;
    private readonly ILogger<SqliteDatabase> _logger;
    private readonly string _connectionString;
    private readonly SqliteSession _writer;
    private readonly Channel<WriteOperation> _writes = Channel.CreateUnbounded<WriteOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writerLoop;
    private readonly ConcurrentBag<SqliteSession> _idleReaders = [];
    private readonly SemaphoreSlim _readerSlots;
    private int _disposed;

    /// <summary>Opens (or creates) the database under <paramref name="options"/>.DataPath and brings its layout up to date.</summary>
    public SqliteDatabase(SqliteStorageOptions options, ILogger<SqliteDatabase> logger)
    {
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        _options = options with { };
        _logger = logger;
        Directory.CreateDirectory(options.DataPath);
        Path = System.IO.Path.GetFullPath(System.IO.Path.Combine(options.DataPath, SqliteStorageOptions.FileName));
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
        _readerSlots = new SemaphoreSlim(options.ReadConnections, options.ReadConnections);
        var slow = Math.Max(1, options.ReadConnections - 1);
        SlowReadSlots = new SemaphoreSlim(slow, slow);
        _writer = Open(reader: false);
        _writer.Execute("PRAGMA journal_mode=WAL;");
        _writer.Execute(SqliteSchema.Create);
        CountTranslationQueueOnce();
        _writer.Execute($"INSERT OR IGNORE INTO meta(key, value) VALUES('schema', '{SqliteSchema.Version}');");
        if (options.ImportFileStore)
        {
            Imported = SqliteStoreMigration.Run(_writer, options.DataPath, logger);
        }

        _writerLoop = Task.Run(WriteLoopAsync);
        LogOpened(Path, SQLitePCL.raw.sqlite3_libversion().utf8_to_string());
    }

    /// <summary>Counts the translation queue on the first open of a database made before its counts were kept (see <see cref="SqliteSchema.CountTranslationQueue"/>).</summary>
    private void CountTranslationQueueOnce()
    {
        _writer.Execute("BEGIN IMMEDIATE;");
        try
        {
            if (_writer.Command(SqliteSchema.TranslationQueueCounted).ExecuteScalar() is null)
            {
                _writer.Execute(SqliteSchema.CountTranslationQueue);
            }

            _writer.Execute(SqliteSchema.TranslationQueueTriggers);

            _writer.Execute("COMMIT;");
        }
        catch
        {
            _writer.Execute("ROLLBACK;");
            throw;
        }
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    /// <summary>What this open imported from the file store; null when nothing was to be done (already imported, or switched off).</summary>
    internal MigrationReport? Imported { get; }

    /// <summary>The validated options the database was opened with.</summary>
    public SqliteStorageOptions Options => _options;

    /// <summary>
    /// Runs <paramref name="work"/> on the writer connection inside a transaction (shared with other writes queued meanwhile,
    /// rolled back alone to its savepoint when it throws); the result once committed.
    /// </summary>
    internal Task<T> WriteAsync<T>(Func<SqliteSession, T> work, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var operation = new WriteOperation<T>(work, cancellationToken);
        ObjectDisposedException.ThrowIf(!_writes.Writer.TryWrite(operation), this);

        return operation.Task;
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a pooled reader connection (a consistent snapshot that never blocks the writer).
    /// It is interrupted when <paramref name="cancellationToken"/> fires (<see cref="OperationCanceledException"/>) or
    /// <paramref name="timeout"/> passes (<see cref="QueryTooBroadException"/>).
    /// </summary>
    internal async Task<T> ReadAsync<T>(Func<SqliteSession, T> work, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _readerSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var session = _idleReaders.TryTake(out var idle) ? idle : null;
        try
        {
            session ??= Open(reader: true);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (timeout is { } after)
            {
                limit.CancelAfter(after);
            }

            session.Stop = limit.Token;
            try
            {
                return work(session);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteInterrupt)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // The cap counts from when a reader was free, so it measures the query's own work: one too broad to finish.
                throw new QueryTooBroadException($"The query ran longer than {timeout?.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms and was interrupted.", ex);
            }
            finally
            {
                session.Stop = CancellationToken.None;
                session.EndTransaction();
            }
        }
        finally
        {
            if (session is not null)
            {
                if (Volatile.Read(ref _disposed) == 0)
                {
                    _idleReaders.Add(session);
                }
                else
                {
                    session.Dispose();
                }
            }

            _readerSlots.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _writes.Writer.TryComplete();
        try
        {
            _writerLoop.GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            LogWriterFailed(ex);
        }

        try
        {
            _writer.Execute("PRAGMA optimize;");
        }
        catch (SqliteException)
        {
        }

        _writer.Dispose();
        while (_idleReaders.TryTake(out var reader))
        {
            reader.Dispose();
        }

        _readerSlots.Dispose();
        SlowReadSlots.Dispose();
    }

    /// <summary>
    /// Slots for reads that may touch many rows (keyword searches, filters checked row by row): one fewer than the readers, so
    /// that however many such requests arrive, a reader is always left for everything else (feeds, versions, health); with a
    /// single reader (<see cref="SqliteStorageOptions.ReadConnections"/> 1) they share it, since they must run somewhere.
    /// </summary>
    internal SemaphoreSlim SlowReadSlots { get; }

    private SqliteSession Open(bool reader)
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        var session = new SqliteSession(connection);
        var busy = (long)_options.BusyTimeout.TotalMilliseconds;
        session.Execute(string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout={busy}; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-{_options.CacheSizeKiB}; PRAGMA temp_store=MEMORY;"));
        if (reader)
        {
            session.Execute("PRAGMA query_only=1;");
        }
        else
        {
            // The writer touches every index of a batch: a larger cache, and fewer (each fsynced) checkpoints during bulk writes.
            session.Execute(string.Create(CultureInfo.InvariantCulture,
                $"PRAGMA cache_size=-{_options.WriterCacheSizeKiB}; PRAGMA wal_autocheckpoint={_options.CheckpointPages};"));
        }

        return session;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<WriteOperation>(_options.MaxBatch);
        var done = new List<WriteOperation>(_options.MaxBatch);
        while (await _writes.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            done.Clear();
            while (batch.Count < _options.MaxBatch && _writes.Reader.TryRead(out var next))
            {
                if (next.IsCancellationRequested)
                {
                    next.Cancel();
                }
                else
                {
                    batch.Add(next);
                }
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                _writer.Execute("BEGIN IMMEDIATE;");
                foreach (var operation in batch)
                {
                    _writer.Execute("SAVEPOINT op;");
                    try
                    {
                        operation.Run(_writer);
                        _writer.Execute("RELEASE op;");
                        done.Add(operation);
                    }
                    catch (Exception ex)
                    {
                        _writer.Execute("ROLLBACK TO op; RELEASE op;");
                        operation.Fail(ex);
                    }
                }

                _writer.Execute("COMMIT;");
            }
            catch (Exception ex)
            {
                LogWriterFailed(ex);
                try
                {
                    _writer.Execute("ROLLBACK;");
                }
                catch (SqliteException)
                {
                    // No transaction was open.
                }

                // Every operation of the batch fails with it: those committed-to-be (rolled back now), the one running, and
                // those not reached (an operation that failed on its own keeps its own exception: the first one set wins).
                batch.ForEach(operation => operation.Fail(ex));
                done.Clear();
            }

            foreach (var operation in done)
            {
                operation.Complete();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened SQLite store {Path} (SQLite {Version})")]
    private partial void LogOpened(string path, string version);

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of writes to the SQLite store failed")]
    private partial void LogWriterFailed(Exception exception);

    /// <summary>A queued write: runs on the writer, completes once committed.</summary>
    private abstract class WriteOperation
    {
        public abstract bool IsCancellationRequested { get; }

        public abstract void Run(SqliteSession session);

        public abstract void Complete();

        public abstract void Fail(Exception exception);

        public abstract void Cancel();
    }

    private sealed class WriteOperation<T>(Func<SqliteSession, T> work, CancellationToken cancellationToken) : WriteOperation
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _completion.Task;

        public override bool IsCancellationRequested => cancellationToken.IsCancellationRequested;

        public override void Run(SqliteSession session) => _result = work(session);

        public override void Complete() => _completion.TrySetResult(_result);

        public override void Fail(Exception exception) => _completion.TrySetException(exception);

        public override void Cancel() => _completion.TrySetCanceled(cancellationToken);
    }
}
