using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using FeedRelay.Feeds;
using FeedRelay.Web.Feeds;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FeedRelay.Tests.Host;

public sealed class FeedCachingTests
{
    private static async Task<byte[]> Decode(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Stream? decoder = response.Content.Headers.ContentEncoding.SingleOrDefault() switch
        {
            "br" => new BrotliStream(new MemoryStream(bytes), CompressionMode.Decompress),
            "gzip" => new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress),
            null => null,
            var other => throw new InvalidOperationException("unexpected encoding " + other),
        };
        if (decoder is null)
        {
            return bytes;
        }

        using (decoder)
        using (var plain = new MemoryStream())
        {
            await decoder.CopyToAsync(plain);
            return plain.ToArray();
        }
    }

    private static HttpRequestMessage Get(string path, string? acceptEncoding = null, string? ifNoneMatch = null, DateTimeOffset? ifModifiedSince = null, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        request.Headers.IfModifiedSince = ifModifiedSince;
        return request;
    }

    [Fact]
    public async Task A_feed_has_a_stable_strong_etag_cache_headers_and_the_same_bytes_in_every_encoding()
    {
        await using var server = await FeedRelayServer.StartAsync(SampleArticles.Load());
        using var client = server.CreateClient();

        using var plain = await client.SendAsync(Get("api/feeds/all.atom"));
        using var again = await client.SendAsync(Get("api/feeds/all.atom"));
        using var gzip = await client.SendAsync(Get("api/feeds/all.atom", "gzip"));
        using var brotli = await client.SendAsync(Get("api/feeds/all.atom", "gzip, deflate, br"));
        using var onlyGzip = await client.SendAsync(Get("api/feeds/all.atom", "br;q=0, gzip"));

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        var etag = plain.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.Equal(etag, again.Headers.ETag);
        Assert.Equal("public, max-age=300", plain.Headers.CacheControl!.ToString());
        Assert.Equal(["Accept-Encoding"], plain.Headers.Vary);
        Assert.NotNull(plain.Content.Headers.LastModified);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(["gzip"], gzip.Content.Headers.ContentEncoding);
        Assert.Equal(["br"], brotli.Content.Headers.ContentEncoding);
        Assert.Equal(["gzip"], onlyGzip.Content.Headers.ContentEncoding);
        Assert.NotEqual(etag, gzip.Headers.ETag);
        Assert.NotEqual(etag, brotli.Headers.ETag);
        var identity = await plain.Content.ReadAsByteArrayAsync();
        Assert.Equal(identity, await Decode(gzip));
        Assert.Equal(identity, await Decode(brotli));
        Assert.True(brotli.Content.Headers.ContentLength < identity.Length / 2);
    }

    [Fact]
    public async Task An_article_entering_a_feed_with_an_older_date_or_leaving_it_is_a_change_for_readers_that_revalidate_by_date()
    {
        // HTTP dates have whole seconds: the clock moves a minute between changes, as a reader's polls are apart.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await FeedRelayServer.StartAsync(SampleArticles.Load(), clock: clock);
        using var client = server.CreateClient();
        var voa = SampleArticles.Load().Where(a => a.SourceSlug == "voa").OrderByDescending(a => a.Published).ToList();
        using var first = await client.SendAsync(Get("api/feeds/voa.rss"));
        var lastModified = first.Content.Headers.LastModified!.Value;

        // An archived story older than the feed's newest item arrives (an import goes in no particular order).
        clock.Advance(TimeSpan.FromMinutes(1));
        var oldest = voa[^1];
        await server.Store.UpsertAsync(oldest with
        {
            Id = "backfilled-voa", Title = "Backfilled VOA story", Link = new Uri("https://www.voachinese.com/a/backfilled.html"),
            Published = oldest.Published.AddMinutes(1), Updated = oldest.Published.AddMinutes(1),
        });
        using var afterBackfill = await client.SendAsync(Get("api/feeds/voa.rss", ifModifiedSince: lastModified));

        Assert.Equal(HttpStatusCode.OK, afterBackfill.StatusCode);
        Assert.Contains("Backfilled VOA story", System.Text.Encoding.UTF8.GetString(await Decode(afterBackfill)), StringComparison.Ordinal);
        Assert.True(afterBackfill.Content.Headers.LastModified > lastModified);

        // The newest story of a category feed leaves the category: the feed's newest item is older than before.
        await server.Store.UpsertAsync(voa[1] with { Categories = ["probe"] });
        clock.Advance(TimeSpan.FromMinutes(1));
        await server.Store.UpsertAsync(voa[0] with { Categories = ["probe"] });
        using var category = await client.SendAsync(Get("api/feeds/voa.rss?category=probe"));
        var categoryModified = category.Content.Headers.LastModified!.Value;
        clock.Advance(TimeSpan.FromMinutes(1));
        await server.Store.UpsertAsync(voa[0] with { Categories = [] });
        using var afterLeaving = await client.SendAsync(Get("api/feeds/voa.rss?category=probe", ifModifiedSince: categoryModified));

        Assert.Equal(HttpStatusCode.OK, afterLeaving.StatusCode);
        Assert.DoesNotContain(voa[0].Link!.AbsoluteUri, System.Text.Encoding.UTF8.GetString(await Decode(afterLeaving)), StringComparison.Ordinal);
        Assert.True(afterLeaving.Content.Headers.LastModified >= categoryModified);
    }

    [Fact]
    public async Task An_article_dated_in_the_future_never_makes_last_modified_later_than_now()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        var voa = SampleArticles.Load().Where(a => a.SourceSlug == "voa").ToList();
        var future = voa[0] with { Id = "from-the-future", Title = "Misdated story", Published = clock.GetUtcNow().AddYears(1) };
        await using var server = await FeedRelayServer.StartAsync([.. voa, future], clock: clock);
        using var client = server.CreateClient();

        using var first = await client.SendAsync(Get("api/feeds/voa.rss"));
        var lastModified = first.Content.Headers.LastModified!.Value;
        clock.Advance(TimeSpan.FromMinutes(1));
        await server.Store.UpsertAsync(voa[0] with { Id = "new-voa", Title = "New VOA story", Published = voa[0].Published.AddDays(1) });
        using var afterChange = await client.SendAsync(Get("api/feeds/voa.rss", ifModifiedSince: lastModified));
        using var fromAFastClock = await client.SendAsync(Get("api/feeds/voa.rss", ifModifiedSince: clock.GetUtcNow().AddDays(1)));

        Assert.True(lastModified <= new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero), lastModified.ToString("R"));
        Assert.Equal(HttpStatusCode.OK, afterChange.StatusCode); // was 304: the change looked older than the future date
        Assert.Equal(HttpStatusCode.OK, fromAFastClock.StatusCode); // a date later than now is ignored
    }

    [Fact]
    public async Task An_if_none_match_that_cannot_be_parsed_matches_nothing_and_the_date_is_not_looked_at()
    {
        await using var server = await FeedRelayServer.StartAsync(SampleArticles.Load());
        using var client = server.CreateClient();
        using var first = await client.SendAsync(Get("api/feeds/voa.rss"));

        using var malformed = await client.SendAsync(Get("api/feeds/voa.rss", ifNoneMatch: "zzz", ifModifiedSince: first.Content.Headers.LastModified));

        Assert.Equal(HttpStatusCode.OK, malformed.StatusCode);
    }

    [Fact]
    public async Task A_feed_with_nothing_in_it_yet_has_no_last_modified_and_revalidates_by_etag_only()
    {
        await using var server = await FeedRelayServer.StartAsync([]);
        using var client = server.CreateClient();

        using var first = await client.SendAsync(Get("api/feeds/all.rss"));
        using var byDate = await client.SendAsync(Get("api/feeds/all.rss", ifModifiedSince: DateTimeOffset.UtcNow));
        using var byEtag = await client.SendAsync(Get("api/feeds/all.rss", ifNoneMatch: first.Headers.ETag!.Tag));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Null(first.Content.Headers.LastModified);
        Assert.Equal(HttpStatusCode.OK, byDate.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, byEtag.StatusCode);
    }

    [Fact]
    public async Task Conditional_requests_get_304_until_the_feed_changes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await FeedRelayServer.StartAsync(SampleArticles.Load(), clock: clock);
        using var client = server.CreateClient();
        using var first = await client.SendAsync(Get("api/feeds/voa.rss", "br"));
        var etag = first.Headers.ETag!.Tag;
        var lastModified = first.Content.Headers.LastModified!.Value;

        using var byEtag = await client.SendAsync(Get("api/feeds/voa.rss", "br", ifNoneMatch: etag));
        using var byOtherEncodingEtag = await client.SendAsync(Get("api/feeds/voa.rss", null, ifNoneMatch: etag));
        using var byDate = await client.SendAsync(Get("api/feeds/voa.rss", ifModifiedSince: lastModified));
        using var byStaleDate = await client.SendAsync(Get("api/feeds/voa.rss", ifModifiedSince: lastModified.AddSeconds(-1)));
        using var byOtherEtag = await client.SendAsync(Get("api/feeds/voa.rss", ifNoneMatch: "\"0123\""));

        Assert.Equal(HttpStatusCode.NotModified, byEtag.StatusCode);
        Assert.Empty(await byEtag.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Headers.ETag, byEtag.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, byOtherEncodingEtag.StatusCode);
        Assert.Equal(etag, byOtherEncodingEtag.Headers.ETag!.Tag); // the 304 names the response it refreshes
        Assert.Equal(HttpStatusCode.NotModified, byDate.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byStaleDate.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byOtherEtag.StatusCode);

        // Another source changing leaves this feed, and so its validators, alone.
        var dw = SampleArticles.Load().First(a => a.SourceSlug == "dw");
        await server.Store.UpsertAsync(dw with { Id = "new-dw", Title = "New DW story", Published = dw.Published.AddDays(1) });
        using var afterOther = await client.SendAsync(Get("api/feeds/voa.rss", "br", ifNoneMatch: etag));
        Assert.Equal(HttpStatusCode.NotModified, afterOther.StatusCode);

        var voa = SampleArticles.Load().First(a => a.SourceSlug == "voa");
        clock.Advance(TimeSpan.FromMinutes(1)); // HTTP dates have whole seconds
        await server.Store.UpsertAsync(voa with { Id = "new-voa", Title = "New VOA story", Published = voa.Published.AddDays(1) });
        using var afterChange = await client.SendAsync(Get("api/feeds/voa.rss", "br", ifNoneMatch: etag));
        Assert.Equal(HttpStatusCode.OK, afterChange.StatusCode);
        Assert.NotEqual(etag, afterChange.Headers.ETag!.Tag);
        Assert.True(afterChange.Content.Headers.LastModified > lastModified);
        Assert.Contains("New VOA story", System.Text.Encoding.UTF8.GetString(await Decode(afterChange)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_cached_document_is_reused_until_the_index_version_moves()
    {
        await using var server = await FeedRelayServer.StartAsync(SampleArticles.Load());
        var feeds = server.Services.GetRequiredService<FeedService>();
        FeedRequest.TryParse(new QueryCollection(), 50, out var request, out _);

        var first = (await feeds.GetAsync("all", FeedFormat.Rss, request, server.BaseUrl, CancellationToken.None)).Snapshot;
        var second = (await feeds.GetAsync("all", FeedFormat.Rss, request, server.BaseUrl, CancellationToken.None)).Snapshot;
        var article = SampleArticles.Load()[^1];
        await server.Store.UpsertAsync(article with { Id = "changed", Title = "Changed" });
        var third = (await feeds.GetAsync("all", FeedFormat.Rss, request, server.BaseUrl, CancellationToken.None)).Snapshot;

        Assert.Same(first, second);
        Assert.NotSame(second, third);
        Assert.Equal(await server.Store.GetVersionAsync(null), third!.Version);
    }

    [Fact]
    public async Task Head_gives_the_headers_of_get_without_a_body()
    {
        await using var server = await FeedRelayServer.StartAsync(SampleArticles.Load());
        using var client = server.CreateClient();

        using var get = await client.SendAsync(Get("api/feeds/all.json", "gzip"));
        using var head = await client.SendAsync(Get("api/feeds/all.json", "gzip", method: HttpMethod.Head));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal(get.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
        Assert.Equal(new MediaTypeHeaderValue("application/feed+json") { CharSet = "utf-8" }, head.Content.Headers.ContentType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }
}
