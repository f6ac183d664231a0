"""A list endpoint that costs almost nothing: it answers every request with the same page of
1,000 call documents and names the next page in the `callreport-next-cursor` header, PAGES
times, then once more without it. It stands in for a server on another machine, so that
`bench/client-decode.sh` measures what the client alone can do with the machine's cores.

Usage: python replay_pages.py PORT PAGES CALLS_JSONL
"""

import http.server
import sys

PORT, PAGES, CALLS = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]

with open(CALLS, "rb") as lines:
    documents = [line.strip() for line in lines if line.strip()][:1000]
BODY = b'{"data":[' + b",".join(documents) + b'],"lmt":1000}'


class Replay(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    served = 0

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Replay.served += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        if Replay.served <= PAGES:
            self.send_header("callreport-next-cursor", f"page-{Replay.served}")
        else:
            Replay.served = 0
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Replay).serve_forever()
