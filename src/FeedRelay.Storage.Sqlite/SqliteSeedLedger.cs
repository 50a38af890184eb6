using Microsoft.Data.Sqlite;

namespace FeedRelay.Storage.Sqlite;

/// <summary>The seeds ledger as a table keyed by relative path; writes are batched into the writer's transactions.</summary>
public sealed class SqliteSeedLedger : ISeedLedger
{
    private const string Columns = "path, size, modified, modified_offset, sha256, outcome, article_id, code";
    private readonly SqliteDatabase _database;

    /// <summary>Uses <paramref name="database"/>.</summary>
    public SqliteSeedLedger(SqliteDatabase database) => _database = database;

    /// <inheritdoc />
    public async Task<SeedLedgerEntry?> GetAsync(string relativePath, CancellationToken cancellationToken = default) =>
        (await GetManyAsync([relativePath], cancellationToken).ConfigureAwait(false)).GetValueOrDefault(relativePath);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, SeedLedgerEntry>> GetManyAsync(IReadOnlyCollection<string> relativePaths, CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyDictionary<string, SeedLedgerEntry>>(session =>
        {
            var found = new Dictionary<string, SeedLedgerEntry>(StringComparer.Ordinal);
            var command = session.Command($"SELECT {Columns} FROM seeds WHERE path = $path");
            var parameter = command.Parameters.Add("$path", SqliteType.Text);
            foreach (var path in relativePaths.Distinct(StringComparer.Ordinal))
            {
                parameter.Value = path;
                using var reader = command.ExecuteReader();
                if (reader.Read())
                {
                    found[path] = Read(reader);
                }
            }

            return found;
        }, cancellationToken: cancellationToken);

    /// <inheritdoc />
    public async Task SetManyAsync(IReadOnlyList<SeedLedgerEntry> entries, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in entries.Chunk(_database.Options.MaxBatch))
        {
            await _database.WriteAsync(session =>
            {
                foreach (var entry in chunk)
                {
                    Write(session, entry);
                }

                return chunk.Length;
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task<bool> RemoveAsync(string relativePath, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(session =>
        {
            var command = session.Command("DELETE FROM seeds WHERE path = $path");
            command.Parameters.AddWithValue("$path", relativePath);
            return command.ExecuteNonQuery() > 0;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<SeedLedgerEntry>> ListAsync(string? afterPath, int limit, CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<SeedLedgerEntry>>(session =>
        {
            var command = session.Command($"SELECT {Columns} FROM seeds WHERE path > $after ORDER BY path LIMIT $limit");
            command.Parameters.AddWithValue("$after", afterPath ?? "");
            command.Parameters.AddWithValue("$limit", (long)Math.Max(0, limit));
            using var reader = command.ExecuteReader();
            var list = new List<SeedLedgerEntry>();
            while (reader.Read())
            {
                list.Add(Read(reader));
            }

            return list;
        }, cancellationToken: cancellationToken);

    /// <inheritdoc />
    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        _database.ReadAsync(session => (long)session.Command("SELECT count(*) FROM seeds").ExecuteScalar()!, cancellationToken: cancellationToken);

    /// <summary>Writes one entry on the writer connection (inside a caller's batch, e.g. with the article it produced).</summary>
    internal static void Write(SqliteSession session, SeedLedgerEntry entry)
    {
        var command = session.Command($"INSERT OR REPLACE INTO seeds({Columns}) VALUES($path, $size, $modified, $offset, $sha256, $outcome, $articleId, $code)");
        var p = command.Parameters;
        p.AddWithValue("$path", entry.RelativePath);
        p.AddWithValue("$size", entry.Size);
        p.AddWithValue("$modified", entry.Modified.UtcTicks);
        p.AddWithValue("$offset", ArticleRow.OffsetMinutes(entry.Modified));
        p.AddWithValue("$sha256", entry.Sha256);
        p.AddWithValue("$outcome", (int)entry.Outcome);
        p.AddWithValue("$articleId", (object?)entry.ArticleId ?? DBNull.Value);
        p.AddWithValue("$code", (object?)entry.RejectionCode ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    private static SeedLedgerEntry Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt64(1),
        ArticleRow.ToOffset(reader.GetInt64(2), reader.GetInt32(3)),
        reader.GetString(4),
        (SeedOutcome)reader.GetInt32(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7));
}
