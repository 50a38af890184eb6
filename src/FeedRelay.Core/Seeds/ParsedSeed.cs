namespace FeedRelay.Seeds;

/// <summary>What a seed parser read from one file, before content cleaning and identity.</summary>
public sealed record ParsedSeed
{
    /// <summary>Seed format family the file was read as.</summary>
    public required string Format { get; init; }

    /// <summary>Headline as written in the seed (entities decoded, trimmed).</summary>
    public required string Title { get; init; }

    /// <summary>Original article link, when present and absolute.</summary>
    public Uri? Link { get; init; }

    /// <summary>Publication time with its real offset.</summary>
    public required DateTimeOffset Published { get; init; }

    /// <summary>Which field the publication time was read from.</summary>
    public required string PublishedFrom { get; init; }

    /// <summary>Outlet name, when the seed names one.</summary>
    public string? Source { get; init; }

    /// <summary>Author, when the seed names one.</summary>
    public string? Author { get; init; }

    /// <summary>Categories or tags in source order.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Lead image URL declared outside the HTML (front matter <c>headimg</c>, <c>thumbnail</c>).</summary>
    public string? DeclaredImage { get; init; }

    /// <summary>The article body HTML, raw, with any metadata line already removed.</summary>
    public required string Html { get; init; }
}
