namespace FeedRelay.Web.Storage;

/// <summary>The backend chosen at startup and where it points (never a secret).</summary>
public sealed record StorageSelection(StorageKind Kind, string Location);
