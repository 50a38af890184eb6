using Microsoft.Extensions.Options;

namespace FeedRelay.Web.Translation;

/// <summary>
/// Validates <see cref="TranslationOptions"/> from its attributes (and its own <c>Validate</c>) with code generated at build time,
/// instead of the reflection of <c>ValidateDataAnnotations</c> at every start.
/// </summary>
[OptionsValidator]
internal sealed partial class TranslationOptionsValidator : IValidateOptions<TranslationOptions>;
