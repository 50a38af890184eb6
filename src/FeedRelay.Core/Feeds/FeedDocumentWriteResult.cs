namespace FeedRelay.Feeds;

/// <summary>Outcome of <see cref="IFeedDocumentStore.WriteAsync"/>.</summary>
public enum FeedDocumentWriteResult
{
    /// <summary>The document was stored (new, or replacing an older version with other bytes).</summary>
    Written,

    /// <summary>The stored document already has these bytes (its version was raised if it was older).</summary>
    Unchanged,

    /// <summary>The stored document was built from a newer version of the index: left alone.</summary>
    Superseded,

    /// <summary>
    /// The stored document was built from the same version with other bytes (a build raced with a write that had moved the
    /// version but not yet finished its index rows): left alone; the caller builds again and decides again.
    /// </summary>
    Conflict,
}
