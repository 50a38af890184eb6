namespace FeedRelay.Storage;

/// <summary>Characters billed by the Translator per UTC day, kept across restarts so that a restart does not reset the budget.</summary>
public interface ITranslationUsage
{
    /// <summary>Characters billed on <paramref name="day"/>.</summary>
    Task<long> GetAsync(DateOnly day, CancellationToken cancellationToken = default);

    /// <summary>Adds <paramref name="characters"/> to <paramref name="day"/>'s total (a negative number gives back a reservation).</summary>
    Task AddAsync(DateOnly day, long characters, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds <paramref name="characters"/> to <paramref name="day"/>'s total only if it stays at or under <paramref name="limit"/>;
    /// true when added. Check and add are one atomic step, so that senders working at once (queue messages, instances)
    /// cannot together spend past the limit: each reserves what it is about to send.
    /// </summary>
    Task<bool> TryAddAsync(DateOnly day, long characters, long limit, CancellationToken cancellationToken = default);
}
