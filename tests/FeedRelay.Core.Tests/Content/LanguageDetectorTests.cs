using FeedRelay.Content;

namespace FeedRelay.Tests.Content;

public sealed class LanguageDetectorTests
{
    private static readonly LanguageDetector Detector = new();

    [Theory]
    [InlineData("俄罗斯星期四拂晓前向包括首都基辅在内的多个乌克兰城市发射导弹，打击防空设施和军事基础设施。", "zh-Hans")]
    [InlineData("印尼自7日起暫停對台灣和日本輸出移工，勞動部移工安置暨保護處公告，這個決定是回應台灣與日本因疫情暫時限制。", "zh-Hant")]
    [InlineData("来日本生活九个月以后，在 2024 年七月考了日检，由于考日检的目的是高度人才加分。", "zh-Hans")]
    [InlineData("日本政府は12日、緊急事態宣言の対象地域を拡大することを決めました。京都や大阪などが加わります。", "ja")]
    [InlineData("서울시장이 숨진 채 발견되었다고 경찰이 밝혔습니다. 그는 전날 실종 신고가 접수됐습니다.", "ko")]
    [InlineData("Over the past several years, there has been an active debate about Chinese influence overseas.", "en")]
    [InlineData("Le président a annoncé mardi une nouvelle réforme des retraites, selon plusieurs sources.", "fr")]
    [InlineData("BBC中文 新型冠状病毒专题报道 Covid-19 WHO", "zh-Hans")]
    public void Detects_the_language_as_a_bcp47_tag(string text, string expected)
    {
        Assert.Equal(expected, Detector.Detect(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  12345 2020-07-20 !!! ")]
    public void Text_without_letters_has_no_language(string? text)
    {
        Assert.Null(Detector.Detect(text));
    }

    [Fact]
    public void Han_text_without_distinguishing_characters_is_plain_zh()
    {
        Assert.Equal("zh", Detector.Detect("中文"));
    }

    [Fact]
    public void Only_the_start_decides_so_a_trailing_widget_in_another_script_does_not()
    {
        var simplified = string.Concat(Enumerable.Repeat("新冠疫情：死亡人数突破两百万，跟踪全球疫情蔓延。", 40));
        var traditional = string.Concat(Enumerable.Repeat("各地確診個案，資料來源：約翰斯·霍普金斯大學。", 100));

        Assert.Equal("zh-Hans", Detector.Detect(simplified + traditional));
    }

    [Fact]
    public void Without_configured_languages_non_cjk_text_is_left_undetermined()
    {
        var detector = new LanguageDetector(new ContentOptions { DetectedLanguages = [] });

        Assert.Null(detector.Detect("Over the past several years, there has been an active debate."));
        Assert.Equal("ko", detector.Detect("서울시장이 숨진 채 발견되었다"));
    }
}
