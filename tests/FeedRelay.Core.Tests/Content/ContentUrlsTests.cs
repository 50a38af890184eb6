using FeedRelay.Content;

namespace FeedRelay.Tests.Content;

public sealed class ContentUrlsTests
{
    public static TheoryData<string, string> ProxiedImages()
    {
        var data = new TheoryData<string, string>();
        foreach (var line in File.ReadLines(Path.Combine(TestPaths.Fixtures, "content", "proxied-images.tsv")))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var columns = line.Split('\t');
            data.Add(columns[0], columns[1]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ProxiedImages))]
    public void Every_proxy_form_of_the_corpus_unwraps_to_the_original(string proxied, string original)
    {
        var unwrapped = ContentUrls.Unwrap(new Uri(proxied), ContentOptions.Default.ImageProxies);

        Assert.Equal(new Uri(original).AbsoluteUri, unwrapped.AbsoluteUri);
    }

    [Theory]
    [InlineData("https://gdb.voanews.com/a.jpg")]
    [InlineData("https://images.weserv.nl/")]
    [InlineData("https://images.weserv.nl/?w=300")]
    [InlineData("https://images.weserv.nl/?url=javascript:alert(1)")]
    [InlineData("https://cors.zfour.workers.dev/")]
    [InlineData("https://thumbor.ftacademy.cn/unsafe/picture/0/000091730_piclink.jpg")]
    public void Urls_that_wrap_nothing_stay_as_they_are(string url)
    {
        Assert.Equal(new Uri(url), ContentUrls.Unwrap(new Uri(url), ContentOptions.Default.ImageProxies));
    }

    [Fact]
    public void Proxy_rules_are_data()
    {
        var rules = new[] { new ImageProxyRule { Host = "img.example.net", Form = ImageProxyForm.QueryParameter, Parameter = "src" } };

        Assert.Equal("https://cdn.example.org/x.png", ContentUrls.Unwrap(new Uri("https://img.example.net/p?src=cdn.example.org/x.png"), rules).AbsoluteUri);
        Assert.Equal("https://images.weserv.nl/?url=a.example/x.png", ContentUrls.Unwrap(new Uri("https://images.weserv.nl/?url=a.example/x.png"), rules).OriginalString);
    }

    [Theory]
    [InlineData("//cdn.example.org/a.jpg", "https://cdn.example.org/a.jpg")]
    [InlineData("/a/b.jpg", "https://www.voachinese.com/a/b.jpg")]
    [InlineData("b.jpg", "https://www.voachinese.com/a/b.jpg")]
    [InlineData("../c.jpg", "https://www.voachinese.com/c.jpg")]
    [InlineData(" https://x.example/y ", "https://x.example/y")]
    public void Relative_and_protocol_relative_urls_become_absolute(string raw, string expected)
    {
        Assert.Equal(expected, ContentUrls.Resolve(raw, new Uri("https://www.voachinese.com/a/story.html"))!.AbsoluteUri);
    }

    [Fact]
    public void A_relative_url_without_a_base_cannot_be_resolved()
    {
        Assert.Null(ContentUrls.Resolve("/a.jpg", null));
        Assert.Null(ContentUrls.Resolve("", null));
    }

    [Theory]
    [InlineData("https://picsum.photos/400/300?random=7", true)]
    [InlineData("https://fastly.picsum.photos/id/1/400/300.jpg", true)]
    [InlineData("https://gdb.voanews.com/a.jpg", false)]
    [InlineData("https://notpicsum.photos/a.jpg", false)]
    public void Placeholder_hosts_are_recognised(string url, bool placeholder)
    {
        Assert.Equal(placeholder, ContentUrls.IsPlaceholder(new Uri(url), ContentOptions.Default.PlaceholderImageHosts));
    }

    [Fact]
    public void Reproxy_puts_the_escaped_original_into_the_template()
    {
        var proxied = ContentUrls.Reproxy(new Uri("https://gdb.voanews.com/a b.jpg?x=1&y=2"), "https://images.weserv.nl/?url={url}");

        Assert.Equal("https://images.weserv.nl/?url=https%3A%2F%2Fgdb.voanews.com%2Fa%2520b.jpg%3Fx%3D1%26y%3D2", proxied.AbsoluteUri);
        Assert.Equal("https://gdb.voanews.com/a.jpg", ContentUrls.Reproxy(new Uri("https://gdb.voanews.com/a.jpg"), null).AbsoluteUri);
    }
}
