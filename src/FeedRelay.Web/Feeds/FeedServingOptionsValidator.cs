using Microsoft.Extensions.Options;

namespace FeedRelay.Web.Feeds;

/// <summary>
/// Validates <see cref="FeedServingOptions"/> from its attributes (and its own <c>Validate</c>) with code generated at build time,
/// instead of the reflection of <c>ValidateDataAnnotations</c> at every start.
/// </summary>
[OptionsValidator]
internal sealed partial class FeedServingOptionsValidator : IValidateOptions<FeedServingOptions>;
