using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using FeedRelay.Translation;

namespace FeedRelay.Translation.Azure;

/// <summary>
/// A client of Azure AI Translator v3 <c>/translate</c>, shaped like <c>Azure.AI.Translation.Text</c>'s (which is not
/// available here). Built on an Azure.Core pipeline, so 408/429/5xx and timeouts are retried with exponential
/// back-off that honours <c>Retry-After</c>. Thread-safe; create one and reuse it.
/// </summary>
public class TextTranslationClient
{
    /// <summary>The global Translator endpoint.</summary>
    public static readonly Uri GlobalEndpoint = new("https://api.cognitive.microsofttranslator.com");

    /// <summary>Scope of Entra ID tokens for Translator.</summary>
    public const string TokenScope = "https://cognitiveservices.azure.com/.default";

    /// <summary>ErrorCode of the <see cref="RequestFailedException"/> thrown for a success status whose body is not the documented answer.</summary>
    public const string MalformedResponseCode = "MalformedResponse";

    /// <summary>Key in <see cref="Exception.Data"/> of a <see cref="RequestFailedException"/> holding the service's Retry-After as a <see cref="TimeSpan"/>.</summary>
    public const string RetryAfterKey = "Retry-After";

    private const string CustomSubdomainPath = "/translator/text/v3.0";

    private readonly HttpPipeline _pipeline;
    private readonly Uri _translateUri;
    private readonly TimeProvider _clock;

    /// <summary>Key authentication against the global endpoint.</summary>
    public TextTranslationClient(AzureKeyCredential credential, string region = "global", TextTranslationClientOptions? options = null)
        : this(credential, GlobalEndpoint, region, options)
    {
    }

    /// <summary>Key authentication against <paramref name="endpoint"/> (global, custom subdomain or any compatible host).</summary>
    public TextTranslationClient(AzureKeyCredential credential, Uri endpoint, string region = "global", TextTranslationClientOptions? options = null)
        : this(endpoint, options, [new KeyPolicy(credential), new HeadersPolicy(region, null)])
    {
    }

    /// <summary>Entra ID authentication against a custom-subdomain endpoint, where the token alone identifies the resource.</summary>
    public TextTranslationClient(TokenCredential credential, Uri endpoint, TextTranslationClientOptions? options = null)
        : this(endpoint, options, [new BearerTokenAuthenticationPolicy(credential, TokenScope)])
    {
    }

    /// <summary>Entra ID authentication against the global endpoint, which also needs the resource's ARM id and region.</summary>
    public TextTranslationClient(TokenCredential credential, string resourceId, string region, TextTranslationClientOptions? options = null)
        : this(credential, GlobalEndpoint, resourceId, region, options)
    {
    }

    /// <summary>Entra ID authentication against a global-style <paramref name="endpoint"/> with the resource's ARM id and region.</summary>
    public TextTranslationClient(TokenCredential credential, Uri endpoint, string resourceId, string region, TextTranslationClientOptions? options = null)
        : this(endpoint, options, [new BearerTokenAuthenticationPolicy(credential, TokenScope), new HeadersPolicy(region, resourceId)])
    {
    }

    /// <summary>For mocking.</summary>
    protected TextTranslationClient()
    {
        _pipeline = HttpPipelineBuilder.Build(new TextTranslationClientOptions());
        _translateUri = GlobalEndpoint;
        _clock = TimeProvider.System;
    }

    private TextTranslationClient(Uri endpoint, TextTranslationClientOptions? options, HttpPipelinePolicy[] perRetryPolicies)
    {
        options ??= new TextTranslationClientOptions();
        options.RetryPolicy ??= new TranslatorRetryPolicy(options.Retry, options.OnRetry, options.TimeProvider);
        _pipeline = HttpPipelineBuilder.Build(options, [], perRetryPolicies, new ResponseClassifier());
        _translateUri = TranslateUriOf(endpoint);
        _clock = options.TimeProvider;
    }

    /// <summary>The URL requests go to (without query).</summary>
    public Uri TranslateUri => _translateUri;

    /// <summary>Translates one <paramref name="text"/> into <paramref name="targetLanguage"/>.</summary>
    public virtual Task<Response<IReadOnlyList<TranslatedTextItem>>> TranslateAsync(
        string targetLanguage, string text, string? sourceLanguage = null, CancellationToken cancellationToken = default) =>
        TranslateAsync(new TextTranslationTranslateOptions(targetLanguage, [text]) { SourceLanguage = sourceLanguage }, cancellationToken);

