using FeedRelay.Web.Operations;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace FeedRelay.Functions.Operations;

/// <summary>
/// The worker's counterpart of the server's <c>UseExceptionHandler</c>: an HTTP function that fails because a dependency is
/// unavailable answers the same <c>503</c> problem as the server (<see cref="DependencyFailureHandler"/>); any other failure,
/// and every trigger that is not HTTP, is left to the host (which retries or poisons queue and blob messages).
/// </summary>
public sealed class DependencyFailureMiddleware(DependencyFailureHandler handler) : IFunctionsWorkerMiddleware
{
    /// <inheritdoc />
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (DependencyFailureHandler.Describe(ex) is not null && context.GetHttpContext() is { } http)
        {
            if (!await handler.TryHandleAsync(http, ex, http.RequestAborted).ConfigureAwait(false))
            {
                throw;
            }
        }
    }
}
