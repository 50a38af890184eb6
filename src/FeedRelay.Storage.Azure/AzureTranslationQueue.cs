using System.Text.Json;
using Azure.Storage.Queues;

namespace FeedRelay.Storage.Azure;

/// <summary>Translation work items as JSON <see cref="TranslationRequest"/> messages on the <c>translate</c> queue (base64-encoded, as the Functions queue trigger expects).</summary>
public sealed class AzureTranslationQueue : ITranslationQueue
{
    private readonly QueueClient _queue;
    private readonly CreateOnce _create;

    /// <summary>Creates the queue client over <paramref name="clients"/>.</summary>
    public AzureTranslationQueue(AzureStorageClients clients)
    {
        _queue = clients.Queues.GetQueueClient(clients.Options.TranslateQueue);
        _create = new CreateOnce(ct => _queue.CreateIfNotExistsAsync(cancellationToken: ct));
    }

    /// <inheritdoc />
    public async Task EnqueueAsync(TranslationRequest request, CancellationToken cancellationToken = default)
    {
        await _create.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await _queue.SendMessageAsync(JsonSerializer.Serialize(request, JsonSerializerOptions.Web), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The longest a queue message may stay invisible.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(7);

    /// <inheritdoc />
    public async Task EnqueueAsync(TranslationRequest request, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        await _create.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var visibility = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxDelay ? MaxDelay : delay;
        // The default time-to-live (7 days) could expire a message before it ever becomes visible: never expire these.
        await _queue.SendMessageAsync(JsonSerializer.Serialize(request, JsonSerializerOptions.Web), visibility, TimeSpan.FromSeconds(-1), cancellationToken)
            .ConfigureAwait(false);
    }
}
