using FeedRelay.Feeds;

namespace FeedRelay.Tests.Feeds;

/// <summary>Theory data: every feed format in every view.</summary>
internal static class FormatsAndViews
{
    public static TheoryData<FeedFormat, FeedView> All()
    {
        var data = new TheoryData<FeedFormat, FeedView>();
        foreach (var format in FeedFormats.All)
        {
            foreach (var view in FeedViews.All)
            {
                data.Add(format, view);
            }
        }

        return data;
    }
}
