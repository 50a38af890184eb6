namespace FeedRelay.Web.Storage;

/// <summary>Which storage backend the app uses (<c>FeedRelay:Storage:Kind</c>).</summary>
public enum StorageKind
{
    /// <summary>Azure Storage when an account is configured (own settings or the <c>AzureWebJobsStorage</c> ones), else SQLite.</summary>
    Auto,

    /// <summary>The embedded SQLite database <c>feedrelay.db</c> under <c>FeedRelay:DataPath</c>.</summary>
    Sqlite,

    /// <summary>Azure Blob, Queue and Table storage; startup fails when no account is configured.</summary>
    Azure,
}
