using FeedRelay.Ingestion;
using FeedRelay.Seeds;

namespace FeedRelay.Tests.Ingestion;

public sealed class ArticleNormaliserTests
{
    private static readonly ArticleNormaliser Normaliser = new();

    private static ParsedSeed Seed(string title, Uri? link = null, string? author = null, params string[] categories) => new()
    {
        Format = "test",
        Title = title,
        Link = link,
        Published = new DateTimeOffset(2022, 3, 2, 2, 20, 8, TimeSpan.Zero),
        PublishedFrom = "test",
        Source = "Test Source",
        Author = author,
        Categories = categories,
        Html = "<p>Body</p>",
    };

    [Fact]
    public void Markup_in_plain_text_fields_is_removed_with_any_script_text()
    {
        var article = Normaliser.Normalise(Seed("<script>alert(1)</script>Headline <b>bold</b>", author: "<img src=x onerror=alert(1)>Ann", categories: ["<i>World</i>", "World"]));

        Assert.Equal("Headline bold", article.Title);
        Assert.Equal("Ann", article.Author);
        Assert.Equal(["World"], article.Categories);
    }

    [Fact]
    public void Text_that_only_looks_like_markup_is_kept()
    {
        var article = Normaliser.Normalise(Seed("Why 1 < 2 and AT&T"));

        Assert.Equal("Why 1 < 2 and AT&T", article.Title);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("ftp://example.com/a")]
    public void Only_web_links_become_the_article_link(string link)
    {
        var article = Normaliser.Normalise(Seed("Headline", new Uri(link)));

        Assert.Null(article.Link);
    }

    [Fact]
    public void A_title_that_is_only_markup_gets_a_placeholder_not_the_markup()
    {
        var article = Normaliser.Normalise(Seed("<script>alert(1)</script>"));

        Assert.Equal("(untitled)", article.Title);
    }

    [Fact]
    public void Fields_made_only_of_characters_no_feed_can_carry_count_as_missing()
    {
        var article = Normaliser.Normalise(Seed("\u0001\u0085", author: "\u0002", categories: ["\u0003", "News", "a\u0004", "a", "b\u0091"]));

        Assert.Equal(ArticleNormaliser.MissingTitle, article.Title);
        Assert.Null(article.Author);
        Assert.Equal(["News", "a", "b"], article.Categories);
    }
}
