using Microsoft.Data.Sqlite;

namespace FeedRelay.Storage.Sqlite;

/// <summary>
/// Article writes on the writer connection (inside the caller's transaction): the row, its content, categories, full-text
/// entry, the source summary and the feed versions all change together.
/// </summary>
internal static class ArticleWriter
{
    /// <summary>The <c>versions</c> key of a source's feeds, or of all feeds when <paramref name="sourceSlug"/> is null.</summary>
    public static string VersionKey(string? sourceSlug) => sourceSlug is null ? "*" : "s:" + sourceSlug;

    /// <summary>
    /// Adds or updates <paramref name="row"/>; an update gets an update time of at least <paramref name="now"/>. With
    /// <paramref name="touched"/>, the sources whose feeds changed are collected there for one <see cref="BumpVersions"/> per batch.
    /// </summary>
    public static UpsertOutcome Upsert(SqliteSession session, ArticleRow row, DateTimeOffset now, ISet<string>? touched = null) =>
        Write(session, Find(session, row.Article.Id), row, now, touched);

    /// <summary>
    /// <see cref="Upsert"/> only while the stored article is the one read before: none when <paramref name="expectedHash"/> is
    /// null, else one with that hash. Null (and nothing written) when it is not.
    /// </summary>
    public static UpsertOutcome? UpsertIfStored(SqliteSession session, ArticleRow row, byte[]? expectedHash, DateTimeOffset now, ISet<string>? touched)
    {
        var stored = Find(session, row.Article.Id);
        return stored is null != expectedHash is null || (stored is not null && !stored.Hash.AsSpan().SequenceEqual(expectedHash))
            ? null
            : Write(session, stored, row, now, touched);
    }

    private static UpsertOutcome Write(SqliteSession session, Stored? stored, ArticleRow row, DateTimeOffset now, ISet<string>? touched)
    {
        if (stored is null)
        {
            Insert(session, row, now, touched);
            return UpsertOutcome.Created;
        }

        if (stored.Hash.AsSpan().SequenceEqual(row.Hash))
        {
            return UpsertOutcome.Unchanged;
        }

        Update(session, stored, row, now, touched);
        return UpsertOutcome.Updated;
    }

    /// <summary>Replaces the stored article only while its hash is <paramref name="expectedHash"/>; false otherwise.</summary>
    public static bool Replace(SqliteSession session, byte[] expectedHash, ArticleRow row, DateTimeOffset now)
    {
        if (Find(session, row.Article.Id) is not { } stored || !stored.Hash.AsSpan().SequenceEqual(expectedHash))
        {
            return false;
        }

        if (!stored.Hash.AsSpan().SequenceEqual(row.Hash))
        {
            Update(session, stored, row, now, touched: null);
        }

        return true;
    }

