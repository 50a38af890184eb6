using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace FeedRelay.Web.Operations;

/// <summary>
/// Guards the server's operator requests (re-ingesting rejections: work on demand): with
/// <see cref="FeedRelayOptions.OperatorKey"/> set, a request must send <c>Authorization: Bearer &lt;key&gt;</c>; without one,
/// only a client on this machine (loopback) may make them, and a loopback request that names a client it was forwarded
/// for (<c>Forwarded</c>, <c>X-Forwarded-For</c>, <c>X-Real-IP</c>: a reverse proxy on this machine) does not count as one,
/// nor does one a web page sent (<c>Origin</c>, or <c>Sec-Fetch-Site</c> other than <c>none</c>): any page open in the
/// operator's browser could otherwise post to it, since a form post needs no preflight (cross-site request forgery). With a
/// key that cannot happen: a page cannot send an <c>Authorization</c> header without the server's consent.
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

        /// <summary>No key is configured and a web page sent the request (whatever the address): 403.</summary>
        NotFromWebPages,
    }

    /// <inheritdoc />
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var headers = http.Request.Headers;
        var forwarded = headers.ContainsKey("Forwarded") || headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("X-Real-IP");
        var fromWebPage = headers.ContainsKey("Origin") || headers["Sec-Fetch-Site"] is { Count: > 0 } site && site.ToString() != "none";
        switch (Decide(headers.Authorization.ToString(), http.Connection.RemoteIpAddress, forwarded, options.Value.OperatorKey, fromWebPage))
        {
            case Verdict.Allowed:
                return next(context);
            case Verdict.KeyRequired:
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return ValueTask.FromResult<object?>(TypedResults.Problem(
                    statusCode: StatusCodes.Status401Unauthorized, title: "Operator key required",
                    detail: "Send the configured FeedRelay:OperatorKey as 'Authorization: Bearer <key>'."));
            case Verdict.NotFromWebPages:
                return ValueTask.FromResult<object?>(TypedResults.Problem(
                    statusCode: StatusCodes.Status403Forbidden, title: "Operator requests are not taken from web pages",
                    detail: "Without FeedRelay:OperatorKey, operator requests are taken only from a client on this machine that is not a web page " +
                    "(a page could be any site open in a browser here); use curl, or set a key."));
            default:
                return ValueTask.FromResult<object?>(TypedResults.Problem(
                    statusCode: StatusCodes.Status403Forbidden, title: "Operator requests are local only",
                    detail: "Without FeedRelay:OperatorKey, only a client on this machine may make operator requests; set a key to allow others."));
        }
    }

    /// <summary>
    /// The decision for a request with <paramref name="authorization"/> from <paramref name="remote"/> (null: no network peer,
    /// as in-process), <paramref name="forwarded"/> when it names a client it was forwarded for, when the configured key is
    /// <paramref name="key"/>, and <paramref name="fromWebPage"/> when a browser says a web page sent it. The key is compared
    /// in constant time.
    /// </summary>
    internal static Verdict Decide(string? authorization, IPAddress? remote, bool forwarded, string? key, bool fromWebPage = false)
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

        if (forwarded || (remote is not null && !IPAddress.IsLoopback(remote)))
        {
            return Verdict.LoopbackOnly;
        }

        return fromWebPage ? Verdict.NotFromWebPages : Verdict.Allowed;
    }
}
