using System.IO.Enumeration;

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

    /// <summary>
    /// Every seed file under <paramref name="folder"/>, recursively, skipping hidden and inaccessible entries. A symbolic link
    /// to a file is a seed; one to a folder is not followed (a link back up the tree would list every file again, without
    /// end). A name that cannot be opened as listed (not valid UTF-8, so the runtime's decoding of it names no file) is given
    /// to <paramref name="unopenable"/> instead, so that the caller reports it rather than dropping it silently.
    /// </summary>
    public static IEnumerable<string> Enumerate(string folder, Action<string>? unopenable = null)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden };
        var entries = new FileSystemEnumerable<string>(folder, (ref FileSystemEntry entry) => entry.ToFullPath(), options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory,
            ShouldRecursePredicate = (ref FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        foreach (var path in entries)
        {
            if (IsIgnored(path))
            {
                continue;
            }

            if (path.Contains('\uFFFD', StringComparison.Ordinal) && !File.Exists(path))
            {
                unopenable?.Invoke(path);
                continue;
            }

            yield return path;
        }
    }
}
