using Azure.Core;
using FeedRelay.Storage;
using FeedRelay.Storage.Azure;

namespace FeedRelay.Tests.Storage;

/// <summary>The usage contract on Azure Table storage (Azurite), shared by every instance.</summary>
public sealed class AzureTranslationUsageContractTests : TranslationUsageContractTests, IAsyncLifetime
{
    private AzureStorageClients _clients = null!;

    public async Task InitializeAsync() => _clients = await AzureTestStorage.NewClientsAsync();

    public async Task DisposeAsync() =>
        await _clients.Tables.GetTableClient(_clients.Options.TranslationCacheTable).DeleteAsync();

    protected override ITranslationUsage Open() => new AzureTranslationUsage(_clients, TimeProvider.System);

    [Fact]
    public async Task Instances_adding_at_once_never_lose_an_increment()
    {
        var instances = Enumerable.Range(0, 3).Select(_ => Open()).ToList();

        await Task.WhenAll(instances.SelectMany(usage => Enumerable.Range(0, 8).Select(_ => Task.Run(() => usage.AddAsync(Day, 10)))));

        Assert.Equal(240, await Open().GetAsync(Day));
    }

    [Fact]
    public async Task An_increment_whose_response_was_lost_is_counted_once()
    {
        var table = "/" + _clients.Options.TranslationCacheTable;
        var fault = new LostResponses(m => (m.Request.Method == RequestMethod.Post || m.Request.Method == RequestMethod.Put)
            && m.Request.Uri.Path.Contains(table, StringComparison.Ordinal), count: 2);
        var usage = new AzureTranslationUsage(new AzureStorageClients(_clients.Options, fault), TimeProvider.System);

        await usage.AddAsync(Day, 100); // creates the row; the response is lost, the retry meets the row (409)
        await usage.AddAsync(Day, 20); // updates it; the response is lost, the retry meets a new ETag (412)

        Assert.Equal(2, fault.Lost);
        Assert.Equal(120, await Open().GetAsync(Day));
    }
}
