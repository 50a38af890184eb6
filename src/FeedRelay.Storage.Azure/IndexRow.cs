using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;

namespace FeedRelay.Storage.Azure;

/// <summary>
/// One feed row of the index: everything a feed filters on and shows of an item except the content HTML (which stays in the
/// article's blob), plus <c>Hash</c>, the hash of the blob the row was made from, so that a reader can tell a row that lags
/// its blob and reuse a cached blob while the hash still matches. Long texts are clipped to stay within a property's 64 KiB.
/// </summary>
internal static class IndexRow
{
    /// <summary>Characters kept of a text column (UTF-16: 64 KiB is 32K characters).</summary>
    public const int MaxTextChars = 16_000;

    /// <summary>The row of <paramref name="article"/> (stored with content hash <paramref name="hash"/>) in <paramref name="partition"/>.</summary>
    public static TableEntity Create(string partition, Article article, string hash)
    {
        var entity = new TableEntity(partition, IndexKeys.Row(article))
        {
            ["Id"] = article.Id,
            ["Hash"] = hash,
            ["Source"] = Clip(article.Source),
            ["SourceSlug"] = article.SourceSlug,
            ["Title"] = Clip(article.Title),
            ["Summary"] = Clip(article.Summary),
            ["Published"] = article.Published.ToString("o", CultureInfo.InvariantCulture),
            ["Updated"] = article.Updated.ToString("o", CultureInfo.InvariantCulture),
            ["Categories"] = Clip(JsonSerializer.Serialize(article.Categories, StoreJson.Options)),
        };
        Set(entity, "Link", article.Link?.OriginalString);
        Set(entity, "Image", article.Image?.OriginalString);
        Set(entity, "Author", article.Author);
        Set(entity, "Language", article.Language);
        if (article.Translation is { } translation)
        {
            entity["TranslationLanguage"] = translation.Language;
            entity["TranslationTitle"] = Clip(translation.Title);
            entity["TranslationSummary"] = Clip(translation.Summary);
            entity["TranslationLevel"] = translation.Level;
        }

        return entity;
    }

    /// <summary>The article a row describes, without its content HTML (enough for every <see cref="ArticleQuery"/> filter).</summary>
    public static Article Describe(TableEntity row)
    {
        var categories = TryList(row.GetString("Categories"));
        return new Article
        {
            Id = row.GetString("Id") ?? "",
            Source = row.GetString("Source") ?? "",
            SourceSlug = row.GetString("SourceSlug") ?? "",
            Title = row.GetString("Title") ?? "",
            Summary = row.GetString("Summary") ?? "",
            Published = ParseTime(row.GetString("Published")),
            Updated = ParseTime(row.GetString("Updated")),
            Categories = categories,
            Language = row.GetString("Language"),
            Link = UriOrNull(row.GetString("Link")),
            Image = UriOrNull(row.GetString("Image")),
            Author = row.GetString("Author"),
            Translation = row.GetString("TranslationLevel") is { } level
                ? new ArticleTranslation
                {
                    Language = row.GetString("TranslationLanguage") ?? "",
                    Title = row.GetString("TranslationTitle") ?? "",
                    Summary = row.GetString("TranslationSummary") ?? "",
                    Level = level,
                }
                : null,
        };
    }

    private static List<string> TryList(string? json)
    {
        if (json is null)
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<string>>(json, StoreJson.Options) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static DateTimeOffset ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time) ? time : default;

    private static Uri? UriOrNull(string? text) => Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null;

    private static void Set(TableEntity entity, string name, string? value)
    {
        if (value is not null)
        {
            entity[name] = Clip(value);
        }
    }

    private static string Clip(string text) => text.Length <= MaxTextChars ? text : text[..MaxTextChars];
}
