using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
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
        clock.Advance(other.StaleAfter + TimeSpan.FromMinutes(1));
        await other.RequestAsync(["all"]);
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        await other.RequestAsync(["all"]);
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_feed_whose_request_fails_does_not_keep_the_others_from_being_asked_for()
    {
        var options = AzureTestStorage.NewOptions((await AzuriteServer.Shared).ConnectionString);
        var clients = new AzureStorageClients(options, new RefuseMarker("bbc"));
        var rebuilds = new AzureFeedRebuildQueue(clients, TimeProvider.System, NullLogger<AzureFeedRebuildQueue>.Instance);
        var queue = clients.Queues.GetQueueClient(clients.Options.FeedRebuildQueue);

        await Assert.ThrowsAsync<RequestFailedException>(() => rebuilds.RequestAsync(["bbc", "all"]));

        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    /// <summary>Answers every write of the pending marker of <paramref name="feed"/> with a 500, as a failing storage account would.</summary>
    private sealed class RefuseMarker(string feed) : HttpPipelinePolicy
    {
        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            message.Request.Method == RequestMethod.Put && message.Request.Uri.Path.EndsWith("/" + AzureFeedRebuildQueue.MarkerFolder + feed, StringComparison.Ordinal)
                ? throw new RequestFailedException(500, "refused by the test")
                : ProcessNextAsync(message, pipeline);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The queue sends asynchronously.");
    }

    [Fact]
    public async Task A_marker_whose_create_response_was_lost_still_sends_its_message()
    {
        var options = AzureTestStorage.NewOptions((await AzuriteServer.Shared).ConnectionString);
        var fault = new LostResponses(m => LostResponses.Is(m, RequestMethod.Put, "/" + AzureFeedRebuildQueue.MarkerFolder + "all"));
        var rebuilds = new AzureFeedRebuildQueue(new AzureStorageClients(options, fault), TimeProvider.System, NullLogger<AzureFeedRebuildQueue>.Instance);
        var queue = new AzureStorageClients(options).Queues.GetQueueClient(options.FeedRebuildQueue);

        await rebuilds.RequestAsync(["all"]);

        Assert.Equal(1, fault.Lost);
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_marker_is_taken_for_orphaned_only_after_twice_its_messages_delay()
    {
        var clients = await AzureTestStorage.NewClientsAsync();

        Assert.Equal(TimeSpan.FromMinutes(10), Queue(clients, delaySeconds: 5).StaleAfter);
        Assert.Equal(TimeSpan.FromHours(1), Queue(clients, delaySeconds: 1800).StaleAfter);
    }

    private static AzureFeedRebuildQueue Queue(AzureStorageClients clients, int delaySeconds) =>
        new(AzureTestStorage.Clients(clients.Options with { FeedRebuildDelaySeconds = delaySeconds }), TimeProvider.System,
            NullLogger<AzureFeedRebuildQueue>.Instance);
}
