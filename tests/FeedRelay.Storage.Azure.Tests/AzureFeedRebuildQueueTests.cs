using FeedRelay.Storage.Azure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FeedRelay.Tests.Storage;

/// <summary>The coalescing of feed rebuild requests on Azurite: one message per pending marker, and no marker left to block a feed.</summary>
public sealed class AzureFeedRebuildQueueTests
{
    [Fact]
    public async Task A_burst_sends_one_message_and_an_orphaned_marker_is_replaced_once_it_is_stale()
    {
        var clients = await AzureTestStorage.NewClientsAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var first = new AzureFeedRebuildQueue(clients, clock, NullLogger<AzureFeedRebuildQueue>.Instance);
        var other = new AzureFeedRebuildQueue(clients, clock, NullLogger<AzureFeedRebuildQueue>.Instance);
        var queue = clients.Queues.GetQueueClient(clients.Options.FeedRebuildQueue);

        await first.RequestAsync(["all", "bbc"]);
        await other.RequestAsync(["all"]);
        await first.RequestAsync(["all"]);
        Assert.Equal(2, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);

        // The messages are lost (as if the process that armed the markers died before sending them): the markers stand.
        await queue.ClearMessagesAsync();
        await other.RequestAsync(["all"]);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);

        // Once the marker is older than StaleAfter, the next request replaces it and sends a message again.
        clock.Advance(AzureFeedRebuildQueue.StaleAfter + TimeSpan.FromMinutes(1));
        await other.RequestAsync(["all"]);
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        await other.RequestAsync(["all"]);
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }
}
