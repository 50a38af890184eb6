namespace FeedRelay.Storage;

/// <summary>A machine-readable record of why a seed was rejected.</summary>
/// <param name="Name">The seed's file or blob name.</param>
/// <param name="Stage">Pipeline stage that rejected it (for example <c>decode</c>, <c>parse</c>, <c>limits</c>).</param>
/// <param name="Code">Stable error code.</param>
/// <param name="Error">Human-readable reason.</param>
/// <param name="At">When it was rejected.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Sha256">Hex SHA-256 of the bytes; the quarantine key.</param>
public sealed record Rejection(string Name, string Stage, string Code, string Error, DateTimeOffset At, long Size, string Sha256);
