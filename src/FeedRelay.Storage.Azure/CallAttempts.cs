using Azure.Core.Pipeline;

namespace FeedRelay.Storage.Azure;

/// <summary>The requests sent for the storage calls made inside one <see cref="RequestCounter.CountAttempts"/> scope.</summary>
public sealed class CallAttempts : IDisposable
{
    private readonly IDisposable _scope;
    private int _count;

    internal CallAttempts(string key) =>
        _scope = HttpPipeline.CreateHttpMessagePropertiesScope(new Dictionary<string, object?> { [key] = this });

    /// <summary>Requests sent so far in the scope.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>True when some call in the scope was sent more than once (with one call, when it was retried).</summary>
    public bool Retried => Count > 1;

    /// <inheritdoc />
    public void Dispose() => _scope.Dispose();

    internal void Sent() => Interlocked.Increment(ref _count);
}
