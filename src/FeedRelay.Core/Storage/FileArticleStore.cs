using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace FeedRelay.Storage;

/// <summary>
/// The embedded store: one JSON file per article under <c>{DataPath}/articles</c>, with the whole index
/// in memory (loaded once at start) so that queries never touch the disk.
/// </summary>
public sealed partial class FileArticleStore : IArticleStore, IDisposable
{
    private readonly string _folder;
    private readonly TimeProvider _clock;
    private readonly ILogger<FileArticleStore> _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lazy<ArticleIndex> _index;

    /// <summary>Opens (or creates) the store under <paramref name="options"/>.DataPath.</summary>
    public FileArticleStore(FileStoreOptions options, TimeProvider clock, ILogger<FileArticleStore> logger)
    {
        _folder = Path.Combine(options.DataPath, "articles");
        _clock = clock;
        _logger = logger;
        Directory.CreateDirectory(_folder);
        _index = new Lazy<ArticleIndex>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The in-memory index of this store.</summary>
    public ArticleIndex Index => _index.Value;

    /// <inheritdoc />
    public async Task<UpsertOutcome> UpsertAsync(Article article, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var index = _index.Value;
            UpsertOutcome outcome;
            if (index.Get(article.Id) is { } existing)
            {
                if (StoreJson.ContentOf(existing) == StoreJson.ContentOf(article))
                {
                    return UpsertOutcome.Unchanged;
                }

                article = article with { Updated = Max(_clock.GetUtcNow(), existing.Updated) };
                outcome = UpsertOutcome.Updated;
            }
            else
            {
                outcome = UpsertOutcome.Created;
            }

            await WriteAtomicallyAsync(PathOf(article.Id), JsonSerializer.SerializeToUtf8Bytes(article, StoreJson.Options), cancellationToken)
                .ConfigureAwait(false);
            index.Set(article);
            return outcome;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<bool> TryReplaceAsync(Article current, Article replacement, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(current.Id);
        if (replacement.Id != current.Id)
        {
            throw new ArgumentException("The replacement must have the id of the article it replaces.", nameof(replacement));
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var index = _index.Value;
            if (index.Get(current.Id) is not { } stored || StoreJson.ContentOf(stored) != StoreJson.ContentOf(current))
            {
                return false;
            }

            if (StoreJson.ContentOf(stored) != StoreJson.ContentOf(replacement))
            {
                replacement = replacement with { Updated = Max(_clock.GetUtcNow(), stored.Updated) };
                await WriteAtomicallyAsync(PathOf(replacement.Id), JsonSerializer.SerializeToUtf8Bytes(replacement, StoreJson.Options), cancellationToken)
                    .ConfigureAwait(false);
                index.Set(replacement);
            }

            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public Task<Article?> GetAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(Index.Get(id));

    /// <inheritdoc />
    public Task<IReadOnlyList<Article>> QueryAsync(ArticleQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(Index.Query(query));

    /// <inheritdoc />
    public Task<IReadOnlyList<SourceSummary>> ListSourcesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Index.Sources());

    private ArticleIndex Load()
    {
        var index = new ArticleIndex();
        foreach (var file in Directory.EnumerateFiles(_folder, "*.json"))
        {
            try
            {
                var article = JsonSerializer.Deserialize<Article>(File.ReadAllBytes(file), StoreJson.Options);
                if (article is not null)
                {
                    index.Set(article);
                }
            }
            catch (Exception ex) when (ex is JsonException or IOException)
            {
                LogUnreadable(_logger, ex, file);
            }
        }

        LogLoaded(_logger, index.Count, _folder);
        return index;
    }

    /// <inheritdoc />
    public void Dispose() => _writeLock.Dispose();

    private string PathOf(string id) => Path.Combine(_folder, id + ".json");

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    internal static async Task WriteAtomicallyAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        // Write then rename, so a crash never leaves a half-written file behind.
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temporary, bytes, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping unreadable stored article {File}")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} articles from {Folder}")]
    private static partial void LogLoaded(ILogger logger, int count, string folder);
}
