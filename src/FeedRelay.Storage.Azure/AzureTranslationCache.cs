using System.Collections.Concurrent;
using System.Text;
using Azure.Data.Tables;

namespace FeedRelay.Storage.Azure;

/// <summary>
/// Translation cache in the <c>translationcache</c> table, a row per text (<see cref="TranslationCacheKeys"/>; the key
/// itself is kept in a column). A table string property holds at most 32K characters, so long translations are split
/// over the columns <c>Value0</c>, <c>Value1</c>, …. A row without them is a claim (<see cref="AzureTranslationLeases"/>),
/// not a translation. Point reads and writes go out <see cref="TranslationCacheKeys.Parallelism"/> at a time.
/// </summary>
public sealed class AzureTranslationCache : ITranslationCache
{
    private const int ChunkChars = 30_000;
    private const int MaxChunks = 16; // 16 × 30,000 UTF-16 characters = 960 KB, inside an entity's 1 MiB.
    private readonly TableClient _table;
    private readonly CreateOnce _create;

    /// <summary>Creates the cache over <paramref name="clients"/>.</summary>
    public AzureTranslationCache(AzureStorageClients clients)
    {
        _table = clients.Tables.GetTableClient(clients.Options.TranslationCacheTable);
        _create = new CreateOnce(ct => _table.CreateIfNotExistsAsync(ct));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> GetManyAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        await _create.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var found = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(keys.Distinct(StringComparer.Ordinal), TranslationCacheKeys.Fanout(cancellationToken), async (key, token) =>
        {
            var (partition, row) = TranslationCacheKeys.Of(key);
            var response = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: token).ConfigureAwait(false);
            if (response.HasValue && response.Value is { } entity && ValueOf(entity) is { } value)
            {
                found[key] = value;
            }
        }).ConfigureAwait(false);

        return found;
    }

    /// <inheritdoc />
    public async Task SetManyAsync(IReadOnlyDictionary<string, string> entries, CancellationToken cancellationToken = default)
    {
        await _create.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await Parallel.ForEachAsync(entries, TranslationCacheKeys.Fanout(cancellationToken), async (entry, token) =>
        {
            var (key, value) = entry;
            var chunks = (value.Length + ChunkChars - 1) / ChunkChars;
            if (chunks > MaxChunks)
            {
                // Too large for one entity: not caching it only costs a re-translation.
                return;
            }

            var (partition, row) = TranslationCacheKeys.Of(key);
            var entity = new TableEntity(partition, row) { ["Key"] = key, [TranslationCacheKeys.ChunksColumn] = chunks };
            for (var i = 0; i < chunks; i++)
            {
                entity["Value" + i] = value.Substring(i * ChunkChars, Math.Min(ChunkChars, value.Length - (i * ChunkChars)));
            }

            // Replace, not merge: the row may hold this text's claim, which the translation ends.
            await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, token).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static string? ValueOf(TableEntity entity)
    {
        if (entity.GetInt32(TranslationCacheKeys.ChunksColumn) is not { } chunks)
        {
            return null;
        }

        var text = new StringBuilder();
        for (var i = 0; i < chunks; i++)
        {
            text.Append(entity.GetString("Value" + i));
        }

        return text.ToString();
    }
}
