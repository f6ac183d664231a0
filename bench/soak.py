#!/usr/bin/env python3
"""Mixed traffic against a local `callreport serve --demo` for DURATION seconds.

Workers send detail, list, count, export (create, status, file), recording and invalid-token
requests over keep-alive connections; slow clients drip bodies and hold silent connections.
Every SAMPLE seconds the server's RSS and open file descriptors are read from /proc. At the
end: requests, error rate, p50/p99 per kind, and the drift of RSS and fds between the first
and the last minute. Only 127.0.0.1 is contacted; every loop is bounded by the deadline.

Usage: soak.py PORT PID DURATION OUT_JSON
"""
import http.client
import json
import os
import random
import socket
import sys
import threading
import time

PORT, PID, DURATION, OUT = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
HOST = "127.0.0.1"
SSID = "demo-session-10000001"
SAMPLE = 10.0
WORKERS = 6
SLOW_CLIENTS = 4
DEADLINE = time.monotonic() + DURATION

lock = threading.Lock()
latencies = {}   # kind -> [seconds]
errors = {}      # kind -> count
samples = []     # (t, rss_kb, fds)
call_ids = []
export_ids = []
EXPORT_EVERY = 5.0  # seconds between export requests (each writes a file that is kept)
last_export = [0.0]
recording_paths = []


def record(kind, seconds, ok):
    with lock:
        latencies.setdefault(kind, []).append(seconds)
        if not ok:
            errors[kind] = errors.get(kind, 0) + 1


def post(conn, path, body):
    conn.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
    response = conn.getresponse()
    return response.status, response.read()


def api(conn, kind, endpoint, body, expect_code=None):
    started = time.monotonic()
    try:
        status, raw = post(conn, "/api/v2/CallReport/" + endpoint, body)
        answer = json.loads(raw)
        if expect_code is None:
            ok = status == 200 and answer.get("status") != "error"
        else:
            ok = answer.get("code") == expect_code or status == 429
    except (OSError, http.client.HTTPException, ValueError):
        answer, ok = {}, False
    record(kind, time.monotonic() - started, ok)
    return answer


def get(conn, kind, path):
    started = time.monotonic()
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        ok = response.status in (200, 206)
    except (OSError, http.client.HTTPException):
        ok = False
    record(kind, time.monotonic() - started, ok)


def take_export_turn():
    with lock:
        now = time.monotonic()
        if now - last_export[0] < EXPORT_EVERY:
            return False
        last_export[0] = now
        return True


def worker(seed):
    rng = random.Random(seed)
    conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
    while time.monotonic() < DEADLINE:
        choice = rng.random()
        try:
            if choice < 0.30 and call_ids:
                api(conn, "detail", "detail", {"ssid": SSID, "clId": rng.choice(call_ids)})
            elif choice < 0.50:
                api(conn, "list", "list", {"ssid": SSID, "lmt": 50, "pg": rng.randint(1, 20),
                                           "clTy": ["IBD", "OBD"]})
            elif choice < 0.62:
                api(conn, "count", "reportCount", {"ssid": SSID, "minDur": rng.randint(0, 60)})
            elif choice < 0.64 and take_export_turn():
                answer = api(conn, "export", "exportCsv",
                             {"ssid": SSID, "frmt": "csv", "title": "soak", "clTy": ["IBD"], "minDur": 120})
                exp_id = (answer.get("data") or {}).get("expId")
                if exp_id:
                    with lock:
                        export_ids.append(exp_id)
                        del export_ids[:-50]
            elif choice < 0.70 and export_ids:
                api(conn, "exportStatus", "exportStatus", {"ssid": SSID, "expId": rng.choice(export_ids)})
            elif choice < 0.80 and recording_paths:
                get(conn, "recording", rng.choice(recording_paths))
            else:
                api(conn, "invalidToken", "reportCount", {"ssid": "not-a-session-%d" % rng.randint(0, 9)},
                    expect_code=1014)
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
    conn.close()


