namespace FeedRelay.Storage;

/// <summary>A queued translation work item.</summary>
/// <param name="ArticleId">The article to translate.</param>
/// <param name="Attempt">Failed tries so far.</param>
/// <param name="NotBefore">When it may be tried (later than now for parked items).</param>
/// <param name="EnqueuedAt">When it was (last) enqueued.</param>
/// <param name="Reason">Why the last try failed, when it did.</param>
/// <param name="Ticket">Unique per enqueue: tells a re-enqueued item from the one being worked on.</param>
public sealed record QueuedTranslation(string ArticleId, int Attempt, DateTimeOffset NotBefore, DateTimeOffset EnqueuedAt, string? Reason, string Ticket);
