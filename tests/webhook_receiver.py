"""A real webhook receiver for the tests: an HTTP server on 127.0.0.1 in a thread that verifies every
delivery's signature with the Standard Webhooks reference implementation (`standardwebhooks`, not our code),
and can be told how to answer: 2xx, an error status (500, 410), a redirect, slowly (past the read timeout),
or by dropping the connection without a word."""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook, WebhookVerificationError

from tests.polling import SHUTDOWN_POLL


@dataclass
class Received:
    """One request as the receiver saw it: headers, body, and whether the signature verified."""

    headers: dict[str, str]
    body: str
    verified: bool
    payload: dict | None


@dataclass
class Receiver:
    # The secrets of the endpoints it stands for: a body verified by one of them counts as verified.
    secrets: list[str] = field(default_factory=list)
    # What to do with the next requests, in order; when empty, `default`.
    plan: list[str] = field(default_factory=list)
    default: str = "200"
    received: list[Received] = field(default_factory=list)
    slow_seconds: float = 10.0

    def start(self) -> "Receiver":
        receiver = self
        release = threading.Event()
        self._release = release

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                headers = {name.lower(): value for name, value in self.headers.items()}
                payload, verified = None, False
                for secret in receiver.secrets:
                    try:
                        payload, verified = Webhook(secret).verify(body, headers), True
                    except WebhookVerificationError:
                        continue
                receiver.received.append(Received(headers, body, verified, payload))
                action = receiver.plan.pop(0) if receiver.plan else receiver.default
                if action == "drop":
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                if action == "slow":
                    release.wait(receiver.slow_seconds)  # past the read timeout; released when the test ends
                    action = "200"
                if action == "redirect":
                    self.send_response(302)
                    self.send_header("Location", "http://127.0.0.1:1/elsewhere")
                    self.end_headers()
                    return
                status = int(action)
                answer = json.dumps({"ok": status < 300, "status": status}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": SHUTDOWN_POLL}, daemon=True
        )
        self.thread.start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def stop(self) -> None:
        self._release.set()
        self.server.shutdown()
        self.server.server_close()
