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
}
