using Azure.Data.Tables;

namespace FeedRelay.Storage.Azure;

/// <summary>
/// The keys of the last operations a table row applied, kept in the row (property <c>Ops</c>, space-separated, oldest
/// first), so that an operation repeated after a lost response or by a second instance is recognised and applied once.
/// </summary>
internal static class OperationRing
{
    /// <summary>The row property holding the keys.</summary>
    public const string Property = "Ops";

    /// <summary>The keys <paramref name="row"/> holds (none for a new row).</summary>
    public static List<string> Of(TableEntity? row) =>
        [.. (row?.GetString(Property) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary><paramref name="ring"/> with <paramref name="added"/> appended, only the newest <paramref name="size"/> kept, as stored.</summary>
    public static string With(List<string> ring, IEnumerable<string> added, int size)
    {
        var keys = ring.Concat(added).ToList();
        return string.Join(' ', keys.Skip(Math.Max(0, keys.Count - size)));
    }
}
