"""Page speed of the meeting record and the rectification ledger: PostgreSQL, a ledger of 2,000 items,
50 concurrent users from a second process on loopback; p50/p95 per page into docs/benchmarks.md.

    .venv/bin/python bench/ledger_pages.py                      # defaults: 50 users, 60 s, 2,000 items
    .venv/bin/python bench/ledger_pages.py --users 10 --duration 20 --no-write

The app runs as users run it (``mingjing demo`` then ``mingjing serve``, gunicorn on 127.0.0.1) on a
fresh database ``mj_webc_bench``; the 2,000 items are added to the demo meeting spread over its 班子.
Users sign in first (not measured), then browse with 1–2 s of think time: overseers the three lists
(random page of 100 rows, random list), items and the record page; members the same ledger and their
own items. The .xlsx of all 2,000 items and the minutes .docx are timed alone, after the load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from bench_web_client import Client  # noqa: E402
from benchdoc import write_section  # noqa: E402

PASSWORD = "mingjing-demo"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/mj_webc_bench"
THINK = (1.0, 2.0)


# -- the server side ---------------------------------------------------------------------------------------


def fresh_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0].replace("postgres://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def seed_items(env: dict[str, str], count: int) -> int:
    """Add ``count`` confirmed items to the demo meeting (in a child process: its own Django set-up)."""
    code = f"""
import datetime as dt, django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mingjing_web.settings")
django.setup()
from mingjing_web.ledger.models import LedgerItem, ItemStatus
from mingjing_web.meetings.models import Meeting, MeetingMember
meeting = Meeting.objects.order_by("-year", "id").first()
owners = [s.membership for s in MeetingMember.objects.filter(meeting=meeting).select_related("membership")]
statuses = [ItemStatus.PENDING, ItemStatus.IN_PROGRESS, ItemStatus.DONE, ItemStatus.ONGOING, ItemStatus.EXTENSION]
base = dt.date(2026, 1, 1)
LedgerItem.objects.bulk_create([
    LedgerItem(meeting=meeting, owner=owners[n % len(owners)], draft=False, source="manual",
               problem=f"第{{n}}项：调查研究不够深入，到基层调研次数偏少，听取群众意见不充分。",
               measure=f"每季度到乡镇蹲点调研不少于2次，建立问题清单第{{n}}号，限期销号。",
               deadline=base + dt.timedelta(days=n % 400), status=statuses[n % 5])
    for n in range({count})], batch_size=500)
