#!/usr/bin/env python3
"""Cold start over Azure storage: starts the server command RUNS times against an Azurite account reached through
counting proxies (one per service, started here), polls GET PATH until its first byte arrives, and reports the time
from process start to first byte, the storage requests the process sent until then, and its resident memory after
the response. Prints one JSON line.
Usage: azure_coldstart.py NAME RUNS PATH BLOB_PORT QUEUE_PORT TABLE_PORT -- COMMAND..."""
import asyncio, json, os, re, socket, statistics, subprocess, sys, tempfile, threading, time, shutil

name, runs, path = sys.argv[1:4]
upstream = dict(zip(("Blob", "Queue", "Table"), map(int, sys.argv[4:7])))
command = sys.argv[sys.argv.index("--") + 1:]
KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
REQUEST_LINE = re.compile(rb"(?:GET|PUT|POST|DELETE|HEAD|MERGE|PATCH|OPTIONS) [^ \r\n]+ HTTP/1\.1\r\n")
requests = 0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def pipe(reader, writer, count):
    global requests
    try:
        while data := await reader.read(65536):
            if count:
                requests += len(REQUEST_LINE.findall(data))
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


def proxy(port):
    async def handle(client_reader, client_writer):
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", port)
        await asyncio.gather(pipe(client_reader, server_writer, True), pipe(server_reader, client_writer, False))
    return handle


ports = {service: free_port() for service in upstream}
loop = asyncio.new_event_loop()


async def serve():
    for service, port in upstream.items():
        await asyncio.start_server(proxy(port), "127.0.0.1", ports[service])

threading.Thread(target=lambda: (loop.run_until_complete(serve()), loop.run_forever()), daemon=True).start()
connection = (f"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={KEY};"
              f"BlobEndpoint=http://127.0.0.1:{ports['Blob']}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{ports['Queue']}/devstoreaccount1;"
              f"TableEndpoint=http://127.0.0.1:{ports['Table']}/devstoreaccount1;")
time.sleep(0.5)


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def one_run():
    global requests
    port = free_port()
    work = tempfile.mkdtemp(prefix="azure-coldstart-")
    env = dict(os.environ, FeedRelay__Storage__Kind="Azure", FeedRelay__Storage__ConnectionString=connection,
               FeedRelay__SeedsPath="", FeedRelay__DataPath=work, Logging__LogLevel__Default="Warning", ASPNETCORE_ENVIRONMENT="Production")
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode()
    requests = 0
    started = time.perf_counter()
    process = subprocess.Popen(command + ["--urls", f"http://127.0.0.1:{port}"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}")
            if time.perf_counter() - started > 120:
                raise RuntimeError("no response within 120 s")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
                    s.sendall(request)
                    first = s.recv(1)
                    if not first:
                        continue
                    first_byte = time.perf_counter() - started
                    at_first_byte = requests
                    rest = bytearray(first)
                    while chunk := s.recv(65536):
                        rest += chunk
                    status = rest.split(b"\r\n", 1)[0].decode(errors="replace")
                    return first_byte, at_first_byte, rss_mib(process.pid), status
            except (ConnectionRefusedError, ConnectionResetError):
                time.sleep(0.002)
    finally:
        process.terminate()
        process.wait()
        shutil.rmtree(work, ignore_errors=True)


results = [one_run() for _ in range(int(runs))]
firsts = [r[0] * 1000 for r in results]
print(json.dumps({
    "scenario": name, "runs": len(results), "statuses": sorted({r[3] for r in results}),
    "firstByteMedianMs": statistics.median(firsts), "firstByteMinMs": min(firsts), "firstByteMaxMs": max(firsts),
    "storageRequestsMedian": statistics.median(r[1] for r in results), "storageRequestsMax": max(r[1] for r in results),
    "rssMiBMedian": statistics.median(r[2] for r in results),
}))
