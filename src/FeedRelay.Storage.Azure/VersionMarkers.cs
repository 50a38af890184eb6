using System.Net;
using Azure;
using Azure.Data.Tables;

namespace FeedRelay.Storage.Azure;

/// <summary>
/// One row per article in partition <see cref="Partition"/> of the index table: proof that some writer other than the
/// article's creator has begun to index it. Writers that update an article (or replace an unreadable one) upsert its marker
/// (<see cref="Row"/>) <em>before</em> writing its feed rows. The instance that created the article's blob inserts the marker
/// <em>after</em> writing its feed rows (<see cref="ClaimCreatedAsync"/>). So an insert that succeeds proves that no update
/// was indexed before the creator's rows landed, and the creator's rows cannot be older than the blob. An insert that fails
/// sends the creator to the blob-ETag check (one <c>HEAD</c> per article) that every updater already makes. A bulk import of
/// new articles thus checks its versions in entity-group batches (one request per 100 articles) instead of one <c>HEAD</c>
/// per article.
/// </summary>
internal static class VersionMarkers
{
    /// <summary>The partition of the markers; no feed, source or counter partition has this name.</summary>
    public const string Partition = "versions";

    private const int MaxBatch = 100;

    /// <summary>The (empty) marker row of article <paramref name="id"/>.</summary>
    public static TableEntity Row(string id) => new(Partition, IndexKeys.Escape(id));

    /// <summary>
    /// Inserts the markers of articles just created and indexed (after their feed rows; each id once); returns the ids whose
    /// insert failed (a marker existed, so an update may have been indexed before this creator's rows: check the blob).
    /// </summary>
    public static async Task<IReadOnlySet<string>> ClaimCreatedAsync(TableClient table, IEnumerable<string> ids, ParallelOptions fanout)
    {
        var unclaimed = new HashSet<string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(ids.Chunk(MaxBatch), fanout, async (batch, ct) =>
        {
            try
            {
                await table.SubmitTransactionAsync(batch.Select(id => new TableTransactionAction(TableTransactionActionType.Add, Row(id))), ct)
                    .ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.BadRequest)
            {
                // One existing marker fails the whole entity-group batch: every article of it is checked against its blob.
                lock (unclaimed)
                {
                    unclaimed.UnionWith(batch);
                }
            }
        }).ConfigureAwait(false);
        return unclaimed;
    }
}
