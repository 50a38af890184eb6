using Azure.Core;
using Azure.Core.Pipeline;
using FeedRelay.Translation;
using FeedRelay.Translation.Azure;

namespace FeedRelay.Tests.Translation.Azure;

/// <summary>Client options and credentials for tests: short retry delays, and trust in the fake's certificate.</summary>
internal static class TranslatorTestKit
{
    public static TextTranslationClientOptions FastOptions(
        FakeTranslator fake, List<TranslatorRetry>? retries = null, TimeSpan? networkTimeout = null, TimeProvider? clock = null)
    {
        var options = new TextTranslationClientOptions { TimeProvider = clock ?? TimeProvider.System };
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(20);
        options.Retry.MaxRetries = 3;
        options.Retry.NetworkTimeout = networkTimeout ?? TimeSpan.FromSeconds(30);
        options.OnRetry = retry =>
        {
            if (retries is not null)
            {
                lock (retries)
                {
                    retries.Add(retry);
                }
            }
        };
        if (fake.Certificate is { } certificate)
        {
            options.Transport = new HttpClientTransport(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
            });
        }

        return options;
    }

    /// <summary>A key-authenticated client of <paramref name="endpoint"/> (the fake's own by default) with fast retries.</summary>
    public static TextTranslationClient Client(FakeTranslator fake, Uri? endpoint = null, List<TranslatorRetry>? retries = null,
        TimeSpan? networkTimeout = null, TimeProvider? clock = null) =>
        new(new global::Azure.AzureKeyCredential("k"), endpoint ?? fake.Endpoint, "global", FastOptions(fake, retries, networkTimeout, clock));

    /// <summary>A loopback address nothing listens on.</summary>
    public static Uri ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}

/// <summary>A token credential that hands out a fixed token and remembers the scopes asked for.</summary>
internal sealed class FakeTokenCredential(string token) : TokenCredential
{
    public List<string> Scopes { get; } = [];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        lock (Scopes)
        {
            Scopes.AddRange(requestContext.Scopes);
        }

        return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
