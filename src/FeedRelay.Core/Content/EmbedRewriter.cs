using AngleSharp.Dom;

namespace FeedRelay.Content;

/// <summary>Turns embedded players and frames into plain links that every feed reader can show. Pure DOM rewrite.</summary>
internal static class EmbedRewriter
{
    private static readonly string[] WebSchemes = ["http", "https"];

    /// <summary>Replaces every <c>iframe</c>, <c>video</c> and <c>audio</c> in <paramref name="root"/> with one link (or nothing).</summary>
    public static void Rewrite(IElement root, Uri? baseUrl)
    {
        foreach (var frame in Elements.Below(root, static e => Elements.Is(e, "iframe")))
        {
            // WordPress posts a blockquote with the same link right before its embed frame.
            if (frame.ClassList.Contains("wp-embedded-content"))
            {
                frame.Remove();
                continue;
            }

            var target = FrameTarget(ContentUrls.Resolve(frame.GetAttribute("src"), baseUrl));
            ReplaceWithLink(frame, target, frame.GetAttribute("title"));
        }

        foreach (var media in Elements.Below(root, static e => Elements.Is(e, "video") || Elements.Is(e, "audio")))
        {
            var source = media.GetAttribute("src") ?? media.QuerySelector("source[src]")?.GetAttribute("src");
            var target = ContentUrls.Resolve(source, baseUrl);
            var kind = media.LocalName == "video" ? "Video" : "Audio";
            ReplaceWithLink(media, target, media.GetAttribute("title") ?? (target is null ? null : $"{kind}: {target.Host}"));
        }
    }

    /// <summary>The page a frame shows: YouTube embeds become watch pages, Facebook plug-ins their <c>href</c>.</summary>
    internal static Uri? FrameTarget(Uri? src)
    {
        if (src is null || !ContentUrls.HasScheme(src, WebSchemes))
        {
            return null;
        }

        var host = src.Host.ToLowerInvariant();
        var path = src.AbsolutePath;
        if ((host.EndsWith("youtube.com", StringComparison.Ordinal) || host.EndsWith("youtube-nocookie.com", StringComparison.Ordinal))
            && path.StartsWith("/embed/", StringComparison.Ordinal))
        {
            var id = path["/embed/".Length..].Trim('/');
            return id.Length > 0 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
                ? new Uri("https://www.youtube.com/watch?v=" + id)
                : src;
        }

        if (host.EndsWith("player.vimeo.com", StringComparison.Ordinal) && path.StartsWith("/video/", StringComparison.Ordinal))
        {
            return new Uri("https://vimeo.com/" + path["/video/".Length..].Trim('/'));
        }

        if (host.EndsWith("facebook.com", StringComparison.Ordinal) && path.StartsWith("/plugins/", StringComparison.Ordinal))
        {
            var href = System.Web.HttpUtility.ParseQueryString(src.Query)["href"];
            return Uri.TryCreate(href, UriKind.Absolute, out var page) && ContentUrls.HasScheme(page, WebSchemes) ? page : src;
        }

        return src;
    }

    private static void ReplaceWithLink(IElement element, Uri? target, string? title)
    {
        if (target is null || !ContentUrls.HasScheme(target, WebSchemes))
        {
            element.Remove();
            return;
        }

        var link = element.Owner!.CreateElement("a");
        link.SetAttribute("href", target.AbsoluteUri);
        link.TextContent = string.IsNullOrWhiteSpace(title) ? target.Host + target.AbsolutePath : title.Trim();
        element.Replace(link);
    }
}
