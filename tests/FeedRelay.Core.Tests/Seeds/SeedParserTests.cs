using System.Text;
using FeedRelay.Seeds;

namespace FeedRelay.Tests.Seeds;

public sealed class SeedParserTests
{
    [Fact]
    public void Hexo_sample_keeps_title_and_gmt_date()
    {
        var result = SeedParser.Parse(File.ReadAllBytes(Path.Combine(TestPaths.Seeds, "000_e32e7bf9eae6693a.txt")));

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal("乌克兰战争：新一轮谈判与莫斯科指责基辅寻求获得核武器并强调其承认泽连斯基合法性", result.Seed.Title);
        Assert.Equal(new DateTimeOffset(2022, 3, 2, 2, 20, 8, TimeSpan.Zero), result.Seed.Published);
        Assert.Equal("Aljazeera 半岛网", result.Seed.Source);
    }

    [Fact]
    public void Link_header_sample_prefers_the_articles_own_date_over_the_epoch_line()
    {
        var result = SeedParser.Parse(File.ReadAllBytes(Path.Combine(TestPaths.Seeds, "004_8d4ffb861fbb6860.txt")));

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(new DateTimeOffset(2022, 2, 28, 22, 29, 57, TimeSpan.Zero), result.Seed.Published);
        Assert.Equal("html:meta", result.Seed.PublishedFrom);
        Assert.StartsWith("https://www.voachinese.com/a/", result.Seed.Link!.AbsoluteUri);
        Assert.DoesNotContain("Mon, 28 Feb 2022", result.Seed.Html);
    }

    [Theory]
    [InlineData("", "seed.empty")]
    [InlineData("   \n\n", "seed.empty")]
    [InlineData("just some prose\nwith no structure", "seed.unknown-format")]
    [InlineData("---\ntitle: x\n", "front-matter.unterminated")]
    [InlineData("[t](https://example.com/a)\nno separator and no date", "link-header.no-date")]
    [InlineData("[](https://example.com/a)\n------\n<!--1595136758000-->", "link-header.empty-title")]
    [InlineData("---\n---\nbody", "front-matter.empty")]
    [InlineData("---\ndate: 2021-03-22 04:50:47\n---\nbody", "front-matter.no-title")]
    public void Bad_input_gets_a_named_error(string text, string code)
    {
        var result = SeedParser.Parse(Encoding.UTF8.GetBytes(text));

        Assert.False(result.IsSuccess);
        Assert.Equal(code, result.Error.Code);
    }

    [Fact]
    public void Binary_input_is_rejected_as_binary()
    {
        var result = SeedParser.Parse([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0x02]);

        Assert.Equal("seed.binary", result.Error?.Code);
    }

    [Fact]
    public void Unterminated_front_matter_names_its_line()
    {
        var result = SeedParser.Parse("\n\n---\ntitle: 'x'\n");

        Assert.Equal("front-matter: unterminated YAML block at line 3", result.Error?.Message);
    }
}
