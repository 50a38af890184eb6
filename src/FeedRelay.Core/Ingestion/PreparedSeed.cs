using FeedRelay.Seeds;

namespace FeedRelay.Ingestion;

/// <summary>A seed after the pure stages: the article it normalised to, or the stage and named error that reject it.</summary>
public sealed record PreparedSeed
{
    private PreparedSeed(Article? article, string? stage, SeedError? error)
    {
        Article = article;
        Stage = stage;
        Error = error;
    }

    /// <summary>The normalised article, or null when rejected.</summary>
    public Article? Article { get; }

    /// <summary>The stage that rejected the seed (<c>limits</c>, <c>decode</c>, <c>parse</c>, <c>normalise</c>).</summary>
    public string? Stage { get; }

    /// <summary>Why it was rejected.</summary>
    public SeedError? Error { get; }

    /// <summary>A seed that normalised to <paramref name="article"/>.</summary>
    public static PreparedSeed Of(Article article) => new(article, null, null);

    /// <summary>A seed rejected at <paramref name="stage"/> for <paramref name="error"/>.</summary>
    public static PreparedSeed Rejected(string stage, SeedError error) => new(null, stage, error);
}

/// <summary>One seed of a bulk-import batch.</summary>
/// <param name="Name">The seed's name (its path relative to the imported folder).</param>
/// <param name="Content">Its bytes (kept in the quarantine when rejected).</param>
/// <param name="Prepared">What the pure stages made of it.</param>
/// <param name="WasRejected">True when an earlier run rejected a file of this name, so that its quarantine entry is forgotten on success.</param>
public sealed record BatchSeed(string Name, ReadOnlyMemory<byte> Content, PreparedSeed Prepared, bool WasRejected)
{
    /// <summary>
    /// Set for a seed too large to be read (<see cref="IngestionService.TooLarge"/>): its size and hash, since
    /// <see cref="Content"/> is empty; its rejection records them, and its bytes are not kept.
    /// </summary>
    public UnreadSeed? Unread { get; init; }
}

/// <summary>The size and SHA-256 (lower-case hex) of a seed whose bytes were not read into memory.</summary>
public sealed record UnreadSeed(long Size, string Sha256);
