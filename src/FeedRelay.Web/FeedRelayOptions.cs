using System.ComponentModel.DataAnnotations;

namespace FeedRelay.Web;

/// <summary>Settings under the <c>FeedRelay</c> configuration section (<c>FeedRelay__X</c> in the environment).</summary>
public sealed class FeedRelayOptions : IValidatableObject
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "FeedRelay";

    /// <summary>Folder of seed files ingested at start and watched for new ones; empty disables the watcher.</summary>
    public string SeedsPath { get; set; } = "seeds";

    /// <summary>Folder of the embedded file store.</summary>
    [Required]
    public string DataPath { get; set; } = ".data";

    /// <summary>Absolute base URL used in feed links; when empty, taken from each request.</summary>
    [Url]
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// Key the server's operator requests (re-ingesting rejections) must send as <c>Authorization: Bearer &lt;key&gt;</c>; at
    /// least 16 characters. When empty, only clients on this machine may make them (behind a reverse proxy on this machine,
    /// set a key). The Functions app uses function keys instead.
    /// </summary>
    [MinLength(16)]
    public string? OperatorKey { get; set; }

    /// <summary>Largest seed accepted, in bytes.</summary>
    [Range(1, 1L << 31)]
    public long MaxSeedBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>
    /// How often the seeds folder is rescanned as a safety net for file-system events the OS dropped, in milliseconds. A rescan
    /// only lists and stats files: a file whose size and time match the seeds ledger is never read again.
    /// </summary>
    [Range(100, 604_800_000)]
    public int RescanIntervalMs { get; set; } = 3_600_000;

    /// <summary>How long a new file must stay unchanged before it is read, in milliseconds.</summary>
    [Range(0, 60_000)]
    public int SettleDelayMs { get; set; } = 250;

    /// <summary>Most items in one feed document.</summary>
    [Range(1, 500)]
    public int FeedItemLimit { get; set; } = 50;

    /// <summary>
    /// Zones for seed times written without an offset, by link host suffix or seed format, as IANA ids
    /// (<c>FeedRelay__SourceZones__rfi.fr=Europe/Paris</c>); layered over <see cref="FeedRelay.Seeds.SeedParserOptions.DefaultZones"/>.
    /// </summary>
    public Dictionary<string, string> SourceZones { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var unknown = new List<string>();
        FeedRelay.Seeds.SeedParserOptions.ResolveZones(SourceZones, unknown);
        foreach (var zone in unknown)
        {
            yield return new ValidationResult($"Unknown time zone in FeedRelay:SourceZones: {zone}", [nameof(SourceZones)]);
        }
    }
}
