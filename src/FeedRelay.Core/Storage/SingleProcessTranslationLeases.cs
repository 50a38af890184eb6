namespace FeedRelay.Storage;

/// <summary>
/// The leases of a store only one process translates over (the embedded SQLite store, the file store): every claim is
/// granted, since <see cref="Translation.SegmentTranslator"/> already sends each text once within a process.
/// </summary>
public sealed class SingleProcessTranslationLeases : ITranslationLeases
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>();

    /// <inheritdoc />
    public Task<IReadOnlySet<string>> ClaimAsync(IReadOnlyCollection<string> keys, TimeSpan lease, CancellationToken cancellationToken = default) =>
        Task.FromResult(None);

    /// <inheritdoc />
    public Task ReleaseAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
