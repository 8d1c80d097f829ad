"""The benchmark of issue 2: import speed, memory and scorecard time.

For each database (a fresh SQLite file under ``bench/out`` and a PostgreSQL
database ``yeji_bench`` that the script creates and drops), it measures

1. the first import of a generated company into the empty database;
2. the monthly import of a month of orders into the loaded database;
3. the import of an XLSX file of orders;
4. the scorecard of one quarter for all reps, warm (best of ``--repeat``)
   and cold (the first run in a fresh process on a fresh connection), beside
   the hand-written SQL of ``baseline.py`` measured the same way, and the
   number of queries the scorecard runs.

Each import and each timing runs in its own child process, so that the peak
memory (``ru_maxrss``) is that step's own and "cold" means a new process.
Neither database's page cache is dropped for "cold": PostgreSQL is a shared
server here and SQLite reads through the OS cache, so cold is a cold process
and connection, not a cold disk.

    python bench/run.py --scale 0.01            # a quick look (~1 minute)
    python bench/run.py --scale 1 --db postgresql --data /work/bench-data/s1

Figures go to stdout as a table and to ``OUT/results-<db>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
TARGETS = {
    "first import rows/s": {"sqlite": 30_000, "postgresql": 60_000},
    "monthly import rows/s": 10_000,
    "xlsx import rows/s": 10_000,
    "peak memory MB": 500,
    "scorecard warm s": 3.5,
    "scorecard cold s": 4.5,
    "ratio": 1.5,
}


# --- child processes ----------------------------------------------------------


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yeji.settings")
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(HERE))
    import django

    django.setup()


def _peak_mb() -> float:
    """This process's peak resident memory, and its children's, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def _time_stages(stages: dict[str, float]) -> None:
    """Time the importer's steps per kind of file, by wrapping its functions.

    Measurement only: each wrapped function runs unchanged.  A call that
    takes a staged file (with ``.kind``) or a kind is charged to that kind;
    the rest to the step's own name.
    """
    import importlib

    def kind_of(args: tuple) -> str | None:
        for arg in args:
            # A file parsed ahead (PostgreSQL) carries its kind in ``staged``.
            arg = getattr(arg, "staged", None) or arg
            kind = getattr(arg, "kind", None)
            if kind is not None and isinstance(getattr(kind, "name", None), str):
                return kind.name
            if type(arg).__name__ == "Kind":
                return arg.name
        return None

    def wrap(owner: object, name: str) -> None:
        function = getattr(owner, name, None)
        if function is None:
            return

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                kind = kind_of(args)
                key = f"{name} {kind}" if kind else name
                stages[key] = stages.get(key, 0.0) + time.perf_counter() - started

        setattr(owner, name, timed)

    owners = []
    for module in ("yeji.interchange.staging", "yeji.interchange.loading"):
        try:
            owners.append(importlib.import_module(module).Staging)
            break
        except (ImportError, AttributeError):
            continue
    try:
        owners.append(importlib.import_module("yeji.interchange.merging"))
    except ImportError:
        pass
    for owner in owners:
        for name in (
            "create_tables",
            "load_file",
            "read_file",
            "fill",
            "index_table",
            "index_tables",
            "check_duplicates",
            "check_references",
            "check_team_cycles",
            "merge",
            "drop_tables",
        ):
            wrap(owner, name)


def child_import(path: str) -> dict:
    _django()
    from yeji.interchange.services import import_path

    stages: dict[str, float] = {}
    _time_stages(stages)
    started = time.perf_counter()
    result = import_path(Path(path))
    seconds = time.perf_counter() - started
    files = {f.kind: f.rows for f in getattr(result, "files", []) if hasattr(f, "kind")}
    errors = [str(e) for e in getattr(result, "errors", [])[:20]]
    if errors:
        raise SystemExit("import failed:\n" + "\n".join(errors))
    return {
        "seconds": seconds,
        "peak_mb": _peak_mb(),
        "stages": stages,
        "files": files,
        "result": repr(result)[:1000],
    }


