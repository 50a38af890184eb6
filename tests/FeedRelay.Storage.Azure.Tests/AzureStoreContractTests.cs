using FeedRelay.Storage;
using FeedRelay.Storage.Azure;
using Microsoft.Extensions.Logging.Abstractions;

namespace FeedRelay.Tests.Storage;

/// <summary>The store contract on Azure Storage (Azurite), each test in its own containers.</summary>
public sealed class AzureStoreContractTests : StoreContractTests
{
    protected override async Task<IStoreSet> CreateAsync() => new AzureStores(await AzureTestStorage.NewClientsAsync(), Clock);

    [Fact]
    public async Task Conditional_replace_checks_the_blob_not_a_stale_index_of_another_instance()
    {
        await using var stores = await CreateAsync();
        var read = StoreContractTests.Sample("a1", "bbc", 0);
        await stores.Articles.UpsertAsync(read);
        var other = await stores.ReopenAsync();
        Assert.NotNull(await other.GetAsync("a1"));

        await stores.Articles.UpsertAsync(read with { ContentHtml = "<p>newer text</p>" });

        Assert.False(await other.TryReplaceAsync(read, read with { Summary = "stale" }));
        Assert.Equal("<p>newer text</p>", (await stores.Articles.GetAsync("a1"))!.ContentHtml);
    }

    private sealed class AzureStores : IStoreSet
    {
        private readonly AzureStorageClients _clients;
        private readonly TimeProvider _clock;
        private readonly List<AzureArticleStore> _stores = [];

        // One instance for all of a test's calls, even when they start at once (a second instance would be another writer).
        private readonly Lazy<AzureArticleStore> _first;

        public AzureStores(AzureStorageClients clients, TimeProvider clock)
        {
            _clients = clients;
            _clock = clock;
            Quarantine = new AzureQuarantine(clients);
            _first = new Lazy<AzureArticleStore>(Open);
        }

        public IArticleStore Articles => _first.Value;

        public IQuarantine Quarantine { get; }

        public Task<IArticleStore> ReopenAsync() => Task.FromResult<IArticleStore>(Open());

        public async ValueTask DisposeAsync()
        {
            _stores.ForEach(s => s.Dispose());
            await _clients.Blobs.GetBlobContainerClient(_clients.Options.ArticlesContainer).DeleteIfExistsAsync();
            await _clients.Blobs.GetBlobContainerClient(_clients.Options.QuarantineContainer).DeleteIfExistsAsync();
            await _clients.Tables.GetTableClient(_clients.Options.IndexTable).DeleteAsync();
        }

        private AzureArticleStore Open()
        {
            var store = AzureTestStorage.OpenStore(_clients, _clock);
            lock (_stores)
            {
                _stores.Add(store);
            }

            return store;
        }
    }
}

/// <summary>Fresh, uniquely named storage on the shared Azurite.</summary>
internal static class AzureTestStorage
{
    /// <summary>An article store over <paramref name="clients"/>, as an instance of the app opens it (no logging), on <paramref name="clock"/> or the system clock.</summary>
    public static AzureArticleStore OpenStore(AzureStorageClients clients, TimeProvider? clock = null) =>
        new(clients, clock ?? TimeProvider.System, NullLogger<AzureArticleStore>.Instance);

    public static async Task<AzureStorageClients> NewClientsAsync() => Clients(NewOptions((await AzuriteServer.Shared).ConnectionString));

    /// <summary>Fresh names on the account of <paramref name="connectionString"/>.</summary>
    public static AzureStorageOptions NewOptions(string connectionString) =>
        new()
        {
            ConnectionString = connectionString,
            SeedsContainer = AzuriteServer.UniqueName("seeds-"),
            ArticlesContainer = AzuriteServer.UniqueName("articles-"),
            QuarantineContainer = AzuriteServer.UniqueName("quarantine-"),
            TranslateQueue = AzuriteServer.UniqueName("translate-"),
            TranslationCacheTable = AzuriteServer.UniqueName("cache"),
            IndexTable = AzuriteServer.UniqueName("index"),
            FeedsContainer = AzuriteServer.UniqueName("feeds-"),
            FeedRebuildQueue = AzuriteServer.UniqueName("rebuilds-"),
        };

    /// <summary>New clients (their own connections and request counter) over <paramref name="options"/>.</summary>
    public static AzureStorageClients Clients(AzureStorageOptions options) => new(options);
}
