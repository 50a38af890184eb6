using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeedRelay.Tests;

/// <summary>
/// A local stand-in for Azure AI Translator v3 <c>/translate</c> on 127.0.0.1 and a free port, implementing the
/// documented contract: limits (1,000 elements → 400072, 50,000 characters → 400077, one text over 50,000 → 400050),
/// error bodies, key or bearer auth, <c>textType=html</c> (rejects HTML that is not well-formed), billing by code
/// points. Its "translation" wraps each text run in <c>EN[…]</c>. Faults are scripted per test.
/// </summary>
internal sealed partial class FakeTranslator : IAsyncDisposable
{
    private const string TextsKey = "texts";
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task<bool>>> _faults = new();
    private readonly SemaphoreSlim _received = new(0);
    private long _billed;

    private FakeTranslator(WebApplication app, X509Certificate2? certificate)
    {
        _app = app;
        Certificate = certificate;
        app.MapPost("/translate", HandleAsync);
        app.MapPost("/translator/text/v3.0/translate", HandleAsync);
    }

    /// <summary>Base address, e.g. <c>http://127.0.0.1:5123/</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The self-signed certificate when serving HTTPS.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<FakeRequest> Requests { get; } = new();

    /// <summary>Characters of successful requests (what Azure bills).</summary>
    public long CharactersBilled => Interlocked.Read(ref _billed);

    /// <summary>When set, requests must carry this key, else 401000.</summary>
    public string? RequiredKey { get; set; }

    /// <summary>When set, requests must carry this bearer token, else 401000.</summary>
    public string? RequiredBearer { get; set; }

    /// <summary>While true, every request gets 503000 (an outage).</summary>
    public bool Down { get; set; }

    /// <summary>Starts the fake over HTTP, or HTTPS with a fresh self-signed certificate.</summary>
    public static async Task<FakeTranslator> StartAsync(bool https = false)
    {
        var certificate = https ? CreateCertificate() : null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var fake = new FakeTranslator(builder.Build(), certificate);
        await fake._app.StartAsync();
        var address = fake._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Endpoint = new Uri(address.EndsWith('/') ? address : address + "/");
        return fake;
    }

    /// <summary>The next <paramref name="count"/> requests get <paramref name="status"/> with error <paramref name="code"/> and the given headers.</summary>
    public void FailNext(int count, int status, int code, params (string Name, string Value)[] headers)
    {
        for (var i = 0; i < count; i++)
        {
            _faults.Enqueue(async context =>
            {
                foreach (var (name, value) in headers)
                {
                    context.Response.Headers[name] = value;
                }

                await WriteErrorAsync(context, status, code, "scripted failure");
                return true;
            });
        }
    }

