// Node side of render-vs-node-feed.sh: renders the exported FeedRelay items with the npm package `feed`
// N times in a loop, timed with a monotonic clock around the loop only (the same method as the C# render-loop).
// Usage: node render-feed.mjs items.json rss|atom|json iterations warmup
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { Feed } from "feed";

const [itemsPath, format = "rss", iterations = "2000", warmup = "200"] = process.argv.slice(2);
const articles = JSON.parse(readFileSync(itemsPath, "utf8"));
const base = "http://127.0.0.1/";

// Build the feed from the articles on every render, as FeedWriter.Write does.
function render() {
  const updated = new Date(Math.max(...articles.map((a) => Date.parse(a.updated ?? a.published))));
  const feed = new Feed({
    id: "tag:feedrelay,2026:all",
    title: "FeedRelay: all sources",
    description: "FeedRelay: FeedRelay: all sources",
    link: base,
    updated,
    generator: "FeedRelay",
    feedLinks: { rss: base + "api/feeds/all.rss", atom: base + "api/feeds/all.atom" },
    author: { name: "FeedRelay" },
    copyright: "",
  });
  for (const a of articles) {
    feed.addItem({
      title: a.title,
      id: "tag:feedrelay,2026:article:" + a.id,
      link: a.link ?? base + "api/articles/" + a.id,
      date: new Date(a.updated ?? a.published),
      published: new Date(a.published),
      description: a.summary,
      content: a.contentHtml,
      author: [{ name: a.author ?? a.source }],
      category: (a.categories ?? []).map((name) => ({ name })),
    });
  }
  return format === "atom" ? feed.atom1() : format === "json" ? feed.json1() : feed.rss2();
}

let bytes = 0;
for (let i = 0; i < Number(warmup); i++) bytes = Buffer.byteLength(render());
const start = performance.now();
for (let i = 0; i < Number(iterations); i++) bytes = Buffer.byteLength(render());
const totalMs = performance.now() - start;
console.log(JSON.stringify({
  renderer: "node feed@6.0.0",
  format,
  items: articles.length,
  iterations: Number(iterations),
  totalMs,
  perRenderUs: (totalMs * 1000) / Number(iterations),
  bytes,
}));
