using System.Collections.Concurrent;

namespace FeedRelay.Web.Operations;

/// <summary>
/// The state of every background part (seed watcher, translation worker, WebSub notifier, …) for <c>/api/health</c>:
/// each round that fails is counted and the part reported as failing since its first failure in a row, until a round
/// succeeds again.
/// </summary>
public sealed class BackgroundHealth(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, PartState> _parts = new(StringComparer.Ordinal);

    /// <summary>Records a successful round of <paramref name="part"/>.</summary>
    public void Succeeded(string part) =>
        _parts.AddOrUpdate(part, _ => PartState.Healthy with { Rounds = 1 }, (_, state) => state with { FailingSince = null, LastError = null, Rounds = state.Rounds + 1 });

    /// <summary>
    /// Records a failed round of <paramref name="part"/>: the exception's type and the kind of dependency failure it is, never its
    /// message (the report is anonymous, and messages carry paths, addresses and request details; the log has them).
    /// </summary>
    public void Failed(string part, Exception exception) => Failed(part, Name(exception));

    /// <summary>What the report says of <paramref name="exception"/>: its type, and the kind of dependency failure when it is one.</summary>
    public static string Name(Exception exception) =>
        DependencyFailureHandler.Describe(exception) is { } kind ? $"{exception.GetType().Name} ({kind})" : exception.GetType().Name;

    /// <summary>Records a failed round of <paramref name="part"/>, for the named reason <paramref name="error"/>.</summary>
    public void Failed(string part, string error)
    {
        var now = clock.GetUtcNow();
        _parts.AddOrUpdate(part,
            _ => new PartState(now, error, 1, 1),
            (_, state) => new PartState(state.FailingSince ?? now, error, state.Failures + 1, state.Rounds + 1));
    }

    /// <summary>Every part seen so far: <c>ok</c>, or <c>failing since {time}: {error}</c>.</summary>
    public IReadOnlyDictionary<string, string> Report() =>
        _parts.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(
            p => p.Key,
            p => p.Value.FailingSince is { } since ? $"failing since {since:yyyy-MM-ddTHH:mm:ssZ}: {p.Value.LastError}" : "ok",
            StringComparer.Ordinal);

    /// <summary>True when some part is failing.</summary>
    public bool IsDegraded => _parts.Values.Any(p => p.FailingSince is not null);

    /// <summary>Failed rounds of <paramref name="part"/> since the process started.</summary>
    public long Failures(string part) => _parts.TryGetValue(part, out var state) ? state.Failures : 0;

    /// <summary>Rounds of <paramref name="part"/> finished since the process started, failed or not.</summary>
    public long Rounds(string part) => _parts.TryGetValue(part, out var state) ? state.Rounds : 0;

    private sealed record PartState(DateTimeOffset? FailingSince, string? LastError, long Failures, long Rounds)
    {
        public static readonly PartState Healthy = new(null, null, 0, 0);
    }
}
