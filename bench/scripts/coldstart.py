#!/usr/bin/env python3
"""Process start to first feed byte: starts the server command N times on a free loopback port and polls
GET PATH (every 2 ms) until the first byte of a response arrives. Prints one JSON line per scenario.
Usage: coldstart.py NAME RUNS PATH DATA_DIR SEEDS_DIR -- COMMAND..."""
import json, os, shutil, socket, statistics, subprocess, sys, tempfile, time

name, runs, path, data, seeds = sys.argv[1:6]
command = sys.argv[sys.argv.index("--") + 1:]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def one_run():
    port = free_port()
    work = tempfile.mkdtemp(prefix="coldstart-")
    run_data = os.path.join(work, "data")
    if data:
        shutil.copytree(data, run_data)
    env = dict(os.environ, FeedRelay__DataPath=run_data, FeedRelay__SeedsPath=seeds,
               Logging__LogLevel__Default="Warning", ASPNETCORE_ENVIRONMENT="Production")
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode()
    started = time.perf_counter()
    # Each run starts in its own scratch folder. (Until 7 Dec 2026 the working directory was the host's content root,
    # whose whole tree the appsettings.json reload watcher walked; the content root is now the app's own folder.)
    process = subprocess.Popen(command + ["--urls", f"http://127.0.0.1:{port}"], env=env, cwd=work,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}")
            if time.perf_counter() - started > 60:
                raise RuntimeError("no response within 60 s")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
                    s.sendall(request)
                    first = s.recv(1)
                    if not first:
                        continue
                    first_byte = time.perf_counter() - started
                    rest = bytearray(first)
                    while chunk := s.recv(65536):
                        rest += chunk
                    complete = time.perf_counter() - started
                    status = rest.split(b"\r\n", 1)[0].decode(errors="replace")
                    return first_byte, complete, status
            except (ConnectionRefusedError, ConnectionResetError):
                time.sleep(0.002)
    finally:
        process.terminate()
        process.wait()
        shutil.rmtree(work, ignore_errors=True)


results = [one_run() for _ in range(int(runs))]
firsts = [r[0] * 1000 for r in results]
completes = [r[1] * 1000 for r in results]
print(json.dumps({
    "scenario": name, "runs": len(results), "statuses": sorted({r[2] for r in results}),
    "firstByteMedianMs": statistics.median(firsts), "firstByteMinMs": min(firsts), "firstByteMaxMs": max(firsts),
    "completeMedianMs": statistics.median(completes),
}))
