namespace FeedRelay.Seeds;

/// <summary>A named, precise reason why a seed could not be read; never an exception.</summary>
/// <param name="Code">Stable machine-readable code, for example <c>front-matter.unterminated</c>.</param>
/// <param name="Message">Human-readable explanation naming the place in the file.</param>
public sealed record SeedError(string Code, string Message)
{
    /// <summary>The file has no bytes, or only white space.</summary>
    public static SeedError Empty { get; } = new("seed.empty", "seed: the file is empty");

    /// <summary>The file looks like binary data, not text.</summary>
    public static SeedError Binary { get; } = new("seed.binary", "seed: the file is binary, not text");

    /// <summary>The bytes are neither UTF-8/UTF-16 nor an encoding that can be detected with confidence.</summary>
    public static SeedError UnknownEncoding { get; } = new("seed.encoding",
        "seed: the text encoding is not UTF-8 or UTF-16 (no BOM) and no other encoding could be detected with confidence");

    /// <summary>No known seed format matches the file.</summary>
    public static SeedError UnknownFormat { get; } = new("seed.unknown-format",
        "seed: not a seed article (expected YAML front matter or a '[title](url)' line followed by '------')");

    /// <inheritdoc />
    public override string ToString() => Message;
}
