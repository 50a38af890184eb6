namespace FeedRelay.Web;

/// <summary>Which host runs FeedRelay; it decides who delivers seeds and translation work.</summary>
public enum FeedRelayHosting
{
    /// <summary>The standalone server: background services watch the seeds folder and work the translation queue.</summary>
    Server,

    /// <summary>The Azure Functions app: blob and queue triggers deliver the work; no background loops run.</summary>
    Functions,

    /// <summary>A one-off command of the server (such as <c>import</c>): no background loops run.</summary>
    Command,
}
