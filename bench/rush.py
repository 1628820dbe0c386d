"""A deadline rush (issue 12.4): 200 concurrent users on PostgreSQL, 30 % of them uploading.

    .venv/bin/python bench/rush.py                       # ~4 minutes; writes docs/benchmarks.md
    .venv/bin/python bench/rush.py --pace human --duration 180  # people's think times (PACES)
    .venv/bin/python bench/rush.py --users 50 --no-write # a smaller dry run

1. ``mingjing demo`` into a fresh PostgreSQL database (name must end in ``_bench``), plus a meeting of
   the demo unit whose 班子 has one account per uploading user.
2. ``mingjing serve --workers 2`` (gunicorn, 4 threads each) and one ``mingjing worker`` on Redis
   (``MINGJING_BROKER_URL``, a queue of this run's own), all on this machine.
3. From a second process (this script with ``--load``): *baseline* — the same number of users only
   browsing; then the *rush* — 30 % upload their report (a ~5,000-character .docx; the response is
   the redirect to the report page with its findings, fetched too: that is upload-to-findings) and
   think between uploads, the others browse the dashboard, reports and drill-downs; the think times are
   the pace's (``PACES``: robot 5–10 s / 1–2 s, human 60–180 s / 5–15 s). Every request and error is counted; each user is bounded in requests and in time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from bench_web import fresh_postgres, machine  # noqa: E402
from bench_web_client import Client  # noqa: E402
from bench_web_load import _discover, _member_page, _own_report, _reviewer_page  # noqa: E402
from benchdoc import write_section  # noqa: E402
from soak import tree_cpu_seconds  # noqa: E402

from tests.support.live_app import CLI, app_environment, run_demo, start_app, stop_app  # noqa: E402

PASSWORD = "mingjing-demo"
RUSH_PASSWORD = "rush-password-123"
MAX_REQUESTS = 500  # per user, besides the deadline
# Think time between one user's requests, (min, max) seconds, uniform: uploads, then pages.
# "robot": every uploader sends a new version every 5-10 s and every reader opens a page every 1-2 s, a
# stress far above what people do; it finds the machine's capacity. "human": a reader spends 5-15 s on a
# page (the usual range of web load tests; TPC-W's mean think time is 7 s) and an uploader sends a revised
# version every 1-3 minutes (reading the findings, fixing the text in Word, saving again): 60 uploaders
# then send about 30 versions a minute, still far above a real unit (a 班子 of 5-15 hands in over days).
PACES: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "robot": ((5.0, 10.0), (1.0, 2.0)),
    "human": ((60.0, 180.0), (5.0, 15.0)),
}
# Users sign in before the rush starts (not measured), a few at a time: 200 simultaneous password
# checks would measure a login storm, not the deadline.
_LOGINS = threading.Semaphore(4)
SETUP = """
import sys
from mingjing_web.cli_support import setup_django
setup_django()
from mingjing_web.orgs.models import Membership, Role, TeamRole
from mingjing_web.orgs.services import membership_create
from mingjing_web.meetings.services import meeting_create
admin = Membership.objects.get(user__username="admin")
n = int(sys.argv[1])
for i in range(n):
    membership_create(organisation=admin.organisation, username=f"rush{i:03d}", password=sys.argv[2],
                      display_name=f"冲刺成员{i:03d}", role=Role.MEMBER, team_role=TeamRole.MEMBER)
