namespace FeedRelay.Storage;

/// <summary>
/// Short claims on texts about to be sent to the Translator, shared by every instance that shares the translation cache,
/// so that two instances never pay for the same text at the same time. A claim ends when its translation is cached, or
/// when its holder releases it (its send failed), or when its lease runs out (its holder died); the holder may claim its own
/// texts again at any time.
/// </summary>
public interface ITranslationLeases
{
    /// <summary>
    /// Claims <paramref name="keys"/> (translation cache keys) for this instance for <paramref name="lease"/>. Returns those it
    /// could not claim: held by another instance whose lease has not run out, or cached meanwhile (read them from the cache).
    /// </summary>
    Task<IReadOnlySet<string>> ClaimAsync(IReadOnlyCollection<string> keys, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends this instance's claims on <paramref name="keys"/> whose texts it could not translate (the send failed), so that
    /// other instances need not wait for the lease to run out. Claims held by others and cached texts are left alone.
    /// </summary>
    Task ReleaseAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);
}
