using System.IO.Compression;
using System.Text;
using FeedRelay.Web.Feeds;

namespace FeedRelay.Tests.Feeds;

public sealed class FeedSnapshotTests
{
    private static readonly DateTimeOffset Modified = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);

    private static byte[] FeedLike() =>
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 400).Select(i => $"<item><title>第{i}条 headline {i}</title><description>&lt;p&gt;text {i * 7}&lt;/p&gt;</description></item>")));

    private static byte[] Decode(byte[] compressed, bool brotli)
    {
        using var input = new MemoryStream(compressed);
        using Stream decoder = brotli ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    [Fact]
    public void Each_compressed_form_is_made_on_first_use_then_kept_and_decodes_to_the_document()
    {
        var document = FeedLike();
        var snapshot = FeedSnapshot.Create(document, Modified, version: 3);

        var gzip = snapshot.Gzip;
        Assert.Same(gzip, snapshot.Gzip);
        Assert.Equal(document, Decode(gzip, brotli: false));
        var brotli = snapshot.Brotli;
        Assert.Same(brotli, snapshot.Brotli);
        Assert.Equal(document, Decode(brotli, brotli: true));

        // A new version of unchanged content keeps what was compressed, and so does a materialised copy.
        var moved = snapshot.At(4);
        Assert.Same(gzip, moved.Gzip);
        Assert.Same(brotli, moved.Brotli);
        var stored = FeedSnapshot.FromStored(snapshot.ToStored(new Uri("https://feeds.example/")));
        Assert.Same(gzip, stored.Gzip);
        Assert.Equal((snapshot.Hash, snapshot.LastModified, 3L), (stored.Hash, stored.LastModified, stored.Version));
    }

    [Fact]
    public void What_a_snapshot_keeps_never_exceeds_the_size_it_is_charged_even_for_incompressible_content()
    {
        var noise = new byte[64 * 1024];
        new Random(7).NextBytes(noise);
        var snapshot = FeedSnapshot.Create(noise, Modified, version: 1);

        var (gzip, brotli) = (snapshot.Gzip, snapshot.Brotli);
        Assert.Equal(noise, Decode(gzip, brotli: false));
        Assert.Equal(noise, Decode(brotli, brotli: true));

        // Neither form shrinks random bytes, so both cannot fit beside the document: the second is served, not kept.
        var kept = (ReferenceEquals(gzip, snapshot.Gzip) ? gzip.Length : 0) + (ReferenceEquals(brotli, snapshot.Brotli) ? brotli.Length : 0);
        Assert.True(noise.Length + kept <= snapshot.Size, $"{noise.Length} + {kept} held, {snapshot.Size} charged");
        Assert.NotSame(brotli, snapshot.Brotli);

        // A materialised copy arrives with both forms and holds them: it is charged what it holds.
        var stored = FeedSnapshot.FromStored(snapshot.ToStored(new Uri("https://feeds.example/")));
        Assert.True(noise.Length + stored.Gzip.Length + stored.Brotli.Length <= stored.Size);

        var feed = FeedSnapshot.Create(FeedLike(), Modified, version: 1);
        Assert.True(feed.Identity.Length + feed.Gzip.Length + feed.Brotli.Length <= feed.Size);
        Assert.Same(feed.Brotli, feed.Brotli);
    }

    [Fact]
    public async Task Requests_that_race_for_a_form_all_get_the_same_bytes()
    {
        var snapshot = FeedSnapshot.Create(FeedLike(), Modified, version: 1);
        using var start = new Barrier(2);
        var forms = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            return snapshot.Brotli;
        })));

        Assert.All(forms, form => Assert.Equal(forms[0], form));
        Assert.Same(snapshot.Brotli, snapshot.Brotli);
    }
}
