#!/usr/bin/env python3
"""HTTP probes of bench/scripts/sqlite-scale.sh; each prints one JSON line.

  sqlite_probe.py first-byte URL START_EPOCH      seconds from START_EPOCH to the first 200 answer (polls every 5 ms)
  sqlite_probe.py latency BASE N TEMPLATE [--bg TEMPLATE --bg-conc 8]
        N sequential GETs of BASE+TEMPLATE.format(i=i, l=10+i%480) (distinct per i, so each misses the feed cache);
        with --bg, --bg-conc threads loop GETs of the background template meanwhile; prints p50/p90/max ms
  sqlite_probe.py pages BASE PATH PAGES          follows JSON Feed next_url (or the last item's cursor, ?page=) PAGES
        times: ids unique, ms per page
"""
import base64, datetime, http.client, json, struct, statistics, sys, threading, time, urllib.parse


def get(conn, path):
    t = time.perf_counter()
    conn.request("GET", path)
    r = conn.getresponse()
    body = r.read()
    return r.status, body, (time.perf_counter() - t) * 1000


def connect(base):
    u = urllib.parse.urlparse(base)
    return http.client.HTTPConnection(u.hostname, u.port, timeout=60)


def first_byte(url, start):
    u = urllib.parse.urlparse(url)
    while True:
        try:
            c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
            c.request("GET", u.path + ("?" + u.query if u.query else ""))
            r = c.getresponse()
            if r.status == 200:
                r.read(1)
                print(json.dumps({"firstByteSeconds": time.time() - start}))
                return
        except OSError:
            pass
        time.sleep(0.005)


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def latency(base, n, template, bg=None, bg_conc=0):
    stop = threading.Event()
    bg_times, bg_errors = [], [0]

    def loop(k):
        c = connect(base)
        j = 0
        while not stop.is_set():
            j += 1
            try:
                s, _, ms = get(c, bg.format(i=k * 100000 + j, l=10 + (k * 1000 + j) % 480))
                (bg_times.append(ms) if s == 200 else bg_errors.__setitem__(0, bg_errors[0] + 1))
            except OSError:
                bg_errors[0] += 1
                c = connect(base)

    threads = [threading.Thread(target=loop, args=(k,), daemon=True) for k in range(bg_conc)] if bg else []
    for t in threads:
        t.start()
    if threads:
        time.sleep(0.5)
    c = connect(base)
    times, statuses = [], {}
    for i in range(n):
        s, _, ms = get(c, template.format(i=i, l=10 + i % 480))
        statuses[s] = statuses.get(s, 0) + 1
        times.append(ms)
    stop.set()
    for t in threads:
        t.join(timeout=30)
    out = {"n": n, "p50_ms": statistics.median(times), "p90_ms": pct(times, 90), "max_ms": max(times), "statuses": statuses}
    if bg:
        out.update({"bg_requests": len(bg_times), "bg_p50_ms": statistics.median(bg_times) if bg_times else None, "bg_errors": bg_errors[0]})
    print(json.dumps(out))


def cursor(item):
    when = datetime.datetime.fromisoformat(item["date_published"].replace("Z", "+00:00"))
    delta = when - datetime.datetime(1, 1, 1, tzinfo=datetime.timezone.utc)
    ticks = (delta.days * 86400 + delta.seconds) * 10_000_000 + delta.microseconds * 10
    raw = struct.pack(">q", ticks) + item["id"].rsplit(":", 1)[-1].encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def pages(base, path, count):
    c = connect(base)
    seen, times, depth, url = set(), [], 0, path
    dup = 0
    for _ in range(count):
        s, body, ms = get(c, url)
        if s != 200:
            print(json.dumps({"error": s, "depth": depth}))
            return
        doc = json.loads(body)
        for it in doc.get("items", []):
            dup += it["id"] in seen
            seen.add(it["id"])
        depth += 1
        times.append(ms)
        nxt = doc.get("next_url")
        if nxt:
            url = urllib.parse.urlparse(nxt)._replace(scheme="", netloc="").geturl()
        elif doc.get("items"):
            # No next_url rendered (yet): the cursor of the last item, as FeedCursor.Encode makes it.
            url = path + "&page=" + cursor(doc["items"][-1])
        else:
            break
    print(json.dumps({"pages": depth, "items": len(seen), "duplicates": dup, "p50_ms": statistics.median(times),
                      "last_ms": times[-1], "max_ms": max(times), "last_date": doc["items"][-1].get("date_published") if doc.get("items") else None}))


if __name__ == "__main__":
    a = sys.argv[1:]
    if a[0] == "first-byte":
        first_byte(a[1], float(a[2]))
    elif a[0] == "latency":
        bg = a[a.index("--bg") + 1] if "--bg" in a else None
        conc = int(a[a.index("--bg-conc") + 1]) if "--bg-conc" in a else (8 if bg else 0)
        latency(a[1], int(a[2]), a[3], bg, conc)
    elif a[0] == "pages":
        pages(a[1], a[2], int(a[3]))
