namespace FeedRelay.Storage;

/// <summary>Characters billed by the Translator per UTC day, kept across restarts so that a restart does not reset the budget.</summary>
public interface ITranslationUsage
{
    /// <summary>Characters billed on <paramref name="day"/>.</summary>
    Task<long> GetAsync(DateOnly day, CancellationToken cancellationToken = default);

    /// <summary>Adds <paramref name="characters"/> to <paramref name="day"/>'s total.</summary>
    Task AddAsync(DateOnly day, long characters, CancellationToken cancellationToken = default);
}
