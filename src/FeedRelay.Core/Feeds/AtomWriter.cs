using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;

namespace FeedRelay.Feeds;

/// <summary>Writes Atom 1.0 (RFC 4287) with System.ServiceModel.Syndication.</summary>
public static class AtomWriter
{
    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";

    private static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), Indent = false };

    /// <summary>The Atom document of <paramref name="document"/>, as UTF-8 bytes.</summary>
    public static byte[] Write(FeedDocument document)
    {
        var feed = document.Feed;
        var syndication = new SyndicationFeed(feed.Title, feed.Description ?? feed.Title, feed.SiteUrl)
        {
            Id = FeedWriter.TagUri("feed:" + feed.Key + ":" + document.View.QueryValue()),
            LastUpdatedTime = document.Updated,
            Generator = "FeedRelay",
            Language = document.Language,
            Items = document.Items.Select(Entry).ToList(),
        };
        syndication.Authors.Add(new SyndicationPerson { Name = "FeedRelay" });
        syndication.Links.Add(new SyndicationLink(feed.SelfUrl) { RelationshipType = "self", MediaType = FeedFormat.Atom.BareMediaType() });
        if (feed.HubUrl is not null)
        {
            syndication.Links.Add(new SyndicationLink(feed.HubUrl) { RelationshipType = "hub" });
        }

        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, Settings))
        {
            new Atom10FeedFormatter(syndication).WriteTo(xml);
        }

        return buffer.ToArray();
    }

    private static SyndicationItem Entry(FeedItem item)
    {
        var entry = new SyndicationItem
        {
            Id = item.Id,
            Title = new TextSyndicationContent(item.Title),
            PublishDate = item.Published,
            LastUpdatedTime = item.Updated,
            Summary = new TextSyndicationContent(item.Summary),
            Content = SyndicationContent.CreateHtmlContent(item.ContentHtml),
        };
        if (item.Language is not null)
        {
            entry.AttributeExtensions.Add(new XmlQualifiedName("lang", XmlNamespace), item.Language);
        }

        // One alternate link per hreflang (RFC 4287 4.2.7.2): a translated item's link leads to the original-language page.
        var alternate = SyndicationLink.CreateAlternateLink(item.Link, "text/html");
        var linkLanguage = item.Translated ? item.OriginalLanguage : item.Language;
        if (linkLanguage is not null)
        {
            alternate.AttributeExtensions.Add(new XmlQualifiedName("hreflang"), linkLanguage);
        }

        entry.Links.Add(alternate);
        foreach (var related in item.Related)
        {
            entry.Links.Add(new SyndicationLink(related.Url) { RelationshipType = "related", Title = related.Source });
        }

        if (item.Image is not null)
        {
            entry.Links.Add(new SyndicationLink(item.Image) { RelationshipType = "enclosure", MediaType = FeedWriter.ImageMediaType(item.Image) });
        }

        entry.Authors.Add(new SyndicationPerson { Name = item.Author });
        foreach (var category in item.Categories)
        {
            entry.Categories.Add(new SyndicationCategory(category));
        }

        return entry;
    }
}