    private static Stored? Find(SqliteSession session, string id)
    {
        var command = session.Command("SELECT pk, hash, source_slug, updated, updated_offset, level FROM articles WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new Stored(reader.GetInt64(0), (byte[])reader.GetValue(1), reader.GetString(2), ArticleRow.ToOffset(reader.GetInt64(3), reader.GetInt32(4)), reader.GetString(5))
            : null;
    }

    private static void Insert(SqliteSession session, ArticleRow row, DateTimeOffset now, ISet<string>? touched)
    {
        var article = row.Article;
        var command = session.Command("""
            INSERT INTO articles(id, source_slug, source, published, published_offset, language, language_base, updated, updated_offset, hash, level)
            VALUES($id, $slug, $source, $published, $publishedOffset, $language, $languageBase, $updated, $updatedOffset, $hash, $level)
            RETURNING pk
            """);
        BindRow(command, row, article.Updated);
        var pk = (long)command.ExecuteScalar()!;
        WriteDependents(session, pk, row);
        var source = session.Command("""
            INSERT INTO sources(slug, name, count, latest, latest_offset) VALUES($slug, $name, 1, $latest, $offset)
            ON CONFLICT(slug) DO UPDATE SET
                count = count + 1,
                name = CASE WHEN excluded.latest >= latest THEN excluded.name ELSE name END,
                latest_offset = CASE WHEN excluded.latest >= latest THEN excluded.latest_offset ELSE latest_offset END,
                latest = max(latest, excluded.latest)
            """);
        source.Parameters.AddWithValue("$slug", article.SourceSlug);
        source.Parameters.AddWithValue("$name", article.Source);
        source.Parameters.AddWithValue("$latest", article.Published.UtcTicks);
        source.Parameters.AddWithValue("$offset", ArticleRow.OffsetMinutes(article.Published));
        source.ExecuteNonQuery();
        CountLevel(session, LevelOf(article), +1);
        Touch(session, touched, article.SourceSlug, now);
    }

    private static void Update(SqliteSession session, Stored stored, ArticleRow row, DateTimeOffset now, ISet<string>? touched)
    {
        var article = row.Article;
        var updated = Max(now, stored.Updated);
        var command = session.Command("""
            UPDATE articles SET source_slug = $slug, source = $source, published = $published, published_offset = $publishedOffset,
                language = $language, language_base = $languageBase, updated = $updated, updated_offset = $updatedOffset, hash = $hash,
                level = $level
            WHERE pk = $pk
            """);
        BindRow(command, row, updated);
        command.Parameters.AddWithValue("$pk", stored.Pk);
        command.ExecuteNonQuery();
        if (stored.Level != LevelOf(article))
        {
            CountLevel(session, stored.Level, -1);
            CountLevel(session, LevelOf(article), +1);
        }

        var categories = session.Command("DELETE FROM categories WHERE id = $id");
        categories.Parameters.AddWithValue("$id", article.Id);
        categories.ExecuteNonQuery();
        var fts = session.Command("DELETE FROM articles_fts WHERE rowid = $pk");
        fts.Parameters.AddWithValue("$pk", stored.Pk);
        fts.ExecuteNonQuery();
        WriteDependents(session, stored.Pk, row);

        if (stored.SourceSlug != article.SourceSlug)
        {
            RefreshSource(session, stored.SourceSlug, -1);
            RefreshSource(session, article.SourceSlug, +1);
            Touch(session, touched, stored.SourceSlug, now);
        }
        else
        {
            RefreshSource(session, article.SourceSlug, 0);
        }

        Touch(session, touched, article.SourceSlug, now);
    }

    /// <summary>The translation level an article counts under: the stored translation's, or <c>untranslated</c>.</summary>
    public static string LevelOf(Article article) => article.Translation?.Level ?? "untranslated";

    private static void CountLevel(SqliteSession session, string level, int delta)
    {
        var command = session.Command("""
            INSERT INTO translation_levels(level, count) VALUES($level, max($delta, 0))
            ON CONFLICT(level) DO UPDATE SET count = max(count + $delta, 0)
            """);
        command.Parameters.AddWithValue("$level", level);
        command.Parameters.AddWithValue("$delta", delta);
        command.ExecuteNonQuery();
    }

    private static void BindRow(SqliteCommand command, ArticleRow row, DateTimeOffset updated)
    {
        var article = row.Article;
        var p = command.Parameters;
        p.AddWithValue("$id", article.Id);
        p.AddWithValue("$level", LevelOf(article));
        p.AddWithValue("$slug", article.SourceSlug);
        p.AddWithValue("$source", article.Source);
        p.AddWithValue("$published", article.Published.UtcTicks);
        p.AddWithValue("$publishedOffset", ArticleRow.OffsetMinutes(article.Published));
        p.AddWithValue("$language", (object?)row.Language ?? DBNull.Value);
        p.AddWithValue("$languageBase", (object?)row.LanguageBase ?? DBNull.Value);
        p.AddWithValue("$updated", updated.UtcTicks);
        p.AddWithValue("$updatedOffset", ArticleRow.OffsetMinutes(updated));
        p.AddWithValue("$hash", row.Hash);
    }

    /// <summary>Content, categories and full-text entry of article <paramref name="pk"/>.</summary>
    private static void WriteDependents(SqliteSession session, long pk, ArticleRow row)
    {
        var article = row.Article;
        var content = session.Command("INSERT OR REPLACE INTO article_content(pk, content, translation) VALUES($pk, $content, $translation)");
        content.Parameters.AddWithValue("$pk", pk);
        content.Parameters.AddWithValue("$content", row.Content);
        content.Parameters.AddWithValue("$translation", (object?)row.Translation ?? DBNull.Value);
        content.ExecuteNonQuery();

        foreach (var category in row.Categories)
        {
            var command = session.Command("INSERT OR IGNORE INTO categories(category, published, id) VALUES($category, $published, $id)");
            command.Parameters.AddWithValue("$category", category);
            command.Parameters.AddWithValue("$published", article.Published.UtcTicks);
            command.Parameters.AddWithValue("$id", article.Id);
            command.ExecuteNonQuery();
        }

        var fts = session.Command("INSERT INTO articles_fts(rowid, title, summary, title_en, summary_en) VALUES($pk, $title, $summary, $titleEn, $summaryEn)");
        fts.Parameters.AddWithValue("$pk", pk);
        fts.Parameters.AddWithValue("$title", FtsQuery.IndexText(article.Title));
        fts.Parameters.AddWithValue("$summary", FtsQuery.IndexText(article.Summary));
        fts.Parameters.AddWithValue("$titleEn", FtsQuery.IndexText(article.Translation?.Title));
        fts.Parameters.AddWithValue("$summaryEn", FtsQuery.IndexText(article.Translation?.Summary));
        fts.ExecuteNonQuery();
    }

    /// <summary>Re-reads a source's newest article through its index and adds <paramref name="delta"/> to its count.</summary>
    private static void RefreshSource(SqliteSession session, string slug, int delta)
    {
        var newest = session.Command(
            "SELECT source, published, published_offset FROM articles INDEXED BY ix_articles_source WHERE source_slug = $slug ORDER BY published DESC, id LIMIT 1");
        newest.Parameters.AddWithValue("$slug", slug);
        string? name = null;
        long latest = 0;
        var offset = 0;
        using (var reader = newest.ExecuteReader())
        {
            if (reader.Read())
            {
                (name, latest, offset) = (reader.GetString(0), reader.GetInt64(1), reader.GetInt32(2));
            }
        }

        if (name is null)
        {
            var delete = session.Command("DELETE FROM sources WHERE slug = $slug");
            delete.Parameters.AddWithValue("$slug", slug);
            delete.ExecuteNonQuery();
            return;
        }

        var upsert = session.Command("""
            INSERT INTO sources(slug, name, count, latest, latest_offset) VALUES($slug, $name, $delta, $latest, $offset)
            ON CONFLICT(slug) DO UPDATE SET count = count + excluded.count, name = excluded.name, latest = excluded.latest, latest_offset = excluded.latest_offset
            """);
        upsert.Parameters.AddWithValue("$slug", slug);
        upsert.Parameters.AddWithValue("$name", name);
        upsert.Parameters.AddWithValue("$delta", delta);
        upsert.Parameters.AddWithValue("$latest", latest);
        upsert.Parameters.AddWithValue("$offset", offset);
        upsert.ExecuteNonQuery();
    }

    /// <summary>
    /// Moves the versions of all feeds and of each source in <paramref name="slugs"/> (nothing when empty), and records
    /// <paramref name="now"/> as when they last changed (never moving back).
    /// </summary>
    public static void BumpVersions(SqliteSession session, IEnumerable<string> slugs, DateTimeOffset now)
    {
        var any = false;
        foreach (var slug in slugs)
        {
            Bump(session, slug, now);
            any = true;
        }

        if (any)
        {
            Bump(session, null, now);
        }
    }

    /// <summary>The key of the time the feeds of <paramref name="sourceSlug"/> (null: any feed) last changed, in UTC ticks.</summary>
    public static string ChangedKey(string? sourceSlug) => "c" + VersionKey(sourceSlug);

    /// <summary>Collects <paramref name="slug"/> into a batch's set, or bumps its versions at once without one.</summary>
    private static void Touch(SqliteSession session, ISet<string>? touched, string slug, DateTimeOffset now)
    {
        if (touched is null)
        {
            BumpVersions(session, [slug], now);
        }
        else
        {
            touched.Add(slug);
        }
    }

    private static void Bump(SqliteSession session, string? slug, DateTimeOffset now)
    {
        var command = session.Command("""
            INSERT INTO versions(key, value) VALUES($key, 1) ON CONFLICT(key) DO UPDATE SET value = value + 1;
            INSERT INTO versions(key, value) VALUES($changedKey, $now) ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value);
            """);
        command.Parameters.AddWithValue("$key", VersionKey(slug));
        command.Parameters.AddWithValue("$changedKey", ChangedKey(slug));
        command.Parameters.AddWithValue("$now", now.UtcTicks);
        command.ExecuteNonQuery();
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed record Stored(long Pk, byte[] Hash, string SourceSlug, DateTimeOffset Updated, string Level);
}
