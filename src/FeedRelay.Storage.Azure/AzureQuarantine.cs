using System.Net;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace FeedRelay.Storage.Azure;

/// <summary>
/// Quarantine in the <c>quarantine</c> container: <c>{sha256}.seed</c> (the bytes) beside <c>{sha256}.json</c> (the reason), and
/// an empty <c>by-name/{name key}/{sha256}</c> marker blob per rejection, so that <see cref="RemoveByNameAsync"/> lists one
/// name's prefix instead of the whole container.
/// </summary>
public sealed class AzureQuarantine : IQuarantine
{
    /// <summary>Most rejections on one page.</summary>
    public const int MaxPage = 1000;

    private readonly BlobContainerClient _container;
    private readonly AzureStorageOptions _options;
    private readonly CreateOnce _create;

    /// <summary>Creates the quarantine over <paramref name="clients"/>.</summary>
    public AzureQuarantine(AzureStorageClients clients)
    {
        _options = clients.Options;
        _container = clients.Blobs.GetBlobContainerClient(_options.QuarantineContainer);
        _create = new CreateOnce(ct => _container.CreateIfNotExistsAsync(cancellationToken: ct));
    }

    /// <inheritdoc />
    public async Task AddAsync(Rejection rejection, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        await _create.EnsureAsync(cancellationToken).ConfigureAwait(false);
        // Bytes first: a reason is only ever listed when its bytes are already kept.
        await _container.GetBlobClient(rejection.Sha256 + ".seed").UploadAsync(BinaryData.FromBytes(content), overwrite: true, cancellationToken)
            .ConfigureAwait(false);
        await _container.GetBlobClient(rejection.Sha256 + ".json").UploadAsync(
            BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(rejection, StoreJson.Options)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellationToken).ConfigureAwait(false);
        await _container.GetBlobClient(MarkerPrefix(rejection.Name) + rejection.Sha256).UploadAsync(BinaryData.Empty, overwrite: true, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Every rejection, newest first: lists and reads the whole quarantine (tests and small quarantines; requests page with <see cref="ListPageAsync"/>).</summary>
    public async Task<IReadOnlyList<Rejection>> ListAsync(CancellationToken cancellationToken = default)
    {
        await _create.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var rejections = new List<Rejection>();
        await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions(), cancellationToken).ConfigureAwait(false))
        {
            if (!item.Name.EndsWith(".json", StringComparison.Ordinal))
            {
                continue;
            }

            var bytes = await TryDownloadAsync(item.Name, cancellationToken).ConfigureAwait(false);
            if (bytes is not null && JsonSerializer.Deserialize<Rejection>(bytes, StoreJson.Options) is { } rejection)
            {
                rejections.Add(rejection);
            }
        }

        return rejections.OrderByDescending(r => r.At).ToList();
    }

    /// <summary>
    /// One page in key (SHA-256) order, not by time: one listing request of the container's top level (the <c>by-name/</c>
    /// markers are one prefix) of 2 × <paramref name="limit"/> names, room for each rejection's two blobs, then the reasons on
    /// that page read in parallel. A page holds about <paramref name="limit"/> rejections; the continuation is the listing's own
    /// token, marked as this quarantine's (any other, or one the service refuses, throws <see cref="FormatException"/>).
    /// </summary>
    public async Task<RejectionPage> ListPageAsync(int limit, string? continuation, CancellationToken cancellationToken = default)
    {
        if (continuation is not null && (!continuation.StartsWith(ContinuationPrefix, StringComparison.Ordinal) || continuation.Length == ContinuationPrefix.Length))
        {
            throw new FormatException($"'{continuation}' is not a continuation this quarantine gave");
        }

        await _create.EnsureAsync(cancellationToken).ConfigureAwait(false);
        limit = Math.Clamp(limit, 1, MaxPage);
        var pages = _container.GetBlobsByHierarchyAsync(new GetBlobsByHierarchyOptions { Delimiter = "/" }, cancellationToken)
            .AsPages(continuation?[ContinuationPrefix.Length..] is { Length: > 0 } marker ? marker : null, 2 * limit);
        await using var listing = pages.GetAsyncEnumerator(cancellationToken);
        try
        {
            if (!await listing.MoveNextAsync().ConfigureAwait(false))
            {
                return new RejectionPage([], null);
            }
        }
        catch (RequestFailedException ex) when (continuation is not null && ex.Status == 400)
        {
            throw new FormatException($"'{continuation}' is not a continuation this quarantine gave", ex);
        }

        var page = listing.Current;
        // Every reason on the listed page (about limit: each rejection is a .json and a .seed next to each other); none is
        // skipped, since the next page starts after this one.
        var keys = page.Values.Where(i => i.IsBlob && i.Blob.Name.EndsWith(".json", StringComparison.Ordinal))
            .Select(i => i.Blob.Name[..^".json".Length]).ToList();
        var rejections = new Rejection?[keys.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, keys.Count), _options.Fanout(cancellationToken),
            async (i, ct) => rejections[i] = await GetAsync(keys[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        return new RejectionPage(rejections.OfType<Rejection>().ToList(),
            string.IsNullOrEmpty(page.ContinuationToken) ? null : ContinuationPrefix + page.ContinuationToken);
    }

    /// <summary>Marks the continuations this quarantine gives (the listing's own token after it), so that any other is refused.</summary>
    private const string ContinuationPrefix = "q1.";

    /// <summary>The rejection with key <paramref name="sha256"/> (one blob read), or null.</summary>
    public async Task<Rejection?> GetAsync(string sha256, CancellationToken cancellationToken = default)
    {
        await _create.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var bytes = await TryDownloadAsync(KeyOf(sha256) + ".json", cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : JsonSerializer.Deserialize<Rejection>(bytes, StoreJson.Options);
    }

    /// <inheritdoc />
    public async Task<byte[]?> GetContentAsync(string sha256, CancellationToken cancellationToken = default)
    {
        await _create.EnsureAsync(cancellationToken).ConfigureAwait(false);
        return await TryDownloadAsync(KeyOf(sha256) + ".seed", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task RemoveAsync(string sha256, CancellationToken cancellationToken = default)
    {
        await _create.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var key = KeyOf(sha256);
        // Every successful ingest asks this: one HEAD of the bytes (kept first, removed last) when there is nothing to forget.
        var seed = _container.GetBlobClient(key + ".seed");
        if (!await seed.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await _container.GetBlobClient(key + ".json").DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await seed.DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task RemoveByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        await _create.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var prefix = MarkerPrefix(name);
        var markers = new List<string>();
        await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).ConfigureAwait(false))
        {
            markers.Add(item.Name);
        }

        foreach (var marker in markers)
        {
            var sha256 = marker[prefix.Length..];
            var bytes = await TryDownloadAsync(KeyOf(sha256) + ".json", cancellationToken).ConfigureAwait(false);
            // The same bytes may have been rejected again under another name since: that rejection stays.
            if (bytes is null || JsonSerializer.Deserialize<Rejection>(bytes, StoreJson.Options)?.Name == name)
            {
                await RemoveAsync(sha256, cancellationToken).ConfigureAwait(false);
            }

            await _container.GetBlobClient(marker).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private static string MarkerPrefix(string name) => $"{QuarantineNames.Folder}/{QuarantineNames.KeyOf(name)}/";

    private async Task<byte[]?> TryDownloadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _container.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return response.Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Keys are hex hashes; anything else must not reach outside the container's flat namespace.</summary>
    private static string KeyOf(string sha256) => sha256.ToLowerInvariant().Replace('/', '_').Replace('\\', '_');
}
