namespace FeedRelay.Storage.Sqlite;

/// <summary>Billed characters per UTC day in <c>feedrelay.db</c>; increments are atomic in the single writer.</summary>
public sealed class SqliteTranslationUsage : ITranslationUsage
{
    private readonly SqliteDatabase _database;

    /// <summary>Uses <paramref name="database"/>.</summary>
    public SqliteTranslationUsage(SqliteDatabase database) => _database = database;

    /// <inheritdoc />
    public Task<long> GetAsync(DateOnly day, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(session =>
        {
            var command = session.Command("SELECT characters FROM translation_usage WHERE day = $day");
            command.Parameters.AddWithValue("$day", day.DayNumber);
            return command.ExecuteScalar() is long value ? value : 0L;
        }, cancellationToken: cancellationToken);

    /// <inheritdoc />
    public Task AddAsync(DateOnly day, long characters, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(session => Add(session, day, characters, keepLarger: false), cancellationToken);

    /// <inheritdoc />
    public Task<bool> TryAddAsync(DateOnly day, long characters, long limit, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(session =>
        {
            // One statement in the single writer: the row is written only if the new total is within the limit.
            var command = session.Command("""
                INSERT INTO translation_usage(day, characters) SELECT $day, $n WHERE $n <= $limit
                ON CONFLICT(day) DO UPDATE SET characters = characters + excluded.characters WHERE characters + excluded.characters <= $limit
                """);
            command.Parameters.AddWithValue("$day", day.DayNumber);
            command.Parameters.AddWithValue("$n", characters);
            command.Parameters.AddWithValue("$limit", limit);
            return command.ExecuteNonQuery() == 1;
        }, cancellationToken);

    /// <summary>Adds to (or, importing, raises to) a day's total on the writer connection.</summary>
    internal static int Add(SqliteSession session, DateOnly day, long characters, bool keepLarger)
    {
        var command = session.Command(keepLarger
            ? "INSERT INTO translation_usage(day, characters) VALUES($day, $n) ON CONFLICT(day) DO UPDATE SET characters = max(characters, excluded.characters)"
            : "INSERT INTO translation_usage(day, characters) VALUES($day, $n) ON CONFLICT(day) DO UPDATE SET characters = characters + excluded.characters");
        command.Parameters.AddWithValue("$day", day.DayNumber);
        command.Parameters.AddWithValue("$n", characters);
        return command.ExecuteNonQuery();
    }
}
