using Microsoft.Data.Sqlite;

namespace FeedRelay.Storage.Sqlite;

/// <summary>
/// The local translation queue as a table (article id, attempt, due time, reason, ticket) indexed by due time: the item due
/// soonest is one index step away, however long the queue. Enqueueing an article already queued makes it due at once
/// (or after the delay given) with a new ticket, so completing the older try never drops it. Its counts are one row kept
/// by triggers, and parked items have an index of their own, so the status report reads neither the whole queue.
/// </summary>
public sealed class SqliteTranslationQueue : ITranslationWorkQueue
{
    private const string Columns = "article_id, attempt, not_before, enqueued_at, reason, ticket";
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(7);
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _clock;
    private readonly WakeSignal _wake;

    /// <summary>Uses <paramref name="database"/>; <paramref name="clock"/> decides what is due.</summary>
    public SqliteTranslationQueue(SqliteDatabase database, TimeProvider clock)
    {
        _database = database;
        _clock = clock;
        _wake = new WakeSignal(clock);
    }

    /// <inheritdoc />
    public Task EnqueueAsync(TranslationRequest request, CancellationToken cancellationToken = default) =>
        EnqueueAsync(request, TimeSpan.Zero, cancellationToken);

    /// <inheritdoc />
    public async Task EnqueueAsync(TranslationRequest request, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        var clamped = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxDelay ? MaxDelay : delay;
        var item = new QueuedTranslation(request.ArticleId, request.Attempt, now + clamped, now, null, Guid.NewGuid().ToString("N"));
        await _database.WriteAsync(session => Write(session, item), cancellationToken).ConfigureAwait(false);
        _wake.Set();
    }

    /// <inheritdoc />
    public async Task EnsureQueuedAsync(TranslationRequest request, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        var item = new QueuedTranslation(request.ArticleId, request.Attempt, now, now, null, Guid.NewGuid().ToString("N"));
        if (await _database.WriteAsync(session => Write(session, item, ifAbsent: true), cancellationToken).ConfigureAwait(false) > 0)
        {
            _wake.Set();
        }
    }

    /// <summary>
    /// Writes one item on the writer connection: adds or replaces it, or with <paramref name="ifAbsent"/> adds it only when
    /// its article is not queued (an insert of no row at all, not <c>INSERT OR IGNORE</c>, whose ignored row would still
    /// fire the counts' before-insert trigger). Returns the rows written.
    /// </summary>
    internal static int Write(SqliteSession session, QueuedTranslation item, bool ifAbsent = false)
    {
        var command = session.Command(ifAbsent
            ? $"INSERT INTO translation_queue({Columns}) SELECT $id, $attempt, $notBefore, $enqueuedAt, $reason, $ticket WHERE NOT EXISTS (SELECT 1 FROM translation_queue WHERE article_id = $id)"
            : $"INSERT OR REPLACE INTO translation_queue({Columns}) VALUES($id, $attempt, $notBefore, $enqueuedAt, $reason, $ticket)");
        var p = command.Parameters;
        p.AddWithValue("$id", item.ArticleId);
        p.AddWithValue("$attempt", item.Attempt);
        p.AddWithValue("$notBefore", item.NotBefore.UtcTicks);
        p.AddWithValue("$enqueuedAt", item.EnqueuedAt.UtcTicks);
        p.AddWithValue("$reason", (object?)item.Reason ?? DBNull.Value);
        p.AddWithValue("$ticket", item.Ticket);
        return command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public async Task<QueuedTranslation?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow().UtcTicks;
        var next = await ListAsync(1, cancellationToken).ConfigureAwait(false);
        return next.Count == 1 && next[0].NotBefore.UtcTicks <= now ? next[0] : null;
    }

    /// <inheritdoc />
    public Task CompleteAsync(QueuedTranslation item, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(session =>
        {
            var command = session.Command("DELETE FROM translation_queue WHERE article_id = $id AND ticket = $ticket");
            command.Parameters.AddWithValue("$id", item.ArticleId);
            command.Parameters.AddWithValue("$ticket", item.Ticket);
            return command.ExecuteNonQuery();
        }, cancellationToken);

    /// <inheritdoc />
    public Task ParkAsync(QueuedTranslation item, string reason, DateTimeOffset retryAt, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(session =>
        {
            var command = session.Command(
                "UPDATE translation_queue SET attempt = attempt + 1, not_before = $notBefore, reason = $reason WHERE article_id = $id AND ticket = $ticket");
            command.Parameters.AddWithValue("$id", item.ArticleId);
            command.Parameters.AddWithValue("$ticket", item.Ticket);
            command.Parameters.AddWithValue("$notBefore", retryAt.UtcTicks);
            command.Parameters.AddWithValue("$reason", reason);
            return command.ExecuteNonQuery();
        }, cancellationToken);

    /// <inheritdoc />
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<QueuedTranslation>> ListAsync(int limit, CancellationToken cancellationToken = default) =>
        ListAsync("", limit, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<QueuedTranslation>> ListParkedAsync(int limit, CancellationToken cancellationToken = default) =>
        ListAsync("WHERE reason IS NOT NULL", limit, cancellationToken);

    /// <summary>Reads at most <paramref name="limit"/> items soonest first through the index matching <paramref name="where"/>.</summary>
    private Task<IReadOnlyList<QueuedTranslation>> ListAsync(string where, int limit, CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyList<QueuedTranslation>>(session =>
        {
            var command = session.Command($"SELECT {Columns} FROM translation_queue {where} ORDER BY not_before, article_id LIMIT $limit");
            command.Parameters.AddWithValue("$limit", (long)Math.Max(0, limit));
            using var reader = command.ExecuteReader();
            var items = new List<QueuedTranslation>();
            while (reader.Read())
            {
                items.Add(Read(reader));
            }

            return items;
        }, cancellationToken: cancellationToken);

    /// <inheritdoc />
    public Task<TranslationQueueCounts> CountAsync(CancellationToken cancellationToken = default) =>
        _database.ReadAsync(session =>
        {
            // One row kept by triggers (see SqliteSchema.CountTranslationQueue): the cost does not grow with the queue.
            using var reader = session.Command("SELECT items, parked FROM translation_queue_counts").ExecuteReader();
            if (!reader.Read())
            {
                return new TranslationQueueCounts(0, 0);
            }

            var parked = reader.GetInt32(1);
            return new TranslationQueueCounts(reader.GetInt32(0) - parked, parked);
        }, cancellationToken: cancellationToken);

    private static QueuedTranslation Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt32(1),
        new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero),
        new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.GetString(5));
}
