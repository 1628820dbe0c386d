"""Web application benchmark: review latency of an uploaded .docx, and 50 users browsing under load.

1. ``mingjing demo`` into a fresh PostgreSQL database (default) and ``mingjing serve`` (gunicorn,
   2 workers × 4 threads) on 127.0.0.1.
2. Review: a member uploads a 10,000-character .docx over HTTP; the time until the report page with
   its highlighted findings has arrived (upload + parse + check + copy check + redirect + render).
   Baseline in the same run: the core alone (parse + check of the same file, no copy check, no web).
3. Load: a second process (``bench_web_load.py``) runs 50 users browsing the dashboard, reports and
   drill-downs for 60 s with 1–2 s think time; latency per page kind, p95 target ≤ 300 ms, no errors.
   Baseline in the same run: a static file served by whitenoise from the same server.

Results go to docs/benchmarks.md (section "Web application"), with the machine and date.

    .venv/bin/python bench/bench_web.py [--database-url postgres://postgres@127.0.0.1:5432/mingjing_bench]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_web_client import Client  # noqa: E402
from benchdoc import write_section  # noqa: E402

sys.path.insert(0, str(HERE.parent))  # for tests.support.live_app
from tests.support.docx_build import docx_bytes  # noqa: E402
from tests.support.live_app import app_environment, run_demo, start_app, stop_app  # noqa: E402

SECTION = "## Web application (bench_web)"
PASSWORD = "mingjing-demo"
NUMERALS = "一二三四五六七八九十"
TARGET_CHARS = 10_000


# ---------------------------------------------------------------------------------------------
# A realistic 10,000-character report, composed from the shipped demo reports
# ---------------------------------------------------------------------------------------------


def _item_body(item: Any) -> str:
    return item.text[len(item.number) :] if item.number else item.text


def _numbered(bodies: list[str]) -> list[str]:
    return [f"{NUMERALS[i % 10]}是{body}" if i < 10 else f"{i + 1}.{body}" for i, body in enumerate(bodies)]


def long_report_text() -> str:
    """Header and preamble of the first demo report, each aspect's items from all five (≈10k chars)."""
    from mingjing.api import parse_file

    files = sorted((ROOT / "src" / "mingjing" / "samples" / "demo").glob("*.txt"))
    reports = [parse_file(f) for f in files]
    first = reports[0]
    lines = [first.text[: first.problems.start].rstrip()] if first.problems else []
    aspects: dict[str, list[str]] = {}
    for report in reports:
        for section in report.problems.aspects if report.problems else ():
            aspects.setdefault(section.aspect or "其他", []).extend(_item_body(i) for i in section.items)
    per_aspect = 2
    while True:
        body = _compose(lines, aspects, reports, per_aspect)
        if len(body) >= TARGET_CHARS or per_aspect > 10:
            return body
        per_aspect += 1


def _compose(lines: list[str], aspects: dict[str, list[str]], reports: list[Any], per_aspect: int) -> str:
    out = [*lines, "一、存在的问题"]
    for index, (name, bodies) in enumerate(aspects.items()):
        out.append(f"（{NUMERALS[index]}）{name}方面")
        out.extend(_numbered(bodies[:per_aspect]))
    causes = [_item_body(i) for r in reports[:2] if r.causes for i in r.causes.items]
    measures = [_item_body(i) for r in reports[:2] if r.measures for i in r.measures.items]
    out += ["二、问题产生的原因", *_numbered(causes), "三、整改措施", *_numbered(measures)]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Database and server
# ---------------------------------------------------------------------------------------------


def fresh_postgres(url: str) -> None:
    """Drop and create the benchmark database (never one whose name does not end in _bench)."""
    import psycopg

    name = url.rsplit("/", 1)[-1]
    if not name.endswith("_bench"):
        raise SystemExit(f"refusing to recreate {name!r}: the benchmark database name must end in _bench")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


# ---------------------------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------------------------


def core_baseline(data: bytes, repeat: int) -> list[float]:
    """The core alone on the same file: read + parse + check (no copy check, no web, no database)."""
    from mingjing.api import parse_document
    from mingjing.checks import check_report
    from mingjing.readers import document_from_bytes

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        check_report(parse_document(document_from_bytes(data, filename="long.docx")))
        times.append(time.perf_counter() - start)
    return times


