using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace FeedRelay.Storage.Sqlite;

/// <summary>
/// The SQL that answers an <see cref="ArticleQuery"/> from one index, walked newest first (publication descending, id ascending)
/// and stopped after <c>limit</c> rows: the full-text index for a keyword, else the category index, else the per-source index
/// (one walk per source, merged), else the language index, else the publication index. Other filters are checked on the
/// small metadata rows met on the way; it selects only row keys (content is read afterwards for those rows alone).
/// </summary>
internal sealed class ArticleQueryPlan
{
    /// <summary>Up to this many sources are walked one index range each and merged: as many as a feed request may name (FeedRequest.MaxSources).</summary>
    private const int MaxMergedSources = 64;
    private readonly List<(string Name, object Value)> _parameters = [];

    private ArticleQueryPlan()
    {
    }

    /// <summary>The statement; its one column is the article's <c>pk</c>, in feed order.</summary>
    public string Sql { get; private set; } = "";

    /// <summary>True when the full-text index drives it (its time is capped).</summary>
    public bool IsSearch { get; private set; }

    /// <summary>
    /// True when some filter is checked row by row along the driving index (sources not driving it, a language): with no
    /// match, such a query walks the whole range, so its time is capped as a search's is.
    /// </summary>
    public bool ChecksRows { get; private set; }

    /// <summary>The plan for <paramref name="query"/>, or null when nothing can match (so nothing need be read).</summary>
    public static ArticleQueryPlan? For(ArticleQuery query)
    {
        var plan = new ArticleQueryPlan();
        var sources = query.Sources.Distinct(StringComparer.Ordinal).ToList();
        if (query.SourceSlug is { } slug)
        {
            if (sources.Count > 0 && !sources.Contains(slug, StringComparer.Ordinal))
            {
                return null;
            }

            sources = [slug];
        }

        string? match = null;
        if (query.Keyword is { } keyword)
        {
            match = FtsQuery.Build(keyword);
            if (match is null)
            {
                return null;
            }
        }

        plan.Add("$limit", (long)query.Limit);
        var category = query.Category?.ToLowerInvariant();
        if (category is not null)
        {
            plan.Add("$category", category);
        }

        if (match is not null)
        {
            plan.IsSearch = true;
            plan.Add("$match", match);
            plan.Sql = "SELECT a.pk FROM articles_fts CROSS JOIN articles a ON a.pk = articles_fts.rowid WHERE articles_fts MATCH $match"
                + plan.Filters(query, "a", sources, category, byCategory: false, bySource: false)
                + " ORDER BY a.published DESC, a.id LIMIT $limit";
        }
        else if (category is not null)
        {
            plan.Sql = "SELECT a.pk FROM categories c CROSS JOIN articles a ON a.id = c.id WHERE c.category = $category"
                + plan.Filters(query, "c", [], null, byCategory: true, bySource: true)
                + plan.Filters(query, "a", sources, null, byCategory: true, bySource: false)
                + " ORDER BY c.published DESC, c.id LIMIT $limit";
        }
        else if (sources.Count == 1)
        {
            plan.Add("$s0", sources[0]);
            plan.Sql = "SELECT a.pk FROM articles a INDEXED BY ix_articles_source WHERE a.source_slug = $s0"
                + plan.Filters(query, "a", sources, null, byCategory: false, bySource: true)
                + " ORDER BY a.published DESC, a.id LIMIT $limit";
        }
        else if (sources.Count is > 1 and <= MaxMergedSources)
        {
            var sql = new StringBuilder("SELECT pk FROM (");
            for (var i = 0; i < sources.Count; i++)
            {
                var name = "$s" + i.ToString(CultureInfo.InvariantCulture);
                plan.Add(name, sources[i]);
                sql.Append(i == 0 ? "" : " UNION ALL ")
                    .Append("SELECT * FROM (SELECT a.pk AS pk, a.published AS published, a.id AS id FROM articles a INDEXED BY ix_articles_source WHERE a.source_slug = ")
                    .Append(name)
                    .Append(plan.Filters(query, "a", sources, null, byCategory: false, bySource: true))
                    .Append(" ORDER BY a.published DESC, a.id LIMIT $limit)");
            }

            plan.Sql = sql.Append(") ORDER BY published DESC, id LIMIT $limit").ToString();
        }
        else if (sources.Count == 0 && query.Language is not null)
        {
            plan.Sql = "SELECT a.pk FROM articles a INDEXED BY ix_articles_language WHERE 1 = 1"
                + plan.Filters(query, "a", sources, null, byCategory: false, bySource: false)
                + " ORDER BY a.published DESC, a.id LIMIT $limit";
        }
        else
        {
            plan.Sql = "SELECT a.pk FROM articles a INDEXED BY ix_articles_published WHERE 1 = 1"
                + plan.Filters(query, "a", sources, null, byCategory: false, bySource: false)
                + " ORDER BY a.published DESC, a.id LIMIT $limit";
        }

        return plan;
    }

    /// <summary>Binds the plan's parameters to <paramref name="command"/>.</summary>
    public void Bind(SqliteCommand command)
    {
        foreach (var (name, value) in _parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
    }

    /// <summary>
    /// " AND ..." conditions on table alias <paramref name="t"/>: time window (since, cursor), and (not on the category table) the source, language and category filters not already answered by the driving index.
    /// </summary>
    private string Filters(ArticleQuery query, string t, List<string> sources, string? category, bool byCategory, bool bySource)
    {
        var sql = new StringBuilder();
        if (!byCategory || t == "c")
        {
            if (query.Since is { } since)
            {
                Add("$since", since.UtcTicks);
                sql.Append(CultureInfo.InvariantCulture, $" AND {t}.published >= $since");
            }

            if (query.Before is { } before)
            {
                Add("$beforeTicks", before.PublishedUtcTicks);
                Add("$beforeId", before.Id);
                sql.Append(CultureInfo.InvariantCulture, $" AND {t}.published <= $beforeTicks AND ({t}.published < $beforeTicks OR {t}.id > $beforeId)");
            }
        }

        if (t == "c")
        {
            return sql.ToString();
        }

        if (!bySource && sources.Count > 0)
        {
            ChecksRows = true;
            sql.Append(CultureInfo.InvariantCulture, $" AND {t}.source_slug IN (");
            for (var i = 0; i < sources.Count; i++)
            {
                var name = "$in" + i.ToString(CultureInfo.InvariantCulture);
                Add(name, sources[i]);
                sql.Append(i == 0 ? "" : ", ").Append(name);
            }

            sql.Append(')');
        }

        if (query.Language is { } language)
        {
            ChecksRows = true;
            var tag = language.ToLowerInvariant();
            Add("$languageBase", tag.Split('-', 2)[0]);
            Add("$language", tag);
            Add("$languagePrefix", tag + "-");
            Add("$languagePrefixLength", (long)tag.Length + 1);
            sql.Append(CultureInfo.InvariantCulture,
                $" AND {t}.language_base = $languageBase AND ({t}.language = $language OR substr({t}.language, 1, $languagePrefixLength) = $languagePrefix)");
        }

        if (category is not null)
        {
            sql.Append(CultureInfo.InvariantCulture,
                $" AND EXISTS (SELECT 1 FROM categories k WHERE k.category = $category AND k.published = {t}.published AND k.id = {t}.id)");
        }

        return sql.ToString();
    }

    private void Add(string name, object value)
    {
        if (!_parameters.Exists(p => p.Name == name))
        {
            _parameters.Add((name, value));
        }
    }
}
