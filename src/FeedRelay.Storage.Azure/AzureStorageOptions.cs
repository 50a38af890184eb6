namespace FeedRelay.Storage.Azure;

/// <summary>
/// Where the Azure Storage backend lives and what its containers, queue and table are called. Either
/// <see cref="ConnectionString"/> (shared key, or <c>UseDevelopmentStorage=true</c> for Azurite) or the service URIs
/// (identity-based: <see cref="ClientId"/> of a user-assigned managed identity, else DefaultAzureCredential).
/// </summary>
public sealed record AzureStorageOptions
{
    /// <summary>A storage connection string; wins over the service URIs when both are set.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Blob endpoint for identity-based access, for example <c>https://acct.blob.core.windows.net</c>.</summary>
    public Uri? BlobServiceUri { get; init; }

    /// <summary>Queue endpoint for identity-based access.</summary>
    public Uri? QueueServiceUri { get; init; }

    /// <summary>Table endpoint for identity-based access.</summary>
    public Uri? TableServiceUri { get; init; }

    /// <summary>Client id of the user-assigned managed identity to use; DefaultAzureCredential picks one otherwise.</summary>
    public string? ClientId { get; init; }

    /// <summary><c>managedidentity</c> forces ManagedIdentityCredential (the Functions convention); anything else uses DefaultAzureCredential.</summary>
    public string? Credential { get; init; }

    /// <summary>Container the seed files are uploaded to (the blob trigger's path).</summary>
    public string SeedsContainer { get; init; } = "seeds";

    /// <summary>
    /// Container where Event Grid puts the seed events it could not deliver to the blob trigger (dead letters); the
    /// <c>ReplayDeadLetteredSeeds</c> timer ingests their seeds.
    /// </summary>
    public string SeedsDeadLetterContainer { get; init; } = "seeds-deadletter";

    /// <summary>Container of the stored articles, one JSON blob per article id.</summary>
    public string ArticlesContainer { get; init; } = "articles";

    /// <summary>Container of rejected seeds and their reasons.</summary>
    public string QuarantineContainer { get; init; } = "quarantine";

    /// <summary>Container of the materialised feed documents and their rebuild markers.</summary>
    public string FeedsContainer { get; init; } = "feeds";

    /// <summary>Queue of feed rebuild requests (the <c>RebuildFeeds</c> trigger of the Functions app).</summary>
    public string FeedRebuildQueue { get; init; } = "feed-rebuilds";

    /// <summary>
    /// How long a feed rebuild request stays invisible on <see cref="FeedRebuildQueue"/>, in seconds: every change of the
    /// feed within this time is covered by that one rebuild.
    /// </summary>
    public int FeedRebuildDelaySeconds { get; init; } = 5;

    /// <summary>Queue of translation work items (the <c>TranslateArticle</c> trigger).</summary>
    public string TranslateQueue { get; init; } = "translate";

    /// <summary>Table of cached translations.</summary>
    public string TranslationCacheTable { get; init; } = "translationcache";

    /// <summary>Ignored since the article index moved to <see cref="IndexTable"/>; kept so that existing settings still bind.</summary>
    public int IndexRefreshSeconds { get; init; } = 15;

    /// <summary>Table of the article index: feed rows per feed key, source summaries and translation-level counters.</summary>
    public string IndexTable { get; init; } = "articleindex";

    /// <summary>How many storage requests one store operation runs at once (blob reads of a feed page, batches of a bulk write).</summary>
    public int Parallelism { get; init; } = 32;

    /// <summary>Options for a parallel fan-out of requests: at most <see cref="Parallelism"/> at once, cancelled with <paramref name="cancellationToken"/>.</summary>
    internal ParallelOptions Fanout(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = Math.Max(1, Parallelism), CancellationToken = cancellationToken };

    /// <summary>Memory for recently read article blobs, in MiB, reused while their index rows name the same content hash.</summary>
    public int ContentCacheMegabytes { get; init; } = 32;

    /// <summary>How many index rows a query may read and reject (filters its partition does not cover) before it returns what it found.</summary>
    public int MaxQueryOverRead { get; init; } = 5000;

    /// <summary>True when a connection string or a blob endpoint is set.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || BlobServiceUri is not null;

    /// <summary>Every problem with these settings, each naming its setting; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!IsConfigured)
        {
            problems.Add("No storage account: set FeedRelay:Storage:ConnectionString or FeedRelay:Storage:BlobServiceUri (or AzureWebJobsStorage).");
        }

        if (Parallelism < 1 || Parallelism > 256)
        {
            problems.Add($"FeedRelay:Storage:Parallelism {Parallelism} must be between 1 and 256.");
        }

        if (ContentCacheMegabytes < 0)
        {
            problems.Add($"FeedRelay:Storage:ContentCacheMegabytes {ContentCacheMegabytes} must not be negative.");
        }

        if (MaxQueryOverRead < 0)
        {
            problems.Add($"FeedRelay:Storage:MaxQueryOverRead {MaxQueryOverRead} must not be negative.");
        }

        if (FeedRebuildDelaySeconds < 0 || FeedRebuildDelaySeconds > 3600)
        {
            problems.Add($"FeedRelay:Storage:FeedRebuildDelaySeconds {FeedRebuildDelaySeconds} must be between 0 and 3600.");
        }

        if (!IsTableName(IndexTable))
        {
            problems.Add($"FeedRelay:Storage:IndexTable '{IndexTable}' is not a table name (3-63 letters and digits, starting with a letter).");
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            CheckEndpoint(problems, nameof(BlobServiceUri), BlobServiceUri);
            CheckEndpoint(problems, nameof(QueueServiceUri), QueueServiceUri);
            CheckEndpoint(problems, nameof(TableServiceUri), TableServiceUri);
            if (BlobServiceUri is { } blob && (QueueServiceUri is null || TableServiceUri is null)
                && !blob.Host.Contains(".blob.", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"FeedRelay:Storage:BlobServiceUri {blob} is not an account's blob endpoint, so the queue and table endpoints " +
                    "cannot be derived from it: set FeedRelay:Storage:QueueServiceUri and FeedRelay:Storage:TableServiceUri.");
            }
        }
        else if (!ConnectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase)
            && !ConnectionString.Contains("AccountName=", StringComparison.OrdinalIgnoreCase)
            && !ConnectionString.Contains("BlobEndpoint=", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("FeedRelay:Storage:ConnectionString names no account (no AccountName=, BlobEndpoint= or UseDevelopmentStorage=true).");
        }

        return problems;
    }

    private static bool IsTableName(string name) =>
        name.Length is >= 3 and <= 63 && char.IsAsciiLetter(name[0]) && name.All(char.IsAsciiLetterOrDigit);

    private static void CheckEndpoint(List<string> problems, string setting, Uri? endpoint)
    {
        if (endpoint is null)
        {
            return;
        }

        if (!endpoint.IsAbsoluteUri || !(endpoint.Scheme == Uri.UriSchemeHttps || (endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback)))
        {
            problems.Add($"FeedRelay:Storage:{setting} {endpoint} must be an absolute https URI (http only on loopback, for Azurite).");
        }
    }
}