def slow_client(seed):
    """Drips a body one byte every 2 s, or holds a silent connection, until closed."""
    rng = random.Random(seed)
    while time.monotonic() < DEADLINE:
        started = time.monotonic()
        closed = False
        try:
            with socket.create_connection((HOST, PORT), timeout=5) as sock:
                if rng.random() < 0.5:
                    sock.sendall(b"POST /api/v2/CallReport/reportCount HTTP/1.1\r\nHost: x\r\n"
                                 b"Content-Length: 1000\r\n\r\n{")
                    kind = "slowBody"
                else:
                    kind = "silent"
                while time.monotonic() < DEADLINE:
                    try:
                        if kind == "slowBody":
                            sock.sendall(b" ")
                        data = sock.recv(4096)
                        if not data:
                            closed = True
                            break
                        if b"408" in data or b"\r\n\r\n" in data:
                            closed = True
                            break
                    except socket.timeout:
                        time.sleep(2 if kind == "slowBody" else 0)
                        continue
                    except OSError:
                        closed = True
                        break
        except OSError:
            closed = True
        if closed:
            record("slowClosedAfter", time.monotonic() - started, True)


def sampler():
    while time.monotonic() < DEADLINE:
        try:
            with open("/proc/%d/status" % PID) as status:
                rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))
            fds = len(os.listdir("/proc/%d/fd" % PID))
        except (OSError, StopIteration):
            break
        samples.append((round(DURATION - (DEADLINE - time.monotonic()), 1), rss, fds))
        time.sleep(min(SAMPLE, max(0.0, DEADLINE - time.monotonic())))


def prime():
    conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
    _, raw = post(conn, "/api/v2/CallReport/list", {"ssid": SSID, "lmt": 200})
    for document in json.loads(raw)["data"]:
        call_ids.append(document["clId"])
    for call_id in call_ids[:40]:
        _, raw = post(conn, "/api/v2/CallReport/detail", {"ssid": SSID, "clId": call_id})
        link = (json.loads(raw).get("data") or {}).get("recording")
        if link:
            recording_paths.append(link.split(str(PORT), 1)[1])
    conn.close()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def main():
    prime()
    threads = [threading.Thread(target=sampler)]
    threads += [threading.Thread(target=worker, args=(n,)) for n in range(WORKERS)]
    threads += [threading.Thread(target=slow_client, args=(100 + n,)) for n in range(SLOW_CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = sum(len(v) for k, v in latencies.items() if k != "slowClosedAfter")
    failed = sum(v for k, v in errors.items())
    every = [x for k, v in latencies.items() if k != "slowClosedAfter" for x in v]
    minute = [s for s in samples if s[0] <= 60]
    last = [s for s in samples if s[0] >= samples[-1][0] - 60] if samples else []
    report = {
        "duration_s": DURATION,
        "requests": total,
        "errors": failed,
        "error_rate": failed / total if total else 0.0,
        "p50_ms": round(percentile(every, 0.50) * 1000, 2),
        "p99_ms": round(percentile(every, 0.99) * 1000, 2),
        "per_kind": {k: {"n": len(v), "errors": errors.get(k, 0),
                         "p50_ms": round(percentile(v, 0.5) * 1000, 2),
                         "p99_ms": round(percentile(v, 0.99) * 1000, 2)}
                     for k, v in sorted(latencies.items())},
        "rss_kb_first_minute_max": max((s[1] for s in minute), default=0),
        "rss_kb_last_minute_max": max((s[1] for s in last), default=0),
        "fds_first_minute_max": max((s[2] for s in minute), default=0),
        "fds_last_minute_max": max((s[2] for s in last), default=0),
        "samples": samples,
    }
    with open(OUT, "w") as out:
        json.dump(report, out, indent=1)
    summary = {k: v for k, v in report.items() if k != "samples"}
    print(json.dumps(summary, indent=1))


main()
