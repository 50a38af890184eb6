using FeedRelay.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace FeedRelay.Tests.Storage;

/// <summary>The store contract on the embedded file store.</summary>
public sealed class FileStoreContractTests : StoreContractTests
{
    protected override Task<IStoreSet> CreateAsync() => Task.FromResult<IStoreSet>(new FileStores());

    /// <summary>The file store keeps no change times: its feeds' Last-Modified is their newest item's.</summary>
    protected override bool KeepsChangeTimes => false;

    private sealed class FileStores : IStoreSet
    {
        private readonly TempFolder _folder = TestPaths.NewTempFolder();
        private readonly List<FileArticleStore> _stores = [];

        public FileStores()
        {
            Articles = Open();
            Quarantine = new FileQuarantine(Options);
        }

        public IArticleStore Articles { get; }

        public IQuarantine Quarantine { get; }

        private FileStoreOptions Options => new() { DataPath = _folder.Path };

        public Task<IArticleStore> ReopenAsync() => Task.FromResult<IArticleStore>(Open());

        public ValueTask DisposeAsync()
        {
            _stores.ForEach(s => s.Dispose());
            _folder.Dispose();
            return ValueTask.CompletedTask;
        }

        private FileArticleStore Open()
        {
            var store = new FileArticleStore(Options, TimeProvider.System, NullLogger<FileArticleStore>.Instance);
            _stores.Add(store);
            return store;
        }
    }
}
