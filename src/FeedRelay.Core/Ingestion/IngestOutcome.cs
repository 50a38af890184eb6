using FeedRelay.Storage;

namespace FeedRelay.Ingestion;

/// <summary>The outcome of ingesting one seed.</summary>
public sealed record IngestOutcome(string Name, IngestStatus Status, string? ArticleId, Rejection? Rejection);
