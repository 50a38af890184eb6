using System.Buffers;
using System.IO.Compression;

namespace FeedRelay.Feeds;

/// <summary>
/// Pre-compresses a rendered feed document for <c>Content-Encoding: gzip</c> and <c>br</c>. Pure: bytes in, bytes out.
/// The levels were chosen by measurement on real rendered feeds (FeedRenderingCompressionBenchmarks, docs/performance.md).
/// </summary>
public static class FeedCompression
{
    /// <summary>The zlib level used for gzip (0–9).</summary>
    public const int GzipLevel = 6;

    /// <summary>The Brotli quality used (0–11).</summary>
    public const int BrotliQuality = 5;

    /// <summary>The Brotli window (log2 of bytes, 10–24): 22 (4 MiB) covers any feed document whole.</summary>
    public const int BrotliWindow = 22;

    /// <summary><paramref name="document"/> gzip-compressed at <see cref="GzipLevel"/>.</summary>
    public static byte[] Gzip(ReadOnlySpan<byte> document) => Gzip(document, GzipLevel);

    /// <summary><paramref name="document"/> gzip-compressed at zlib level <paramref name="level"/> (0–9).</summary>
    public static byte[] Gzip(ReadOnlySpan<byte> document, int level)
    {
        // Feeds compress about 2.5:1 (CJK text less than Latin), so half the input is room enough not to grow.
        using var buffer = new MemoryStream((document.Length / 2) + 64);
        using (var gzip = new GZipStream(buffer, new ZLibCompressionOptions { CompressionLevel = level, CompressionStrategy = ZLibCompressionStrategy.Default }, leaveOpen: true))
        {
            gzip.Write(document);
        }

        return buffer.ToArray();
    }

    /// <summary><paramref name="document"/> Brotli-compressed at <see cref="BrotliQuality"/>.</summary>
    public static byte[] Brotli(ReadOnlySpan<byte> document) => Brotli(document, BrotliQuality);

    /// <summary><paramref name="document"/> Brotli-compressed at quality <paramref name="quality"/> (0–11).</summary>
    public static byte[] Brotli(ReadOnlySpan<byte> document, int quality)
    {
        var rented = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(document.Length));
        try
        {
            if (!BrotliEncoder.TryCompress(document, rented, out var written, quality, BrotliWindow))
            {
                throw new InvalidOperationException("Brotli output exceeded its maximum length");
            }

            return rented.AsSpan(0, written).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
