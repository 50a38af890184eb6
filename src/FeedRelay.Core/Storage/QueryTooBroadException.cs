namespace FeedRelay.Storage;

/// <summary>
/// Thrown by <see cref="IArticleStore.QueryAsync"/> when a query that must check rows one by one (a keyword search, a filter
/// the index cannot answer) ran past the store's time cap and was stopped: it matches too much to answer in time, so asking
/// again would fail again. Hosts answer it with a 400 that says how to narrow the query, not with a 503 that says to retry.
/// </summary>
public sealed class QueryTooBroadException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public QueryTooBroadException()
        : this("The query ran past its time cap and was stopped.", null)
    {
    }

    /// <summary>Creates the exception with a message and the store's own error.</summary>
    public QueryTooBroadException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
