namespace FeedRelay.Ingestion;

/// <summary>What happened to one seed.</summary>
public enum IngestStatus
{
    /// <summary>A new article was stored.</summary>
    Created,

    /// <summary>An existing article was updated.</summary>
    Updated,

    /// <summary>The seed repeated an article already stored.</summary>
    Unchanged,

    /// <summary>The seed was quarantined.</summary>
    Rejected,
}
