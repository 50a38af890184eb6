using Microsoft.Data.Sqlite;

namespace FeedRelay.Storage.Sqlite;

/// <summary>One open connection with its prepared statements, used by one operation at a time.</summary>
internal sealed class SqliteSession : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>Wraps an open <paramref name="connection"/>.</summary>
    public SqliteSession(SqliteConnection connection) => Connection = connection;

    /// <summary>The connection.</summary>
    public SqliteConnection Connection { get; }

    /// <summary>A prepared command for <paramref name="sql"/> (kept for reuse), its parameters cleared.</summary>
    public SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }

        command.Parameters.Clear();
        return command;
    }

    /// <summary>Runs <paramref name="sql"/> (no parameters, no rows).</summary>
    public void Execute(string sql) => Command(sql).ExecuteNonQuery();

    /// <summary>Interrupts whatever statement the connection is running (from any thread).</summary>
    public void Interrupt() => SQLitePCL.raw.sqlite3_interrupt(Connection.Handle);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        Connection.Dispose();
    }
}
