using System.Globalization;
using System.Text.RegularExpressions;
using FeedRelay.Feeds;
using FeedRelay.Storage;

namespace FeedRelay.Web.Feeds;

/// <summary>A feed request's view and filters, read from the query string.</summary>
/// <param name="View">The <c>lang</c> view.</param>
/// <param name="Filter">Filters, with <see cref="ArticleQuery.Limit"/> set to the number of items wanted.</param>
public sealed partial record FeedRequest(FeedView View, ArticleQuery Filter)
{
    /// <summary>Longest accepted <c>q</c>.</summary>
    public const int MaxKeywordLength = 200;

    /// <summary>The query parameter of an older page: the opaque cursor of the previous page's last item (RFC 5005 §3).</summary>
    public const string PageParameter = "page";

    /// <summary>Most <c>source</c> values one request may name.</summary>
    public const int MaxSources = 64;

    /// <summary>Reads <paramref name="query"/>; on failure, <paramref name="error"/> names the parameter and says what is wrong.</summary>
    public static bool TryParse(IQueryCollection query, int defaultLimit, out FeedRequest request, out KeyValuePair<string, string> error)
    {
        request = new FeedRequest(FeedView.Original, new ArticleQuery(Limit: defaultLimit));
        error = default;
        if (!FeedViews.TryParse(Single(query, "lang"), out var view))
        {
            error = new("lang", "must be original, en or both");
            return false;
        }

        var limit = defaultLimit;
        if (Single(query, "limit") is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > FeedServingOptions.MaxLimit))
        {
            error = new("limit", $"must be a whole number from 1 to {FeedServingOptions.MaxLimit}");
            return false;
        }

        // One canonical form (each once, in order), so that the self link names the document the cache holds for it.
        var sources = query["source"].Where(s => !string.IsNullOrEmpty(s)).Select(s => s!.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (sources.Find(s => !Slug().IsMatch(s)) is { } badSource)
        {
            error = new("source", $"'{badSource}' is not a source slug (lower-case letters, digits and '-')");
            return false;
        }

        if (sources.Count > MaxSources)
        {
            error = new("source", $"at most {MaxSources} sources at once");
            return false;
        }

        var category = Single(query, "category");
        if (category is { Length: > 200 })
        {
            error = new("category", "is longer than 200 characters");
            return false;
        }

        var language = Single(query, "language");
        if (language is not null && !LanguageTag().IsMatch(language))
        {
            error = new("language", "must be a BCP 47 language tag such as zh or zh-Hant");
            return false;
        }

        var keyword = Single(query, "q")?.Trim();
        if (keyword is { Length: > MaxKeywordLength })
        {
            error = new("q", $"is longer than {MaxKeywordLength} characters");
            return false;
        }

        DateTimeOffset? since = null;
        if (Single(query, "since") is { } sinceText)
        {
            if (!DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                error = new("since", "must be an ISO 8601 date or date-time, such as 2022-03-01 or 2022-03-01T12:00:00Z");
                return false;
            }

            since = parsed;
        }

        FeedCursor? before = null;
        if (Single(query, PageParameter) is { } page && (!FeedCursor.TryDecode(page, out before) || before is null))
        {
            error = new(PageParameter, "is not a page of this feed (follow the feed's rel=\"next\" link)");
            return false;
        }

        request = new FeedRequest(view, new ArticleQuery(Limit: limit)
        {
            Before = before,
            Sources = sources,
            Category = string.IsNullOrWhiteSpace(category) ? null : category.Trim(),
            Language = string.IsNullOrEmpty(language) ? null : language,
            Keyword = string.IsNullOrEmpty(keyword) ? null : keyword,
            Since = since,
        });
        return true;
    }

    private static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[^1]) ? values[^1] : null;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex Slug();

    [GeneratedRegex("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguageTag();
}
