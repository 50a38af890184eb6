#!/usr/bin/env python3
"""A fake Azure AI Translator (v3) on loopback with injected faults, for translator-faults.sh.
POST /translate?api-version=3.0&to=en  body [{"Text": "..."}]  ->  [{"translations":[{"text":"[en] ...","to":"en"}]}]
Faults (env FAULTS, e.g. "429:0.15,503:0.10,slow:0.10"; deterministic with FAULT_SEED): 429 with Retry-After,
503, a slow 200 after SLOW_SECONDS, or "malformed": a 200 whose body is not the documented JSON (in turn truncated
JSON, an object instead of an array, items without "translations", fewer items than texts sent; not billed). Checks the key header and Azure's limits (1,000 texts, 50,000 characters).
GET /stats: requests by outcome, billed characters (texts of 200 responses) and every text translated;
POST /reset clears the counters. Usage: fake_translator.py PORT"""
import json, os, random, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

FAULTS = [(kind, float(p)) for kind, p in (f.split(":") for f in os.environ.get("FAULTS", "429:0.15,503:0.10,slow:0.10").split(",") if f)]
SLOW = float(os.environ.get("SLOW_SECONDS", "3"))
RETRY_AFTER = os.environ.get("RETRY_AFTER", "1")
rng = random.Random(int(os.environ.get("FAULT_SEED", "42")))
lock = threading.Lock()


def fresh():
    return {"requests": 0, "byOutcome": {}, "billedCharacters": 0, "texts": 0, "translated": [], "translatedAt": [], "badRequests": []}


stats = fresh()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, headers=()):
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def count(self, outcome):
        stats["byOutcome"][outcome] = stats["byOutcome"].get(outcome, 0) + 1

    def do_GET(self):
        if self.path.startswith("/stats"):
            with lock:
                self.reply(200, stats)
        else:
            self.reply(404, {"error": {"code": 404000, "message": "not found"}})

    def do_POST(self):
        global stats
        url = urlparse(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if url.path == "/reset":
            with lock:
                stats = fresh()
            return self.reply(200, {"reset": True})
        with lock:
            stats["requests"] += 1
        query = parse_qs(url.query)
        if url.path.rstrip("/") != "/translate" or query.get("api-version") != ["3.0"] or "to" not in query:
            with lock:
                self.count("400 bad route")
                stats["badRequests"].append(self.path)
            return self.reply(404, {"error": {"code": 404001, "message": "expected POST /translate?api-version=3.0&to=..."}})
        if not self.headers.get("Ocp-Apim-Subscription-Key"):
            with lock:
                self.count("401 no key")
            return self.reply(401, {"error": {"code": 401000, "message": "missing Ocp-Apim-Subscription-Key"}})
        try:
            items = json.loads(body)
            texts = [next(v for k, v in item.items() if k.lower() == "text") for item in items]
        except (ValueError, StopIteration, AttributeError):
            with lock:
                self.count("400 bad body")
            return self.reply(400, {"error": {"code": 400000, "message": "body must be [{\"Text\": ...}]"}})
        if len(texts) > 1000 or sum(len(t) for t in texts) > 50000:
            with lock:
                self.count("400 over limits")
            return self.reply(400, {"error": {"code": 400077, "message": "over 1,000 texts or 50,000 characters"}})
        with lock:
            roll, fault, acc = rng.random(), None, 0.0
            for kind, p in FAULTS:
                acc += p
                if roll < acc:
                    fault = kind
                    break
        if fault == "429":
            with lock:
                self.count("429")
            return self.reply(429, {"error": {"code": 429001, "message": "too many requests"}}, [("Retry-After", RETRY_AFTER)])
        if fault == "503":
            with lock:
                self.count("503")
            return self.reply(503, {"error": {"code": 503000, "message": "service unavailable"}})
        if fault == "malformed":
            with lock:
                self.count("200 malformed")
                kind = stats["byOutcome"]["200 malformed"] % 4
            good = [{"translations": [{"text": "[x] " + t, "to": "en"}]} for t in texts]
            if kind == 0:
                data = json.dumps(good).encode()[: max(1, len(json.dumps(good)) // 2)]
            elif kind == 1:
                data = json.dumps({"translations": good}).encode()
            elif kind == 2:
                data = json.dumps([{"detectedLanguage": {"language": "zh-Hans", "score": 1.0}} for _ in texts]).encode()
            else:
                data = json.dumps(good[: len(good) - 1]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        if fault == "slow":
            time.sleep(SLOW)
        to = query["to"][0]
        result = []
        for t in texts:
            entry = {"translations": [{"text": "[" + to + "] " + t, "to": to}]}
            if "from" not in query:
                entry["detectedLanguage"] = {"language": "zh-Hans", "score": 1.0}
            result.append(entry)
        with lock:
            self.count("200 slow" if fault == "slow" else "200")
            stats["billedCharacters"] += sum(len(t) for t in texts)
            stats["texts"] += len(texts)
            stats["translated"].extend(texts)
            stats["translatedAt"].extend([time.time()] * len(texts))
        self.reply(200, result)


server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
server.daemon_threads = True
server.serve_forever()
