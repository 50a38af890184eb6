using FeedRelay.Storage;
using FeedRelay.Storage.Azure;

namespace FeedRelay.Tests.Storage;

/// <summary>The usage contract on the data folder's <c>translation/usage.json</c> (one instance per folder, as the local server runs).</summary>
public sealed class FileTranslationUsageContractTests : TranslationUsageContractTests, IDisposable
{
    private readonly TempFolder _folder = TestPaths.NewTempFolder();
    private readonly List<FileTranslationUsage> _opened = [];

    protected override ITranslationUsage Open()
    {
        var usage = new FileTranslationUsage(new FileStoreOptions { DataPath = _folder.Path });
        _opened.Add(usage);
        return usage;
    }

    public void Dispose()
    {
        _opened.ForEach(u => u.Dispose());
        _folder.Dispose();
    }
}

/// <summary>The usage contract on Azure Table storage (Azurite), shared by every instance.</summary>
public sealed class AzureTranslationUsageContractTests : TranslationUsageContractTests, IAsyncLifetime
{
    private AzureStorageClients _clients = null!;

    public async Task InitializeAsync() => _clients = await AzureTestStorage.NewClientsAsync();

    public async Task DisposeAsync() =>
        await _clients.Tables.GetTableClient(_clients.Options.TranslationCacheTable).DeleteAsync();

    protected override ITranslationUsage Open() => new AzureTranslationUsage(_clients);

    [Fact]
    public async Task Instances_adding_at_once_never_lose_an_increment()
    {
        var instances = Enumerable.Range(0, 3).Select(_ => Open()).ToList();

        await Task.WhenAll(instances.SelectMany(usage => Enumerable.Range(0, 8).Select(_ => Task.Run(() => usage.AddAsync(Day, 10)))));

        Assert.Equal(240, await Open().GetAsync(Day));
    }
}
