using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;

namespace FeedRelay.Storage.Azure;

/// <summary>
/// Claims on texts being sent to the Translator, in the translation cache's own rows (<see cref="TranslationCacheKeys"/>):
/// a claim is a row with <c>ClaimedBy</c> (this process) and <c>ClaimedUntil</c> and no value. Creating the row claims the
/// text; a row another instance claimed and whose lease ran out is taken over with its ETag, so of two instances taking it
/// over only one wins; a row that holds a value is a cached text. Caching the translation replaces the row, which ends the
/// claim; a failed send deletes it (with its ETag). One extra request per uncached text, two when the row already exists;
/// two more per text whose send failed.
/// </summary>
public sealed class AzureTranslationLeases : ITranslationLeases
{
    private const string ClaimedBy = "ClaimedBy";
    private const string ClaimedUntil = "ClaimedUntil";

    private readonly TableClient _table;
    private readonly CreateOnce _create;
    private readonly TimeProvider _clock;

    /// <summary>Creates the leases over <paramref name="clients"/>, for one process (each instance gets its own owner id).</summary>
    public AzureTranslationLeases(AzureStorageClients clients, TimeProvider clock)
    {
        _table = clients.Tables.GetTableClient(clients.Options.TranslationCacheTable);
        _create = new CreateOnce(ct => _table.CreateIfNotExistsAsync(ct));
        _clock = clock;
    }

    /// <summary>Who holds this process's claims.</summary>
    public string Owner { get; } = Guid.NewGuid().ToString("N");

    /// <inheritdoc />
    public async Task<IReadOnlySet<string>> ClaimAsync(IReadOnlyCollection<string> keys, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        await _create.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var held = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(keys.Distinct(StringComparer.Ordinal), TranslationCacheKeys.Fanout(cancellationToken), async (key, token) =>
        {
            if (!await TryClaimAsync(key, lease, token).ConfigureAwait(false))
            {
                held.Add(key);
            }
        }).ConfigureAwait(false);

        return held.ToHashSet(StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        await Parallel.ForEachAsync(keys.Distinct(StringComparer.Ordinal), TranslationCacheKeys.Fanout(cancellationToken), async (key, token) =>
        {
            var (partition, row) = TranslationCacheKeys.Of(key);
            var existing = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: token).ConfigureAwait(false);
            if (!existing.HasValue || existing.Value is not { } current || current.ContainsKey(TranslationCacheKeys.ChunksColumn) || current.GetString(ClaimedBy) != Owner)
            {
                return;
            }

            try
            {
                // Only the claim as read: a takeover or a cached answer since then stays.
                await _table.DeleteEntityAsync(partition, row, current.ETag, token).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 404)
            {
            }
        }).ConfigureAwait(false);
    }

    private async Task<bool> TryClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken)
    {
        var (partition, row) = TranslationCacheKeys.Of(key);
        var now = _clock.GetUtcNow();
        var claim = new TableEntity(partition, row) { ["Key"] = key, [ClaimedBy] = Owner, [ClaimedUntil] = now + lease };
        try
        {
            await _table.AddEntityAsync(claim, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // The row exists: a cached text, or someone's claim.
        }

        var existing = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!existing.HasValue || existing.Value is not { } current || current.ContainsKey(TranslationCacheKeys.ChunksColumn))
        {
            // Cached meanwhile (read it from the cache), or the row went away just now (rare: the next attempt claims it).
            return false;
        }

        if (current.GetString(ClaimedBy) != Owner && current.GetDateTimeOffset(ClaimedUntil) is { } until && until > now)
        {
            return false;
        }

        try
        {
            // Ours already (a retry), or its lease ran out: renewed or taken over, unless another instance did so first.
            await _table.UpdateEntityAsync(claim, current.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }
}
