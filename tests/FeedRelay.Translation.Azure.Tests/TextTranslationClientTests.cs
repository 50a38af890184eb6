using Azure;
using FeedRelay.Translation;
using FeedRelay.Translation.Azure;

namespace FeedRelay.Tests.Translation.Azure;

public sealed class TextTranslationClientTests
{
    [Fact]
    public async Task Key_auth_sends_key_and_region_and_parses_the_documented_response()
    {
        await using var fake = await FakeTranslator.StartAsync();
        fake.RequiredKey = "secret-key";
        var client = new TextTranslationClient(new AzureKeyCredential("secret-key"), fake.Endpoint, "westeurope", TranslatorTestKit.FastOptions(fake));

        var items = (await client.TranslateAsync("en", "你好，世界")).Value;

        var item = Assert.Single(items);
        Assert.Equal("zh-Hans", item.DetectedLanguage?.Language);
        var translation = Assert.Single(item.Translations);
        Assert.Equal("en", translation.TargetLanguage);
        Assert.Equal("EN[你好，世界]", translation.Text);
        var request = Assert.Single(fake.Requests);
        Assert.Equal("/translate", request.Path);
        Assert.Equal("3.0", request.Query["api-version"]);
        Assert.Equal("en", request.Query["to"]);
        Assert.False(request.Query.ContainsKey("textType"));
        Assert.Equal("secret-key", request.Headers["Ocp-Apim-Subscription-Key"]);
        Assert.Equal("westeurope", request.Headers["Ocp-Apim-Subscription-Region"]);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.Equal(5, fake.CharactersBilled);
    }

    [Fact]
    public async Task A_wrong_key_is_a_401000_error_without_retries()
    {
        await using var fake = await FakeTranslator.StartAsync();
        fake.RequiredKey = "right";
        var client = new TextTranslationClient(new AzureKeyCredential("wrong"), fake.Endpoint, "global", TranslatorTestKit.FastOptions(fake));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => client.TranslateAsync("en", "文本"));

        Assert.Equal(401, error.Status);
        Assert.Equal("401000", error.ErrorCode);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Entra_id_on_a_custom_subdomain_sends_only_a_bearer_token_to_the_v3_path()
    {
        await using var fake = await FakeTranslator.StartAsync(https: true);
        fake.RequiredBearer = "token-1";
        var credential = new FakeTokenCredential("token-1");
        var endpoint = new Uri(fake.Endpoint, "translator/text/v3.0");
        var client = new TextTranslationClient(credential, endpoint, TranslatorTestKit.FastOptions(fake));

        var items = (await client.TranslateAsync("en", "新闻", "zh-Hans")).Value;

        Assert.Null(items[0].DetectedLanguage);
        var request = Assert.Single(fake.Requests);
        Assert.Equal("/translator/text/v3.0/translate", request.Path);
        Assert.Equal("zh-Hans", request.Query["from"]);
        Assert.Equal("Bearer token-1", request.Headers["Authorization"]);
        Assert.False(request.Headers.ContainsKey("Ocp-Apim-Subscription-Key"));
        Assert.False(request.Headers.ContainsKey("Ocp-Apim-ResourceId"));
        Assert.Equal([TextTranslationClient.TokenScope], credential.Scopes.Distinct());
    }

    [Fact]
    public async Task Entra_id_on_the_global_endpoint_adds_resource_id_and_region()
    {
        await using var fake = await FakeTranslator.StartAsync(https: true);
        fake.RequiredBearer = "token-2";
        const string resourceId = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/tr";
        var client = new TextTranslationClient(new FakeTokenCredential("token-2"), fake.Endpoint, resourceId, "eastus", TranslatorTestKit.FastOptions(fake));

        await client.TranslateAsync("en", "新闻");

        var request = Assert.Single(fake.Requests);
        Assert.Equal("/translate", request.Path);
        Assert.Equal("Bearer token-2", request.Headers["Authorization"]);
        Assert.Equal(resourceId, request.Headers["Ocp-Apim-ResourceId"]);
        Assert.Equal("eastus", request.Headers["Ocp-Apim-Subscription-Region"]);
    }

    [Theory]
    [InlineData("https://api.cognitive.microsofttranslator.com", "https://api.cognitive.microsofttranslator.com/translate")]
    [InlineData("https://my-tr.cognitiveservices.azure.com/", "https://my-tr.cognitiveservices.azure.com/translator/text/v3.0/translate")]
    [InlineData("https://gateway.example/translator/", "https://gateway.example/translator/translate")]
    public void The_translate_url_follows_the_endpoint_kind(string endpoint, string expected) =>
        Assert.Equal(expected, TextTranslationClient.TranslateUriOf(new Uri(endpoint)).AbsoluteUri);

