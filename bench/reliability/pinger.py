#!/usr/bin/env python3
"""One GET of URL every 100 ms until the file STOP exists; writes "time answer" lines to OUT (answer: the HTTP status,
or the exception's name when no answer came within 5 s). Usage: pinger.py URL OUT STOP"""
import os, sys, time, urllib.error, urllib.request

url, out, stop = sys.argv[1:4]
with open(out, "w") as f:
    while not os.path.exists(stop):
        t = time.time()
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                r.read()
                code = r.status
        except urllib.error.HTTPError as e:
            code = e.code
        except Exception as e:  # noqa: BLE001 - any failure to answer is what is counted
            code = type(e).__name__
        f.write(f"{t:.2f} {code}\n")
        f.flush()
        time.sleep(max(0, 0.1 - (time.time() - t)))
