namespace FeedRelay.Ingestion;

/// <summary>What <see cref="IngestionService.RetryPageAsync"/> did: one outcome per rejection retried, and where the next page starts (null: none).</summary>
public sealed record RetryPage(IReadOnlyList<IngestOutcome> Outcomes, string? Continuation);
