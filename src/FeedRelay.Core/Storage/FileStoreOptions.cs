namespace FeedRelay.Storage;

/// <summary>Settings of the embedded file store.</summary>
public sealed record FileStoreOptions
{
    /// <summary>Folder holding <c>articles/</c> and <c>quarantine/</c>.</summary>
    public string DataPath { get; init; } = ".data";
}
