namespace FeedRelay.Storage.Sqlite;

/// <summary>The database layout, created on first open; <see cref="Version"/> is kept in <c>meta</c>.</summary>
internal static class SqliteSchema
{
    /// <summary>The layout version this code writes.</summary>
    public const int Version = 1;

    /// <summary>Statements creating every table and index (idempotent).</summary>
    public const string Create = """
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS articles(
            pk INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            source_slug TEXT NOT NULL,
            source TEXT NOT NULL,
            published INTEGER NOT NULL,
            published_offset INTEGER NOT NULL,
            language TEXT,
            language_base TEXT,
            updated INTEGER NOT NULL,
            updated_offset INTEGER NOT NULL,
            hash BLOB NOT NULL,
            level TEXT NOT NULL DEFAULT 'untranslated');
        CREATE TABLE IF NOT EXISTS article_content(pk INTEGER PRIMARY KEY, content BLOB NOT NULL, translation BLOB);
        CREATE INDEX IF NOT EXISTS ix_articles_published ON articles(published DESC, id);
        CREATE INDEX IF NOT EXISTS ix_articles_source ON articles(source_slug, published DESC, id);
        CREATE INDEX IF NOT EXISTS ix_articles_language ON articles(language_base, published DESC, id);

        CREATE TABLE IF NOT EXISTS categories(
            category TEXT NOT NULL,
            published INTEGER NOT NULL,
            id TEXT NOT NULL,
            PRIMARY KEY(category, published DESC, id)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_categories_id ON categories(id);

        CREATE TABLE IF NOT EXISTS sources(
            slug TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            count INTEGER NOT NULL,
            latest INTEGER NOT NULL,
            latest_offset INTEGER NOT NULL) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS versions(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS translation_levels(level TEXT PRIMARY KEY, count INTEGER NOT NULL) WITHOUT ROWID;

        CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
            title, summary, title_en, summary_en,
            content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');

        CREATE TABLE IF NOT EXISTS quarantine(
            sha256 TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            stage TEXT NOT NULL,
            code TEXT NOT NULL,
            error TEXT NOT NULL,
            at INTEGER NOT NULL,
            at_offset INTEGER NOT NULL,
            size INTEGER NOT NULL,
            content BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_quarantine_name ON quarantine(name);
        CREATE INDEX IF NOT EXISTS ix_quarantine_at ON quarantine(at DESC);

        CREATE TABLE IF NOT EXISTS translation_cache(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS translation_usage(day INTEGER PRIMARY KEY, characters INTEGER NOT NULL);

        CREATE TABLE IF NOT EXISTS translation_queue(
            article_id TEXT PRIMARY KEY,
            attempt INTEGER NOT NULL,
            not_before INTEGER NOT NULL,
            enqueued_at INTEGER NOT NULL,
            reason TEXT,
            ticket TEXT NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_translation_queue_due ON translation_queue(not_before, article_id);
        CREATE INDEX IF NOT EXISTS ix_translation_queue_parked ON translation_queue(not_before, article_id) WHERE reason IS NOT NULL;

        CREATE TABLE IF NOT EXISTS translation_queue_counts(
            id INTEGER PRIMARY KEY CHECK (id = 1),
            items INTEGER NOT NULL,
            parked INTEGER NOT NULL);

        CREATE TABLE IF NOT EXISTS seeds(
            path TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            modified INTEGER NOT NULL,
            modified_offset INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            outcome INTEGER NOT NULL,
            article_id TEXT,
            code TEXT) WITHOUT ROWID;
        """;

    /// <summary>True when the translation queue's counts row exists (it is made once, by <see cref="CountTranslationQueue"/>).</summary>
    public const string TranslationQueueCounted = "SELECT 1 FROM translation_queue_counts";

    /// <summary>
    /// Counts the translation queue once: on a new database, or one made before its counts row (the only read of the whole
    /// queue). Run in the same write transaction as <see cref="TranslationQueueCounted"/> and
    /// <see cref="TranslationQueueTriggers"/>, so that no write falls between the count and the triggers.
    /// </summary>
    public const string CountTranslationQueue =
        "INSERT INTO translation_queue_counts(id, items, parked) SELECT 1, count(*), count(reason) FROM translation_queue;";

    /// <summary>
    /// The triggers that keep the counts row current, whoever writes the queue (older versions of FeedRelay included, which
    /// knew nothing of the row). <c>INSERT OR REPLACE</c> deletes the row it replaces without firing a delete trigger (unless
    /// recursive triggers are on), so the before-insert trigger takes out the row about to be replaced and the after-insert
    /// trigger adds the new one; so every insert counts right, replacing or not. Upserts (<c>ON CONFLICT DO UPDATE</c>) and
    /// <c>INSERT OR IGNORE</c> would not: the queue uses neither.
    /// </summary>
    public const string TranslationQueueTriggers = """
        CREATE TRIGGER IF NOT EXISTS translation_queue_replacing BEFORE INSERT ON translation_queue BEGIN
            UPDATE translation_queue_counts SET items = items - 1,
                parked = parked - (SELECT reason IS NOT NULL FROM translation_queue WHERE article_id = NEW.article_id)
            WHERE EXISTS (SELECT 1 FROM translation_queue WHERE article_id = NEW.article_id);
        END;
        CREATE TRIGGER IF NOT EXISTS translation_queue_added AFTER INSERT ON translation_queue BEGIN
            UPDATE translation_queue_counts SET items = items + 1, parked = parked + (NEW.reason IS NOT NULL);
        END;
        CREATE TRIGGER IF NOT EXISTS translation_queue_removed AFTER DELETE ON translation_queue BEGIN
            UPDATE translation_queue_counts SET items = items - 1, parked = parked - (OLD.reason IS NOT NULL);
        END;
        CREATE TRIGGER IF NOT EXISTS translation_queue_parked AFTER UPDATE OF reason ON translation_queue BEGIN
            UPDATE translation_queue_counts SET parked = parked + (NEW.reason IS NOT NULL) - (OLD.reason IS NOT NULL);
        END;
        """;
}
