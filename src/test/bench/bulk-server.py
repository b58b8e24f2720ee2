#!/usr/bin/env python3
"""A minimal FHIR Bulk Data server for the back-fill benchmark (loopback, no auth): Patient/$export
answers 202 with a status URL; the status URL answers 202 with Retry-After: 1 once, then the manifest
of the NDJSON files in <dir>; files stream from disk; DELETE ends the export.

  src/test/bench/bulk-server.py <dir> <port>
"""
import json
import os
import shutil
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DIR, PORT = sys.argv[1], int(sys.argv[2])
polls = {"count": 0}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", headers=None):
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        base = "http://127.0.0.1:%d" % PORT
        if self.path.startswith("/fhir/Patient/$export"):
            if self.headers.get("Prefer") != "respond-async":
                return self.send(400, b"Prefer: respond-async required")
            polls["count"] = 0
            return self.send(202, headers={"Content-Location": base + "/status/1"})
        if self.path == "/status/1":
            polls["count"] += 1
            if polls["count"] == 1:
                return self.send(202, headers={"Retry-After": "1", "X-Progress": "preparing"})
            output = [{"type": name[:-len(".ndjson")], "url": base + "/files/" + name}
                      for name in sorted(os.listdir(DIR)) if name.endswith(".ndjson")]
            body = json.dumps({"transactionTime": "2026-06-01T00:00:00Z", "request": base + "/fhir/Patient/$export",
                               "requiresAccessToken": False, "output": output, "error": []}).encode()
            return self.send(200, body, {"Content-Type": "application/json"})
        if self.path.startswith("/files/"):
            path = os.path.join(DIR, os.path.basename(self.path))
            self.send_response(200)
            self.send_header("Content-Type", "application/fhir+ndjson")
            self.send_header("Content-Length", str(os.path.getsize(path)))
            self.end_headers()
            with open(path, "rb") as f:
                shutil.copyfileobj(f, self.wfile, 1 << 16)
            return None
        return self.send(404)

    def do_DELETE(self):
        return self.send(202)


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
