using FeedRelay.Ingestion;
using FeedRelay.Storage;
using Microsoft.Extensions.Options;

namespace FeedRelay.Web.Ingestion;

/// <summary>
/// The laptop stand-in for the blob trigger. At start, and then rarely as a safety net (<c>RescanIntervalMs</c>), it lists
/// the seeds folder and stats every file, comparing size and time with the seeds ledger: only new or changed files are
/// read, so a restart over a million ingested files reads none of them. Between rescans, file-system events name the files
/// to look at. A file is read once its size and time have stayed the same for the settle delay, so half-written files are
/// not ingested. Settled files are ingested in chunks of <see cref="IngestBatch"/>, prepared on every core and stored in one
/// batch each, as the bulk import does. Memory holds only the files seen changing since the last round (and two chunks'
/// bytes), never the folder.
/// </summary>
public sealed partial class SeedFolderWatcher(
    IOptions<FeedRelayOptions> options,
    IngestionService ingestion,
    IngestionCounters counters,
    ISeedLedger ledger,
    BackgroundHealth health,
    TimeProvider clock,
    ILogger<SeedFolderWatcher> logger) : BackgroundLoop("watcher", health, clock, logger), IDisposable
{
    /// <summary>Files stat'ed per ledger look-up during a rescan.</summary>
    internal const int ScanBatch = 512;

    /// <summary>Settled files read and prepared together, stored with one batch ingestion and recorded with one ledger write.</summary>
    internal const int IngestBatch = SeedImporter.BatchSize;

    /// <summary>Failed reads of one file after which it is reported as a warning.</summary>
    private const int UnreadableWarningAfter = 3;

    /// <summary>Longest wait between two tries of a file that could not be read.</summary>
    private static readonly TimeSpan MaxUnreadableRetry = TimeSpan.FromMinutes(5);

    private readonly object _gate = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Dictionary<string, Settling> _settling = new(StringComparer.Ordinal);
    private HashSet<string> _touched = new(StringComparer.Ordinal);
    private FileSystemWatcher? _watcher;
    private volatile bool _watcherFailed;
    private string _folder = "";
    private bool _rescanDue = true;
    private DateTimeOffset _nextRescan;

    /// <inheritdoc />
    public override bool IsEnabled => !string.IsNullOrWhiteSpace(options.Value.SeedsPath);

    /// <inheritdoc />
    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        StartWatching();
        var now = Clock.GetUtcNow();
        if (now >= _nextRescan)
        {
            _rescanDue = true;
        }

        if (_rescanDue)
        {
            // Cleared first: events during the scan set it again only on overflow.
            _rescanDue = false;
            _nextRescan = now + TimeSpan.FromMilliseconds(settings.RescanIntervalMs);
            await RescanAsync(_folder, cancellationToken).ConfigureAwait(false);
        }

        HashSet<string> touched;
        lock (_gate)
        {
            touched = _touched;
            _touched = new HashSet<string>(StringComparer.Ordinal);
        }

        var folders = new List<string>();
        await ConsiderAsync(touched.Select(p => Path.Combine(_folder, p)), cancellationToken, folders).ConfigureAwait(false);
        foreach (var folder in folders)
        {
            // A folder moved or copied in is one event for the folder, not one per file: its files are listed here.
            await RescanAsync(folder, cancellationToken).ConfigureAwait(false);
        }

        await IngestSettledAsync(cancellationToken).ConfigureAwait(false);

        if (_settling.Count > 0)
        {
            // Until the first settling file is due (a file that could not be read waits for its retry), or the next rescan.
            var settle = TimeSpan.FromMilliseconds(settings.SettleDelayMs);
            var due = _settling.Values.Min(s => s.Since) + settle - Clock.GetUtcNow();
            var rescan = _nextRescan - Clock.GetUtcNow();
            return TimeSpan.FromMilliseconds(Math.Max(Math.Min(due.TotalMilliseconds, Math.Max(rescan.TotalMilliseconds, 0)), 10));
        }

        var untilRescan = _nextRescan - Clock.GetUtcNow();
        return untilRescan > TimeSpan.Zero ? untilRescan : TimeSpan.Zero;
    }

    /// <summary>Runs one round at once, as the loop does (tests drive the rounds themselves on a fake clock).</summary>
    internal Task<TimeSpan> RunRoundAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    /// <summary>Waits for the next round, or less when a file-system event names a file.</summary>
    protected override async Task WaitAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(wait, Clock, timeout.Token);
        // While files settle, the short wait is not cut by their own write events; a long one (only files waiting to be
        // read again) is, so that a new file is not held up by an unreadable one.
        var settling = _settling.Count > 0 && wait <= TimeSpan.FromMilliseconds(Math.Max(options.Value.SettleDelayMs, 10));
        var woken = settling ? Task.Delay(Timeout.Infinite, timeout.Token) : _wake.WaitAsync(timeout.Token);
        await Task.WhenAny(delay, woken).ConfigureAwait(false);
        await timeout.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _watcher?.Dispose();
        _wake.Dispose();
        base.Dispose();
    }

    private void StartWatching()
    {
        if (_watcher is not null && !_watcherFailed)
        {
            return;
        }

        // First start, or the watcher stopped (its folder went away, the OS refused): a new one, and a rescan for what it missed.
        _watcher?.Dispose();
        _watcher = null;
        _watcherFailed = false;
        _folder = Path.GetFullPath(options.Value.SeedsPath);
        Directory.CreateDirectory(_folder);
        var watcher = new FileSystemWatcher(_folder) { IncludeSubdirectories = true, InternalBufferSize = 64 * 1024 };
        watcher.Created += (_, e) => Touch(e.FullPath);
        watcher.Changed += (_, e) => Touch(e.FullPath);
        watcher.Renamed += (_, e) => Touch(e.FullPath);
        watcher.Error += (_, e) =>
        {
            // Events were lost: only a rescan can tell what changed. After anything but a buffer overflow the watcher has
            // stopped, so the next round replaces it.
            var error = e.GetException();
            LogEventsLost(error);
            _watcherFailed |= error is not InternalBufferOverflowException;
            _rescanDue = true;
            Wake();
        };
        try
        {
            // Throws when the OS refuses a watch (for example the inotify limits): the round fails, and the next one tries again.
            watcher.EnableRaisingEvents = true;
        }
        catch
        {
            watcher.Dispose();
            throw;
        }

        _watcher = watcher;
        LogWatching(_folder);
    }

    private void Touch(string fullPath)
    {
        if (SeedFiles.IsIgnored(fullPath))
        {
            return;
        }

        lock (_gate)
        {
            _touched.Add(Relative(fullPath));
        }

        Wake();
    }

    private void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Lists and stats <paramref name="root"/> (the seeds folder, or a folder in it) in batches, comparing each batch with the ledger in one look-up.</summary>
    private async Task RescanAsync(string root, CancellationToken cancellationToken)
    {
        var batch = new List<string>(ScanBatch);
        foreach (var path in SeedFiles.Enumerate(root, LogUnopenable))
        {
            batch.Add(path);
            if (batch.Count == ScanBatch)
            {
                await ConsiderAsync(batch, cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }
        }

        await ConsiderAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Puts every file among <paramref name="paths"/> whose size or time differs from the ledger into the settling set.</summary>
    /// <param name="paths">Candidate paths.</param>
    /// <param name="cancellationToken">Stops the look-up.</param>
    /// <param name="folders">When given, collects the paths that are folders (named by one event for all they hold).</param>
    private async Task ConsiderAsync(IEnumerable<string> paths, CancellationToken cancellationToken, List<string>? folders = null)
    {
        var stamps = new Dictionary<string, FileStamp>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (SeedFiles.IsIgnored(path))
            {
                continue;
            }

            var info = new FileInfo(path);
            if (info.Exists)
            {
                stamps[Relative(path)] = new FileStamp(info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero));
            }
            else if (folders is not null && Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null)
            {
                // A folder, not a link to one (a link back up the tree would list everything again, see SeedFiles).
                folders.Add(path);
            }
        }

        if (stamps.Count == 0)
        {
            return;
        }

        var known = await ledger.GetManyAsync(stamps.Keys, cancellationToken).ConfigureAwait(false);
        var now = Clock.GetUtcNow();
        foreach (var (relative, stamp) in stamps)
        {
            known.TryGetValue(relative, out var entry);
            if (entry is not null && entry.Size == stamp.Length && entry.Modified == stamp.Modified)
            {
                _settling.Remove(relative);
                continue;
            }

            // A success forgets the quarantine entry of a file the ledger holds as rejected (see BatchSeed.WasRejected).
            var wasRejected = entry?.Outcome == SeedOutcome.Rejected;
            _settling[relative] = _settling.TryGetValue(relative, out var settling) && settling.Stamp == stamp
                ? settling with { WasRejected = wasRejected }
                : new Settling(stamp, now, wasRejected);
        }
    }

    /// <summary>
    /// Ingests every settling file whose stamp has not moved for the settle delay, <see cref="IngestBatch"/> files at a time:
    /// each chunk is read and prepared on every core (while the chunk before it is being stored), stored with one
    /// <see cref="IngestionService.IngestBatchAsync"/> and recorded in the ledger with one write. A chunk whose storing fails
    /// is not recorded and stays settling, as does every chunk after it (the next round tries them again); the chunks
    /// before it stay recorded. At most two chunks' bytes are held: the one being stored and the one being prepared.
    /// </summary>
    private async Task IngestSettledAsync(CancellationToken cancellationToken)
    {
        var settle = TimeSpan.FromMilliseconds(options.Value.SettleDelayMs);
        var now = Clock.GetUtcNow();
        var ready = _settling.Where(s => now - s.Value.Since >= settle).Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
        Task<IReadOnlyList<(string Relative, bool Rejected)>>? storing = null;
        try
        {
            foreach (var chunk in Chunks(ready, now))
            {
                var prepared = await PrepareAsync(chunk, cancellationToken).ConfigureAwait(false);
                if (storing is not null)
                {
                    var stored = storing;
                    storing = null;
                    Settled(await stored.ConfigureAwait(false));
                }

                if (prepared.Count > 0)
                {
                    storing = StoreAsync(prepared, cancellationToken);
                }
            }
        }
        finally
        {
            // A chunk being stored is waited for even when preparing the next one failed: it is not left running past the round.
            if (storing is not null)
            {
                Settled(await storing.ConfigureAwait(false));
            }
        }
    }

    /// <summary>
    /// The files of <paramref name="ready"/> that still exist with the stamp they settled on, <see cref="IngestBatch"/> at a
    /// time. Vanished files leave the settling set; files whose stamp moved start settling again (still being written).
    /// </summary>
    private IEnumerable<List<SettledFile>> Chunks(List<string> ready, DateTimeOffset now)
    {
        var chunk = new List<SettledFile>(Math.Min(ready.Count, IngestBatch));
        foreach (var relative in ready)
        {
            var info = new FileInfo(Path.Combine(_folder, relative));
            if (!info.Exists)
            {
                _settling.Remove(relative);
                continue;
            }

            var settling = _settling[relative];
            var stamp = new FileStamp(info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero));
            if (stamp != settling.Stamp)
            {
                _settling[relative] = settling with { Stamp = stamp, Since = now }; // Still being written.
                continue;
            }

            chunk.Add(new SettledFile(relative, stamp, settling.WasRejected));
            if (chunk.Count == IngestBatch)
            {
                yield return chunk;
                chunk = new List<SettledFile>(IngestBatch);
            }
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    /// <summary>Reads and prepares the files of <paramref name="chunk"/> on every core; a file that cannot be read yet is left out (it stays settling).</summary>
    private async Task<List<(string Relative, PreparedSeedFile File)>> PrepareAsync(List<SettledFile> chunk, CancellationToken cancellationToken)
    {
        var prepared = new PreparedSeedFile?[chunk.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, chunk.Count, parallel, async (i, token) =>
        {
            var (relative, stamp, wasRejected) = chunk[i];
            var path = Path.Combine(_folder, relative);
            try
            {
                prepared[i] = await PreparedSeedFile.ReadAsync(ingestion, path, relative, stamp.Length, stamp.Modified, wasRejected, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Still locked by its writer, or not readable by this process (yet): the next round tries again; the rest go on.
                LogReadFailed(ex, path);
            }
        }).ConfigureAwait(false);

        var read = new List<(string Relative, PreparedSeedFile File)>(chunk.Count);
        for (var i = 0; i < chunk.Count; i++)
        {
            if (prepared[i] is { } file)
            {
                read.Add((chunk[i].Relative, file));
            }
            else if (_settling.TryGetValue(chunk[i].Relative, out var settling))
            {
                Unreadable(chunk[i].Relative, settling);
            }
        }

        return read;
    }

    /// <summary>
    /// A settled file that could not be read: tried again after a delay that doubles with each failure (from the settle delay
    /// up to <see cref="MaxUnreadableRetry"/>), not every round, and reported once as a warning after a few tries (a file this
    /// process may not read stays unreadable until someone changes it).
    /// </summary>
    private void Unreadable(string relative, Settling settling)
    {
        var failures = settling.Failures + 1;
        var retry = TimeSpan.FromMilliseconds(Math.Min(Math.Max(options.Value.SettleDelayMs, 10) * Math.Pow(2, Math.Min(failures, 20)), MaxUnreadableRetry.TotalMilliseconds));
        _settling[relative] = settling with { Failures = failures, Since = Clock.GetUtcNow() + retry };
        if (failures == UnreadableWarningAfter)
        {
            LogUnreadable(Path.Combine(_folder, relative), failures, retry);
        }
    }

    /// <summary>
    /// Stores one prepared chunk with one batch ingestion, then records it in the ledger with one write; returns its files
    /// and whether each was rejected. Touches no state of the watcher, so it runs while the next chunk is being prepared.
    /// </summary>
    private async Task<IReadOnlyList<(string Relative, bool Rejected)>> StoreAsync(
        List<(string Relative, PreparedSeedFile File)> prepared, CancellationToken cancellationToken)
    {
        // Throws when the store fails: nothing of this chunk is recorded, so its files stay settling and are tried again.
        var outcomes = await ingestion.IngestBatchAsync(prepared.ConvertAll(p => p.File.Seed), cancellationToken).ConfigureAwait(false);
        var entries = new List<SeedLedgerEntry>(prepared.Count);
        var stored = new List<(string Relative, bool Rejected)>(prepared.Count);
        for (var i = 0; i < prepared.Count; i++)
        {
            entries.Add(prepared[i].File.LedgerEntry(outcomes[i]));
            stored.Add((prepared[i].Relative, outcomes[i].Status == IngestStatus.Rejected));
        }

        // Stored: recorded even when shutdown has begun, so that a restart does not ingest the chunk again.
        await ledger.SetManyAsync(entries, CancellationToken.None).ConfigureAwait(false);
        return stored;
    }

    /// <summary>Counts the files of a stored and recorded chunk and takes them out of the settling set.</summary>
    private void Settled(IReadOnlyList<(string Relative, bool Rejected)> stored)
    {
        foreach (var (relative, rejected) in stored)
        {
            counters.Record(rejected);
            _settling.Remove(relative);
        }
    }

    /// <summary>The ledger's name of <paramref name="path"/>: relative to the seeds folder, with <c>/</c> on every OS.</summary>
    private string Relative(string path) => Path.GetRelativePath(_folder, path).Replace('\\', '/');

    private readonly record struct FileStamp(long Length, DateTimeOffset Modified);

    /// <summary>
    /// A file waiting for its stamp to hold still since <paramref name="Since"/> (a later time after a failed read: the retry);
    /// <paramref name="WasRejected"/> when the ledger holds a rejection of it; <paramref name="Failures"/> reads that failed.
    /// </summary>
    private readonly record struct Settling(FileStamp Stamp, DateTimeOffset Since, bool WasRejected, int Failures = 0);

    private readonly record struct SettledFile(string Relative, FileStamp Stamp, bool WasRejected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seed file {Path} cannot be opened under the name it is listed with (not valid UTF-8); rename it to ingest it")]
    private partial void LogUnopenable(string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching seeds folder {Folder}")]
    private partial void LogWatching(string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "File-system events were lost; the seeds folder will be rescanned")]
    private partial void LogEventsLost(Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not read {Path} yet; will retry")]
    private partial void LogReadFailed(Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seed file {Path} could not be read {Failures} times (permissions?); tried again every {Retry} at most")]
    private partial void LogUnreadable(string path, int failures, TimeSpan retry);
}
