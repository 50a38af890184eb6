using System.Net;
using Azure;
using Azure.Storage.Blobs.Models;

namespace FeedRelay.Storage.Azure;

/// <summary>
/// Work in the account that failed or waits longer than it should, read from storage so that any instance reports what the
/// whole app left behind, not only its own work: messages in the poison queues (their handlers retry them: they failed on
/// every delivery), messages in the poison queues' own poison queues (nothing reads them: an operator must), Event Grid
/// dead letters still waiting after two runs of the <c>ReplayDeadLetteredSeeds</c> timer, and dead letters it set aside. A
/// few requests per read: one per queue, three short listings.
/// </summary>
public sealed class AzureBacklog(AzureStorageClients clients, TimeProvider clock)
{
    /// <summary>How long a dead letter may wait for the replay timer (two of its runs) before it is reported.</summary>
    public static readonly TimeSpan DeadLetterGrace = TimeSpan.FromMinutes(30);

    /// <summary>Where the replay timer sets aside a dead letter that names no seed.</summary>
    public const string UnreadablePrefix = "unreadable/";

    /// <summary>Where the replay timer sets aside a dead letter whose seeds failed run after run.</summary>
    public const string FailedPrefix = "failed/";

    /// <summary>Prefixes under which the replay timer sets aside dead letters it cannot replay.</summary>
    public static readonly IReadOnlyList<string> SetAsidePrefixes = [FailedPrefix, UnreadablePrefix];

    private static readonly string[] PoisonQueues = ["webjobs-blobtrigger-poison"];

    /// <summary>The poison queues, whose messages their handlers retry.</summary>
    public IReadOnlyList<string> RetriedQueues { get; } =
        [clients.Options.TranslateQueue + "-poison", clients.Options.FeedRebuildQueue + "-poison", .. PoisonQueues];

    /// <summary>The queues whose messages nothing reads: each poison queue's own poison queue.</summary>
    public IReadOnlyList<string> StrandedQueues => [.. RetriedQueues.Select(q => q + "-poison")];

    /// <summary>What waits now.</summary>
    public async Task<Backlog> ReadAsync(CancellationToken cancellationToken = default)
    {
        var retried = await CountAsync(RetriedQueues, cancellationToken).ConfigureAwait(false);
        var stranded = await CountAsync(StrandedQueues, cancellationToken).ConfigureAwait(false);
        var container = clients.Blobs.GetBlobContainerClient(clients.Options.SeedsDeadLetterContainer);
        var overdue = false;
        var setAside = false;
        try
        {
            var before = clock.GetUtcNow() - DeadLetterGrace;
            await foreach (var page in container.GetBlobsAsync(cancellationToken: cancellationToken).AsPages(pageSizeHint: 100).ConfigureAwait(false))
            {
                overdue = page.Values.Any(b => !SetAsidePrefixes.Any(p => b.Name.StartsWith(p, StringComparison.Ordinal)) && b.Properties.LastModified < before);
                break;
            }

            foreach (var prefix in SetAsidePrefixes)
            {
                await foreach (var page in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).AsPages(pageSizeHint: 1).ConfigureAwait(false))
                {
                    setAside |= page.Values.Count > 0;
                    break;
                }
            }
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            // No container: no dead letters.
        }

        return new Backlog(retried, stranded, overdue, setAside);
    }

    private async Task<IReadOnlyDictionary<string, int>> CountAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in queues)
        {
            try
            {
                var count = (await clients.Queues.GetQueueClient(name).GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount;
                if (count > 0)
                {
                    counts[name] = count;
                }
            }
            catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
            {
                // No such queue: nothing ever failed there.
            }
        }

        return counts;
    }
}

/// <summary>What <see cref="AzureBacklog.ReadAsync"/> found.</summary>
/// <param name="RetriedMessages">Messages per poison queue (their handlers retry them), only queues holding some.</param>
/// <param name="StrandedMessages">Messages per poison queue's poison queue (nothing reads them), only queues holding some.</param>
/// <param name="DeadLettersOverdue">True when an Event Grid dead letter has waited longer than <see cref="AzureBacklog.DeadLetterGrace"/>.</param>
/// <param name="DeadLettersSetAside">True when the replay timer set dead letters aside (unreadable, or failing run after run).</param>
public sealed record Backlog(
    IReadOnlyDictionary<string, int> RetriedMessages, IReadOnlyDictionary<string, int> StrandedMessages, bool DeadLettersOverdue, bool DeadLettersSetAside)
{
    /// <summary>True when nothing failed or waits too long.</summary>
    public bool IsEmpty => RetriedMessages.Count == 0 && StrandedMessages.Count == 0 && !DeadLettersOverdue && !DeadLettersSetAside;
}
