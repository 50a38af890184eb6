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
}
