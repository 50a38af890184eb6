using FeedRelay.Translation;

namespace FeedRelay.Tests.Translation;

/// <summary>
/// Long content is sent in pieces and put back together: each translated piece keeps its own white space, pieces cut
/// mid-text meet with a space in a language that separates words, and markup without text is never sent (nor billed).
/// </summary>
public sealed class TranslationAssemblyTests
{
    [Theory]
    [InlineData("<p>Le mot suivant est ici. Puis un autre mot suivant arrive, et encore des mots pour remplir la ligne entière du texte.</p>")]
    [InlineData("<p>中国人民银行周五宣布下调贷款市场报价利率。财政部表示将继续实施积极的财政政策。国家统计局发布了最新的经济数据。</p>")]
    [InlineData("<p><b>bold one word</b> <b>bold two word</b> <b>bold three word</b> <b>bold four word</b> <b>bold five word</b></p>")]
    public async Task Pieces_of_long_content_are_joined_with_the_white_space_between_them(string content)
    {
        var fake = new ScriptedTranslator();
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(fake, folder.Path, new TranslationSettings { MaxSegmentCharacters = 40 });
        await rig.Store.UpsertAsync(TranslationRig.Story("a1", "VOA") with { ContentHtml = content });

        await rig.Processor.TranslateArticleAsync("a1");

        var html = (await rig.Store.GetAsync("a1"))!.Translation!.ContentHtml;
        Assert.True(fake.Requests.Sum(r => r.Texts.Count) > 2, "the content went out in several pieces");
        Assert.DoesNotContain("]EN[", html, StringComparison.Ordinal); // two translations glued together
        Assert.DoesNotContain("</b><b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(fake.Requests.SelectMany(r => r.Texts), t => t.Length == 0);
    }

    [Fact]
    public async Task A_title_longer_than_a_piece_may_be_is_sent_cut_instead_of_refused_on_every_try()
    {
        var fake = new ScriptedTranslator();
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(fake, folder.Path, new TranslationSettings { MaxSegmentCharacters = 10_000 });
        await rig.Store.UpsertAsync(TranslationRig.Story("a1", "VOA") with { Title = new string('标', 60_000) });

        var outcome = await rig.Processor.TranslateArticleAsync("a1");

        Assert.Equal(TranslationStatus.Translated, outcome.Status);
        Assert.All(fake.Requests.SelectMany(r => r.Texts), t => Assert.True(t.Length <= 10_000));
    }

    [Fact]
    public void Markup_without_text_is_not_sent()
    {
        var image = "<img src=\"https://images.example/" + new string('a', 120) + ".jpg\">";
        var pieces = HtmlSegmenter.Split("<p>" + image + "</p><p>Some words here.</p>" + image, 64);

        Assert.All(pieces.Where(p => p.Html.Contains("<img", StringComparison.Ordinal)), p => Assert.False(p.Translate));
        Assert.Contains(pieces, p => p.Translate && p.Html.Contains("Some words here.", StringComparison.Ordinal));
        Assert.Equal("<p>" + image + "</p><p>Some words here.</p>" + image, HtmlSegmenter.Join(pieces.Select(p => p.Html)));
    }
}
