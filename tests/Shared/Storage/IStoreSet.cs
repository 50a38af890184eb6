using FeedRelay.Storage;

namespace FeedRelay.Tests.Storage;

/// <summary>One backend's article store and quarantine over fresh storage.</summary>
public interface IStoreSet : IAsyncDisposable
{
    /// <summary>The article store under test.</summary>
    IArticleStore Articles { get; }

    /// <summary>The quarantine under test.</summary>
    IQuarantine Quarantine { get; }

    /// <summary>A second, independent article store instance over the same storage.</summary>
    Task<IArticleStore> ReopenAsync();
}
