using FeedRelay.Functions.Articles;
using FeedRelay.Functions.Feeds;
using FeedRelay.Functions.Ingestion;
using FeedRelay.Functions.Operations;
using FeedRelay.Functions.Translation;
using FeedRelay.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FeedRelay.Tests;

/// <summary>
/// Every HTTP function, called with a request and executed, answers with the same status, body and caching headers
/// as the standalone server's route for the same request over the same storage.
/// </summary>
public sealed partial class HttpFunctionParityTests : IAsyncLifetime
{
    private static readonly string[] ComparedHeaders = ["Content-Type", "ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Encoding"];

    private FunctionsApp _app = null!;
    private string _articleId = null!;
    private string _rejectionSha = null!;

    public async Task InitializeAsync()
    {
        _app = await FunctionsApp.StartAsync();
        var ingest = _app.Create<NormaliseSeedFunction>();
        foreach (var name in new[] { "bbc-1048033.md", "000_e32e7bf9eae6693a.txt", "voa-1035001.md" })
        {
            await ingest.RunAsync(await _app.SeedBlobAsync(name, File.ReadAllBytes(Path.Combine(TestPaths.Seeds, name))), name, CancellationToken.None);
        }

        await ingest.RunAsync(await _app.SeedBlobAsync("junk.txt", "not a seed"u8.ToArray()), "junk.txt", CancellationToken.None);
        _articleId = (await _app.Services.GetRequiredService<IArticleStore>().QueryAsync(new ArticleQuery()))[0].Id;
        _rejectionSha = Assert.Single(await _app.Services.GetRequiredService<IQuarantine>().ListAsync()).Sha256;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/api/feeds/all.rss")]
    [InlineData("/api/feeds/all.atom?lang=both")]
    [InlineData("/api/feeds/all.json?limit=2")]
    [InlineData("/api/feeds/all.xml")]
    [InlineData("/api/feeds/all.rss?limit=0")]
    [InlineData("/api/feeds/nosuchsource.atom")]
    [InlineData("/api/feeds/all.rss?q=nato")]
    public async Task Feed(string path) =>
        await AssertSameAsync(path, (FeedFunctions f, HttpRequest r) => f.Feed(r, Segment(path, 0), Segment(path, 1)));

    [Fact]
    public async Task Feed_conditional_and_compressed_requests()
    {
        var first = await _app.ServerAsync("GET", "/api/feeds/all.rss");
        var etag = first.Header("ETag")!;
        await AssertSameAsync("/api/feeds/all.rss", (FeedFunctions f, HttpRequest r) => f.Feed(r, "all", "rss"), ("If-None-Match", etag));
        await AssertSameAsync("/api/feeds/all.rss", (FeedFunctions f, HttpRequest r) => f.Feed(r, "all", "rss"), ("Accept-Encoding", "gzip"));
        await AssertSameAsync("/api/feeds/all.rss", (FeedFunctions f, HttpRequest r) => f.Feed(r, "all", "rss"), "HEAD");
    }

    [Fact]
    public async Task Keyword_search_on_Azure_storage_is_a_400_that_names_the_setting()
    {
        var reply = await _app.CallAsync("GET", "/api/feeds/all.rss?q=nato", (FeedFunctions f, HttpRequest r) => f.Feed(r, "all", "rss"));

        Assert.Equal(400, reply.Status);
        Assert.Contains("application/problem+json", reply.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Contains("FeedRelay:Storage:Kind", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_pages_and_opml()
    {
        await AssertSameAsync("/", (FeedFunctions f, HttpRequest r) => f.Home(r));
        await AssertSameAsync("/api/feeds", (FeedFunctions f, HttpRequest r) => f.FeedIndex(r));
        await AssertSameAsync("/api/feeds.opml", (FeedFunctions f, HttpRequest r) => f.Opml(r));
    }

    [Fact]
    public async Task Article_pages()
    {
        await AssertSameAsync($"/api/articles/{_articleId}", (ArticleFunctions f, HttpRequest r) => f.Article(r, _articleId));
        await AssertSameAsync($"/api/articles/{_articleId}?lang=both", (ArticleFunctions f, HttpRequest r) => f.Article(r, _articleId));
        await AssertSameAsync("/api/articles/missing", (ArticleFunctions f, HttpRequest r) => f.Article(r, "missing"));
    }

    [Fact]
    public async Task Operations_and_translation_status()
    {
        await AssertSameAsync("/api/health", (HealthFunction f, HttpRequest r) => f.Health(r), compareBody: false);
        await AssertSameAsync("/api/translation/status", (TranslationStatusFunction f, HttpRequest r) => f.TranslationStatus(r));
    }

    [Fact]
    public async Task Rejections()
    {
        await AssertSameAsync("/api/ingest/rejections", (RejectionFunctions f, HttpRequest r) => f.Rejections(r));
        await AssertSameAsync($"/api/ingest/rejections/{_rejectionSha}", (RejectionFunctions f, HttpRequest r) => f.Rejection(r, _rejectionSha));
        await AssertSameAsync("/api/ingest/rejections/nothex", (RejectionFunctions f, HttpRequest r) => f.Rejection(r, "nothex"));
        await AssertSameAsync($"/api/ingest/rejections/{new string('0', 64)}/retry",
            (RejectionFunctions f, HttpRequest r) => f.RetryRejection(r, new string('0', 64)), "POST");
    }

    private Task AssertSameAsync<T>(string path, Func<T, HttpRequest, Task<IResult>> function, params (string Name, string Value)[] headers) =>
        AssertSameAsync(path, function, "GET", true, headers);

    private Task AssertSameAsync<T>(string path, Func<T, HttpRequest, Task<IResult>> function, string method) =>
        AssertSameAsync(path, function, method, true);

    private Task AssertSameAsync<T>(string path, Func<T, HttpRequest, Task<IResult>> function, bool compareBody) =>
        AssertSameAsync(path, function, "GET", compareBody);

    private async Task AssertSameAsync<T>(
        string path, Func<T, HttpRequest, Task<IResult>> function, string method, bool compareBody, params (string Name, string Value)[] headers)
    {
        var server = await _app.ServerAsync(method, path, headers);
        var called = await _app.CallAsync(method, path, function, headers);

        Assert.Equal(server.Status, called.Status);
        foreach (var header in ComparedHeaders)
        {
            Assert.True(server.Header(header) == called.Header(header), $"{method} {path}: {header} is '{server.Header(header)}' from the server, '{called.Header(header)}' from the function");
        }

        if (compareBody)
        {
            // A problem's traceId names its own request, so it differs between any two requests; everything else must not.
            Assert.True(WithoutTraceId(server.Body).AsSpan().SequenceEqual(WithoutTraceId(called.Body)),
                $"{method} {path}: bodies differ\nserver:   {server.Text}\nfunction: {called.Text}");
        }
        else
        {
            Assert.Equal(server.Text.Length > 0, called.Text.Length > 0);
        }
    }

    private static byte[] WithoutTraceId(byte[] body) =>
        body is [(byte)'{', ..] ? System.Text.Encoding.UTF8.GetBytes(TraceId().Replace(System.Text.Encoding.UTF8.GetString(body), "")) : body;

    [System.Text.RegularExpressions.GeneratedRegex(@",""traceId"":""[^""]*""")]
    private static partial System.Text.RegularExpressions.Regex TraceId();

    /// <summary>"/api/feeds/all.rss?x" → "all" (0) or "rss" (1).</summary>
    private static string Segment(string path, int part)
    {
        var file = path.Split('?')[0].Split('/')[^1];
        var dot = file.LastIndexOf('.');
        return part == 0 ? file[..dot] : file[(dot + 1)..];
    }
}
