using System.IO.Compression;
using System.Text;
using FeedRelay.Feeds;

namespace FeedRelay.Tests.Feeds;

public sealed class FeedCompressionTests
{
    private static readonly byte[] Document = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<item><title>中文 &amp; text</title></item>", 5000)));

    [Fact]
    public void Gzip_decompresses_to_the_document_and_is_smaller()
    {
        var gzip = FeedCompression.Gzip(Document);

        Assert.Equal(Document, Decompress(new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress)));
        Assert.True(gzip.Length < Document.Length / 10, gzip.Length.ToString());
    }

    [Fact]
    public void Brotli_decompresses_to_the_document_and_is_smaller()
    {
        var brotli = FeedCompression.Brotli(Document);

        Assert.Equal(Document, Decompress(new BrotliStream(new MemoryStream(brotli), CompressionMode.Decompress)));
        Assert.True(brotli.Length < Document.Length / 10, brotli.Length.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(9)]
    public void Every_gzip_level_round_trips_an_empty_and_a_full_document(int level)
    {
        Assert.Empty(Decompress(new GZipStream(new MemoryStream(FeedCompression.Gzip([], level)), CompressionMode.Decompress)));
        Assert.Equal(Document, Decompress(new GZipStream(new MemoryStream(FeedCompression.Gzip(Document, level)), CompressionMode.Decompress)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(11)]
    public void Every_brotli_quality_round_trips_an_empty_and_a_full_document(int quality)
    {
        Assert.Empty(Decompress(new BrotliStream(new MemoryStream(FeedCompression.Brotli([], quality)), CompressionMode.Decompress)));
        Assert.Equal(Document, Decompress(new BrotliStream(new MemoryStream(FeedCompression.Brotli(Document, quality)), CompressionMode.Decompress)));
    }

    [Fact]
    public void Compression_is_deterministic()
    {
        Assert.Equal(FeedCompression.Gzip(Document), FeedCompression.Gzip(Document));
        Assert.Equal(FeedCompression.Brotli(Document), FeedCompression.Brotli(Document));
    }

    private static byte[] Decompress(Stream stream)
    {
        using (stream)
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        }
    }
}