    /// <summary>
    /// Translates every element of <paramref name="options"/>.Content; throws <see cref="RequestFailedException"/> when the
    /// service refuses, or with <see cref="MalformedResponseCode"/> when its answer is not the documented JSON.
    /// </summary>
    public virtual async Task<Response<IReadOnlyList<TranslatedTextItem>>> TranslateAsync(
        TextTranslationTranslateOptions options, CancellationToken cancellationToken = default)
    {
        using var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = RequestMethod.Post;
        request.Uri.Reset(_translateUri);
        request.Uri.AppendQuery("api-version", "3.0");
        foreach (var language in options.TargetLanguages)
        {
            request.Uri.AppendQuery("to", language);
        }

        if (options.SourceLanguage is not null)
        {
            request.Uri.AppendQuery("from", options.SourceLanguage);
        }

        if (options.TextType == TextType.Html)
        {
            request.Uri.AppendQuery("textType", "html");
        }

        if (options.Category is not null)
        {
            request.Uri.AppendQuery("category", options.Category);
        }

        request.Headers.Add("Content-Type", "application/json; charset=UTF-8");
        request.Headers.Add("Accept", "application/json");
        if (options.ClientTraceId is { } traceId)
        {
            request.Headers.Add("X-ClientTraceId", traceId.ToString());
        }

        request.Content = RequestContent.Create(WriteBody(options.Content));
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.IsError)
        {
            throw ErrorOf(response, _clock);
        }

        var parsed = TranslatedTextParser.Parse(response.Content);
        if (parsed.Items is null)
        {
            throw new RequestFailedException(response.Status, $"Translator answered {response.Status} with a body that is not the documented JSON: {parsed.Error}", MalformedResponseCode, null);
        }

        return Response.FromValue(parsed.Items, response);
    }

    /// <summary>Where <c>/translate</c> lives for <paramref name="endpoint"/>: a path given in the endpoint is kept; an Azure custom subdomain gets <c>/translator/text/v3.0</c>.</summary>
    internal static Uri TranslateUriOf(Uri endpoint)
    {
        var basePath = endpoint.AbsolutePath.TrimEnd('/');
        if (basePath.Length == 0 && endpoint.Host.EndsWith(".cognitiveservices.azure.com", StringComparison.OrdinalIgnoreCase))
        {
            basePath = CustomSubdomainPath;
        }

        return new UriBuilder(endpoint) { Path = basePath + "/translate", Query = "" }.Uri;
    }

    private static byte[] WriteBody(IEnumerable<string> content)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var text in content)
            {
                writer.WriteStartObject();
                writer.WriteString("Text", text);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The service's error (<c>{"error":{"code":429001,"message":"…"}}</c>) as an exception whose ErrorCode is the numeric code,
    /// with the delay the service asked for (if any) in <c>Data[<see cref="RetryAfterKey"/>]</c>.
    /// </summary>
    private static RequestFailedException ErrorOf(Response response, TimeProvider clock)
    {
        string? code = null;
        var message = response.ReasonPhrase;
        try
        {
            using var document = JsonDocument.Parse(response.Content);
            // The body is untrusted: read only what has the documented shape, ignore the rest.
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                if (error.TryGetProperty("code", out var c) && c.ValueKind is JsonValueKind.Number or JsonValueKind.String)
                {
                    code = c.ValueKind == JsonValueKind.Number ? c.GetRawText() : c.GetString();
                }

                if (error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
                {
                    message = m.GetString() ?? message;
                }
            }
        }
        catch (JsonException)
        {
            // A gateway's HTML error page: the status says enough.
        }

        var text = new StringBuilder().Append("Translator returned ").Append(response.Status);
        if (code is not null)
        {
            text.Append(" (").Append(code).Append(')');
        }

        text.Append(": ").Append(message);
        var exception = new RequestFailedException(response.Status, text.ToString(), code, null);
        if (TranslatorRetryPolicy.ServerDelay(response, clock) is { } retryAfter)
        {
            exception.Data[RetryAfterKey] = retryAfter;
        }

        return exception;
    }

    /// <summary>Sends the key in <c>Ocp-Apim-Subscription-Key</c>, read per request so that a rotated key takes effect at once.</summary>
    private sealed class KeyPolicy(AzureKeyCredential credential) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) =>
            message.Request.Headers.SetValue("Ocp-Apim-Subscription-Key", credential.Key);
    }

    /// <summary>Adds the region and resource id headers that the global endpoint needs.</summary>
    private sealed class HeadersPolicy(string? region, string? resourceId) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            if (!string.IsNullOrEmpty(region))
            {
                message.Request.Headers.SetValue("Ocp-Apim-Subscription-Region", region);
            }

            if (!string.IsNullOrEmpty(resourceId))
            {
                message.Request.Headers.SetValue("Ocp-Apim-ResourceId", resourceId);
            }
        }
    }
}