def child_rawload(path: str) -> dict:
    _django()
    import rawload

    started = time.perf_counter()
    files = rawload.load(Path(path))
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": _peak_mb(), "files": files}


def child_analyze() -> dict:
    """Settle the database as time would: statistics for the planner and,
    on PostgreSQL, the visibility map that index-only scans need (what
    autovacuum does some minutes after a large load)."""
    _django()
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(
            "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
        )
    return {"seconds": time.perf_counter() - started}


def _scorecard_call(label: str, as_of: dt.date):
    from yeji.performance.scorecard import scorecard_compute

    try:
        from yeji.performance.scorecard import period_parse
    except ImportError:
        from yeji.performance.periods import period_parse
    return scorecard_compute(period=period_parse(label, as_of=as_of))


def _baseline_call(label: str, as_of: dt.date):
    import baseline
    from django.db import connection

    connection.ensure_connection()
    return baseline.run(
        connection.connection, connection.vendor, baseline.quarter(label, as_of=as_of)
    )


def child_cold(what: str, label: str, as_of: str) -> dict:
    """The first run of the scorecard or the baseline in a fresh process on
    a fresh connection; for the scorecard also the number of its queries."""
    _django()
    from django.db import connection

    call = _scorecard_call if what == "scorecard" else _baseline_call
    day = dt.date.fromisoformat(as_of)
    started = time.perf_counter()
    result = call(label, day)
    out = {"cold": time.perf_counter() - started, "peak_mb": _peak_mb()}
    if what == "scorecard":
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            result = call(label, day)
        out["queries"] = len(ctx.captured_queries)
        out["reps"] = _count_reps(result)
    else:
        out["queries"] = len(result)
        out["reps"] = len(result["reps"])
    return out


