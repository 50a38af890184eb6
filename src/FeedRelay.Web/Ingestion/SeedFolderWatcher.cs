using System.Threading.Channels;
using FeedRelay.Ingestion;
using Microsoft.Extensions.Options;

namespace FeedRelay.Web.Ingestion;

/// <summary>
/// The laptop stand-in for the blob trigger: ingests every file in the seeds folder at start, then watches it.
/// File-system events trigger a rescan; a periodic rescan catches any event the OS dropped. A file is read only
/// once its size and time have stayed the same for the settle delay, so half-written files are not ingested.
/// </summary>
public sealed partial class SeedFolderWatcher(
    IOptions<FeedRelayOptions> options,
    IngestionService ingestion,
    IngestionCounters counters,
    ILogger<SeedFolderWatcher> logger) : BackgroundService
{
    private readonly Dictionary<string, FileStamp> _done = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileStamp> _pending = new(StringComparer.Ordinal);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.SeedsPath))
        {
            LogDisabled();
            return;
        }

        var folder = Path.GetFullPath(settings.SeedsPath);
        Directory.CreateDirectory(folder);
        using var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = true, EnableRaisingEvents = true };
        watcher.Created += (_, _) => _wake.Writer.TryWrite(true);
        watcher.Changed += (_, _) => _wake.Writer.TryWrite(true);
        watcher.Renamed += (_, _) => _wake.Writer.TryWrite(true);
        LogWatching(folder);

        while (!stoppingToken.IsCancellationRequested)
        {
            var pending = await ScanAsync(folder, settings.SettleDelayMs == 0, stoppingToken).ConfigureAwait(false);
            var wait = pending ? TimeSpan.FromMilliseconds(settings.SettleDelayMs) : TimeSpan.FromMilliseconds(settings.RescanIntervalMs);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(wait);
            try
            {
                await _wake.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
                _wake.Reader.TryRead(out _);
                if (pending)
                {
                    // Events during the settle delay must not cut it short.
                    await Task.Delay(wait, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>Ingests settled files; returns true when some files are still settling.</summary>
    private async Task<bool> ScanAsync(string folder, bool noSettle, CancellationToken cancellationToken)
    {
        var stillSettling = false;
        IEnumerable<string> files;
        try
        {
            files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        }
        catch (IOException ex)
        {
            LogScanFailed(ex, folder);
            return false;
        }

        foreach (var path in files)
        {
            if (IsIgnored(path))
            {
                continue;
            }

            var info = new FileInfo(path);
            if (!info.Exists)
            {
                continue;
            }

            var stamp = new FileStamp(info.Length, info.LastWriteTimeUtc);
            if (_done.TryGetValue(path, out var done) && done == stamp)
            {
                continue;
            }

            if (!noSettle && (!_pending.TryGetValue(path, out var seen) || seen != stamp))
            {
                _pending[path] = stamp;
                stillSettling = true;
                continue;
            }

            _pending.Remove(path);
            await IngestFileAsync(folder, path, stamp, cancellationToken).ConfigureAwait(false);
        }

        return stillSettling;
    }

    private async Task IngestFileAsync(string folder, string path, FileStamp stamp, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            // Still locked by its writer: the next scan tries again.
            LogReadFailed(ex, path);
            return;
        }

        var name = Path.GetRelativePath(folder, path).Replace('\\', '/');
        try
        {
            var outcome = await ingestion.IngestAsync(name, bytes, cancellationToken).ConfigureAwait(false);
            counters.Record(outcome.Status == IngestStatus.Rejected);
            _done[path] = stamp;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The store failed, not the seed (parsers never throw): a disk error, a storage outage (RequestFailedException,
            // HttpRequestException) or a timeout (TaskCanceledException). Keep it un-done so the next scan retries it;
            // letting it escape would stop the host.
            LogStoreFailed(ex, name);
        }
    }

    private static bool IsIgnored(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith('.') || name.EndsWith('~') || name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".swp", StringComparison.OrdinalIgnoreCase) || name.Equals("README.md", StringComparison.OrdinalIgnoreCase)
            || name.Equals("PROVENANCE.md", StringComparison.OrdinalIgnoreCase);
    }

    private readonly record struct FileStamp(long Length, DateTime LastWriteUtc);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching seeds folder {Folder}")]
    private partial void LogWatching(string folder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seed folder watching is disabled (FeedRelay:SeedsPath is empty)")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not list seeds folder {Folder}")]
    private partial void LogScanFailed(Exception exception, string folder);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not read {Path} yet; will retry")]
    private partial void LogReadFailed(Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing seed {Name} failed; will retry")]
    private partial void LogStoreFailed(Exception exception, string name);
}
