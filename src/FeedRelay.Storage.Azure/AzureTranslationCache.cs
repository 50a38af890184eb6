using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;

namespace FeedRelay.Storage.Azure;

/// <summary>
/// Translation cache in the <c>translationcache</c> table. Cache keys may hold characters tables forbid in keys, so
/// the row key is the SHA-256 of the cache key (the key itself is kept in a column). A table string property holds
/// at most 32K characters, so long translations are split over the columns <c>Value0</c>, <c>Value1</c>, ….
/// </summary>
public sealed class AzureTranslationCache : ITranslationCache
{
    private const int ChunkChars = 30_000;
    private const int MaxChunks = 30; // 1 MiB per entity.
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
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            var (partition, row) = KeysOf(key);
            var response = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (response.HasValue && response.Value is { } entity && ValueOf(entity) is { } value)
            {
                found[key] = value;
            }
        }

        return found;
    }

    /// <inheritdoc />
    public async Task SetManyAsync(IReadOnlyDictionary<string, string> entries, CancellationToken cancellationToken = default)
    {
        await _create.EnsureAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (key, value) in entries)
        {
            var chunks = (value.Length + ChunkChars - 1) / ChunkChars;
            if (chunks > MaxChunks)
            {
                // Too large for one entity: not caching it only costs a re-translation.
                continue;
            }

            var (partition, row) = KeysOf(key);
            var entity = new TableEntity(partition, row) { ["Key"] = key, ["Chunks"] = chunks };
            for (var i = 0; i < chunks; i++)
            {
                entity["Value" + i] = value.Substring(i * ChunkChars, Math.Min(ChunkChars, value.Length - (i * ChunkChars)));
            }

            await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? ValueOf(TableEntity entity)
    {
        if (entity.GetInt32("Chunks") is not { } chunks)
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

    private static (string Partition, string Row) KeysOf(string key)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        // 256 partitions spread the load without making point reads any harder.
        return (hash[..2], hash);
    }
}
