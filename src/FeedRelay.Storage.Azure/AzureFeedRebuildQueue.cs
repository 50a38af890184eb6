using System.Collections.Concurrent;
using System.Net;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using FeedRelay.Feeds;
using Microsoft.Extensions.Logging;

namespace FeedRelay.Storage.Azure;

/// <summary>
/// Feed rebuild requests for the Functions app's <c>RebuildFeeds</c> queue trigger, coalesced across instances by a pending
/// marker per feed: an empty blob <c>pending/{feed}</c> in the feeds container, created with <c>If-None-Match: *</c>. Only
/// the request that creates it sends a message to <see cref="AzureStorageOptions.FeedRebuildQueue"/>, invisible for
/// <see cref="AzureStorageOptions.FeedRebuildDelaySeconds"/>; every other request while the marker stands costs one failed
/// conditional PUT, and none at all in the instance that created it until the message can have been delivered. The trigger
/// deletes the marker before it reads the index, so a change that lands during the rebuild arms a new one. A marker whose
/// message never arrived (the process died between the two writes, or the message was lost) would block its feed forever:
/// so a request that meets a marker looks at its age, at most once per <see cref="StaleAfter"/> and feed in each process,
/// and replaces a marker older than that (deleted only if unchanged since it was looked at, then armed again). An upload
/// whose response was lost (the client's retry meets the marker it created, 409) is recognised by the id it tagged the
/// marker with, read only when the call was retried, and sends its message. A request for several feeds arms each, also
/// after one fails, and then throws.
/// </summary>
public sealed partial class AzureFeedRebuildQueue : IFeedRebuildQueue
{
    /// <summary>Folder of the pending markers in the feeds container.</summary>
    public const string MarkerFolder = "pending/";

    /// <summary>Metadata key of the id an upload tags its marker with, to recognise its own marker when its response was lost.</summary>
    private const string ArmedByKey = "armedby";

    /// <summary>The least age at which a pending marker is taken as orphaned (see <see cref="StaleAfter"/>).</summary>
    public static readonly TimeSpan MinStaleAfter = TimeSpan.FromMinutes(10);

    private readonly BlobContainerClient _container;
    private readonly QueueClient _queue;
    private readonly CreateOnce _createContainer;
    private readonly CreateOnce _createQueue;
    private readonly TimeSpan _delay;
    private readonly TimeProvider _clock;
    private readonly ILogger<AzureFeedRebuildQueue> _logger;

    // Feeds whose marker this process created, and when: the marker stands at least until its message becomes visible.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _armed = new(StringComparer.Ordinal);

    // Feeds whose marker (armed elsewhere) this process last looked at, and when.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _checked = new(StringComparer.Ordinal);
    private long _coalesced;

