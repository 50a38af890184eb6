using System.Globalization;
using System.Net;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace FeedRelay.Storage.Azure;

/// <summary>
/// The incrementally kept counters of the index table: one row per source in partition <c>sources</c> (article count, latest
/// publication and the name it had, a version bumped by every change of that source's articles and when that last happened)
/// and the translation-level
/// counts in <see cref="IndexKeys.LevelShards"/> shard rows of partition <c>levels</c>. Every update is a read-modify-write
/// conditional on the row's ETag (retried on 412/409), and each row remembers the keys of the last <see cref="RingSize"/>
/// operations it applied, so that an operation repeated after a failure or by a second instance is applied once: twice
/// what one pass of an index flush can put on a row (<see cref="ArticleIndexer.MaxFlushWrites"/>), so a retried flush finds
/// all of its operations there unless more than that many others reached the row in between. Counts are stored as applied, below
/// zero too (an article's later change can arrive before its earlier one), and read as at least zero.
/// </summary>
internal sealed class IndexCounters(TableClient table, TimeProvider clock)
{
    private const int MaxAttempts = 60;
    /// <summary>
    /// Operation keys each counter row keeps: 16 hex digits and a space each, ≈ 17,400 characters, well under the 32,768
    /// a string property of a table entity may hold.
    /// </summary>
    internal const int RingSize = 2 * ArticleIndexer.MaxFlushWrites;

    /// <summary>Applies <paramref name="ops"/> to every counter row they touch.</summary>
    public async Task ApplyAsync(IReadOnlyList<CounterOp> ops, CancellationToken cancellationToken)
    {
        var bySource = new Dictionary<string, List<SourceChange>>(StringComparer.Ordinal);
        var byShard = new Dictionary<string, List<LevelChange>>(StringComparer.Ordinal);
        foreach (var op in ops)
        {
            var next = op.Next;
            if (op.Previous is not { } previous)
            {
                Add(bySource, next.SourceSlug, new SourceChange(op.Key, 1, next, Recompute: false));
                Add(byShard, IndexKeys.LevelShard(next.Id), new LevelChange(op.Key, null, LevelOf(next)));
                continue;
            }

            if (previous.SourceSlug != next.SourceSlug)
            {
                Add(bySource, previous.SourceSlug, new SourceChange(op.Key, -1, null, Recompute: true));
                Add(bySource, next.SourceSlug, new SourceChange(op.Key, 1, next, Recompute: false));
            }
            else
            {
                Add(bySource, next.SourceSlug, new SourceChange(op.Key, 0, next, Recompute: next.Published.UtcTicks < previous.Published.UtcTicks));
            }

            if (LevelOf(previous) != LevelOf(next))
            {
                Add(byShard, IndexKeys.LevelShard(next.Id), new LevelChange(op.Key, LevelOf(previous), LevelOf(next)));
            }
        }

        await Task.WhenAll(
            bySource.Select(s => UpdateSourceAsync(s.Key, s.Value, cancellationToken))
                .Concat(byShard.Select(s => UpdateShardAsync(s.Key, s.Value, cancellationToken)))).ConfigureAwait(false);
    }

    private static DateTimeOffset Max(DateTimeOffset? stored, DateTimeOffset now) => stored is { } time && time > now ? time : now;

    /// <summary>The translation level an article is counted under.</summary>
    public static string LevelOf(Article article) => article.Translation?.Level ?? IArticleStore.Untranslated;

