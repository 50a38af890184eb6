namespace FeedRelay.Seeds;

/// <summary>Detects a seed's format and dispatches to its parser. Pure and total: never throws.</summary>
public static class SeedParser
{
    /// <summary>Parses decoded seed text.</summary>
    public static SeedResult Parse(string text, SeedParserOptions? options = null)
    {
        options ??= SeedParserOptions.Default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return SeedError.Empty;
        }

        try
        {
            if (FrontMatterSeedParser.Matches(text))
            {
                return FrontMatterSeedParser.Parse(text, options);
            }

            if (LinkHeaderSeedParser.Matches(text))
            {
                return LinkHeaderSeedParser.Parse(text, options);
            }

            return SeedError.UnknownFormat;
        }
#pragma warning disable CA1031 // A parser bug must become a named rejection, never a crash of the ingester.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return SeedResult.Failure("seed.internal", $"seed: parser failed unexpectedly ({ex.GetType().Name}: {ex.Message})");
        }
    }

    /// <summary>Decodes and parses seed bytes.</summary>
    public static SeedResult Parse(ReadOnlySpan<byte> bytes, SeedParserOptions? options = null) =>
        SeedText.TryDecode(bytes, out var text, out var error) ? Parse(text, options) : SeedResult.Failure(error!);
}
