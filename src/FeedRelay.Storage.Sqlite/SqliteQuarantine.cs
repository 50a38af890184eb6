namespace FeedRelay.Storage.Sqlite;

/// <summary>Rejected seeds in <c>feedrelay.db</c>: bytes and reason in one row per SHA-256, indexed by name and time.</summary>
public sealed class SqliteQuarantine : IQuarantine
{
    private readonly SqliteDatabase _database;

    /// <summary>Uses <paramref name="database"/>.</summary>
    public SqliteQuarantine(SqliteDatabase database) => _database = database;

    /// <inheritdoc />
    public Task AddAsync(Rejection rejection, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var bytes = content.ToArray();
        return _database.WriteAsync(session => Insert(session, rejection, bytes), cancellationToken);
    }

    /// <summary>Writes one rejection (replacing one with the same SHA-256) on the writer connection.</summary>
    internal static bool Insert(SqliteSession session, Rejection rejection, byte[] content)
    {
        var command = session.Command("""
            INSERT OR REPLACE INTO quarantine(sha256, name, stage, code, error, at, at_offset, size, content)
            VALUES($sha256, $name, $stage, $code, $error, $at, $atOffset, $size, $content)
            """);
        var p = command.Parameters;
        p.AddWithValue("$sha256", rejection.Sha256);
        p.AddWithValue("$name", rejection.Name);
        p.AddWithValue("$stage", rejection.Stage);
        p.AddWithValue("$code", rejection.Code);
        p.AddWithValue("$error", rejection.Error);
        p.AddWithValue("$at", rejection.At.UtcTicks);
        p.AddWithValue("$atOffset", ArticleRow.OffsetMinutes(rejection.At));
        p.AddWithValue("$size", rejection.Size);
        p.AddWithValue("$content", content);
        command.ExecuteNonQuery();
        return true;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Rejection>> ListAsync(CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<Rejection>>(session =>
        {
            var list = new List<Rejection>();
            using var reader = session.Command("SELECT name, stage, code, error, at, at_offset, size, sha256 FROM quarantine ORDER BY at DESC, sha256").ExecuteReader();
            while (reader.Read())
            {
                list.Add(new Rejection(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    ArticleRow.ToOffset(reader.GetInt64(4), reader.GetInt32(5)), reader.GetInt64(6), reader.GetString(7)));
            }

            return list;
        }, cancellationToken: cancellationToken);

    /// <summary>One page, newest first; the continuation is the last row's time and key (a keyset bound on <c>ix_quarantine_at</c>).</summary>
    public Task<RejectionPage> ListPageAsync(int limit, string? continuation, CancellationToken cancellationToken = default) =>
        continuation is not null && Parse(continuation) is null
            ? throw new FormatException($"'{continuation}' is not a continuation this quarantine gave")
            : _database.ReadAsync(session =>
        {
            limit = Math.Max(1, limit);
            var command = session.Command(Parse(continuation) is not null
                ? "SELECT name, stage, code, error, at, at_offset, size, sha256 FROM quarantine WHERE at < $at OR (at = $at AND sha256 > $sha256) ORDER BY at DESC, sha256 LIMIT $limit"
                : "SELECT name, stage, code, error, at, at_offset, size, sha256 FROM quarantine ORDER BY at DESC, sha256 LIMIT $limit");
            if (Parse(continuation) is { } bound)
            {
                command.Parameters.AddWithValue("$at", bound.At);
                command.Parameters.AddWithValue("$sha256", bound.Sha256);
            }

            command.Parameters.AddWithValue("$limit", limit + 1);
            var list = new List<(Rejection Rejection, long At)>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                list.Add((Read(reader), reader.GetInt64(4)));
            }

            var items = list.Take(limit).ToList();
            return new RejectionPage(items.ConvertAll(i => i.Rejection),
                list.Count > limit ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{items[^1].At}_{items[^1].Rejection.Sha256}") : null);
        }, cancellationToken: cancellationToken);

    /// <summary>The rejection with key <paramref name="sha256"/> (one primary-key read), or null.</summary>
    public Task<Rejection?> GetAsync(string sha256, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(session =>
        {
            var command = session.Command("SELECT name, stage, code, error, at, at_offset, size, sha256 FROM quarantine WHERE sha256 = $sha256");
            command.Parameters.AddWithValue("$sha256", sha256.ToLowerInvariant());
            using var reader = command.ExecuteReader();
            return reader.Read() ? Read(reader) : null;
        }, cancellationToken: cancellationToken);

    private static Rejection Read(Microsoft.Data.Sqlite.SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
            ArticleRow.ToOffset(reader.GetInt64(4), reader.GetInt32(5)), reader.GetInt64(6), reader.GetString(7));

    private static (long At, string Sha256)? Parse(string? continuation) =>
        continuation?.Split('_') is [var at, var sha256] && long.TryParse(at, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var ticks)
            ? (ticks, sha256)
            : null;

    /// <inheritdoc />
    public Task<byte[]?> GetContentAsync(string sha256, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(session =>
        {
            var command = session.Command("SELECT content FROM quarantine WHERE sha256 = $sha256");
            command.Parameters.AddWithValue("$sha256", sha256.ToLowerInvariant());
            return command.ExecuteScalar() as byte[];
        }, cancellationToken: cancellationToken);

    /// <inheritdoc />
    public Task RemoveAsync(string sha256, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(session =>
        {
            var command = session.Command("DELETE FROM quarantine WHERE sha256 = $sha256");
            command.Parameters.AddWithValue("$sha256", sha256.ToLowerInvariant());
            return command.ExecuteNonQuery();
        }, cancellationToken);

    /// <inheritdoc />
    public Task RemoveByNameAsync(string name, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(session =>
        {
            var command = session.Command("DELETE FROM quarantine WHERE name = $name");
            command.Parameters.AddWithValue("$name", name);
            return command.ExecuteNonQuery();
        }, cancellationToken);
}