    /// <summary>Creates the queue over <paramref name="clients"/>; nothing is sent until the first request.</summary>
    public AzureFeedRebuildQueue(AzureStorageClients clients, TimeProvider clock, ILogger<AzureFeedRebuildQueue> logger)
    {
        _container = clients.Blobs.GetBlobContainerClient(clients.Options.FeedsContainer);
        _queue = clients.Queues.GetQueueClient(clients.Options.FeedRebuildQueue);
        _createContainer = new CreateOnce(ct => _container.CreateIfNotExistsAsync(cancellationToken: ct));
        _createQueue = new CreateOnce(ct => _queue.CreateIfNotExistsAsync(cancellationToken: ct));
        _delay = TimeSpan.FromSeconds(clients.Options.FeedRebuildDelaySeconds);
        StaleAfter = _delay * 2 > MinStaleAfter ? _delay * 2 : MinStaleAfter;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>
    /// Age past which a pending marker is taken as orphaned (its message long overdue), and how often one is checked:
    /// <see cref="MinStaleAfter"/>, or twice the message's delay when that is longer, so that a marker is never replaced
    /// before its message could have been delivered.
    /// </summary>
    public TimeSpan StaleAfter { get; }

    /// <summary>Requests answered without storage because this process's own marker still stands (for tests and diagnostics).</summary>
    public long Coalesced => Interlocked.Read(ref _coalesced);

    /// <inheritdoc />
    public async Task RequestAsync(IReadOnlyCollection<string> feeds, CancellationToken cancellationToken = default)
    {
        List<Exception>? failures = null;
        foreach (var feed in feeds.Distinct(StringComparer.Ordinal))
        {
            try
            {
                await ArmAsync(feed, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The other feeds are still asked for: a source feed that fails must not leave "all" stale too.
                (failures ??= []).Add(ex);
            }
        }

        if (failures is [var only])
        {
            ExceptionDispatchInfo.Throw(only);
        }

        if (failures is not null)
        {
            throw new AggregateException("Rebuild requests failed for some feeds", failures);
        }
    }

    /// <summary>Deletes the pending marker of <paramref name="feed"/> (the trigger does this before it rebuilds).</summary>
    public async Task ClearPendingAsync(string feed, CancellationToken cancellationToken = default)
    {
        _armed.TryRemove(feed, out _);
        try
        {
            await _container.GetBlobClient(MarkerFolder + feed).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            // No container: no marker.
        }
    }

    /// <summary>
    /// Asks again for a rebuild of <paramref name="feed"/> that failed on every delivery (its poison handler): its marker is
    /// replaced and a new message sent after <see cref="RetryDelay"/>, so that a feed whose rebuild failed (storage trouble
    /// longer than the deliveries) is not left stale until its source changes again.
    /// </summary>
    public async Task RetryAsync(string feed, CancellationToken cancellationToken = default)
    {
        await ClearPendingAsync(feed, cancellationToken).ConfigureAwait(false);
        await ArmAsync(feed, RetryDelay, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// How long a rebuild that failed on every delivery waits before it is tried again: half of <see cref="StaleAfter"/>, so
    /// that its marker is never taken for an orphan meanwhile.
    /// </summary>
    public TimeSpan RetryDelay => StaleAfter / 2;

    private Task ArmAsync(string feed, CancellationToken cancellationToken) => ArmAsync(feed, _delay, cancellationToken);

    private async Task ArmAsync(string feed, TimeSpan delay, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        if (_armed.TryGetValue(feed, out var armedAt) && now - armedAt < _delay)
        {
            Interlocked.Increment(ref _coalesced);
            return;
        }

        await _createContainer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var marker = _container.GetBlobClient(MarkerFolder + feed);
        var armedBy = Guid.NewGuid().ToString("N");
        using var attempts = RequestCounter.CountAttempts();
        try
        {
            await marker.UploadAsync(BinaryData.Empty, new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                Metadata = new Dictionary<string, string> { [ArmedByKey] = armedBy },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            // A rebuild of this feed is already pending (armed by this or another instance), unless its marker is orphaned,
            // or is this call's own: its first try created it but the response was lost, and the retry met it.
            if (!(attempts.Retried && await IsArmedByAsync(marker, armedBy, cancellationToken).ConfigureAwait(false))
                && !await ReplacedStaleMarkerAsync(feed, marker, now, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        _armed[feed] = now;
        try
        {
            await _createQueue.EnsureAsync(cancellationToken).ConfigureAwait(false);
            // Never expire: a message that outlived its time-to-live would leave the marker standing and the feed stale.
            await _queue.SendMessageAsync(JsonSerializer.Serialize(new FeedRebuildRequest(feed), JsonSerializerOptions.Web), delay,
                TimeSpan.FromSeconds(-1), cancellationToken).ConfigureAwait(false);
            LogArmed(feed, delay);
        }
        catch
        {
            // No message means no rebuild: take the marker away again, so that the next change arms a new one.
            await ClearPendingAsync(feed, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>True when <paramref name="marker"/> stands and was created by the upload tagged <paramref name="armedBy"/>.</summary>
    private static async Task<bool> IsArmedByAsync(BlobClient marker, string armedBy, CancellationToken cancellationToken)
    {
        try
        {
            var properties = (await marker.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            return properties.Metadata.TryGetValue(ArmedByKey, out var value) && value == armedBy;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            // Cleared meanwhile: the rebuild it asked for has begun.
            return false;
        }
    }

    /// <summary>
    /// True when the standing marker of <paramref name="feed"/> was older than <see cref="StaleAfter"/> and has been replaced
    /// by this request's own; false (the usual case: a rebuild is pending) otherwise, or when the age was checked lately.
    /// </summary>
    private async Task<bool> ReplacedStaleMarkerAsync(string feed, BlobClient marker, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_checked.TryGetValue(feed, out var checkedAt) && now - checkedAt < StaleAfter)
        {
            return false;
        }

        _checked[feed] = now;
        try
        {
            var properties = (await marker.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            if (now - properties.LastModified < StaleAfter)
            {
                return false;
            }

            await marker.DeleteAsync(conditions: new BlobRequestConditions { IfMatch = properties.ETag }, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            await marker.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken)
                .ConfigureAwait(false);
            LogStaleMarker(feed, properties.LastModified);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            // Cleared, replaced or re-armed by someone else meanwhile: a rebuild is pending or has just run.
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed {Feed} had a pending rebuild marker from {Since} whose rebuild never ran; armed it again")]
    private partial void LogStaleMarker(string feed, DateTimeOffset since);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Feed {Feed} changed: rebuild queued, due in {Delay}")]
    private partial void LogArmed(string feed, TimeSpan delay);
}
