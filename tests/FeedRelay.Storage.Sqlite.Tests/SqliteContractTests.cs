using FeedRelay.Storage;
using FeedRelay.Storage.Sqlite;

namespace FeedRelay.Tests.Storage;

/// <summary>The store contract on the SQLite store.</summary>
public sealed class SqliteStoreContractTests : StoreContractTests
{
    protected override Task<IStoreSet> CreateAsync() => Task.FromResult<IStoreSet>(new SqliteStores(Clock));

    private sealed class SqliteStores : IStoreSet
    {
        private readonly SqliteTestStorage _storage = new();
        private readonly TimeProvider _clock;

        public SqliteStores(TimeProvider clock)
        {
            _clock = clock;
            var database = _storage.Open();
            Articles = new SqliteArticleStore(database, clock);
            Quarantine = new SqliteQuarantine(database);
        }

        public IArticleStore Articles { get; }

        public IQuarantine Quarantine { get; }

        public Task<IArticleStore> ReopenAsync() => Task.FromResult<IArticleStore>(new SqliteArticleStore(_storage.Open(), _clock));

        public ValueTask DisposeAsync()
        {
            _storage.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>The usage contract on the SQLite store.</summary>
public sealed class SqliteTranslationUsageContractTests : TranslationUsageContractTests, IDisposable
{
    private readonly SqliteTestStorage _storage = new();

    protected override ITranslationUsage Open() => new SqliteTranslationUsage(_storage.Open());

    public void Dispose() => _storage.Dispose();
}

/// <summary>The translation work-queue contract on the SQLite store.</summary>
public sealed class SqliteTranslationWorkQueueContractTests : TranslationWorkQueueContractTests, IDisposable
{
    private readonly SqliteTestStorage _storage = new();

    protected override ITranslationWorkQueue Open() => new SqliteTranslationQueue(_storage.Open(), Clock);

    public void Dispose() => _storage.Dispose();
}

/// <summary>The seeds ledger contract on the SQLite store.</summary>
public sealed class SqliteSeedLedgerContractTests : SeedLedgerContractTests, IDisposable
{
    private readonly SqliteTestStorage _storage = new();

    protected override ISeedLedger Open() => new SqliteSeedLedger(_storage.Open());

    public void Dispose() => _storage.Dispose();
}
