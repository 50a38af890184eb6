namespace FeedRelay.Content;

/// <summary>Cleaned HTML and its plain text (what <see cref="Summary.PlainText(string?)"/> gives for <see cref="Html"/>).</summary>
/// <param name="Html">The clean HTML.</param>
/// <param name="PlainText">Its plain text, white space collapsed.</param>
/// <param name="FirstImage">The <c>src</c> of its first image, if any.</param>
public sealed record CleanContent(string Html, string PlainText, string? FirstImage)
{
    /// <summary>Nothing: no HTML, no text.</summary>
    public static CleanContent Empty { get; } = new("", "", null);

    /// <summary>Content published without going through the cleaner's tree (the plain-text fallbacks).</summary>
    internal static CleanContent WithoutTree(string html) => new(html, Summary.PlainText(html), null);
}