    /// <summary>The next request gets <paramref name="status"/> with exactly <paramref name="body"/> (for error bodies of any shape).</summary>
    public void AnswerNextRaw(int status, string body) =>
        _faults.Enqueue(async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
            return true;
        });

    /// <summary>The next <paramref name="count"/> requests never get an answer (until the client gives up).</summary>
    public void HangNext(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _faults.Enqueue(async context =>
            {
                // Never answers: holds the request until the client gives up.
                var abandoned = new TaskCompletionSource();
                using (context.RequestAborted.Register(() => abandoned.TrySetResult()))
                {
                    await abandoned.Task;
                }

                return true;
            });
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> requests are billed and answered 200, but with a body that breaks the documented
    /// contract in the way <paramref name="kind"/> names (what a misbehaving gateway or a service regression sends).
    /// </summary>
    public void MalformNext(int count, MalformedAnswer kind)
    {
        for (var i = 0; i < count; i++)
        {
            _faults.Enqueue(async context =>
            {
                var texts = (List<string>)context.Items[TextsKey]!;
                var to = context.Request.Query["to"].ToString();
                string body = kind switch
                {
                    MalformedAnswer.Truncated => JsonSerializer.Serialize(texts.Select(t => new { translations = new[] { new { text = Translate(t, false), to } } }))[..^7],
                    MalformedAnswer.NotJson => "<html><body>Gateway says hello</body></html>",
                    MalformedAnswer.ObjectNotArray => JsonSerializer.Serialize(new { translations = new[] { new { text = "EN[?]", to } } }),
                    MalformedAnswer.MissingTranslations => JsonSerializer.Serialize(texts.Select(_ => new { detectedLanguage = new { language = "zh-Hans", score = 1.0 } })),
                    MalformedAnswer.FewerItems => JsonSerializer.Serialize(texts.Skip(1).Select(t => new { translations = new[] { new { text = Translate(t, false), to } } })),
                    MalformedAnswer.NullText => JsonSerializer.Serialize(texts.Select(_ => new { translations = new[] { new { text = (string?)null, to } } })),
                    MalformedAnswer.WrongTypes => JsonSerializer.Serialize(texts.Select(_ => new { translations = new[] { new { text = 42, to = true } } })),
                    _ => throw new ArgumentOutOfRangeException(nameof(kind)),
                };
                context.Response.StatusCode = 200;
                context.Response.ContentType = kind == MalformedAnswer.NotJson ? "text/html" : "application/json; charset=utf-8";
                await context.Response.WriteAsync(body);
                return true;
            });
        }
    }

    /// <summary>Waits until one more request has been received (each request is waited for once); false after <paramref name="timeout"/>.</summary>
    public Task<bool> WaitForRequestAsync(TimeSpan timeout) => _received.WaitAsync(timeout);

    /// <summary>The fake's translation of <paramref name="text"/>.</summary>
    public static string Translate(string text, bool html) => html
        ? TextRun().Replace(text, m => string.IsNullOrWhiteSpace(m.Value) ? m.Value : "EN[" + m.Value + "]")
        : "EN[" + text + "]";

    private async Task HandleAsync(HttpContext context)
    {
        var texts = new List<string>();
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            foreach (var element in body.RootElement.EnumerateArray())
            {
                texts.Add(element.GetProperty("Text").GetString() ?? "");
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            await WriteErrorAsync(context, 400, 400074, "The body of the request is not valid JSON.");
            return;
        }

        var query = context.Request.Query;
        Requests.Enqueue(new FakeRequest(context.Request.Path, query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), texts));

        _received.Release();
        context.Items[TextsKey] = texts;
        if (_faults.TryDequeue(out var fault) && await fault(context))
        {
            return;
        }

        if (Down)
        {
            await WriteErrorAsync(context, 503, 503000, "Service is temporarily unavailable.");
            return;
        }

        if (RequiredKey is not null && context.Request.Headers["Ocp-Apim-Subscription-Key"] != RequiredKey
            || RequiredBearer is not null && context.Request.Headers.Authorization != "Bearer " + RequiredBearer)
        {
            await WriteErrorAsync(context, 401, 401000, "The request is not authorized because credentials are missing or invalid.");
            return;
        }

        var targets = query["to"].Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).ToList();
        if (query["api-version"] != "3.0" || targets.Count == 0)
        {
            await WriteErrorAsync(context, 400, 400021, "The API version parameter is missing or invalid, or no target language.");
            return;
        }

        var html = string.Equals(query["textType"], "html", StringComparison.OrdinalIgnoreCase);
        var characters = texts.Sum(t => (long)t.EnumerateRunes().Count()) * targets.Count;
        var error = texts.Count > 1000 ? (400072, "The array of target texts has too many elements.")
            : texts.Any(t => t.Length > 50_000) ? (400050, "The input text is too long.")
            : texts.Sum(t => (long)t.Length) * targets.Count > 50_000 ? (400077, "The maximum request size has been exceeded.")
            : html && texts.FirstOrDefault(t => !IsWellFormed(t)) is { } bad ? (400000, "One of the request inputs is not valid HTML: " + bad[..Math.Min(bad.Length, 60)])
            : (0, "");
        if (error.Item1 != 0)
        {
            await WriteErrorAsync(context, 400, error.Item1, error.Item2);
            return;
        }

        Interlocked.Add(ref _billed, characters);
        var from = query["from"].ToString();
        var items = texts.Select(t => new Dictionary<string, object>
        {
            ["translations"] = targets.Select(to => new { text = Translate(t, html), to }).ToList(),
        }).ToList();
        if (string.IsNullOrEmpty(from))
        {
            foreach (var item in items)
            {
                item["detectedLanguage"] = new { language = "zh-Hans", score = 1.0 };
            }
        }

        context.Response.Headers["X-RequestId"] = Guid.NewGuid().ToString();
        context.Response.Headers["X-metered-usage"] = characters.ToString(CultureInfo.InvariantCulture);
        await context.Response.WriteAsJsonAsync(items);
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, int code, string message)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new { error = new { code, message } });
    }

    /// <summary>Tags balance (void elements aside): the "complete elements" the service requires of HTML.</summary>
    private static bool IsWellFormed(string html)
    {
        var open = new Stack<string>();
        foreach (Match tag in Tag().Matches(html))
        {
            var name = tag.Groups["name"].Value.ToLowerInvariant();
            if (tag.Groups["self"].Success || name is "img" or "br" or "hr" or "input" or "source" or "wbr" or "area" or "col" or "embed" or "track" or "meta" or "link")
            {
                continue;
            }

            if (!tag.Groups["close"].Success)
            {
                open.Push(name);
            }
            else if (open.Count == 0 || open.Pop() != name)
            {
                return false;
            }
        }

        return open.Count == 0;
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    [GeneratedRegex("(?<=^|>)[^<]+(?=<|$)")]
    private static partial Regex TextRun();

    [GeneratedRegex("<(?<close>/)?(?<name>[a-zA-Z][a-zA-Z0-9]*)[^>]*?(?<self>/)?>")]
    private static partial Regex Tag();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificate?.Dispose();
        _received.Dispose();
    }
}

/// <summary>A request the fake received.</summary>
internal sealed record FakeRequest(string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, IReadOnlyList<string> Texts)
{
    public int Characters => Texts.Sum(t => t.EnumerateRunes().Count());
}

/// <summary>Ways a 200 answer can break the Translator's documented JSON.</summary>
public enum MalformedAnswer
{
    /// <summary>The JSON array is cut off mid-way.</summary>
    Truncated,

    /// <summary>An HTML page instead of JSON.</summary>
    NotJson,

    /// <summary>A JSON object where an array of items belongs.</summary>
    ObjectNotArray,

    /// <summary>Items without a <c>translations</c> array.</summary>
    MissingTranslations,

    /// <summary>One item fewer than texts sent.</summary>
    FewerItems,

    /// <summary>Translations whose <c>text</c> is null.</summary>
    NullText,

    /// <summary>A number where the text belongs and a boolean where the language belongs.</summary>
    WrongTypes,
}
