using FeedRelay.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace FeedRelay.Tests.Storage;

/// <summary>A temporary data folder and the SQLite databases opened over it (all closed, then the folder deleted, on dispose).</summary>
internal sealed class SqliteTestStorage : IDisposable
{
    private readonly TempFolder _folder = TestPaths.NewTempFolder();
    private readonly List<SqliteDatabase> _opened = [];

    /// <summary>The data folder.</summary>
    public string DataPath => _folder.Path;

    /// <summary>Opens <c>feedrelay.db</c> in the data folder (a second call is a restart or second instance).</summary>
    public SqliteDatabase Open(SqliteStorageOptions? options = null)
    {
        var database = new SqliteDatabase((options ?? new SqliteStorageOptions()) with { DataPath = _folder.Path }, NullLogger<SqliteDatabase>.Instance);
        _opened.Add(database);
        return database;
    }

    /// <summary>Closes <paramref name="database"/> now (as a process exit would).</summary>
    public void Close(SqliteDatabase database)
    {
        database.Dispose();
        _opened.Remove(database);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _opened.ForEach(d => d.Dispose());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
