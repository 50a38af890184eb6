using System.Text.Json;

namespace FeedRelay.Storage;

/// <summary>
/// The local translation queue: one JSON file per article under <c>{DataPath}/translation/queue</c>, so queued and
/// parked work survives restarts. Enqueueing an article already queued makes it due at once (its text may have changed).
/// </summary>
public sealed class FileTranslationQueue : ITranslationWorkQueue, IDisposable
{
    private readonly string _folder;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly WakeSignal _wake;

    /// <summary>Opens (or creates) the queue under <paramref name="options"/>.DataPath.</summary>
    public FileTranslationQueue(FileStoreOptions options, TimeProvider clock)
    {
        _folder = Path.Combine(options.DataPath, "translation", "queue");
        _clock = clock;
        _wake = new WakeSignal(clock);
        Directory.CreateDirectory(_folder);
    }

    /// <inheritdoc />
    public async Task EnqueueAsync(TranslationRequest request, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        await WriteAsync(new QueuedTranslation(request.ArticleId, request.Attempt, now, now, null, Guid.NewGuid().ToString("N")), cancellationToken).ConfigureAwait(false);
        _wake.Set();
    }

    /// <inheritdoc />
    public async Task EnqueueAsync(TranslationRequest request, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        var notBefore = now + Clamp(delay);
        await WriteAsync(new QueuedTranslation(request.ArticleId, request.Attempt, notBefore, now, null, Guid.NewGuid().ToString("N")), cancellationToken)
            .ConfigureAwait(false);
        _wake.Set();
    }

    /// <inheritdoc />
    public async Task EnsureQueuedAsync(TranslationRequest request, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(PathOf(request.ArticleId)))
        {
            await EnqueueAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TimeSpan Clamp(TimeSpan delay) =>
        delay < TimeSpan.Zero ? TimeSpan.Zero : delay > TimeSpan.FromDays(7) ? TimeSpan.FromDays(7) : delay;

    /// <summary>Every queued item, parked ones included, soonest first (reads the whole queue folder).</summary>
    public async Task<IReadOnlyList<QueuedTranslation>> ListAsync(CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var items = new List<QueuedTranslation>();
            foreach (var file in Directory.EnumerateFiles(_folder, "*.json"))
            {
                if (await ReadAsync(file, cancellationToken).ConfigureAwait(false) is { } item)
                {
                    items.Add(item);
                }
            }

            return items.OrderBy(i => i.NotBefore).ThenBy(i => i.ArticleId, StringComparer.Ordinal).ToList();
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<QueuedTranslation>> ListAsync(int limit, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken).ConfigureAwait(false)).Take(Math.Max(0, limit)).ToList();

    /// <inheritdoc />
    public async Task<IReadOnlyList<QueuedTranslation>> ListParkedAsync(int limit, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken).ConfigureAwait(false)).Where(i => i.Reason is not null).Take(Math.Max(0, limit)).ToList();

    /// <inheritdoc />
    public async Task<TranslationQueueCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        var items = await ListAsync(cancellationToken).ConfigureAwait(false);
        var parked = items.Count(i => i.Reason is not null);
        return new TranslationQueueCounts(items.Count - parked, parked);
    }

    /// <summary>The item due soonest if it is due now, else null.</summary>
    public async Task<QueuedTranslation?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        var items = await ListAsync(cancellationToken).ConfigureAwait(false);
        return items.Count > 0 && items[0].NotBefore <= _clock.GetUtcNow() ? items[0] : null;
    }

    /// <summary>Removes <paramref name="item"/>, unless the article was queued again while it was being worked on.</summary>
    public Task CompleteAsync(QueuedTranslation item, CancellationToken cancellationToken = default) =>
        ReplaceIfSameAsync(item, null, cancellationToken);

    /// <summary>Keeps <paramref name="item"/> for a later try, with why it failed; it is never dropped.</summary>
    public Task ParkAsync(QueuedTranslation item, string reason, DateTimeOffset retryAt, CancellationToken cancellationToken = default) =>
        ReplaceIfSameAsync(item, item with { Attempt = item.Attempt + 1, NotBefore = retryAt, Reason = reason }, cancellationToken);

    /// <summary>Waits until something is enqueued or <paramref name="timeout"/> passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);

    private async Task ReplaceIfSameAsync(QueuedTranslation item, QueuedTranslation? replacement, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var path = PathOf(item.ArticleId);
            var current = await ReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (current is null || current.Ticket != item.Ticket)
            {
                return;
            }

            if (replacement is null)
            {
                File.Delete(path);
            }
            else
            {
                await FileArticleStore.WriteAtomicallyAsync(path, JsonSerializer.SerializeToUtf8Bytes(replacement, StoreJson.Options), cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task WriteAsync(QueuedTranslation item, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await FileArticleStore.WriteAtomicallyAsync(PathOf(item.ArticleId), JsonSerializer.SerializeToUtf8Bytes(item, StoreJson.Options), cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    private static async Task<QueuedTranslation?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<QueuedTranslation>(stream, StoreJson.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or JsonException)
        {
            return null;
        }
    }

    private string PathOf(string articleId) => Path.Combine(_folder, Path.GetFileName(articleId) + ".json");

    /// <inheritdoc />
    public void Dispose() => _lock.Dispose();
}
