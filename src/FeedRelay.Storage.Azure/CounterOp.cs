namespace FeedRelay.Storage.Azure;

/// <summary>
/// One change of one article's indexed state, for the source and translation-level counters: <paramref name="Previous"/> (null
/// when the article is new, or its earlier state is unknown) became <paramref name="Next"/>. <paramref name="Key"/> names the
/// transition, so that a counter row that already applied it (kept in its recent-operations ring) does not apply it twice.
/// </summary>
internal sealed record CounterOp(string Key, Article? Previous, Article Next)
{
    /// <summary>The op of <paramref name="next"/> (blob hash <paramref name="nextHash"/>) replacing <paramref name="previous"/> (hash <paramref name="previousHash"/>).</summary>
    public static CounterOp Of(Article? previous, string? previousHash, Article next, string nextHash) =>
        new(IndexKeys.Hash(System.Text.Encoding.UTF8.GetBytes(next.Id + "\n" + previousHash + "\n" + nextHash)), previous, next);
}
