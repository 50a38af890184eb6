using System.Diagnostics.CodeAnalysis;

namespace FeedRelay.Seeds;

/// <summary>Either a parsed seed or the reason it could not be parsed.</summary>
public readonly record struct SeedResult
{
    private SeedResult(ParsedSeed? seed, SeedError? error) => (Seed, Error) = (seed, error);

    /// <summary>The parsed seed, when parsing succeeded.</summary>
    public ParsedSeed? Seed { get; }

    /// <summary>The reason, when parsing failed.</summary>
    public SeedError? Error { get; }

    /// <summary>True when <see cref="Seed"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Seed))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Seed is not null;

    /// <summary>A successful result.</summary>
    public static SeedResult Success(ParsedSeed seed) => new(seed, null);

    /// <summary>A failed result.</summary>
    public static SeedResult Failure(SeedError error) => new(null, error);

    /// <summary>A failed result with a code and message.</summary>
    public static SeedResult Failure(string code, string message) => new(null, new SeedError(code, message));

    public static implicit operator SeedResult(ParsedSeed seed) => Success(seed);

    public static implicit operator SeedResult(SeedError error) => Failure(error);
}
