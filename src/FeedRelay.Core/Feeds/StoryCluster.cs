namespace FeedRelay.Feeds;

/// <summary>One story: the article shown in the feed and the same story at other outlets.</summary>
/// <param name="Lead">The earliest article of the story (usually the outlet that broke it).</param>
/// <param name="Others">The same story at other outlets, earliest first.</param>
public sealed record StoryCluster(Article Lead, IReadOnlyList<Article> Others)
{
    /// <summary>The story's article that comes first in feed order (newest publication, then smallest id): where it sorts.</summary>
    public Article Newest { get; } = NewestOf(Lead, Others);

    private static Article NewestOf(Article lead, IReadOnlyList<Article> others)
    {
        var newest = lead;
        foreach (var other in others)
        {
            if (other.Published > newest.Published || (other.Published == newest.Published && string.CompareOrdinal(other.Id, newest.Id) < 0))
            {
                newest = other;
            }
        }

        return newest;
    }
}
