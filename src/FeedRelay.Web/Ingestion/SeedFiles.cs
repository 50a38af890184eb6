namespace FeedRelay.Web.Ingestion;

/// <summary>Which files in a seeds folder are seeds: editor leftovers, hidden files and the folder's own notes are not.</summary>
public static class SeedFiles
{
    /// <summary>True for files that are never ingested (hidden, backup, temporary, swap, README.md, PROVENANCE.md).</summary>
    public static bool IsIgnored(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith('.') || name.EndsWith('~') || name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".swp", StringComparison.OrdinalIgnoreCase) || name.Equals("README.md", StringComparison.OrdinalIgnoreCase)
            || name.Equals("PROVENANCE.md", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Every seed file under <paramref name="folder"/>, recursively, skipping hidden and inaccessible entries.</summary>
    public static IEnumerable<string> Enumerate(string folder) =>
        Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden })
            .Where(p => !IsIgnored(p));
}