    [Fact]
    public async Task Html_is_sent_as_textType_html_and_markup_survives()
    {
        await using var fake = await FakeTranslator.StartAsync();
        var client = new TextTranslationClient(new AzureKeyCredential("k"), fake.Endpoint, "global", TranslatorTestKit.FastOptions(fake));
        var options = new TextTranslationTranslateOptions("en", ["<p>第一段<a href=\"https://x.example/\">链接</a></p>"]) { TextType = TextType.Html };

        var text = (await client.TranslateAsync(options)).Value[0].Translations[0].Text;

        Assert.Equal("html", Assert.Single(fake.Requests).Query["textType"]);
        Assert.Equal("<p>EN[第一段]<a href=\"https://x.example/\">EN[链接]</a></p>", text);
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_and_the_server_delay_is_honoured()
    {
        await using var fake = await FakeTranslator.StartAsync();
        fake.FailNext(1, 429, 429001, ("Retry-After", "1"));
        var retries = new List<TranslatorRetry>();
        var client = new TextTranslationClient(new AzureKeyCredential("k"), fake.Endpoint, "global", TranslatorTestKit.FastOptions(fake, retries));

        var items = (await client.TranslateAsync("en", "限流")).Value;

        Assert.Equal("EN[限流]", items[0].Translations[0].Text);
        Assert.Equal(2, fake.Requests.Count);
        var retry = Assert.Single(retries);
        Assert.Equal(429, retry.Status);
        Assert.Equal(TimeSpan.FromSeconds(1), retry.RetryAfter);
        Assert.Equal(2, fake.CharactersBilled);
    }

    [Fact]
    public async Task Repeated_503s_are_retried_until_the_service_answers()
    {
        await using var fake = await FakeTranslator.StartAsync();
        fake.FailNext(2, 503, 503000);
        var retries = new List<TranslatorRetry>();
        var client = new TextTranslationClient(new AzureKeyCredential("k"), fake.Endpoint, "global", TranslatorTestKit.FastOptions(fake, retries));

        await client.TranslateAsync("en", "重试");

        Assert.Equal(3, fake.Requests.Count);
        Assert.Equal([503, 503], retries.Select(r => r.Status));
    }

    [Fact]
    public async Task A_persistent_503_fails_with_the_service_error_after_the_retries()
    {
        await using var fake = await FakeTranslator.StartAsync();
        fake.Down = true;
        var client = new TextTranslationClient(new AzureKeyCredential("k"), fake.Endpoint, "global", TranslatorTestKit.FastOptions(fake));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => client.TranslateAsync("en", "宕机"));

        Assert.Equal(503, error.Status);
        Assert.Equal("503000", error.ErrorCode);
        Assert.Equal(4, fake.Requests.Count);
        Assert.Equal(0, fake.CharactersBilled);
    }

    [Fact]
    public async Task A_request_that_times_out_is_retried()
    {
        await using var fake = await FakeTranslator.StartAsync();
        fake.HangNext(1);
        var retries = new List<TranslatorRetry>();
        var client = new TextTranslationClient(new AzureKeyCredential("k"), fake.Endpoint, "global",
            TranslatorTestKit.FastOptions(fake, retries, networkTimeout: TimeSpan.FromSeconds(2)));

        var items = (await client.TranslateAsync("en", "超时")).Value;

        Assert.Equal("EN[超时]", items[0].Translations[0].Text);
        Assert.Equal(2, fake.Requests.Count);
        Assert.Equal(0, Assert.Single(retries).Status);
    }

    [Fact]
    public async Task An_oversized_request_is_a_400077_error_and_is_not_retried()
    {
        await using var fake = await FakeTranslator.StartAsync();
        var client = new TextTranslationClient(new AzureKeyCredential("k"), fake.Endpoint, "global", TranslatorTestKit.FastOptions(fake));
        var options = new TextTranslationTranslateOptions("en", Enumerable.Repeat(new string('字', 30_000), 2));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => client.TranslateAsync(options));

        Assert.Equal(400, error.Status);
        Assert.Equal("400077", error.ErrorCode);
        Assert.Single(fake.Requests);
        Assert.Equal(0, fake.CharactersBilled);
    }
}
