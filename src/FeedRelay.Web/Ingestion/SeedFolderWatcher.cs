using System.Security.Cryptography;
using FeedRelay.Ingestion;
using FeedRelay.Storage;
using Microsoft.Extensions.Options;

namespace FeedRelay.Web.Ingestion;

/// <summary>
/// The laptop stand-in for the blob trigger. At start, and then rarely as a safety net (<c>RescanIntervalMs</c>), it lists
/// the seeds folder and stats every file, comparing size and time with the seeds ledger: only new or changed files are
/// read, so a restart over a million ingested files reads none of them. Between rescans, file-system events name the files
/// to look at. A file is read once its size and time have stayed the same for the settle delay, so half-written files are
/// not ingested. Memory holds only the files seen changing since the last round, never the folder.
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

    private readonly object _gate = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Dictionary<string, Settling> _settling = new(StringComparer.Ordinal);
    private HashSet<string> _touched = new(StringComparer.Ordinal);
    private FileSystemWatcher? _watcher;
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
            await RescanAsync(cancellationToken).ConfigureAwait(false);
        }

        HashSet<string> touched;
        lock (_gate)
        {
            touched = _touched;
            _touched = new HashSet<string>(StringComparer.Ordinal);
        }

        await ConsiderAsync(touched.Select(p => Path.Combine(_folder, p)), cancellationToken).ConfigureAwait(false);
        await IngestSettledAsync(cancellationToken).ConfigureAwait(false);

        if (_settling.Count > 0)
        {
            return TimeSpan.FromMilliseconds(Math.Max(settings.SettleDelayMs, 10));
        }

        var untilRescan = _nextRescan - Clock.GetUtcNow();
        return untilRescan > TimeSpan.Zero ? untilRescan : TimeSpan.Zero;
    }

    /// <summary>Waits for the next round, or less when a file-system event names a file.</summary>
    protected override async Task WaitAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(wait, Clock, timeout.Token);
        var woken = _settling.Count > 0 ? Task.Delay(Timeout.Infinite, timeout.Token) : _wake.WaitAsync(timeout.Token);
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
        if (_watcher is not null)
        {
            return;
        }

        _folder = Path.GetFullPath(options.Value.SeedsPath);
        Directory.CreateDirectory(_folder);
        _watcher = new FileSystemWatcher(_folder) { IncludeSubdirectories = true, InternalBufferSize = 64 * 1024 };
        _watcher.Created += (_, e) => Touch(e.FullPath);
        _watcher.Changed += (_, e) => Touch(e.FullPath);
        _watcher.Renamed += (_, e) => Touch(e.FullPath);
        _watcher.Error += (_, e) =>
        {
            // Events were lost (buffer overflow): only a rescan can tell what changed.
            LogEventsLost(e.GetException());
            _rescanDue = true;
            Wake();
        };
        _watcher.EnableRaisingEvents = true;
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
            _touched.Add(Path.GetRelativePath(_folder, fullPath));
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

    /// <summary>Lists and stats the whole folder in batches, comparing each batch with the ledger in one look-up.</summary>
    private async Task RescanAsync(CancellationToken cancellationToken)
    {
        var batch = new List<string>(ScanBatch);
        foreach (var path in SeedFiles.Enumerate(_folder))
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
    private async Task ConsiderAsync(IEnumerable<string> paths, CancellationToken cancellationToken)
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
        }

        if (stamps.Count == 0)
        {
            return;
        }

        var known = await ledger.GetManyAsync(stamps.Keys, cancellationToken).ConfigureAwait(false);
        var now = Clock.GetUtcNow();
        foreach (var (relative, stamp) in stamps)
        {
            if (known.TryGetValue(relative, out var entry) && entry.Size == stamp.Length && entry.Modified == stamp.Modified)
            {
                _settling.Remove(relative);
                continue;
            }

            if (!_settling.TryGetValue(relative, out var settling) || settling.Stamp != stamp)
            {
                _settling[relative] = new Settling(stamp, now);
            }
        }
    }

    /// <summary>Reads and ingests every settling file whose stamp has not moved for the settle delay, then records them in the ledger.</summary>
    private async Task IngestSettledAsync(CancellationToken cancellationToken)
    {
        var settle = TimeSpan.FromMilliseconds(options.Value.SettleDelayMs);
        var now = Clock.GetUtcNow();
        var ready = _settling.Where(s => now - s.Value.Since >= settle).Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
        var recorded = new List<SeedLedgerEntry>(ready.Count);
        try
        {
            foreach (var relative in ready)
            {
                var path = Path.Combine(_folder, relative);
                var info = new FileInfo(path);
                if (!info.Exists)
                {
                    _settling.Remove(relative);
                    continue;
                }

                var stamp = new FileStamp(info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero));
                if (stamp != _settling[relative].Stamp)
                {
                    _settling[relative] = new Settling(stamp, now); // Still being written.
                    continue;
                }

                byte[] bytes;
                try
                {
                    bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException ex)
                {
                    // Still locked by its writer: the next round tries again.
                    LogReadFailed(ex, path);
                    continue;
                }

                var name = relative.Replace('\\', '/');
                var outcome = await ingestion.IngestAsync(name, bytes, cancellationToken).ConfigureAwait(false);
                counters.Record(outcome.Status == IngestStatus.Rejected);
                _settling.Remove(relative);
                recorded.Add(new SeedLedgerEntry(name, stamp.Length, stamp.Modified, Convert.ToHexStringLower(SHA256.HashData(bytes)),
                    outcome.Status switch
                    {
                        IngestStatus.Rejected => SeedOutcome.Rejected,
                        IngestStatus.Unchanged => SeedOutcome.Unchanged,
                        _ => SeedOutcome.Ingested,
                    },
                    outcome.ArticleId,
                    outcome.Rejection?.Code));
            }
        }
        finally
        {
            // What was ingested is recorded even when a later file failed (the store threw): that file stays settling and is retried.
            if (recorded.Count > 0)
            {
                await ledger.SetManyAsync(recorded, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private string Relative(string path) => Path.GetRelativePath(_folder, path);

    private readonly record struct FileStamp(long Length, DateTimeOffset Modified);

    private readonly record struct Settling(FileStamp Stamp, DateTimeOffset Since);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching seeds folder {Folder}")]
    private partial void LogWatching(string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "File-system events were lost; the seeds folder will be rescanned")]
    private partial void LogEventsLost(Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not read {Path} yet; will retry")]
    private partial void LogReadFailed(Exception exception, string path);
}
