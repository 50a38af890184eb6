using FeedRelay.Ingestion;

namespace FeedRelay.Tests.Ingestion;

public sealed class CanonicalUrlTests
{
    [Theory]
    [InlineData("HTTPS://WWW.Example.COM:443/a/b?x=1#frag", "https://www.example.com/a/b?x=1")]
    [InlineData("http://example.com:80/a", "http://example.com/a")]
    [InlineData("http://example.com:8080/a", "http://example.com:8080/a")]
    [InlineData("https://example.com/a?utm_source=rss&id=7&utm_medium=feed&fbclid=abc", "https://example.com/a?id=7")]
    [InlineData("https://hulitw.medium.com/x-d2993706a9b0?source=rss-f1fb3e40dc37------2", "https://hulitw.medium.com/x-d2993706a9b0")]
    [InlineData("https://chinadigitaltimes.net/chinese/2020/06/cdt%e5%af%bc%e8%a7%88/", "https://chinadigitaltimes.net/chinese/2020/06/cdt%E5%AF%BC%E8%A7%88/")]
    [InlineData("https://example.com/%7euser/%41b", "https://example.com/~user/Ab")]
    [InlineData("https://matters.news/@az/%25E6%25A5", "https://matters.news/@az/%25E6%25A5")]
    public void Canonical_form(string input, string expected)
    {
        Assert.Equal(expected, CanonicalUrl.Canonicalise(new Uri(input)).AbsoluteUri);
    }

    [Theory]
    [InlineData("http://www.rfi.fr//cn/%e4%b8%ad/a", "https://www.rfi.fr/cn/%E4%B8%AD/a")]
    [InlineData("https://example.com/a?utm_campaign=x", "https://EXAMPLE.com:443/a#top")]
    [InlineData("https://chinadigitaltimes.net/chinese/2020/07/%e7%9f%a5/", "https://chinadigitaltimes.net/chinese/2020/07/知/")]
    [InlineData("https://www.rfi.fr./cn/a", "https://www.rfi.fr/cn/a")]
    [InlineData("https://example.com/a?spm=a2c4g.1&spm_id_from=333&ref=rss&from=rss&rss=1", "https://example.com/a")]
    public void Spellings_of_one_article_get_one_id(string a, string b)
    {
        Assert.Equal(ArticleIdentity.FromLink(new Uri(a)), ArticleIdentity.FromLink(new Uri(b)));
    }

    [Theory]
    [InlineData("https://www.vo\uFFFDchinese.com/a/x?utm_source=rss", "https://www.vo\uFFFDchinese.com/a/x")]
    [InlineData("https://WWW.VO\uFFFDCHINESE.com/a", "https://www.vo\uFFFDchinese.com/a")]
    public void A_host_that_is_no_valid_IDN_name_is_kept_rather_than_throwing(string input, string expected)
    {
        // Found by the seed fuzzer (bench/reliability/fuzz.sh): Uri.IdnHost throws for such a host.
        var link = new Uri(input);
        Assert.Equal(expected, CanonicalUrl.Canonicalise(link).AbsoluteUri);
        Assert.NotEmpty(ArticleIdentity.FromLink(link));
    }

    [Theory]
    [InlineData("https://example.com/a?id=1", "https://example.com/a?id=2")]
    [InlineData("https://example.com/a", "https://example.org/a")]
    [InlineData("https://example.com/a", "https://example.com/A")]
    [InlineData("https://example.com/a?spmid=1", "https://example.com/a?spmid=2")] // a name that merely starts like a tracking one
    [InlineData("https://example.com/a?rss=123", "https://example.com/a?rss=456")] // a value that merely starts like "rss=1"
    [InlineData("https://example.com/a?source=web-1", "https://example.com/a?source=web-2")]
    [InlineData("https://example.com/#!/article/1", "https://example.com/#!/article/2")] // single-page routes name the article
    [InlineData("https://example.com/#/news/1", "https://example.com/#/news/2")]
    public void Different_articles_get_different_ids(string a, string b)
    {
        Assert.NotEqual(ArticleIdentity.FromLink(new Uri(a)), ArticleIdentity.FromLink(new Uri(b)));
    }
}