def review_over_http(base: str, data: bytes, repeat: int) -> tuple[list[float], int]:
    """Upload as a member and fetch the report page it redirects to; returns times and findings shown."""
    client = Client(base)
    client.login("member2", PASSWORD)
    mine = re.search(r'href="(/meetings/\d+/mine/)"', client.get("/").body.decode())
    if mine is None:
        raise SystemExit("member2 has no meeting link")
    upload = mine.group(1) + "versions/"
    times, shown = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        posted = client.post_file(upload, "file", "长篇对照检查材料.docx", data)
        if posted.status != 302 or not posted.location:
            raise SystemExit(f"upload failed with {posted.status}: {posted.body[:300]!r}")
        page = client.get(posted.location)
        times.append(time.perf_counter() - start)
        shown = page.body.decode().count('class="hl ')
    client.close()
    return times, shown


def run_load(base: str, users: int, duration: float) -> dict[str, Any]:
    command = [
        sys.executable,
        str(HERE / "bench_web_load.py"),
        "--base",
        base,
        "--users",
        str(users),
        "--duration",
        str(duration),
    ]
    done = subprocess.run(command, check=True, capture_output=True, text=True, timeout=duration + 300)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def _row(name: str, values: list[float]) -> str:
    return f"| {name} | {len(values)} | {_ms(pct(values, 0.5))} | {_ms(pct(values, 0.95))} | {_ms(max(values))} |"


def table(info: dict[str, Any]) -> str:
    load = info["load"]
    everything = [s for kind, v in load["latencies"].items() if kind != "static" for s in v]
    lines = [
        SECTION,
        "",
        f"Measured {info['date']} on {info['machine']} with `bench/bench_web.py` "
        f"({info['database']}; gunicorn {info['workers']} workers × 4 threads on 127.0.0.1; demo loaded in {info['demo_s']:.1f} s).",
        "",
        f"**Review of an uploaded {info['chars']:,}-character .docx** (upload → parse → check → copy check against "
        f"{info['corpus']} → page with {info['shown']} highlighted findings), target < 1 s:",
        "",
        "| what | runs | p50 ms | p95 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: |",
        _row("baseline: core only (read + parse + check, in process)", info["core"]),
        _row("web: upload until the review page has arrived", info["review"]),
        "",
        f"**{load['users']} concurrent users for {load['duration']:.0f} s** (second process on loopback, 1–2 s think "
        f"time, {load['requests']} requests), target p95 ≤ 300 ms and no errors:",
        "",
        "| page | requests | p50 ms | p95 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: |",
        _row("baseline: static file (whitenoise)", load["latencies"].get("static", [0.0])),
    ]
    labels = {
        "other": "other pages the reviewer reaches (queue, notifications, 征求意见, 谈心谈话, record, ledger …)"
    }
    for kind in ("dashboard", "report", "drilldown", "home", "other"):
        if kind in load["latencies"]:
            lines.append(_row(labels.get(kind, kind), load["latencies"][kind]))
    lines.append(_row("**all pages**", everything))
    errors = load["errors"]
    lines += ["", f"Errors: {sum(errors.values())}" + (f" ({errors})" if errors else ""), ""]
    return "\n".join(lines)


def write(section: str) -> None:
    write_section("bench_web", section, legacy_heading=SECTION)


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/mingjing_bench")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--reviews", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--no-write", action="store_true", help="print only; do not update docs/benchmarks.md"
    )
    args = parser.parse_args()
    postgres = args.database_url.startswith(("postgres://", "postgresql://"))
    if postgres:
        fresh_postgres(args.database_url)
    folder = Path(tempfile.mkdtemp(prefix="mingjing-bench-web-"))
    database_url = args.database_url if postgres else f"sqlite:///{folder / 'bench.sqlite3'}"
    env = app_environment(database_url=database_url, folder=folder)
    text = long_report_text()
    data = docx_bytes(text)
    info: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "machine": machine(),
        "workers": args.workers,
        "chars": len(text),
    }
    info["database"] = "PostgreSQL " + args.database_url.rsplit("@", 1)[-1] if postgres else "SQLite"
    info["demo_s"] = run_demo(env)
    info["corpus"] = "the demo unit's library (12 documents) and its 5 reports"
    info["core"] = core_baseline(data, args.reviews)
    app = start_app(env, folder=folder, workers=args.workers)
    try:
        info["review"], info["shown"] = review_over_http(app.base, data, args.reviews)
        info["load"] = run_load(app.base, args.users, args.duration)
    finally:
        stop_app(app)
    section = table(info)
    print(section)
    if not args.no_write:
        write(section)


if __name__ == "__main__":
    main()
