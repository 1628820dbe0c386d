"""What one request costs, without contention (issue 14.7): one client, one request at a time.

The server is ``mingjing serve`` with the demo organisation, as in ``soak.py``, started with
``MINGJING_PROFILE_DIR`` (``mingjing_web.profiling``) so that it records each request's wall time,
thread CPU time and SQL queries. This process asks each page kind of the soak (home, dashboard, a
report, a findings drill-down) and an upload ``--repeat`` times in turn and prints, per kind: the
client-side latency, the server's CPU per request (from the request log and, independently, from
``/proc`` of the gunicorn processes), the SQL queries, and this client's own CPU per request (it
shares the cores with the server during a soak).

    python bench/web_cost.py --database sqlite --repeat 30
    python bench/web_cost.py --database postgres --repeat 30 --profile-every 5 --keep /tmp/prof

``--profile-every N`` also writes a cProfile file of every N-th request (``--keep`` keeps the folder:
``python -m pstats /tmp/prof/prof/<file>.prof``).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_web_client import Client
from soak import (
    PASSWORD,
    UPLOADERS,
    _documents,
    _drop,
    _free_port,
    _links,
    _prepare,
    _start,
    tree_cpu_seconds,
)


def _measure(kind: str, repeat: int, request: object, server_pid: int) -> tuple[list[float], float, float]:
    """Latencies, server CPU per request and client CPU per request of ``repeat`` calls of ``request``."""
    assert callable(request)
    for _ in range(3):  # warm-up: templates compiled, caches filled
        request()
    cpu_server, cpu_client = tree_cpu_seconds(server_pid), time.process_time()
    latencies = [request() for _ in range(repeat)]
    return (
        latencies,
        (tree_cpu_seconds(server_pid) - cpu_server) / repeat,
        (time.process_time() - cpu_client) / repeat,
    )


def _log_rows(folder: Path) -> list[dict[str, str]]:
    path = folder / "requests.tsv"
    if not path.exists():
        return []
    names = ["pid", "method", "path", "status", "wall_ms", "cpu_ms", "queries", "sql_ms"]
    with path.open(encoding="utf-8") as handle:
        return [dict(zip(names, row, strict=False)) for row in csv.reader(handle, delimiter="\t")]


def run(
    *,
    database: str,
    repeat: int,
    workers: int,
    threads: int,
    every: int,
    keep: Path | None,
    memo: bool = True,
) -> str:
    folder = Path(tempfile.mkdtemp(prefix="mingjing-cost-"))
    profile = folder / "prof"
    env = _prepare(database, folder)
    env["MINGJING_PROFILE_DIR"] = str(profile)
    env["MINGJING_PROFILE_EVERY"] = str(every)
    env["MINGJING_REQUEST_MEMO"] = "1" if memo else "0"
    port = _free_port()
    server = _start(env, port, workers, threads, folder / "serve.log")
    base = f"http://127.0.0.1:{port}"
    lines: list[str] = []
    try:
        links, documents = _links(base), _documents()
        reviewer, member = Client(base), Client(base)
        reviewer.login("reviewer", PASSWORD)
        member.login(UPLOADERS[0], PASSWORD)
        mine = re.search(r'href="(/meetings/\d+/mine/)"', member.get("/").body.decode())
        upload_path = (mine.group(1) if mine else "/meetings/1/mine/") + "versions/"
        rng = random.Random(1)

        def page(kind: str) -> object:
            def call() -> float:
                headers = {"HX-Request": "true"} if kind == "drilldown" else None
                response = reviewer.get(rng.choice(links[kind]), headers)
                if response.status != 200:
                    raise RuntimeError(f"{kind}: {response.status}")
                return response.seconds

            return call

        def upload() -> float:
            name, data = next((d for d in documents if d[0].endswith(".docx")), documents[0])
            response = member.post_file(upload_path, "file", name, data)
            if response.status not in (302, 303):
                raise RuntimeError(f"upload: {response.status}")
            return response.seconds

        kinds: list[tuple[str, object]] = [(k, page(k)) for k in ("home", "dashboard", "report", "drilldown")]
        kinds.append(("upload", upload))
        lines += [
            f"`python bench/web_cost.py --database {database} --repeat {repeat}"
            f"{'' if memo else ' --no-memo'}` — "
            f"{time.strftime('%Y-%m-%d %H:%M')}, load average before: {os.getloadavg()[0]:.1f}; "
            f"`mingjing serve --workers {workers} --threads {threads}`; one client, sequential.",
            "",
            "| kind | n | p50 ms | max ms | server CPU ms/req (/proc) | request CPU ms p50 (log) "
            "| SQL queries | SQL ms p50 | client CPU ms/req |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        offset = 0
        for kind, call in kinds:
            latencies, server_cpu, client_cpu = _measure(kind, repeat, call, server.pid)
            rows = _log_rows(profile)[offset:]
            offset += len(rows)
            # The log holds the warm-up too and, for an upload, nothing else: keep the measured tail.
            rows = [r for r in rows if r["method"] == ("POST" if kind == "upload" else "GET")][-repeat:]
            cpu = statistics.median(float(r["cpu_ms"]) for r in rows) if rows else float("nan")
            queries = statistics.median(int(r["queries"]) for r in rows) if rows else float("nan")
            sql = statistics.median(float(r["sql_ms"]) for r in rows) if rows else float("nan")
            lines.append(
                f"| {kind} | {len(latencies)} | {statistics.median(latencies) * 1000:.0f} | "
                f"{max(latencies) * 1000:.0f} | {server_cpu * 1000:.0f} | {cpu:.0f} | {queries:.0f} | "
                f"{sql:.0f} | {client_cpu * 1000:.1f} |"
            )
        lines.append("")
        lines.append(f"Load average after: {os.getloadavg()[0]:.1f}.")
        reviewer.close()
        member.close()
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        _drop(env)
        if keep is not None:
            shutil.copytree(folder, keep, dirs_exist_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--profile-every", type=int, default=0, help="a cProfile file every N requests")
    parser.add_argument("--no-memo", action="store_true", help="MINGJING_REQUEST_MEMO=0 (to compare)")
    parser.add_argument("--keep", type=Path, help="copy the run's folder (logs, .prof files) here")
    args = parser.parse_args()
    print(
        run(
            database=args.database,
            repeat=args.repeat,
            workers=args.workers,
            threads=args.threads,
            every=args.profile_every,
            keep=args.keep,
            memo=not args.no_memo,
        )
    )


if __name__ == "__main__":
    main()
