using Azure;

namespace FeedRelay.Storage.Azure;

/// <summary>
/// What a blob write did (or found unchanged): <see cref="Stored"/> (hash <see cref="Hash"/>, blob ETag <see cref="BlobETag"/>)
/// replaced <see cref="Previous"/> (hash <see cref="PreviousHash"/>).
/// </summary>
internal sealed record Written(UpsertOutcome Outcome, Article? Previous, string? PreviousHash, Article Stored, string Hash, ETag BlobETag)
{
    /// <summary>
    /// The state the counters' transition starts from when it is not <see cref="Previous"/>: the version the blob's
    /// last writer replaced, when other versions came between this instance's and the blob's (its rows still go from
    /// <see cref="Previous"/>, which this instance wrote).
    /// </summary>
    public (Article Article, string Hash)? CountedFrom { get; init; }
}
