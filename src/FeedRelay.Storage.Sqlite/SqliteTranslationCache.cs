using System.Security.Cryptography;
using System.Text;

namespace FeedRelay.Storage.Sqlite;

/// <summary>Translations by key in <c>feedrelay.db</c>; keys are normalised as the file cache names its files, so imported entries are found.</summary>
public sealed class SqliteTranslationCache : ITranslationCache
{
    private readonly SqliteDatabase _database;

    /// <summary>Uses <paramref name="database"/>.</summary>
    public SqliteTranslationCache(SqliteDatabase database) => _database = database;

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, string>> GetManyAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyDictionary<string, string>>(session =>
        {
            var found = new Dictionary<string, string>(StringComparer.Ordinal);
            var command = session.Command("SELECT value FROM translation_cache WHERE key = $key");
            var parameter = command.Parameters.Add("$key", Microsoft.Data.Sqlite.SqliteType.Text);
            foreach (var key in keys.Distinct(StringComparer.Ordinal))
            {
                parameter.Value = KeyOf(key);
                if (command.ExecuteScalar() is string value)
                {
                    found[key] = value;
                }
            }

            return found;
        }, cancellationToken: cancellationToken);

    /// <inheritdoc />
    public Task SetManyAsync(IReadOnlyDictionary<string, string> entries, CancellationToken cancellationToken = default)
    {
        var rows = entries.Select(e => (KeyOf(e.Key), e.Value)).ToList();
        return _database.WriteAsync(session => Insert(session, rows), cancellationToken);
    }

    /// <summary>Writes normalised (key, value) pairs on the writer connection.</summary>
    internal static int Insert(SqliteSession session, IEnumerable<(string Key, string Value)> rows)
    {
        var count = 0;
        foreach (var (key, value) in rows)
        {
            var command = session.Command("INSERT OR REPLACE INTO translation_cache(key, value) VALUES($key, $value)");
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$value", value);
            count += command.ExecuteNonQuery();
        }

        return count;
    }

    /// <summary>A key as stored: lower-case 64-digit hex keys as they are, anything else as its hex SHA-256 (as the file cache does).</summary>
    internal static string KeyOf(string key) =>
        key.Length == 64 && key.All(char.IsAsciiHexDigitLower) ? key : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
