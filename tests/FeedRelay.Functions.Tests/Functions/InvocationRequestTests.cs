using System.Text;
using System.Text.Json;
using FeedRelay.Host.Functions;
using FeedRelay.Storage;

namespace FeedRelay.Tests.Functions;

/// <summary>Reading the host's invocation payloads in every form the host is known to send.</summary>
public sealed class InvocationRequestTests
{
    private const string Text = "---\ntitle: 标题\n---\nbody";

    [Fact]
    public void Blob_bytes_are_read_from_base64()
    {
        var request = Parse(new { Data = new { seed = Convert.ToBase64String(Encoding.UTF8.GetBytes(Text)) } });

        Assert.True(request.TryGetBytes("seed", out var bytes));
        Assert.Equal(Text, Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Blob_bytes_are_read_from_a_json_encoded_string()
    {
        var request = Parse(new { Data = new { seed = JsonSerializer.Serialize(Text) } });

        Assert.True(request.TryGetBytes("seed", out var bytes));
        Assert.Equal(Text, Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Plain_text_that_is_neither_is_taken_as_it_is()
    {
        var request = Parse(new { Data = new { seed = Text } });

        Assert.True(request.TryGetBytes("seed", out var bytes));
        Assert.Equal(Text, Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void The_only_input_is_used_whatever_its_binding_name_and_keys_ignore_case()
    {
        var request = Parse(new { data = new { myBlob = Convert.ToBase64String([1, 2, 3]) } });

        Assert.True(request.TryGetBytes("seed", out var bytes));
        Assert.Equal([1, 2, 3], bytes);
    }

    [Fact]
    public void Metadata_scalars_lose_their_json_encoding()
    {
        var request = Parse(new
        {
            Data = new { seed = "" },
            Metadata = new { name = "\"dir/a.txt\"", Uri = "\"https://acct.blob.core.windows.net/seeds/dir/a.txt\"", plain = "b.txt", DequeueCount = 3, Properties = new { Length = 5 } },
        });

        Assert.Equal("dir/a.txt", request.Metadata("name"));
        Assert.Equal("https://acct.blob.core.windows.net/seeds/dir/a.txt", request.Metadata("uri"));
        Assert.Equal("b.txt", request.Metadata("plain"));
        Assert.Equal("3", request.Metadata("DequeueCount"));
        Assert.Null(request.Metadata("Properties"));
        Assert.Null(request.Metadata("missing"));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"Metadata\":{}}")]
    [InlineData("{\"Data\":\"x\"}")]
    public void Payloads_without_a_data_object_are_rejected(string body) =>
        Assert.Null(InvocationRequest.Parse(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void Queue_messages_are_read_as_objects_json_strings_double_encoded_strings_or_base64()
    {
        const string json = "{\"articleId\":\"a1\",\"attempt\":2}";
        var expected = new TranslationRequest("a1", 2);

        Assert.Equal(expected, Message(JsonDocument.Parse(json).RootElement));
        Assert.Equal(expected, Message(JsonSerializer.SerializeToElement(json)));
        Assert.Equal(expected, Message(JsonSerializer.SerializeToElement(JsonSerializer.Serialize(json))));
        Assert.Equal(expected, Message(JsonSerializer.SerializeToElement(Convert.ToBase64String(Encoding.UTF8.GetBytes(json)))));
        Assert.Null(Message(JsonSerializer.SerializeToElement("not json")));
        Assert.Null(Message(JsonSerializer.SerializeToElement(42)));
    }

    private static TranslationRequest? Message(JsonElement element) => InvocationRequest.ReadMessage<TranslationRequest>(element);

    private static InvocationRequest Parse(object payload) =>
        InvocationRequest.Parse(JsonSerializer.SerializeToUtf8Bytes(payload)) ?? throw new Xunit.Sdk.XunitException("payload not parsed");
}
