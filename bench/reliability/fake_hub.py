#!/usr/bin/env python3
"""A faulty WebSub hub on loopback for dependency-faults.sh. MODE hang: accepts the publish request and never
answers; MODE 500: answers 500 to everything. GET /stats (answered in both modes): publish requests received.
Usage: fake_hub.py PORT MODE"""
import json, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

mode = sys.argv[2]
lock = threading.Lock()
received = {"publish": 0}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        data = json.dumps(received).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with lock:
            received["publish"] += 1
        if mode == "hang":
            time.sleep(3600)
            return
        body = b"hub failure"
        self.send_response(500)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
server.daemon_threads = True
server.serve_forever()
