namespace FeedRelay.Storage;

/// <summary>One page of <see cref="IQuarantine.ListPageAsync"/>: the rejections and where the next page starts (null: none).</summary>
public sealed record RejectionPage(IReadOnlyList<Rejection> Items, string? Continuation);
