using Azure;
using FeedRelay.Functions.Operations;
using FeedRelay.Web.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FeedRelay.Tests;

/// <summary>The worker middleware answers an HTTP function's storage failure with the server's 503 problem, and passes on the rest.</summary>
public sealed class DependencyFailureMiddlewareTests
{
    [Fact]
    public async Task A_refused_storage_request_becomes_a_503_problem_with_retry_after()
    {
        var (middleware, context, http) = Create();

        await middleware.Invoke(context, _ => throw new RequestFailedException(403, "denied", "AuthorizationFailure", null));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, http.Response.StatusCode);
        Assert.Equal("30", http.Response.Headers.RetryAfter.ToString());
        Assert.StartsWith("application/problem+json", http.Response.ContentType, StringComparison.Ordinal);
        http.Response.Body.Position = 0;
        var body = await new StreamReader(http.Response.Body).ReadToEndAsync();
        Assert.Contains("storage refused the request (403 AuthorizationFailure)", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_other_failure_is_left_to_the_host()
    {
        var (middleware, context, _) = Create();

        await Assert.ThrowsAsync<InvalidOperationException>(() => middleware.Invoke(context, _ => throw new InvalidOperationException("a bug")));
    }

    private static (DependencyFailureMiddleware Middleware, FunctionContext Context, HttpContext Http) Create()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Response.Body = new MemoryStream();
        var context = new StubFunctionContext(services);
        // Where the ASP.NET Core integration puts the request's HttpContext (read by GetHttpContext()).
        context.Items["HttpRequestContext"] = http;
        var middleware = new DependencyFailureMiddleware(new DependencyFailureHandler(TimeProvider.System, NullLogger<DependencyFailureHandler>.Instance));
        return (middleware, context, http);
    }

    private sealed class StubFunctionContext(IServiceProvider services) : FunctionContext
    {
        public override string InvocationId => "test";

        public override string FunctionId => "test";

        public override TraceContext TraceContext => null!;

        public override BindingContext BindingContext => null!;

        public override RetryContext RetryContext => null!;

        public override IServiceProvider InstanceServices { get; set; } = services;

        public override FunctionDefinition FunctionDefinition => null!;

        public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

        public override IInvocationFeatures Features => null!;
    }
}
