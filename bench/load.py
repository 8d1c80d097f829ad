"""A load test of the API: concurrent clients reading and writing through
``yeji serve`` on a loopback port, for a bounded time.

It starts ``yeji serve`` (gunicorn) on 127.0.0.1 against the database given
(``--database-url``, else the SQLite file of ``--home``), which must already
hold a company (``yeji import`` of ``bench/generate.py``'s files, or the
benchmark's kept database).  It links log-ins to the first reps and makes
them tokens, then runs ``--clients`` threads for ``--seconds``; each acts as
one rep and sends, one after the other, a mix of

    reads:  a page of the rep's customers, one customer, a page of orders,
            the scorecard of a team (as an administrator)
    writes: a new visit, a change to one of the rep's customers (read, then
            PATCH with its version), a new order

(``--readers-only`` leaves the writes out, ``--only`` names the operations
to send).  Every request's latency and
status is kept; at the end it prints per operation the count, p50, p95 and
p99 in milliseconds, the requests per second, the errors by kind (a server
log line with "database is locked" counted apart) and writes it all as JSON
(``--out``).  It exits non-zero when any request failed.

    # 50 clients reading and writing on PostgreSQL, 60 s:
    .venv/bin/python bench/load.py --database-url \\
        postgres://postgres@127.0.0.1:5432/yeji_bench --clients 50 --seconds 60
    # 8 readers:
    .venv/bin/python bench/load.py --database-url ... --clients 8 \\
        --seconds 60 --readers-only

Traffic goes to 127.0.0.1 only, and the run stops by itself.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parents[1]

# How often each operation is picked: (name, weight, writes).
MIX = [
    ("customer_list", 30, False),
    ("customer_read", 35, False),
    ("order_list", 12, False),
    ("team_scorecard", 3, False),
    ("visit_create", 8, True),
    ("customer_update", 7, True),
    ("order_create", 5, True),
]


@dataclass
class Rep:
    """A client's identity: a rep's token, and customers it may change."""

    employee_no: str
    token: str
    customers: list[str]


@dataclass
class Cast:
    reps: list[Rep]
    admin_token: str
    team: str


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies[name].append(seconds)
            if error:
                self.errors[f"{name}: {error}"] += 1


# -- setting up ---------------------------------------------------------------


def environment(args: argparse.Namespace) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "YEJI_DEMO", "DJANGO_SETTINGS_MODULE"}
    }
    env["YEJI_HOME"] = str(args.home)
    env.setdefault("YEJI_LOG_LEVEL", "WARNING")
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    return env


def make_cast(env: dict[str, str], clients: int) -> Cast:
    """Log-ins and tokens for up to ``clients`` reps and one administrator.

    Runs in this process, on the server's database: the reps are the first
    ones by employee number, each linked to a log-in ``load-<employee_no>``.
    Clients share reps when there are fewer reps than clients, each with a
    slice of the rep's customers of its own, so that no two clients change
    the same customer.
    """
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "yeji.settings"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connections

    from yeji.api.services import token_create
    from yeji.crm.models import Customer
    from yeji.org.models import Employee, Role

    users = get_user_model()
    reps = list(
        Employee.objects.filter(role=Role.REP, left_on__isnull=True)
        .select_related("team")
        .order_by("employee_no")[:clients]
    )
    if not reps:
        raise SystemExit("the database has no rep: import a company first")
    chosen = [reps[index % len(reps)] for index in range(clients)]
    sharers = Counter(employee.pk for employee in chosen)
    parts: Counter = Counter()
    result = []
    for employee in chosen:
        if employee.user_id is None:
            user, _ = users.objects.get_or_create(
                username=f"load-{employee.employee_no}"
            )
            employee.user = user
            employee.save(update_fields=["user"])
        _token, secret = token_create(user=employee.user, name="bench/load.py")
        codes = list(
            Customer.objects.filter(owner=employee)
            .order_by("code")
            .values_list("code", flat=True)[:400]
        )
        part = parts[employee.pk]
        parts[employee.pk] += 1
        mine = codes[part :: sharers[employee.pk]] or codes
        result.append(Rep(employee.employee_no, secret, mine))
    admin, _ = users.objects.get_or_create(
        username="load-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    _token, admin_secret = token_create(user=admin, name="bench/load.py")
    connections.close_all()
    return Cast(result, admin_secret, reps[0].team.code)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(
    env: dict[str, str], port: int, workers: int, log: Path
) -> subprocess.Popen:
    yeji = Path(sys.executable).with_name("yeji")
    command = [str(yeji)] if yeji.exists() else [sys.executable, "-m", "yeji.cli"]
    server = subprocess.Popen(
        [*command, "serve", "--host", HOST, "--port", str(port)]
        + ["--workers", str(workers)],
        env={**env, "YEJI_LOG_LEVEL": "WARNING"},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"yeji serve ended; see {log}")
        try:
            status, _body = request(port, "GET", "/api/v1/teams", None, "")
            if status == 401:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    stop_server(server)
    raise SystemExit(f"yeji serve did not answer in 120 s; see {log}")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# -- the clients ----------------------------------------------------------------


def request(
    port: int, method: str, path: str, body: object, token: str
) -> tuple[int, bytes]:
    # Gunicorn's sync workers close each connection after its answer.
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        headers = {"Accept-Language": "en"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        connection.request(method, path, body=data, headers=headers)
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


class Client(threading.Thread):
    def __init__(
        self,
        number: int,
        rep: Rep,
        cast: Cast,
        args: argparse.Namespace,
        port: int,
        results: Results,
        stop_at: float,
    ) -> None:
        super().__init__(daemon=True)
        self.number = number
        self.rep = rep
        self.cast = cast
        self.args = args
        self.port = port
        self.results = results
        self.stop_at = stop_at
        self.random = random.Random(number)
        self.made = 0
        mix = [
            (n, w)
            for n, w, writes in MIX
            if not (writes and args.readers_only) and (not args.only or n in args.only)
        ]
        self.names = [n for n, _w in mix]
        self.weights = [w for _n, w in mix]

    def run(self) -> None:
        # Each operation once first, so that even a short run times them all.
        first = list(self.names)
        while time.monotonic() < self.stop_at:
            if first:
                name = first.pop(0)
            else:
                name = self.random.choices(self.names, self.weights)[0]
            started = time.perf_counter()
            try:
                error = getattr(self, name)()
            except (OSError, http.client.HTTPException) as failure:
                error = f"{type(failure).__name__}"
            self.results.add(name, time.perf_counter() - started, error)

    def call(
        self, method: str, path: str, body: object = None, token: str | None = None
    ) -> tuple[int, object]:
        status, raw = request(self.port, method, path, body, token or self.rep.token)
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, None

    def customer(self) -> str:
        return self.random.choice(self.rep.customers)

    def _expect(self, status: int, wanted: int) -> str | None:
        return None if status == wanted else f"HTTP {status}"

    def customer_list(self) -> str | None:
        offset = self.random.randrange(0, 200, 50)
        status, _ = self.call("GET", f"/api/v1/customers?limit=50&offset={offset}")
        return self._expect(status, 200)

    def customer_read(self) -> str | None:
        status, _ = self.call("GET", f"/api/v1/customers/{self.customer()}")
        return self._expect(status, 200)

    def order_list(self) -> str | None:
        status, _ = self.call("GET", "/api/v1/orders?limit=50")
        return self._expect(status, 200)

    def team_scorecard(self) -> str | None:
        path = f"/api/v1/scorecard?period={self.args.period}&team={self.cast.team}"
        status, _ = self.call("GET", path, token=self.cast.admin_token)
        return self._expect(status, 200)

    def _new_key(self, letter: str) -> str:
        self.made += 1
        return f"{letter}-LOAD-{os.getpid()}-{self.number}-{self.made}"

    def visit_create(self) -> str | None:
        body = {
            "visit_no": self._new_key("V"),
            "employee_no": self.rep.employee_no,
            "customer_code": self.customer(),
            "visited_at": "2026-12-01T10:00:00+08:00",
            "channel": self.random.choice(["onsite", "phone", "video"]),
            "summary": "load test",
        }
        status, _ = self.call("POST", "/api/v1/visits", body)
        return self._expect(status, 201)

    def customer_update(self) -> str | None:
        code = self.customer()
        status, record = self.call("GET", f"/api/v1/customers/{code}")
        if status != 200 or not isinstance(record, dict):
            return f"HTTP {status} (read before update)"
        change = {"region": f"load {self.made}", "version": record["version"]}
        self.made += 1
        status, _ = self.call("PATCH", f"/api/v1/customers/{code}", change)
        return self._expect(status, 200)

    def order_create(self) -> str | None:
        body = {
            "order_no": self._new_key("SO"),
            "customer_code": self.customer(),
            "employee_no": self.rep.employee_no,
            "ordered_on": "2026-12-01",
            "amount": f"{self.random.randrange(100, 100000)}.00",
            "status": "confirmed",
        }
        status, _ = self.call("POST", "/api/v1/orders", body)
        return self._expect(status, 201)


# -- the figures -----------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def summary(results: Results, seconds: float, locked: int) -> dict[str, object]:
    operations = {}
    every: list[float] = []
    for name, values in sorted(results.latencies.items()):
        every += values
        operations[name] = {
            "count": len(values),
            "rps": round(len(values) / seconds, 1),
            "p50_ms": round(percentile(values, 0.50) * 1000, 1),
            "p95_ms": round(percentile(values, 0.95) * 1000, 1),
            "p99_ms": round(percentile(values, 0.99) * 1000, 1),
        }
    return {
        "seconds": round(seconds, 1),
        "requests": len(every),
        "rps": round(len(every) / seconds, 1) if seconds else 0,
        "p50_ms": round(percentile(every, 0.50) * 1000, 1) if every else None,
        "p95_ms": round(percentile(every, 0.95) * 1000, 1) if every else None,
        "p99_ms": round(percentile(every, 0.99) * 1000, 1) if every else None,
        "operations": operations,
        "errors": dict(results.errors.most_common()),
        "errors_total": sum(results.errors.values()),
        "database_locked": locked,
    }


def print_summary(result: dict[str, object]) -> None:
    print(
        f"{'operation':<16} {'count':>7} {'rps':>7} {'p50 ms':>8} "
        f"{'p95 ms':>8} {'p99 ms':>8}"
    )
    for name, row in result["operations"].items():  # type: ignore[union-attr]
        print(
            f"{name:<16} {row['count']:>7} {row['rps']:>7} {row['p50_ms']:>8} "
            f"{row['p95_ms']:>8} {row['p99_ms']:>8}"
        )
    print(
        f"{'all':<16} {result['requests']:>7} {result['rps']:>7} "
        f"{result['p50_ms']:>8} {result['p95_ms']:>8} {result['p99_ms']:>8}"
    )
    print(f"errors: {result['errors_total']}", end="")
    print(f", 'database is locked' in the server log: {result['database_locked']}")
    for kind, count in result["errors"].items():  # type: ignore[union-attr]
        print(f"  {count:>6}  {kind}")


def run(args: argparse.Namespace) -> dict[str, object]:
    env = environment(args)
    cast = make_cast(env, args.clients)
    port = args.port or free_port()
    log = args.home / "load-server.log"
    server = start_server(env, port, args.workers, log)
    try:
        results = Results()
        started = time.monotonic()
        stop_at = started + args.seconds
        clients = [
            Client(n, cast.reps[n], cast, args, port, results, stop_at)
            for n in range(args.clients)
        ]
        for client in clients:
            client.start()
        for client in clients:
            client.join(timeout=args.seconds + 120)
        elapsed = time.monotonic() - started
    finally:
        stop_server(server)
    text = log.read_text(errors="replace")
    result = summary(results, elapsed, text.count("database is locked"))
    result.update(
        clients=args.clients,
        readers_only=args.readers_only,
        only=args.only,
        workers=args.workers,
        database="postgresql" if args.database_url else "sqlite",
        server_errors_logged=text.count("Traceback"),
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="the database (default: SQLite)")
    parser.add_argument(
        "--home",
        type=Path,
        help="YEJI_HOME of the server: its SQLite file, static files and log "
        "(default: a new temporary folder; give it for SQLite)",
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--readers-only", action="store_true")
    parser.add_argument(
        "--only",
        type=lambda text: [name.strip() for name in text.split(",") if name.strip()],
        default=[],
        help="operations to send, by name, comma separated (default: all of "
        + ", ".join(n for n, _w, _writes in MIX)
        + ")",
    )
    parser.add_argument(
        "--workers", type=int, default=min(2 * (os.cpu_count() or 1) + 1, 8)
    )
    parser.add_argument("--port", type=int, default=0, help="default: a free one")
    parser.add_argument("--period", default="2026-Q3", help="of the scorecard")
    parser.add_argument("--out", type=Path, default=Path("load-result.json"))
    args = parser.parse_args(argv)
    if args.seconds > 600:
        parser.error("--seconds: at most 600")
    unknown = set(args.only) - {n for n, _w, _writes in MIX}
    if unknown:
        parser.error(f"--only: no operation {', '.join(sorted(unknown))}")
    if args.home is None:
        if not args.database_url:
            parser.error("--home: the folder of the SQLite database to load")
        args.home = Path(tempfile.mkdtemp(prefix="yeji-load-"))
    args.home = args.home.resolve()

    result = run(args)
    print_summary(result)
    args.out.write_text(json.dumps(result, indent=2))
    print(f"written to {args.out}")
    return 1 if result["errors_total"] or result["database_locked"] else 0


if __name__ == "__main__":
    sys.exit(main())