print(LedgerItem.objects.filter(meeting=meeting).count())
"""
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1])


# -- the load generator (a second process) ---------------------------------------------------------------------


def _discover(base: str) -> dict[str, Any]:
    client = Client(base)
    client.login("reviewer", PASSWORD)
    home = client.get("/").body.decode()
    found = re.search(r'href="/meetings/(\d+)/ledger/"', home)
    if found is None:
        raise RuntimeError("no ledger link on the reviewer's home page")
    meeting = int(found.group(1))
    page = client.get(f"/meetings/{meeting}/ledger/").body.decode()
    pages = int(re.search(r"第 1 / (\d+) 页", page).group(1)) if "第 1 / " in page else 1  # type: ignore[union-attr]
    items = sorted(set(re.findall(r'href="(/ledger/items/\d+/)"', page)))
    client.close()
    return {"meeting": meeting, "pages": pages, "items": items}


def _page(links: dict[str, Any], rng: random.Random, overseer: bool) -> tuple[str, str]:
    m = links["meeting"]
    kinds = ["ledger", "item", "record", "progress-owner"] if overseer else ["ledger", "item", "record"]
    kind = rng.choices(kinds, weights=[5, 4, 1, 1][: len(kinds)])[0]
    if kind == "ledger":
        lst = rng.choice(["problems", "tasks", "owners"])
        return kind, f"/meetings/{m}/ledger/?list={lst}&page={rng.randint(1, links['pages'])}"
    if kind == "item":
        return kind, rng.choice(links["items"])
    if kind == "record":
        return kind, f"/meetings/{m}/record/"
    return kind, f"/meetings/{m}/ledger/?list=owners&status=in_progress"


def _user(
    index: int,
    base: str,
    links: dict[str, Any],
    ready: threading.Barrier,
    window: list[float],
    out: list[Any],
) -> None:
    rng = random.Random(index)
    overseer = index % 2 == 0
    username = ("reviewer", "admin")[index // 2 % 2] if overseer else f"member{1 + index // 2 % 5}"
    client = Client(base)
    try:
        client.login(username, PASSWORD)
    except Exception as err:
        out.append(("error:login:" + type(err).__name__, 0.0, 0))
        ready.wait()
        return
    ready.wait()
    time.sleep(rng.uniform(0, THINK[1]))
    while time.monotonic() < window[0]:
        kind, path = _page(links, rng, overseer)
        try:
            response = client.get(path)
            out.append((kind, response.seconds, response.status))
        except Exception as err:
            out.append((f"error:{kind}:{type(err).__name__}", 0.0, 0))
        time.sleep(rng.uniform(*THINK))
    client.close()


def load(base: str, users: int, duration: float) -> dict[str, Any]:
    links = _discover(base)
    window = [0.0]
    ready = threading.Barrier(users + 1, action=lambda: window.__setitem__(0, time.monotonic() + duration))
    results: list[Any] = []
    threads = [
        threading.Thread(target=_user, args=(i, base, links, ready, window, results), daemon=True)
        for i in range(users)
    ]
    for thread in threads:
        thread.start()
    ready.wait()
    for thread in threads:
        thread.join(timeout=duration + 120)
    latencies: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    for kind, seconds, status in results:
        if status != 200:
            errors[f"{kind}:{status}"] = errors.get(f"{kind}:{status}", 0) + 1
        else:
            latencies.setdefault(kind, []).append(seconds)
    return {"latencies": latencies, "errors": errors, "requests": len(results), "pages": links["pages"]}


# -- reporting ------------------------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def _row(name: str, values: list[float]) -> str:
    return f"| {name} | {len(values)} | {pct(values, 0.5) * 1000:.0f} | {pct(values, 0.95) * 1000:.0f} | {max(values, default=0) * 1000:.0f} |"


def section(info: dict[str, Any]) -> str:
    labels = {
        "ledger": "整改台账（一页 100 行）",
        "item": "整改事项",
        "record": "会议记录",
        "progress-owner": "责任清单·筛选",
    }
    everything = [s for values in info["latencies"].values() for s in values]
    lines = [
        "## Ledger pages (issue 11)",
        "",
        f"`bench/ledger_pages.py`, {info['date']}: PostgreSQL, a ledger of {info['items']} items "
        f"({info['pages']} pages of 100), {info['users']} users for {info['duration']:.0f} s from a second process on "
        f"127.0.0.1 (think time 1–2 s), gunicorn {info['workers']} workers × 4 threads; {info['machine']}.",
        "",
        "| page | requests | p50 ms | p95 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for kind, values in sorted(info["latencies"].items()):
        lines.append(_row(labels.get(kind, kind), values))
    lines.append(_row("**all**", everything))
    lines += ["", "The same pages one at a time after the load (one user, no concurrency):", ""]
    lines += ["| page | requests | p50 ms | p95 ms | max ms |", "| --- | ---: | ---: | ---: | ---: |"]
    for kind, values in sorted(info["alone"].items()):
        lines.append(_row(labels.get(kind, kind), values))
    lines += [
        "",
        f"Errors: {info['errors'] or 'none'}. Alone after the load: the three lists as .xlsx ({info['items']} items) "
        f"{info['xlsx_ms']}; the minutes .docx {info['docx_ms']}; the 整改落实情况报告 .docx with all items "
        f"in its table {info['upward_ms']}.",
    ]
    return "\n".join(lines)


def _alone(client: Client, links: dict[str, Any], repeat: int = 20) -> dict[str, list[float]]:
    """Each page requested one at a time (no concurrency): the service time itself, whatever the load."""
    rng = random.Random(0)
    found: dict[str, list[float]] = {}
    for _ in range(repeat):
        for overseer_kind in ("ledger", "item", "record"):
            kind, path = overseer_kind, ""
            while kind != overseer_kind or not path:
                kind, path = _page(links, rng, True)
            response = client.get(path)
            if response.status == 200:
                found.setdefault(kind, []).append(response.seconds)
    return found


def _timed(client: Client, path: str) -> str:
    """The median of three downloads in ms, or the status that came back instead."""
    times = []
    for _ in range(3):
        response = client.get(path)
        if response.status != 200:
            return f"HTTP {response.status}"
        times.append(response.seconds * 1000)
    return f"{statistics.median(times):.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--load", action="store_true", help="(internal) run as the load generator")
    parser.add_argument("--base")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", default=DEFAULT_DB)
    parser.add_argument("--no-write", action="store_true", help="print, do not update docs/benchmarks.md")
    args = parser.parse_args()
    if args.load:
        print(json.dumps(load(args.base, args.users, args.duration)))
        return

    from tests.support.live_app import app_environment, run_demo, start_app, stop_app

    load_before = os.getloadavg()[0]  # the machine is shared: say how busy it was
    folder = Path(tempfile.mkdtemp(prefix="mingjing-ledger-bench-"))
    fresh_postgres(args.database)
    env = app_environment(database_url=args.database, folder=folder)
    env["MINGJING_BACKGROUND_INDEXING"] = "false"
    run_demo(env)
    items = seed_items(env, args.items)
    app = start_app(env, folder=folder, workers=args.workers)
    try:
        raw = subprocess.run(
            [sys.executable, __file__, "--load", "--base", app.base, "--users", str(args.users), "--duration", str(args.duration)],
            capture_output=True, text=True, check=True, timeout=args.duration + 300,
        ).stdout  # fmt: skip
        result = json.loads(raw)
        client = Client(app.base)
        client.login("reviewer", PASSWORD)
        meeting = _discover(app.base)["meeting"]
        xlsx_ms = _timed(client, f"/meetings/{meeting}/ledger.xlsx")
        docx_ms = _timed(client, f"/meetings/{meeting}/minutes.docx")
        upward_ms = _timed(client, f"/meetings/{meeting}/upward/rectification.docx")
        alone = _alone(client, _discover(app.base))
        client.close()
    finally:
        stop_app(app)
        shutil.rmtree(folder, ignore_errors=True)
    info = {
        **result,
        "items": items,
        "users": args.users,
        "duration": args.duration,
        "workers": args.workers,
        "xlsx_ms": xlsx_ms,
        "docx_ms": docx_ms,
        "upward_ms": upward_ms,
        "alone": alone,
        "date": dt.date.today().isoformat(),
        "machine": f"{os.cpu_count()} cores shared with other jobs, load average {load_before:.1f} before / "
        f"{os.getloadavg()[0]:.1f} after the run",
    }
    body = section(info)
    print(body)
    if not args.no_write:
        write_section("ledger_pages", body)


if __name__ == "__main__":
    main()
