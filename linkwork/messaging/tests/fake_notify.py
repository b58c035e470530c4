"""A fake GOV.UK Notify API on 127.0.0.1 for tests: records requests, fails the first N on purpose."""

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SERVICE_ID = "11111111-1111-4111-8111-111111111111"
SECRET = "22222222-2222-4222-8222-222222222222"
API_KEY = f"linkwork_test-{SERVICE_ID}-{SECRET}"


class FakeNotify:
    def __init__(self, *, fail_first=0, fail_status=500):
        self.fail_first = fail_first
        self.fail_status = fail_status
        self.requests = []  # every request: (path, body)
        self.accepted = []  # requests answered 201: the messages Notify would send
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])) or b"{}")
                with fake._lock:
                    fake.requests.append((self.path, body, self.headers.get("Authorization", "")))
                    failing = len(fake.requests) <= fake.fail_first
                    if not failing:
                        fake.accepted.append((self.path, body))
                if failing:
                    self._answer(
                        fake.fail_status, {"errors": [{"error": "Exception", "message": "Try again"}]}
                    )
                else:
                    self._answer(201, {"id": str(uuid.uuid4()), "reference": body.get("reference")})

            def _answer(self, status, data):
                payload = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format, *args):
                pass

        return Handler
