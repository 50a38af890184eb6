using Microsoft.Data.Sqlite;

namespace FeedRelay.Storage.Sqlite;

/// <summary>One open connection with its prepared statements, used by one operation at a time.</summary>
internal sealed class SqliteSession : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>Wraps an open <paramref name="connection"/>; its statements stop (SQLITE_INTERRUPT) once <see cref="Stop"/> fires.</summary>
    public SqliteSession(SqliteConnection connection)
    {
        Connection = connection;
        // Checked every 1,000 virtual machine steps: unlike sqlite3_interrupt, it cannot miss a statement that starts just after cancellation.
        SQLitePCL.raw.sqlite3_progress_handler(connection.Handle, 1000, static state => ((SqliteSession)state).Stop.IsCancellationRequested ? 1 : 0, this);
    }

    /// <summary>When this fires, the running statement (and any started later) is interrupted; set per operation.</summary>
    public CancellationToken Stop { get; set; }

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

    /// <summary>True while a transaction is open on the connection.</summary>
    public bool InTransaction => SQLitePCL.raw.sqlite3_get_autocommit(Connection.Handle) == 0;

    /// <summary>Ends an open (read) transaction, if any, so the connection goes back to its pool clean.</summary>
    public void EndTransaction()
    {
        if (InTransaction)
        {
            Execute("ROLLBACK;");
        }
    }

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
