namespace FeedRelay.Feeds;

/// <summary>How merged feeds fold the same story carried by several outlets into one item.</summary>
public sealed record ClusteringOptions
{
    /// <summary>No clustering at all.</summary>
    public static ClusteringOptions Disabled { get; } = new() { Enabled = false };

    /// <summary>Whether to cluster.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Largest gap between publication times of two articles of one story.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(48);

    /// <summary>Smallest Dice similarity of the titles' character bigrams (after normalisation) for two titles to be the same story; 1 = identical.</summary>
    public double MinTitleSimilarity { get; init; } = 0.8;
}
