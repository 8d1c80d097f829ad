"""A group robot on loopback: a real HTTP server that keeps each request
and answers as the test tells it."""

import json
import threading
import time
import urllib.parse
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Arrival:
    path: str
    query: dict[str, str]
    body: dict
    at: float


@dataclass
class Robot:
    """What arrived, and what to answer next (``(status, body)`` pairs,
    then ``{"errcode": 0}`` for ever)."""

    url: str
    arrivals: list[Arrival] = field(default_factory=list)
    answers: deque = field(default_factory=deque)
    ok_body: dict = field(default_factory=lambda: {"errcode": 0, "errmsg": "ok"})


def start_robot() -> tuple[Robot, ThreadingHTTPServer]:
    """A robot listening on 127.0.0.1 at a free port, in a thread."""
    robot = Robot(url="")
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (the stdlib's name)
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            split = urllib.parse.urlsplit(self.path)
            # Kept as sent: a signature's URL encoding is part of the test.
            query = dict(
                part.split("=", 1) for part in split.query.split("&") if "=" in part
            )
            with lock:
                robot.arrivals.append(
                    Arrival(
                        path=split.path,
                        query=query,
                        body=json.loads(raw.decode("utf-8")),
                        at=time.monotonic(),
                    )
                )
                status, body = (
                    robot.answers.popleft() if robot.answers else (200, robot.ok_body)
                )
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format, *args) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    robot.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return robot, server
