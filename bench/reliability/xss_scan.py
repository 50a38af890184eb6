#!/usr/bin/env python3
"""Scans FeedRelay's served feeds and article pages for anything executable. Usage: xss_scan.py BASE_URL
RSS title/description/content:encoded, Atom html/xhtml constructs and JSON Feed content_html are parsed as HTML
(readers render them); every element, attribute and URL is checked. Findings print as JSON; exit 1 if any."""
import html.parser, json, re, sys, urllib.error, urllib.request
import xml.etree.ElementTree as ET

BASE = sys.argv[1].rstrip("/")
TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link", "form", "input",
        "button", "style", "svg", "math", "template", "noscript", "textarea", "select", "body", "html", "head",
        "title", "xml", "isindex", "portal", "xss", "bgsound", "marquee", "param", "source", "track"}
URL_ATTRS = {"href", "src", "action", "formaction", "data", "background", "dynsrc", "lowsrc", "poster", "cite",
             "xlink:href", "codebase", "longdesc", "usemap", "profile", "ping", "manifest", "icon", "srcset"}
SAFE_SCHEMES = {"http", "https", "mailto"}
CTRL = re.compile(r"[\x00-\x20\x7f]+")
findings, warnings, counts = [], [], {"documents": 0, "items": 0, "html fragments": 0, "article pages": 0}


def url_problem(attr, value):
    for candidate in (value.split(",") if attr == "srcset" else [value]):
        url = CTRL.sub("", candidate.strip().split(" ")[0] if attr == "srcset" else candidate).lower()
        m = re.match(r"^([a-z][a-z0-9+.\-]*):", url)
        if not m or m.group(1) in SAFE_SCHEMES:
            continue
        if m.group(1) == "data" and re.match(r"^data:image/(png|gif|jpeg|webp)[;,]", url):
            continue
        return f"{attr} with scheme '{m.group(1)}:'"
    return None


class Scan(html.parser.HTMLParser):
    def __init__(self, where, allowed_tags=()):
        super().__init__(convert_charrefs=True)
        self.where, self.allowed = where, set(allowed_tags)

    def handle_starttag(self, tag, attrs):
        if tag in TAGS and tag not in self.allowed:
            findings.append({"where": self.where, "what": f"<{tag}> element"})
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                findings.append({"where": self.where, "what": f"event handler {name}= on <{tag}>"})
            elif name in ("srcdoc", "formaction"):
                findings.append({"where": self.where, "what": f"{name}= on <{tag}>"})
            elif name == "style":
                if re.search(r"expression|javascript|url\s*\(|behavior|-moz-binding|@import", CTRL.sub("", value.lower())):
                    findings.append({"where": self.where, "what": f"executable style on <{tag}>: {value[:60]}"})
                else:
                    warnings.append({"where": self.where, "what": f"style attribute kept on <{tag}>"})
            elif name in URL_ATTRS and (problem := url_problem(name, value)):
                findings.append({"where": self.where, "what": f"{problem} on <{tag}>"})

    handle_startendtag = handle_starttag


def scan_html(fragment, where, allowed=()):
    counts["html fragments"] += 1
    s = Scan(where, allowed)
    s.feed(fragment or "")
    s.close()


def check_url(url, where):
    if url and (problem := url_problem("href", url)):
        findings.append({"where": where, "what": "item link " + problem})


def text_field(text, where):
    if text and re.search(r"<[a-zA-Z!/?]", text):
        warnings.append({"where": where, "what": "markup in a plain-text field (safe only if readers treat it as text)"})


def get(path):
    try:
        with urllib.request.urlopen(BASE + path, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


ids = set()
NS = {"atom": "http://www.w3.org/2005/Atom", "content": "http://purl.org/rss/1.0/modules/content/",
      "dc": "http://purl.org/dc/elements/1.1/"}

status, ctype, body = get("/api/feeds/all.rss")
counts["documents"] += 1
rss = ET.fromstring(body)
for item in rss.iter("item"):
    counts["items"] += 1
    where = "rss item " + (item.findtext("guid") or "?")
    ids.add((item.findtext("guid") or "").rsplit(":", 1)[-1])
    scan_html(item.findtext("title"), where + " title (RSS titles are rendered as HTML by many readers)")
    scan_html(item.findtext("description"), where + " description")
    scan_html(item.findtext("content:encoded", namespaces=NS), where + " content:encoded")
    check_url(item.findtext("link"), where)
    text_field(item.findtext("dc:creator", namespaces=NS), where + " dc:creator")
    for c in item.findall("category"):
        text_field(c.text, where + " category")

status, ctype, body = get("/api/feeds/all.atom")
counts["documents"] += 1
atom = ET.fromstring(body)
for entry in atom.iter("{http://www.w3.org/2005/Atom}entry"):
    counts["items"] += 1
    where = "atom entry " + (entry.findtext("atom:id", namespaces=NS) or "?")
    ids.add((entry.findtext("atom:id", namespaces=NS) or "").rsplit(":", 1)[-1])
    for name in ("title", "summary", "content"):
        for el in entry.findall("atom:" + name, NS):
            kind = el.get("type", "text")
            if kind in ("html", "xhtml"):
                scan_html(el.text if kind == "html" else ET.tostring(el, encoding="unicode"), f"{where} {name} ({kind})")
            else:
                text_field(el.text, f"{where} {name} (text)")
    for link in entry.findall("atom:link", NS):
        check_url(link.get("href"), where)
    for author in entry.findall("atom:author/atom:name", NS):
        text_field(author.text, where + " author")

status, ctype, body = get("/api/feeds/all.json")
if status == 200:
    counts["documents"] += 1
    for item in json.loads(body).get("items", []):
        counts["items"] += 1
        where = "json item " + str(item.get("id"))
        scan_html(item.get("content_html"), where + " content_html")
        check_url(item.get("url"), where)
        text_field(item.get("title"), where + " title")

for article_id in sorted(i for i in ids if i):
    status, ctype, body = get("/api/articles/" + article_id)
    if status != 200:
        continue
    counts["article pages"] += 1
    page = body.decode("utf-8", "replace")
    where = "article page " + article_id
    start, end = page.find("<article>"), page.rfind("</article>")
    scan_html(page[start:end] if start >= 0 else page, where + " body")
    # The page template itself: only its own head elements are allowed.
    scan_html(page, where + " whole page", allowed=("html", "head", "body", "meta", "title", "style"))
    if "Content-Security-Policy" not in page:
        warnings.append({"where": where, "what": "no Content-Security-Policy"})

status, ctype, body = get("/api/ingest/rejections")
if status == 200 and "json" not in ctype:
    findings.append({"where": "/api/ingest/rejections", "what": f"served as {ctype}, not JSON"})



def by_kind(entries):
    kinds = {}
    for e in entries:
        where = re.sub(r"(tag:feedrelay,\d+:article:)?[0-9a-f]{16,}", "ID", e["where"])
        key = where + ": " + e["what"]
        kinds.setdefault(key, {"count": 0, "example": e["where"]})["count"] += 1
    return dict(sorted(kinds.items(), key=lambda kv: -kv[1]["count"]))


print(json.dumps({**counts, "findings": len(findings), "warnings": len(warnings),
                  "findingsByKind": by_kind(findings), "warningsByKind": by_kind(warnings)}, ensure_ascii=False, indent=1))
sys.exit(1 if findings else 0)
