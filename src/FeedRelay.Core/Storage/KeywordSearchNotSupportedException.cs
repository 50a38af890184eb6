namespace FeedRelay.Storage;

/// <summary>
/// Thrown by <see cref="IArticleStore.QueryAsync"/> when <see cref="ArticleQuery.Keyword"/> is set on a store whose
/// <see cref="IArticleStore.SupportsKeywordSearch"/> is false (it would have to scan the corpus); hosts answer it with a 400.
/// </summary>
public sealed class KeywordSearchNotSupportedException : NotSupportedException
{
    /// <summary>The setting that selects a store with keyword search.</summary>
    public const string Setting = "FeedRelay:Storage:Kind";

    /// <summary>Creates the exception naming the store kind that cannot search.</summary>
    public KeywordSearchNotSupportedException(string storeKind)
        : base($"Keyword search (q) is not available with {storeKind} storage: it has no text index and will not scan every article. " +
            $"Set {Setting} to Sqlite (the embedded store, which has a full-text index) to use it.")
    {
        StoreKind = storeKind;
    }

    /// <summary>Creates the exception for an unnamed store.</summary>
    public KeywordSearchNotSupportedException()
        : this("this")
    {
    }

    /// <summary>Creates the exception with a custom message.</summary>
    public KeywordSearchNotSupportedException(string message, Exception innerException)
        : base(message, innerException)
    {
        StoreKind = "this";
    }

    /// <summary>The kind of store that cannot search (for example <c>Azure</c>).</summary>
    public string StoreKind { get; }
}
