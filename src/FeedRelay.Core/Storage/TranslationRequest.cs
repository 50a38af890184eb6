namespace FeedRelay.Storage;

/// <summary>One article to translate.</summary>
/// <param name="ArticleId">The article's id.</param>
/// <param name="Attempt">How many times this item has been tried before.</param>
public sealed record TranslationRequest(string ArticleId, int Attempt = 0);
