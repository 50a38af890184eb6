using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace FeedRelay.Feeds;

/// <summary>Writes RSS 2.0 and Atom 1.0 documents from articles with System.ServiceModel.Syndication.</summary>
public static class FeedWriter
{
    private const string ContentNamespace = "http://purl.org/rss/1.0/modules/content/";
    private const string DublinCoreNamespace = "http://purl.org/dc/elements/1.1/";
    private const string AtomNamespace = "http://www.w3.org/2005/Atom";

    private static readonly XmlWriterSettings WriterSettings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
        Async = false,
    };

    /// <summary>The feed document of <paramref name="articles"/> (already newest first) in <paramref name="format"/>, as UTF-8 bytes.</summary>
    public static byte[] Write(FeedFormat format, FeedDescription feed, IReadOnlyList<Article> articles)
    {
        var syndication = Build(format, feed, articles);
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, WriterSettings))
        {
            if (format == FeedFormat.Rss)
            {
                new Rss20FeedFormatter(syndication, serializeExtensionsAsAtom: false).WriteTo(writer);
            }
            else
            {
                new Atom10FeedFormatter(syndication).WriteTo(writer);
            }
        }

        return buffer.ToArray();
    }

    private static SyndicationFeed Build(FeedFormat format, FeedDescription feed, IReadOnlyList<Article> articles)
    {
        var updated = articles.Count == 0 ? DateTimeOffset.UnixEpoch : articles.Max(a => a.Updated > a.Published ? a.Updated : a.Published);
        var syndication = new SyndicationFeed(feed.Title, "FeedRelay: " + feed.Title, feed.SiteUrl)
        {
            Id = TagUri(feed.Key),
            LastUpdatedTime = updated,
            Generator = "FeedRelay",
            Items = articles.Select(a => BuildItem(format, feed, a)).ToList(),
        };
        syndication.Links.Add(new SyndicationLink(feed.SelfUrl, "self", feed.Title, format.MediaType().Split(';')[0], 0));
        if (format == FeedFormat.Rss)
        {
            syndication.AttributeExtensions.Add(new XmlQualifiedName("content", "http://www.w3.org/2000/xmlns/"), ContentNamespace);
            syndication.AttributeExtensions.Add(new XmlQualifiedName("dc", "http://www.w3.org/2000/xmlns/"), DublinCoreNamespace);
            syndication.AttributeExtensions.Add(new XmlQualifiedName("atom", "http://www.w3.org/2000/xmlns/"), AtomNamespace);
        }
        else
        {
            syndication.Authors.Add(new SyndicationPerson { Name = "FeedRelay" });
        }

        return syndication;
    }

    private static SyndicationItem BuildItem(FeedFormat format, FeedDescription feed, Article article)
    {
        var link = article.Link ?? feed.ArticleUrl(article.Id);
        var item = new SyndicationItem
        {
            Id = TagUri("article:" + article.Id),
            Title = new TextSyndicationContent(article.Title),
            PublishDate = article.Published,
            LastUpdatedTime = article.Updated > article.Published ? article.Updated : article.Published,
            Summary = new TextSyndicationContent(article.Summary),
        };
        item.Links.Add(SyndicationLink.CreateAlternateLink(link));
        foreach (var category in article.Categories)
        {
            item.Categories.Add(new SyndicationCategory(category));
        }

        if (format == FeedFormat.Rss)
        {
            if (article.Author is not null)
            {
                item.ElementExtensions.Add(new XElement(XName.Get("creator", DublinCoreNamespace), article.Author));
            }

            item.ElementExtensions.Add(new XElement(XName.Get("encoded", ContentNamespace), new XCData(article.ContentHtml)));
        }
        else
        {
            item.Authors.Add(new SyndicationPerson { Name = article.Author ?? article.Source });
            item.Content = SyndicationContent.CreateHtmlContent(article.ContentHtml);
        }

        return item;
    }

    /// <summary>A stable RFC 4151 tag URI for <paramref name="specific"/>.</summary>
    public static string TagUri(string specific) => "tag:feedrelay,2026:" + specific;
}