def child_warm(label: str, as_of: str, repeat: str) -> dict:
    """Warm runs of the baseline and the scorecard, taken in turns in one
    process so that a burst of other work on the machine hits both alike;
    each one's best and median."""
    _django()
    day = dt.date.fromisoformat(as_of)
    runs: dict[str, list[float]] = {"baseline": [], "scorecard": []}
    _baseline_call(label, day)
    _scorecard_call(label, day)
    for _ in range(int(repeat)):
        for what, call in (
            ("baseline", _baseline_call),
            ("scorecard", _scorecard_call),
        ):
            started = time.perf_counter()
            call(label, day)
            runs[what].append(time.perf_counter() - started)
    return {
        what: {"warm": min(r), "median": sorted(r)[len(r) // 2], "runs": r}
        for what, r in runs.items()
    }


def _count_reps(result) -> int | None:
    for attr in ("reps", "rows", "cards"):
        value = getattr(result, attr, None)
        if value is None and isinstance(result, dict):
            value = result.get(attr)
        if value is not None:
            return len(value)
    try:
        return len(result)
    except TypeError:
        return None


CHILDREN = {
    "import": child_import,
    "rawload": child_rawload,
    "analyze": child_analyze,
    "cold": child_cold,
    "warm": child_warm,
}


# --- the parent ---------------------------------------------------------------


class Bench:
    def __init__(self, args: argparse.Namespace, db: str) -> None:
        self.args = args
        self.db = db
        self.env = dict(os.environ)
        self.env.pop("DATABASE_URL", None)
        self.env["PYTHONPATH"] = str(ROOT)
        home = args.out / f"home-{db}-{args.scale:g}"
        self.env["YEJI_HOME"] = str(home)
        self.home = home
        self.pg_db = args.pg_db
        if db == "postgresql":
            self.env["DATABASE_URL"] = f"{PG_SERVER}/{self.pg_db}"

    def child(self, *argv: str, timeout: float | None = None) -> dict:
        """Run one step in a fresh Python process; return what it reports."""
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", *argv]
        load_before = os.getloadavg()
        started = time.perf_counter()
        proc = subprocess.run(
            cmd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout or self.args.timeout,
        )
        wall = time.perf_counter() - started
        load_after = os.getloadavg()
        if proc.returncode != 0:
            raise RuntimeError(
                f"{' '.join(argv)} failed ({proc.returncode}):\n{proc.stderr[-4000:]}"
                f"\n{proc.stdout[-2000:]}"
            )
        out = json.loads(proc.stdout.strip().splitlines()[-1])
        out["wall"] = wall
        # Other work on the machine slows every figure; keep the evidence.
        out["load_before"], out["load_after"] = load_before, load_after
        if proc.stderr.strip():
            out["stderr"] = proc.stderr[-3000:]
        return out

    def fresh_database(self) -> None:
        if self.db == "sqlite":
            shutil.rmtree(self.home, ignore_errors=True)
            self.home.mkdir(parents=True)
        else:
            import psycopg

            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {self.pg_db} WITH (FORCE)")
                conn.execute(f"CREATE DATABASE {self.pg_db}")
        subprocess.run(
            [sys.executable, "-m", "yeji.cli", "migrate", "-v0"],
            env=self.env,
            check=True,
            cwd=ROOT,
        )

    def drop_database(self) -> None:
        if self.db == "postgresql":
            import psycopg

            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {self.pg_db} WITH (FORCE)")
        else:
            shutil.rmtree(self.home, ignore_errors=True)

    def database_size_mb(self) -> float:
        if self.db == "sqlite":
            return (
                sum(f.stat().st_size for f in self.home.glob("yeji.sqlite3*")) / 2**20
            )
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/{self.pg_db}") as conn:
            (size,) = conn.execute(
                "SELECT pg_database_size(current_database())"
            ).fetchone()
        return size / 2**20

    def time_scorecard(self, steps: dict) -> None:
        """Cold: the best of ``--cold`` fresh processes each; warm: the best
        of ``--repeat`` turns in one process (see child_warm)."""
        args = self.args
        period = (args.quarter, args.as_of)
        colds: dict[str, list[dict]] = {"baseline": [], "scorecard": []}
        for _ in range(args.cold):
            for what in colds:
                colds[what].append(self.child("cold", what, *period))
        warm = self.child("warm", *period, str(args.repeat))
        for what, runs in colds.items():
            steps[what] = {
                **runs[0],
                "cold": min(r["cold"] for r in runs),
                "cold_runs": [r["cold"] for r in runs],
                **warm[what],
                "load": warm["load_before"],
            }
            r = steps[what]
            self.say(
                f"  {what}: cold {r['cold']:.3f} s, warm {r['warm']:.3f} s "
                f"(median {r['median']:.3f}), {r['queries']} queries, {r['reps']} reps"
            )

    def say(self, *words: object) -> None:
        print(f"[{self.db}]", *words, flush=True)

    def run(self, manifest: dict) -> dict:
        args, data = self.args, self.args.data
        rows = manifest["rows"]
        res: dict = {"db": self.db, "scale": manifest["scale"], "steps": {}}
        steps = res["steps"]
        say = self.say

        if args.only_time:
            steps["analyze"] = self.child("analyze")
            self.time_scorecard(steps)
            return res
        self.fresh_database()
        kind = "rawload" if args.loader == "raw" else "import"
        say(
            f"first import of {manifest['base_rows']:,} rows ({kind}), "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        r = self.child(kind, str(data / "base"))
        r["rows"] = manifest["base_rows"]
        r["loader"] = kind
        steps["first import"] = r
        say(
            f"  {r['seconds']:.1f} s, {r['rows'] / r['seconds']:,.0f} rows/s, "
            f"peak {r['peak_mb']:.0f} MB"
        )
        res["size_mb_after_first"] = self.database_size_mb()

        if not args.no_import and (data / "increment" / "orders.csv").exists():
            say(f"monthly import of {rows['increment/orders']:,} orders")
            r = self.child("import", str(data / "increment" / "orders.csv"))
            r["rows"] = rows["increment/orders"]
            steps["monthly import"] = r
            say(
                f"  {r['seconds']:.1f} s, {r['rows'] / r['seconds']:,.0f} rows/s, "
                f"peak {r['peak_mb']:.0f} MB"
            )
        if not args.no_import and (data / "xlsx" / "orders.xlsx").exists():
            say(f"XLSX import of {rows['orders.xlsx']:,} orders")
            r = self.child("import", str(data / "xlsx" / "orders.xlsx"))
            r["rows"] = rows["orders.xlsx"]
            steps["xlsx import"] = r
            say(
                f"  {r['seconds']:.1f} s, {r['rows'] / r['seconds']:,.0f} rows/s, "
                f"peak {r['peak_mb']:.0f} MB"
            )

        # Both contenders meet the same settled database, whatever the
        # importer did about statistics (see child_analyze).
        steps["analyze"] = self.child("analyze")
        res["size_mb"] = self.database_size_mb()

        if not args.no_scorecard:
            say(f"scorecard and baseline of {args.quarter} as of {args.as_of}")
            try:
                self.time_scorecard(steps)
            except RuntimeError as exc:
                say(f"  failed: {exc}")
                steps["scorecard"] = {"error": str(exc)[-2000:]}
        if not args.keep:
            self.drop_database()
        return res


def table(results: list[dict]) -> str:
    """The figures of every database side by side, with the issue's targets."""
    dbs = [r["db"] for r in results]
    lines = []

    def line(name: str, values: list[str], target: str = "") -> None:
        lines.append(
            f"{name:<34}" + "".join(f"{v:>16}" for v in values) + f"  {target}"
        )

    line("figure", dbs, "target (issue 2)")
    lines.append("-" * (34 + 16 * len(dbs) + 20))

    def step(r: dict, name: str) -> dict:
        return r["steps"].get(name) or {}

    for name in ("first import", "monthly import", "xlsx import"):
        vals, mems, secs = [], [], []
        for r in results:
            s = step(r, name)
            if "seconds" in s:
                vals.append(f"{s['rows'] / s['seconds']:,.0f}")
                secs.append(f"{s['seconds']:,.1f}")
                mems.append(f"{s['peak_mb']:,.0f}")
            else:
                vals.append("-")
                secs.append("-")
                mems.append("-")
        t = TARGETS.get(f"{name} rows/s")
        if isinstance(t, dict):
            t = " / ".join(f"{db} >= {t[db]:,}" for db in dbs)
        elif t:
            t = f">= {t:,}"
        rows_n = next(
            (step(r, name)["rows"] for r in results if "rows" in step(r, name)), 0
        )
        label = name
        if any(step(r, name).get("loader") == "rawload" for r in results):
            label, t = "raw bulk load, no checks", "(a floor, not the importer)"
        line(f"{label} ({rows_n:,} rows), rows/s", vals, t or "")
        line("  seconds", secs)
        line("  peak memory, MB", mems, "< 500")
    line(
        "database size after all, MB", [f"{r.get('size_mb', 0):,.0f}" for r in results]
    )
    for temp in ("warm", "cold"):
        b = [step(r, "baseline").get(temp) for r in results]
        s = [step(r, "scorecard").get(temp) for r in results]
        line(f"baseline SQL {temp}, s", [f"{x:.3f}" if x else "-" for x in b])
        line(
            f"scorecard {temp}, s",
            [f"{x:.3f}" if x else "-" for x in s],
            f"< {TARGETS[f'scorecard {temp} s']}",
        )
        line(
            "  ratio scorecard / baseline",
            [f"{y / x:.2f}" if x and y else "-" for x, y in zip(b, s, strict=True)],
            "<= 1.5",
        )
    line(
        "scorecard queries",
        [str(step(r, "scorecard").get("queries", "-")) for r in results],
    )
    line(
        "reps on the scorecard",
        [str(step(r, "scorecard").get("reps", "-")) for r in results],
    )
    return "\n".join(lines)


def per_file(results: list[dict]) -> str:
    """The first import per kind of file: rows, then seconds of its reading
    (parsing, and SQLite's staging), its staging from the spool (PostgreSQL),
    its cross-row checks and its merge, per database.  On PostgreSQL a file
    is read while the ones before it are checked and merged, so its steps
    add up to more than the import's time."""
    lines = []
    for r in results:
        s = r["steps"].get("first import") or {}
        stages, files = s.get("stages"), s.get("files")
        if not stages or not files:
            continue
        lines.append(f"first import into {r['db']}, per file")
        lines.append(
            f"{'file':<13}{'rows':>12}{'read s':>9}{'stage s':>9}{'checks s':>10}"
            f"{'merge s':>10}"
        )
        for kind, rows_n in files.items():
            took = [
                sum(stages.get(f"{step} {kind}", 0.0) for step in steps)
                for steps in (
                    ("load_file", "read_file"),
                    ("fill", "index_table"),
                    ("check_duplicates", "check_references", "check_team_cycles"),
                    ("merge",),
                )
            ]
            lines.append(
                f"{kind:<13}{rows_n:>12,}{took[0]:>9.1f}{took[1]:>9.1f}"
                f"{took[2]:>10.1f}{took[3]:>10.1f}"
            )
        rest = {k: v for k, v in stages.items() if " " not in k}
        lines.append(
            "other steps: "
            + ", ".join(f"{k} {v:.1f} s" for k, v in rest.items())
            + f"; whole import {s['seconds']:.1f} s"
        )
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "--child":
        print(json.dumps(CHILDREN[argv[1]](*argv[2:]), default=str))
        return 0

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=0.01)
    parser.add_argument("--db", default="sqlite,postgresql", help="sqlite,postgresql")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--data", type=Path, help="generated data (default OUT/sSCALE)")
    parser.add_argument("--quarter", default="2026-Q3")
    parser.add_argument("--as-of", default="2026-12-31")
    parser.add_argument("--repeat", type=int, default=7, help="warm runs, best kept")
    parser.add_argument("--cold", type=int, default=3, help="cold runs, best kept")
    parser.add_argument(
        "--loader",
        choices=["import", "raw"],
        default="import",
        help="how the base data goes in; raw: bench/rawload.py, no checks, "
        "indexes built after (the monthly and XLSX imports still use the importer)",
    )
    parser.add_argument(
        "--no-import", action="store_true", help="skip the monthly and XLSX imports"
    )
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per step")
    parser.add_argument("--no-scorecard", action="store_true")
    parser.add_argument(
        "--only-time",
        action="store_true",
        help="only time the scorecard and the baseline on the database as it is "
        "(kept by an earlier --keep run)",
    )
    parser.add_argument("--pg-db", default="yeji_bench", help="created and dropped")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    args = parser.parse_args(argv)
    args.data = args.data or args.out / f"s{args.scale:g}"

    manifest_path = args.data / "manifest.json"
    if not manifest_path.exists():
        sys.path.insert(0, str(HERE))
        import generate

        print(f"generating scale {args.scale:g} into {args.data}", flush=True)
        generate.generate(scale=args.scale, out=args.data, increment=True, xlsx=True)
    manifest = json.loads(manifest_path.read_text())

    results = []
    for db in args.db.split(","):
        res = Bench(args, db).run(manifest)
        results.append(res)
        (args.out / f"results-{db}-{args.scale:g}.json").write_text(
            json.dumps(res, indent=1, default=str)
        )
    print()
    print(per_file(results))
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
