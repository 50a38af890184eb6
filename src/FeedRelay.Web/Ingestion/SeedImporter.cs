using System.Diagnostics;
using System.Threading.Channels;
using FeedRelay.Ingestion;
using FeedRelay.Storage;
using FeedRelay.Web.Storage;

namespace FeedRelay.Web.Ingestion;

/// <summary>
/// Bulk import of a whole archive folder: one thread lists and stats files and skips those the seeds ledger already holds
/// with the same size and time; every core reads, decodes, parses and normalises; one writer stores batches (articles in
/// batched transactions, rejections in the quarantine) and records them in the ledger. Interrupted, it resumes from the ledger.
/// Over Azure storage, whose writes wait on round trips rather than on a lock, <see cref="AzureWriters"/> batches are stored
/// at once (the store group-commits their index work); over SQLite one.
/// </summary>
public sealed partial class SeedImporter(
    IngestionService ingestion, ISeedLedger ledger, TimeProvider clock, ILogger<SeedImporter> logger, StorageSelection? storage = null)
{
    /// <summary>Seeds stored per write batch.</summary>
    public const int BatchSize = 256;

    /// <summary>Batches stored at once over Azure storage.</summary>
    public const int AzureWriters = 4;

    private readonly int _writers = storage?.Kind == StorageKind.Azure ? AzureWriters : 1;

    private const int ListBatch = 512;

    /// <summary>Imports every seed file under <paramref name="folder"/>, reporting progress as it goes.</summary>
    public async Task<ImportSummary> ImportAsync(string folder, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        folder = Path.GetFullPath(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"No folder {folder}");
        }

        var state = new ImportState(clock.GetTimestamp());
        var files = Channel.CreateBounded<Candidate>(new BoundedChannelOptions(4 * BatchSize) { SingleWriter = true });
        var prepared = Channel.CreateBounded<PreparedSeedFile>(new BoundedChannelOptions(4 * BatchSize) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = stop.Token;

        var total = Task.Run(() => state.SetTotal(SeedFiles.Enumerate(folder).LongCount()), token);
        var lister = Task.Run(() => ListAsync(folder, files.Writer, state, token), token);
        var workers = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => Task.Run(() => PrepareAsync(folder, files.Reader, prepared.Writer, token), token)).ToArray();
        var completion = Task.WhenAll(workers).ContinueWith(t => prepared.Writer.TryComplete(t.Exception), TaskScheduler.Default);
        var writer = Task.Run(() => WriteAsync(prepared.Reader, state, progress, token), token);
        // A stage that fails stops the others: a writer that throws must not leave the workers blocked on full channels.
        foreach (var stage in new[] { lister, writer, total })
        {
            _ = stage.ContinueWith(_ => stop.Cancel(), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        try
        {
            await Task.WhenAll(lister, writer, completion, total).ConfigureAwait(false);
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }

        progress?.Report(state.Snapshot(clock.GetTimestamp(), clock));
        var summary = state.Summary(clock.GetElapsedTime(state.Started));
        LogImported(folder, summary.Files, summary.Ingested, summary.Unchanged, summary.Rejected);
        return summary;
    }

    private async Task ListAsync(string folder, ChannelWriter<Candidate> files, ImportState state, CancellationToken cancellationToken)
    {
        try
        {
            var batch = new List<(string Relative, FileInfo Info)>(ListBatch);
            foreach (var path in SeedFiles.Enumerate(folder, LogUnopenable))
            {
                batch.Add((Path.GetRelativePath(folder, path).Replace('\\', '/'), new FileInfo(path)));
                if (batch.Count == ListBatch)
                {
                    await SendChangedAsync(batch, files, state, cancellationToken).ConfigureAwait(false);
                    batch.Clear();
                }
            }

            await SendChangedAsync(batch, files, state, cancellationToken).ConfigureAwait(false);
            files.TryComplete();
        }
        catch (Exception ex)
        {
            files.TryComplete(ex);
            throw;
        }
    }

    private async Task SendChangedAsync(List<(string Relative, FileInfo Info)> batch, ChannelWriter<Candidate> files, ImportState state, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var known = await ledger.GetManyAsync(batch.Select(b => b.Relative).ToList(), cancellationToken).ConfigureAwait(false);
        foreach (var (relative, info) in batch)
        {
            if (!info.Exists)
            {
                continue;
            }

            var modified = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
            known.TryGetValue(relative, out var entry);
            if (entry is not null && entry.Size == info.Length && entry.Modified == modified)
            {
                state.Skipped();
                continue;
            }

            await files.WriteAsync(new Candidate(relative, info.Length, modified, entry?.Outcome == SeedOutcome.Rejected), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PrepareAsync(string folder, ChannelReader<Candidate> files, ChannelWriter<PreparedSeedFile> prepared, CancellationToken cancellationToken)
    {
        await foreach (var file in files.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            PreparedSeedFile seed;
            try
            {
                seed = await PreparedSeedFile.ReadAsync(ingestion, Path.Combine(folder, file.Relative), file.Relative, file.Size, file.Modified, file.WasRejected,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone or unreadable since it was listed: the next import or watcher round sees it again.
                LogUnreadable(ex, file.Relative);
                continue;
            }

            await prepared.WriteAsync(seed, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(ChannelReader<PreparedSeedFile> prepared, ImportState state, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var storing = new List<Task>(_writers);
        while (await prepared.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var batch = new List<PreparedSeedFile>(BatchSize);
            while (batch.Count < BatchSize && prepared.TryRead(out var item))
            {
                batch.Add(item);
            }

            if (storing.Count == _writers)
            {
                var done = await Task.WhenAny(storing).ConfigureAwait(false);
                storing.Remove(done);
                await done.ConfigureAwait(false);
            }

            storing.Add(StoreAsync(batch, state, progress, cancellationToken));
        }

        await Task.WhenAll(storing).ConfigureAwait(false);
    }

    /// <summary>Stores one batch and records it in the ledger.</summary>
    private async Task StoreAsync(List<PreparedSeedFile> batch, ImportState state, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var outcomes = await ingestion.IngestBatchAsync(batch.ConvertAll(b => b.Seed), cancellationToken).ConfigureAwait(false);
        var entries = new List<SeedLedgerEntry>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            state.Record(outcomes[i]);
            entries.Add(batch[i].LedgerEntry(outcomes[i]));
        }

        await ledger.SetManyAsync(entries, cancellationToken).ConfigureAwait(false);
        progress?.Report(state.Snapshot(clock.GetTimestamp(), clock));
    }

    private sealed record Candidate(string Relative, long Size, DateTimeOffset Modified, bool WasRejected);

    /// <summary>Counters shared by the import's stages.</summary>
    private sealed class ImportState(long started)
    {
        private readonly Dictionary<string, long> _rejectedByCode = new(StringComparer.Ordinal);
        private long _total = -1;
        private long _skipped;
        private long _ingested;
        private long _unchanged;
        private long _rejected;

        public long Started => started;

        public void SetTotal(long total) => Interlocked.Exchange(ref _total, total);

        public void Skipped() => Interlocked.Increment(ref _skipped);

        public void Record(IngestOutcome outcome)
        {
            switch (outcome.Status)
            {
                case IngestStatus.Rejected:
                    Interlocked.Increment(ref _rejected);
                    lock (_rejectedByCode)
                    {
                        var code = outcome.Rejection!.Code;
                        _rejectedByCode[code] = _rejectedByCode.GetValueOrDefault(code) + 1;
                    }

                    break;
                case IngestStatus.Unchanged:
                    Interlocked.Increment(ref _unchanged);
                    break;
                default:
                    Interlocked.Increment(ref _ingested);
                    break;
            }
        }

        public ImportProgress Snapshot(long now, TimeProvider clock)
        {
            var elapsed = clock.GetElapsedTime(started, now);
            var done = Interlocked.Read(ref _skipped) + Interlocked.Read(ref _ingested) + Interlocked.Read(ref _unchanged) + Interlocked.Read(ref _rejected);
            var read = done - Interlocked.Read(ref _skipped);
            return new ImportProgress(done, Interlocked.Read(ref _total), read / Math.Max(elapsed.TotalSeconds, 0.001), Interlocked.Read(ref _rejected), elapsed);
        }

        public ImportSummary Summary(TimeSpan elapsed)
        {
            lock (_rejectedByCode)
            {
                var skipped = Interlocked.Read(ref _skipped);
                return new ImportSummary(skipped + _ingested + _unchanged + _rejected, _ingested, skipped + _unchanged, _rejected,
                    _rejectedByCode.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).ToDictionary(r => r.Key, r => r.Value),
                    elapsed);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Folder}: {Files} files, {Ingested} ingested, {Unchanged} unchanged, {Rejected} rejected")]
    private partial void LogImported(string folder, long files, long ingested, long unchanged, long rejected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seed file {Path} cannot be opened under the name it is listed with (not valid UTF-8); rename it to ingest it")]
    private partial void LogUnopenable(string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read {Name}; it is left for the next run")]
    private partial void LogUnreadable(Exception exception, string name);
}

/// <summary>Where an import stands.</summary>
/// <param name="Done">Files accounted for (skipped as unchanged, ingested or rejected).</param>
/// <param name="Total">Files in the folder, or -1 while still being counted.</param>
/// <param name="FilesPerSecond">Files read and stored per second so far (skipped ones not counted).</param>
/// <param name="Rejected">Files rejected so far.</param>
/// <param name="Elapsed">Time since the import started.</param>
public sealed record ImportProgress(long Done, long Total, double FilesPerSecond, long Rejected, TimeSpan Elapsed)
{
    /// <summary>Estimated time left, when it can be told.</summary>
    public TimeSpan? Remaining => Total > 0 && FilesPerSecond > 0 && Done < Total ? TimeSpan.FromSeconds((Total - Done) / FilesPerSecond) : null;
}

/// <summary>What an import did.</summary>
/// <param name="Files">Files accounted for: <c>Ingested + Unchanged + Rejected</c>.</param>
/// <param name="Ingested">Files stored as new or changed articles.</param>
/// <param name="Unchanged">Files the ledger already held unchanged, or that repeated a stored article.</param>
/// <param name="Rejected">Files quarantined.</param>
/// <param name="RejectedByCode">Rejections by error code, most frequent first.</param>
/// <param name="Elapsed">How long it took.</param>
public sealed record ImportSummary(long Files, long Ingested, long Unchanged, long Rejected, IReadOnlyDictionary<string, long> RejectedByCode, TimeSpan Elapsed);
