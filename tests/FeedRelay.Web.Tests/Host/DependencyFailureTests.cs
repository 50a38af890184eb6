using System.Net;
using System.Text.Json;

namespace FeedRelay.Tests.Host;

/// <summary>
/// With storage refusing every request (a well-formed key that is not the account's), the server stays up and answers each
/// request with a <c>503</c> problem saying to retry later, instead of an empty <c>500</c>; <c>/api/health</c> names the store and answers <c>503</c>.
/// </summary>
public sealed class DependencyFailureTests
{
    private const string WrongKey = "V3JvbmdLZXlXcm9uZ0tleVdyb25nS2V5V3JvbmdLZXlXcm9uZ0tleVdyb25nS2V5V3JvbmdLZXk=";

    [Fact]
    public async Task Refused_storage_credentials_answer_503_problems_and_health_names_the_store()
    {
        var azurite = await AzuriteServer.Shared;
        using var app = new FeedRelayApp();
        app.Settings["FeedRelay:Storage:Kind"] = "Azure";
        app.Settings["FeedRelay:Storage:ConnectionString"] = azurite.ConnectionString.Replace(
            azurite.ConnectionString.Split(';').Single(p => p.StartsWith("AccountKey=", StringComparison.Ordinal)),
            "AccountKey=" + WrongKey, StringComparison.Ordinal);
        using var client = app.CreateClient();

        foreach (var path in new[] { "/api/feeds/all.rss", "/api/feeds/all.json", "/api/feeds", "/api/articles/0123456789abcdef" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
            Assert.Contains("storage refused the request (403", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // The instance cannot serve a feed: unhealthy (503, so a platform health check may replace it), naming the kind of
        // failure without the exception's message (which names the account and the request).
        using var answer = await client.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        using var health = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        Assert.Equal("unhealthy", health.RootElement.GetProperty("status").GetString());
        Assert.StartsWith("failing: RequestFailedException (storage refused the request (403",
            health.RootElement.GetProperty("parts").GetProperty("store").GetString(), StringComparison.Ordinal);
    }
}
