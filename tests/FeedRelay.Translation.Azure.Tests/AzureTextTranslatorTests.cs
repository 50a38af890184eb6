using System.Globalization;
using FeedRelay.Translation;
using FeedRelay.Translation.Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FeedRelay.Tests.Translation.Azure;

public sealed class AzureTextTranslatorTests
{
    [Fact]
    public async Task Texts_come_back_translated_in_order()
    {
        await using var fake = await FakeTranslator.StartAsync();
        var translator = new AzureTextTranslator(TranslatorTestKit.Client(fake));

        var result = await translator.TranslateAsync(["一", "<p>二</p>"], "en", "zh-Hans", TextType.Html);

        Assert.True(result.Succeeded);
        Assert.Equal(["EN[一]", "<p>EN[二]</p>"], result.Translations);
        var request = Assert.Single(fake.Requests);
        Assert.Equal(("html", "zh-Hans"), (request.Query["textType"], request.Query["from"]));
    }

    [Theory]
    [InlineData(MalformedAnswer.Truncated, "not JSON")]
    [InlineData(MalformedAnswer.NotJson, "not JSON")]
    [InlineData(MalformedAnswer.ObjectNotArray, "not an array")]
    [InlineData(MalformedAnswer.MissingTranslations, "no translations array")]
    [InlineData(MalformedAnswer.FewerItems, "1 items for 2 texts")]
    [InlineData(MalformedAnswer.NullText, "has no text")]
    [InlineData(MalformedAnswer.WrongTypes, "has no text")]
    public async Task A_200_that_is_not_the_documented_answer_is_a_named_Malformed_failure(MalformedAnswer kind, string detail)
    {
        await using var fake = await FakeTranslator.StartAsync();
        var translator = new AzureTextTranslator(TranslatorTestKit.Client(fake));
        fake.MalformNext(1, kind);

        var result = await translator.TranslateAsync(["一", "二"], "en", null, TextType.Plain);

        var failure = Assert.IsType<TranslatorFailure.Malformed>(result.Failure);
        Assert.Contains(detail, failure.Detail, StringComparison.Ordinal);
        Assert.StartsWith("malformed: ", failure.Reason, StringComparison.Ordinal);
        Assert.Empty(result.Translations);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public void An_item_without_a_translation_into_the_target_language_is_Malformed()
    {
        var items = new[] { new TranslatedTextItem { Translations = [new TranslationText("de", "Hallo")] } };

        var result = AzureTextTranslator.Check(items, 1, "en");

        Assert.Contains("no translation into en", Assert.IsType<TranslatorFailure.Malformed>(result.Failure).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_Unavailable_after_the_retries()
    {
        await using var fake = await FakeTranslator.StartAsync();
        var retries = new List<TranslatorRetry>();
        var translator = new AzureTextTranslator(TranslatorTestKit.Client(fake, TranslatorTestKit.ClosedPort(), retries));

        var result = await translator.TranslateAsync(["一"], "en", null, TextType.Plain);

        Assert.IsType<TranslatorFailure.Unavailable>(result.Failure);
        Assert.Equal(3, retries.Count);
    }

    [Fact]
    public async Task A_service_that_never_answers_is_Unavailable_after_the_retries()
    {
        await using var fake = await FakeTranslator.StartAsync();
        fake.HangNext(4);
        var translator = new AzureTextTranslator(TranslatorTestKit.Client(fake, networkTimeout: TimeSpan.FromMilliseconds(200)));

        var result = await translator.TranslateAsync(["一"], "en", null, TextType.Plain);

        var failure = Assert.IsType<TranslatorFailure.Unavailable>(result.Failure);
        Assert.Contains("4 tries", failure.Detail, StringComparison.Ordinal);
        Assert.Equal(4, fake.Requests.Count);
    }

    [Fact]
    public void Timeouts_and_network_errors_without_a_response_are_Unavailable()
    {
        Assert.IsType<TranslatorFailure.Unavailable>(AzureTextTranslator.FailureOf(new TaskCanceledException("timed out")));
        Assert.IsType<TranslatorFailure.Unavailable>(AzureTextTranslator.FailureOf(new HttpRequestException("connection refused")));
        Assert.IsType<TranslatorFailure.Unavailable>(AzureTextTranslator.FailureOf(new global::Azure.RequestFailedException(0, "no response")));
        var retried = AzureTextTranslator.FailureOf(new AggregateException(
            new global::Azure.RequestFailedException(0, "connection refused"), new TaskCanceledException("timed out")));
        Assert.Contains("2 tries failed, the last one timed out", Assert.IsType<TranslatorFailure.Unavailable>(retried).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_a_failure_but_cancels()
    {
        await using var fake = await FakeTranslator.StartAsync();
        fake.HangNext(1);
        var translator = new AzureTextTranslator(TranslatorTestKit.Client(fake));
        using var cancel = new CancellationTokenSource();
        var pending = translator.TranslateAsync(["一"], "en", null, TextType.Plain, cancel.Token);
        Assert.True(await fake.WaitForRequestAsync(TimeSpan.FromSeconds(30)), "the request never reached the fake");

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact]
    public async Task A_persistent_503_is_Unavailable_and_a_wrong_key_is_Refused_with_its_code()
    {
        await using var fake = await FakeTranslator.StartAsync();
        var translator = new AzureTextTranslator(TranslatorTestKit.Client(fake));
        fake.Down = true;

        var down = await translator.TranslateAsync(["一"], "en", null, TextType.Plain);
        fake.Down = false;
        fake.RequiredKey = "other";
        var refused = await translator.TranslateAsync(["一"], "en", null, TextType.Plain);

        Assert.Contains("503000", Assert.IsType<TranslatorFailure.Unavailable>(down.Failure).Detail, StringComparison.Ordinal);
        var failure = Assert.IsType<TranslatorFailure.Refused>(refused.Failure);
        Assert.Equal((401, "401000"), (failure.Status, failure.Code));
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("{\"error\": \"flat\"}")]
    [InlineData("{\"error\": {\"code\": {}, \"message\": 7}}")]
    [InlineData("{\"error\": ")]
    public async Task An_error_body_of_any_shape_is_still_a_named_failure(string body)
    {
        await using var fake = await FakeTranslator.StartAsync();
        fake.AnswerNextRaw(403, body);
        var translator = new AzureTextTranslator(TranslatorTestKit.Client(fake));

        var result = await translator.TranslateAsync(["一"], "en", null, TextType.Plain);

        var failure = Assert.IsType<TranslatorFailure.Refused>(result.Failure);
        Assert.Equal((403, null), (failure.Status, failure.Code));
    }

    [Theory]
    [InlineData(400, 400050, true)] // a text too long
    [InlineData(400, 400000, true)] // an input not valid (e.g. HTML the service cannot take)
    [InlineData(400, 400077, true)] // the request too large
    [InlineData(413, 413000, true)]
    [InlineData(400, 400036, false)] // the target language: the settings, not the texts
    [InlineData(400, 400019, false)] // a language not supported
    [InlineData(401, 401000, false)] // the credentials
    public async Task A_refusal_of_the_texts_themselves_is_InputRefused_and_any_other_is_Refused(int status, int code, bool byInput)
    {
        await using var fake = await FakeTranslator.StartAsync();
        fake.FailNext(1, status, code);
        var translator = new AzureTextTranslator(TranslatorTestKit.Client(fake));

        var result = await translator.TranslateAsync(["一"], "en", null, TextType.Plain);

        var expected = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (byInput)
        {
            var failure = Assert.IsType<TranslatorFailure.InputRefused>(result.Failure);
            Assert.Equal((status, expected), (failure.Status, failure.Code));
        }
        else
        {
            var failure = Assert.IsType<TranslatorFailure.Refused>(result.Failure);
            Assert.Equal((status, expected), (failure.Status, failure.Code));
        }
    }

    [Fact]
    public async Task A_used_up_free_quota_is_QuotaExceeded()
    {
        await using var fake = await FakeTranslator.StartAsync();
        fake.FailNext(1, 403, 403001);
        var translator = new AzureTextTranslator(TranslatorTestKit.Client(fake));

        var result = await translator.TranslateAsync(["一"], "en", null, TextType.Plain);

        Assert.IsType<TranslatorFailure.QuotaExceeded>(result.Failure);
    }

    [Fact]
    public async Task A_429_that_outlasts_the_retries_is_Throttled_with_the_delay_read_against_the_TimeProvider()
    {
        await using var fake = await FakeTranslator.StartAsync();
        // An HTTP date long past by the wall clock (so Azure.Core does not wait for it), 90 s ahead of the fake clock.
        var serverDate = new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.Zero);
        var clock = new FakeTimeProvider(serverDate - TimeSpan.FromSeconds(90));
        var retryAfter = serverDate.ToString("r", CultureInfo.InvariantCulture);
        fake.FailNext(4, 429, 429001, ("Retry-After", retryAfter));
        var retries = new List<TranslatorRetry>();
        var translator = new AzureTextTranslator(TranslatorTestKit.Client(fake, retries: retries, clock: clock));

        var result = await translator.TranslateAsync(["一"], "en", null, TextType.Plain);

        var failure = Assert.IsType<TranslatorFailure.Throttled>(result.Failure);
        Assert.Equal(TimeSpan.FromSeconds(90), failure.RetryAfter);
        Assert.All(retries, r => Assert.Equal((429, TimeSpan.FromSeconds(90)), (r.Status, r.RetryAfter)));
        Assert.Equal(3, retries.Count);
    }

    [Fact]
    public async Task AddAzureTranslator_registers_a_working_translator_and_invalid_options_fail_with_every_problem_named()
    {
        await using var fake = await FakeTranslator.StartAsync();
        using var good = new ServiceCollection()
            .AddSingleton<TimeProvider>(new FakeTimeProvider())
            .AddAzureTranslator(new AzureTranslatorOptions { Endpoint = fake.Endpoint, Key = "k", MaxRetries = 0 })
            .BuildServiceProvider();
        using var bad = new ServiceCollection()
            .AddAzureTranslator(new AzureTranslatorOptions { Endpoint = new Uri("http://translator.example/"), MaxRetries = 99 })
            .BuildServiceProvider();

        var result = await good.GetRequiredService<ITextTranslator>().TranslateAsync(["一"], "en", null, TextType.Plain);
        var error = Assert.Throws<InvalidOperationException>(() => bad.GetRequiredService<ITextTranslator>());

        Assert.Equal(["EN[一]"], result.Translations);
        Assert.Contains("needs a key or UseManagedIdentity", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxRetries", error.Message, StringComparison.Ordinal);
    }
}
