using FeedRelay.Storage;
using FeedRelay.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace FeedRelay.Tests.Storage;

/// <summary>
/// The local queue's counts are one row kept by triggers, not a <c>count(*)</c> per status request: a database made before
/// that row is counted once, on its first open by this version, and kept from then on.
/// </summary>
public sealed class SqliteTranslationQueueCountsTests : IDisposable
{
    private readonly SqliteTestStorage _storage = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 18, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_database_made_before_the_counts_row_is_counted_on_its_first_open_and_kept_after()
    {
        var database = _storage.Open();
        var queue = new SqliteTranslationQueue(database, _clock);
        await queue.EnqueueAsync(new TranslationRequest("a"));
        await queue.EnqueueAsync(new TranslationRequest("b"));
        await queue.EnqueueAsync(new TranslationRequest("c"));
        await queue.ParkAsync((await queue.NextDueAsync())!, "Translator returned 503", _clock.GetUtcNow().AddHours(1));
        _storage.Close(database);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_storage.DataPath, SqliteStorageOptions.FileName)};Pooling=False"))
        {
            // The layout of the version before: no counts row, no triggers.
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                DROP TRIGGER translation_queue_replacing; DROP TRIGGER translation_queue_added; DROP TRIGGER translation_queue_removed; DROP TRIGGER translation_queue_parked;
                DROP TABLE translation_queue_counts;
                """;
            command.ExecuteNonQuery();
        }

        var reopened = new SqliteTranslationQueue(_storage.Open(), _clock);
        Assert.Equal(new TranslationQueueCounts(2, 1), await reopened.CountAsync());

        await reopened.CompleteAsync((await reopened.NextDueAsync())!);
        await reopened.EnqueueAsync(new TranslationRequest("d"));
        Assert.Equal(new TranslationQueueCounts(2, 1), await new SqliteTranslationQueue(_storage.Open(), _clock).CountAsync());
    }

    [Fact]
    public async Task Rows_replaced_by_a_writer_that_knows_nothing_of_the_counts_are_counted_right()
    {
        var queue = new SqliteTranslationQueue(_storage.Open(), _clock);
        await queue.EnqueueAsync(new TranslationRequest("a"));
        await queue.ParkAsync((await queue.NextDueAsync())!, "Translator returned 503", _clock.GetUtcNow().AddHours(1));
        await queue.EnqueueAsync(new TranslationRequest("b"));

        // An older FeedRelay (an `import` from before the counts) replaces rows: the replaced row's delete fires no trigger.
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_storage.DataPath, SqliteStorageOptions.FileName)};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT OR REPLACE INTO translation_queue(article_id, attempt, not_before, enqueued_at, reason, ticket) VALUES('a', 0, 0, 0, NULL, 't1');
                INSERT OR REPLACE INTO translation_queue(article_id, attempt, not_before, enqueued_at, reason, ticket) VALUES('b', 1, 0, 0, 'failed', 't2');
                INSERT OR REPLACE INTO translation_queue(article_id, attempt, not_before, enqueued_at, reason, ticket) VALUES('c', 0, 0, 0, NULL, 't3');
                """;
            command.ExecuteNonQuery();
        }

        Assert.Equal(new TranslationQueueCounts(2, 1), await queue.CountAsync());
    }

    public void Dispose() => _storage.Dispose();
}
