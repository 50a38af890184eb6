using System.Net;
using Azure;

namespace FeedRelay.Storage.Azure;

/// <summary>
/// Work in the account that nothing will process by itself: messages in the poison handlers' own poison queues (a handler
/// failed on every delivery, so the message waits for an operator), and Event Grid dead letters (seed events never delivered;
/// the <c>ReplayDeadLetteredSeeds</c> timer ingests their seeds). Read from storage, so that any instance reports what the
/// whole app left behind, not only its own work. A few requests per read: one per queue, one listing of at most one blob.
/// </summary>
public sealed class AzureBacklog(AzureStorageClients clients)
{
    /// <summary>The queues whose messages nothing reads: each poison queue's own poison queue.</summary>
    public IReadOnlyList<string> StrandedQueues { get; } =
    [
        clients.Options.TranslateQueue + "-poison-poison",
        clients.Options.FeedRebuildQueue + "-poison-poison",
        "webjobs-blobtrigger-poison-poison",
    ];

    /// <summary>What is stranded now: messages per queue (only those holding some) and whether dead letters wait.</summary>
    public async Task<Backlog> ReadAsync(CancellationToken cancellationToken = default)
    {
        var stranded = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in StrandedQueues)
        {
            try
            {
                var count = (await clients.Queues.GetQueueClient(name).GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount;
                if (count > 0)
                {
                    stranded[name] = count;
                }
            }
            catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
            {
                // No such queue: nothing was ever stranded there.
            }
        }

        var deadLetters = false;
        try
        {
            await foreach (var page in clients.Blobs.GetBlobContainerClient(clients.Options.SeedsDeadLetterContainer).GetBlobsAsync(cancellationToken: cancellationToken)
                .AsPages(pageSizeHint: 1).ConfigureAwait(false))
            {
                deadLetters = page.Values.Count > 0;
                break;
            }
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            // No container: no dead letters.
        }

        return new Backlog(stranded, deadLetters);
    }
}

/// <summary>What <see cref="AzureBacklog.ReadAsync"/> found.</summary>
/// <param name="StrandedMessages">Messages per stranded queue, only queues holding some.</param>
/// <param name="DeadLetters">True when Event Grid dead letters wait in their container.</param>
public sealed record Backlog(IReadOnlyDictionary<string, int> StrandedMessages, bool DeadLetters)
{
    /// <summary>True when nothing is stranded.</summary>
    public bool IsEmpty => StrandedMessages.Count == 0 && !DeadLetters;
}