meeting = meeting_create(actor=admin, title="冲刺测试民主生活会", kind="民主生活会", year=2025)
print(meeting.pk)
"""


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))]


# -- the load process ------------------------------------------------------------------------


def _upload_bytes(index: int) -> bytes:
    from mingjing.samples import demo_members
    from tests.support.docx_build import docx_bytes

    members = demo_members()
    text = members[index % len(members)].path.read_text("utf-8")
    return docx_bytes(text.replace("我", "本人", index % 7))  # a slightly different text per user


def _uploader(index: int, base: str, meeting: int, think: tuple[float, float], deadline: list[float],
              ready: threading.Barrier,
              out: list[tuple[str, float, int]]) -> None:  # fmt: skip
    rng = random.Random(index)
    client = Client(base)
    data = _upload_bytes(index)
    try:
        with _LOGINS:
            client.login(f"rush{index:03d}", RUSH_PASSWORD)
            client.get(f"/meetings/{meeting}/mine/")
    except Exception as err:
        out.append((f"error:login:{type(err).__name__}", 0.0, 0))
        ready.wait()
        return
    ready.wait()
    time.sleep(rng.uniform(0, think[1]))
    for _ in range(MAX_REQUESTS):
        if time.monotonic() >= deadline[0]:
            break
        start = time.perf_counter()
        try:
            posted = client.post_file(
                f"/meetings/{meeting}/mine/versions/", "file", "对照检查材料.docx", data
            )
            status = posted.status
            if status == 302 and posted.location:
                page = client.get(posted.location)
                status = page.status if b"hl " in page.body or page.status != 200 else 200
            out.append(("upload", time.perf_counter() - start, 200 if status in (200, 302) else status))
        except Exception as err:  # counted; a fresh connection for the next request
            out.append((f"error:upload:{type(err).__name__}", 0.0, 0))
            client.close()
        time.sleep(rng.uniform(*think))
    client.close()


def _browser(index: int, base: str, links: dict[str, list[str]], think: tuple[float, float],
             deadline: list[float],
             ready: threading.Barrier, out: list[tuple[str, float, int]]) -> None:  # fmt: skip
    rng = random.Random(10_000 + index)
    client = Client(base)
    reviewer = index % 2 == 0
    try:
        with _LOGINS:
            client.login("reviewer" if reviewer else f"member{1 + index // 2 % 5}", PASSWORD)
            own = "/" if reviewer else _own_report(client)
    except Exception as err:
        out.append((f"error:login:{type(err).__name__}", 0.0, 0))
        ready.wait()
        return
    ready.wait()
    time.sleep(rng.uniform(0, think[1]))
    for _ in range(MAX_REQUESTS):
        if time.monotonic() >= deadline[0]:
            break
        kind, path = _reviewer_page(links, rng) if reviewer else _member_page(own, rng)
        try:
            response = client.get(path, {"HX-Request": "true"} if kind == "drilldown" else None)
            out.append(("page", response.seconds, response.status))
        except Exception as err:  # counted; a fresh connection for the next request
            out.append((f"error:page:{type(err).__name__}", 0.0, 0))
            client.close()
        time.sleep(rng.uniform(*think))
    client.close()


def load(base: str, users: int, uploaders: int, meeting: int, duration: float, pace: str) -> dict[str, Any]:
    upload_think, page_think = PACES[pace]
    links = _discover(base)
    deadline = [0.0]
    ready = threading.Barrier(users + 1, action=lambda: deadline.__setitem__(0, time.monotonic() + duration))
    out: list[tuple[str, float, int]] = []
    threads = [
        threading.Thread(
            target=_uploader, args=(i, base, meeting, upload_think, deadline, ready, out), daemon=True
        )
        for i in range(uploaders)
    ] + [
        threading.Thread(
            target=_browser, args=(i, base, links, page_think, deadline, ready, out), daemon=True
        )
        for i in range(users - uploaders)
    ]
    for t in threads:
        t.start()
    ready.wait()
    started = time.monotonic()
    for t in threads:
        t.join(timeout=max(1.0, duration + 180 - (time.monotonic() - started)))
    hung = sum(t.is_alive() for t in threads)
    ok: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    for kind, seconds, status in out:
        if status == 200:
            ok.setdefault(kind, []).append(seconds)
        else:
            errors[f"{kind}:{status}"] = errors.get(f"{kind}:{status}", 0) + 1
    return {"latencies": ok, "errors": errors, "hung_users": hung, "requests": len(out)}


# -- orchestration ---------------------------------------------------------------------------


def run_load(
    base: str, users: int, uploaders: int, meeting: int, duration: float, pace: str
) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__)), "--load", base, "--users", str(users), "--pace", pace]
    command += ["--uploaders", str(uploaders), "--meeting", str(meeting), "--duration", str(duration)]
    done = subprocess.run(command, check=True, capture_output=True, text=True, timeout=duration + 400)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _row(name: str, values: list[float], limit: float | None) -> str:
    p95 = pct(values, 0.95) * 1000
    verdict = "" if limit is None else (" (met)" if p95 <= limit else " (NOT met)")
    return f"| {name} | {len(values)} | {pct(values, 0.5) * 1000:.0f} | {p95:.0f}{verdict} |"


def table(info: dict[str, Any]) -> str:
    pace = info.get("pace", "robot")
    (up_min, up_max), (page_min, page_max) = PACES[pace]
    lines = [
        f"## Deadline rush, {pace} pace (bench/rush.py --pace {pace}, issue 12.4)",
        "",
        f"Machine: {info['machine']}. Date: {info['date']}. PostgreSQL on 127.0.0.1, `mingjing serve --workers 2` "
        f"(4 threads each), 1 `mingjing worker` on Redis; {info['users']} users in a second process on loopback, "
        f"{info['uploaders']} of them uploading a ~5,000-character .docx every {up_min:g}–{up_max:g} s "
        f"(upload-to-findings = POST plus the report page it redirects to), the others opening a page every "
        f"{page_min:g}–{page_max:g} s; {info['duration']:.0f} s of rush, half that of baseline (the same users "
        "only browsing, in the same run). Load average at the start of the run: "
        f"{info.get('load_start', '—')}.",
        "",
        "| phase / request | n | p50 ms | p95 ms |",
        "|---|---|---|---|",
    ]
    base, rush = info["baseline"], info["rush"]
    lines.append(_row("baseline: pages", base["latencies"].get("page", []), 300))
    lines.append(_row("rush: pages", rush["latencies"].get("page", []), 300))
    lines.append(_row("rush: upload-to-findings", rush["latencies"].get("upload", []), 2000))
    lines += [
        "",
        f"Errors: baseline {sum(base['errors'].values())} {base['errors'] or ''}, rush "
        f"{sum(rush['errors'].values())} {rush['errors'] or ''}; users still running at the time bound: "
        f"{base['hung_users']} / {rush['hung_users']}. Targets: pages p95 ≤ 300 ms, upload-to-findings p95 ≤ 2 s, "
        "0 errors.",
        f"CPU per request (logins included): web server {base.get('server_cpu_ms', '?')} ms baseline, "
        f"{rush.get('server_cpu_ms', '?')} ms rush; job worker {rush.get('worker_cpu_ms', '?')} ms rush. Load "
        f"average at the end of each phase: {base.get('load_average', '?')}, {rush.get('load_average', '?')}.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/mingjing_rush_bench")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--share", type=float, default=0.3)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--pace", choices=sorted(PACES), default="robot", help="think times (see PACES)")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--load")
    parser.add_argument("--uploaders", type=int, default=0)
    parser.add_argument("--meeting", type=int, default=0)
    args = parser.parse_args()
    if args.load:
        print(json.dumps(load(args.load, args.users, args.uploaders, args.meeting, args.duration, args.pace)))
        return
    uploaders = round(args.users * args.share)
    fresh_postgres(args.database_url)
    folder = Path(tempfile.mkdtemp(prefix="mingjing-rush-"))
    env = app_environment(database_url=args.database_url, folder=folder)
    env.update(MINGJING_BROKER_URL=args.broker, MINGJING_QUEUE=f"rush-{uuid.uuid4().hex[:8]}")
    run_demo(env)
    made = subprocess.run(
        [sys.executable, "-c", SETUP, str(uploaders), RUSH_PASSWORD],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    meeting = int(made.stdout.strip().splitlines()[-1])
    worker = subprocess.Popen(
        [sys.executable, "-c", CLI, "worker", "--concurrency", "1"],
        env=env,
        stdout=(folder / "worker.log").open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        app = start_app(env, folder=folder, workers=2)
    except BaseException:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
        raise
    info: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "machine": machine(),
        "users": args.users,
        "uploaders": uploaders,
        "duration": args.duration,
        "pace": args.pace,
        "load_start": " / ".join(f"{x:.1f}" for x in os.getloadavg()),
    }
    try:
        for phase, share, seconds in (("baseline", 0, args.duration / 2), ("rush", uploaders, args.duration)):
            cpu = tree_cpu_seconds(app.process.pid), tree_cpu_seconds(worker.pid)
            info[phase] = run_load(app.base, args.users, share, meeting, seconds, args.pace)
            # CPU per request (logins included) of the web server and of the job worker: the figure
            # that stays comparable on a machine shared with other work.
            requests = max(1, int(info[phase]["requests"]))
            info[phase]["server_cpu_ms"] = round(
                (tree_cpu_seconds(app.process.pid) - cpu[0]) * 1000 / requests, 1
            )
            info[phase]["worker_cpu_ms"] = round((tree_cpu_seconds(worker.pid) - cpu[1]) * 1000 / requests, 1)
            info[phase]["load_average"] = round(os.getloadavg()[0], 1)
    finally:
        stop_app(app)
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
    (folder / "rush.json").write_text(json.dumps(info))
    section = table(info)
    print(section)
    print(f"raw results: {folder / 'rush.json'}")
    if not args.no_write:
        write_section("rush" if args.pace == "robot" else f"rush-{args.pace}", section)


if __name__ == "__main__":
    main()
