namespace FeedRelay.Storage;

/// <summary>The per-name index both quarantines keep: <c>by-name/{hash of the name}/{sha256}</c> markers.</summary>
public static class QuarantineNames
{
    /// <summary>Folder (or blob prefix) of the markers.</summary>
    public const string Folder = "by-name";

    /// <summary>A name's key: its hex SHA-256, so that any seed name (slashes, unicode, long paths) maps to one flat, safe segment.</summary>
    public static string KeyOf(string name) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)));
}
