#!/usr/bin/env python3
"""Writes the request list of mixed-traffic.sh (mixed.lua's format: "PATH<TAB>HEADER" per line) from a running
server: feeds in three formats (all and per source), keyword searches (q), older pages (the next link of each
feed), article pages, conditional requests with each feed's current ETag, and /api/health.
Usage: mixed_paths.py BASE_URL OUT"""
import json, sys, urllib.parse, urllib.request

base, out = sys.argv[1], sys.argv[2]


def get(path, headers=None):
    req = urllib.request.Request(base + path, headers=headers or {})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.headers, r.read()


_, body = get("/api/feeds/all.json")
feed = json.loads(body)
items = feed.get("items", [])
ids = [str(i["id"]).rsplit(":", 1)[-1] for i in items][:40]
sources = sorted({urllib.parse.urlparse(i.get("url", "")).hostname or "" for i in items})
_, opml = get("/api/feeds.opml")
slugs = sorted({p.split("/api/feeds/")[1].split(".")[0] for p in opml.decode().split('"') if "/api/feeds/" in p})[:8]
lines = []
for name in ["all"] + slugs:
    for fmt in ("rss", "atom", "json"):
        path = f"/api/feeds/{name}.{fmt}"
        headers, body = get(path)
        lines.append(path + "\t")
        if headers.get("ETag"):
            lines.append(path + "\tIf-None-Match: " + headers["ETag"])
        if fmt == "json" and (nxt := json.loads(body).get("next_url")):
            u = urllib.parse.urlparse(nxt)
            lines.append(u.path + "?" + u.query + "\t")
for word in ("china", "election", "economy", "hong kong", "台湾", "经济"):
    for fmt in ("rss", "json"):
        lines.append(f"/api/feeds/all.{fmt}?q=" + urllib.parse.quote(word) + "\t")
for i in ids:
    lines.append(f"/api/articles/{i}\t")
lines.append("/api/health\t")
with open(out, "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")
kinds = {"feeds": sum(1 for l in lines if "/api/feeds/" in l and "?" not in l.split("\t")[0] and not l.split("\t")[1]),
         "conditional": sum(1 for l in lines if "If-None-Match" in l), "pages": sum(1 for l in lines if "page=" in l),
         "q": sum(1 for l in lines if "q=" in l), "articles": len(ids), "slugs": slugs}
print(json.dumps(kinds, ensure_ascii=False))
