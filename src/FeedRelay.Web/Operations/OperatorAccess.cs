using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace FeedRelay.Web.Operations;

/// <summary>
/// Guards the server's operator requests (re-ingesting rejections: work on demand): with
/// <see cref="FeedRelayOptions.OperatorKey"/> set, a request must send <c>Authorization: Bearer &lt;key&gt;</c>; without one,
/// only a client on this machine (loopback) may make them, and a loopback request that names a client it was forwarded
/// for (<c>Forwarded</c>, <c>X-Forwarded-For</c>, <c>X-Real-IP</c>: a reverse proxy on this machine) does not count as one.
/// The Functions app does not use this filter: its operator functions need a function key.
/// </summary>
internal sealed class OperatorAccess(IOptions<FeedRelayOptions> options) : IEndpointFilter
{
    /// <summary>What <see cref="Decide"/> found.</summary>
    internal enum Verdict
    {
        /// <summary>Let the request through.</summary>
        Allowed,

        /// <summary>A key is configured and the request did not send it: 401.</summary>
        KeyRequired,

        /// <summary>No key is configured and the client is not on this machine: 403.</summary>
        LoopbackOnly,
    }

    /// <inheritdoc />
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var headers = http.Request.Headers;
        var forwarded = headers.ContainsKey("Forwarded") || headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("X-Real-IP");
        switch (Decide(headers.Authorization.ToString(), http.Connection.RemoteIpAddress, forwarded, options.Value.OperatorKey))
        {
            case Verdict.Allowed:
                return next(context);
            case Verdict.KeyRequired:
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return ValueTask.FromResult<object?>(TypedResults.Problem(
                    statusCode: StatusCodes.Status401Unauthorized, title: "Operator key required",
                    detail: "Send the configured FeedRelay:OperatorKey as 'Authorization: Bearer <key>'."));
            default:
                return ValueTask.FromResult<object?>(TypedResults.Problem(
                    statusCode: StatusCodes.Status403Forbidden, title: "Operator requests are local only",
                    detail: "Without FeedRelay:OperatorKey, only a client on this machine may make operator requests; set a key to allow others."));
        }
    }

    /// <summary>
    /// The decision for a request with <paramref name="authorization"/> from <paramref name="remote"/> (null: no network peer,
    /// as in-process), <paramref name="forwarded"/> when it names a client it was forwarded for, when the configured key is
    /// <paramref name="key"/>. The key is compared in constant time.
    /// </summary>
    internal static Verdict Decide(string? authorization, IPAddress? remote, bool forwarded, string? key)
    {
        if (!string.IsNullOrEmpty(key))
        {
            const string scheme = "Bearer ";
            var sent = authorization is not null && authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
                ? authorization[scheme.Length..].Trim()
                : "";
            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(key))
                ? Verdict.Allowed
                : Verdict.KeyRequired;
        }

        return !forwarded && (remote is null || IPAddress.IsLoopback(remote)) ? Verdict.Allowed : Verdict.LoopbackOnly;
    }
}