    /// <summary>Every source summary row (one partition query).</summary>
    public async Task<IReadOnlyList<TableEntity>> ReadSourcesAsync(IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {IndexKeys.Sources}"), select: select, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The summary row of source <paramref name="slug"/>, or null.</summary>
    public async Task<TableEntity?> ReadSourceAsync(string slug, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(IndexKeys.Sources, IndexKeys.SourceRow(slug), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>The translation-level counts summed over the shards (one partition query).</summary>
    public async Task<IReadOnlyDictionary<string, long>> ReadLevelsAsync(CancellationToken cancellationToken)
    {
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {IndexKeys.Levels}"), select: ["Counts"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            foreach (var (level, count) in CountsOf(row))
            {
                totals[level] = totals.GetValueOrDefault(level) + count;
            }
        }

        // A shard may hold a change whose earlier change has not arrived yet: only the total is meaningful, at least zero.
        return totals.Where(t => t.Value > 0).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
    }

    private async Task UpdateSourceAsync(string slug, List<SourceChange> changes, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var row = await ReadSourceAsync(slug, cancellationToken).ConfigureAwait(false);
            var ring = OperationRing.Of(row);
            var pending = changes.Where(c => !ring.Contains(c.Key)).ToList();
            if (pending.Count == 0)
            {
                return;
            }

            var count = (row?.GetInt64("Count") ?? 0) + pending.Sum(c => (long)c.Delta);
            var latest = TimeOf(row?.GetString("LatestPublished"));
            var name = row?.GetString("Name") ?? "";
            foreach (var change in pending)
            {
                if (change.Candidate is { } candidate && (latest is null || candidate.Published.UtcTicks >= latest.Value.UtcTicks))
                {
                    latest = candidate.Published;
                    name = candidate.Source;
                }
            }

            if (pending.Any(c => c.Recompute))
            {
                // An article left this source or moved back in time: the newest remaining row (already written) says what is latest now.
                (latest, name) = await NewestOfAsync(slug, name, cancellationToken).ConfigureAwait(false);
            }

            var entity = new TableEntity(IndexKeys.Sources, IndexKeys.SourceRow(slug))
            {
                ["Slug"] = slug,
                ["Name"] = name,
                ["Count"] = count,
                ["Version"] = (row?.GetInt64("Version") ?? 0) + 1,
                ["Changed"] = Max(row?.GetDateTimeOffset("Changed"), clock.GetUtcNow()),
                [OperationRing.Property] = OperationRing.With(ring, pending.Select(c => c.Key), RingSize),
            };
            if (latest is { } time)
            {
                entity["LatestPublished"] = time.ToString("o", CultureInfo.InvariantCulture);
            }

            if (await TryWriteAsync(row, entity, attempt, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task UpdateShardAsync(string shard, List<LevelChange> changes, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(IndexKeys.Levels, shard, cancellationToken: cancellationToken).ConfigureAwait(false);
            var row = response.HasValue ? response.Value : null;
            var ring = OperationRing.Of(row);
            var pending = changes.Where(c => !ring.Contains(c.Key)).ToList();
            if (pending.Count == 0)
            {
                return;
            }

            var counts = row is null ? new Dictionary<string, long>(StringComparer.Ordinal) : CountsOf(row);
            foreach (var change in pending)
            {
                if (change.From is { } from)
                {
                    counts[from] = counts.GetValueOrDefault(from) - 1;
                }

                counts[change.To] = counts.GetValueOrDefault(change.To) + 1;
            }

            var entity = new TableEntity(IndexKeys.Levels, shard)
            {
                ["Counts"] = JsonSerializer.Serialize(
                    counts.Where(c => c.Value != 0).OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => c.Value), StoreJson.Options),
                [OperationRing.Property] = OperationRing.With(ring, pending.Select(c => c.Key), RingSize),
            };
            if (await TryWriteAsync(row, entity, attempt, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Writes <paramref name="entity"/> over <paramref name="read"/> only if nobody changed it since; false to read again.</summary>
    private async Task<bool> TryWriteAsync(TableEntity? read, TableEntity entity, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            if (read is null)
            {
                await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await table.UpdateEntityAsync(entity, read.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict
            && attempt < MaxAttempts)
        {
            // Another instance updated the row first: back off a little (so that writers spread out) and apply on top of it.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(2, 10 + Math.Min(attempt, 20) * 5)), clock, cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    private async Task<(DateTimeOffset? Latest, string Name)> NewestOfAsync(string slug, string name, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {IndexKeys.Source(slug)}");
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["Published", "Source"], cancellationToken: cancellationToken)
            .AsPages().ConfigureAwait(false))
        {
            if (page.Values.Count > 0)
            {
                return (TimeOf(page.Values[0].GetString("Published")), page.Values[0].GetString("Source") ?? name);
            }

            if (page.ContinuationToken is null)
            {
                break;
            }
        }

        return (null, name);
    }

    private static Dictionary<string, long> CountsOf(TableEntity row)
    {
        try
        {
            return row.GetString("Counts") is { } json
                ? new Dictionary<string, long>(JsonSerializer.Deserialize<Dictionary<string, long>>(json, StoreJson.Options) ?? [], StringComparer.Ordinal)
                : new Dictionary<string, long>(StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return new Dictionary<string, long>(StringComparer.Ordinal);
        }
    }

    private static DateTimeOffset? TimeOf(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time) ? time : null;

    private static void Add<T>(Dictionary<string, List<T>> groups, string key, T item)
    {
        if (!groups.TryGetValue(key, out var list))
        {
            list = [];
            groups.Add(key, list);
        }

        list.Add(item);
    }

    private sealed record SourceChange(string Key, int Delta, Article? Candidate, bool Recompute);

    private sealed record LevelChange(string Key, string? From, string To);
}
