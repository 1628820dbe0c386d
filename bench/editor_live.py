"""Live review under load: 10 members typing in the editor at once, on PostgreSQL, from a second process.

Starts ``mingjing demo`` + ``mingjing serve`` on a fresh PostgreSQL database, adds ten members to the
meeting's 班子 (each writes their own draft), imports a ~6,000-character report into every draft, then each editor loops
for ``--duration`` seconds: think (1–2 s: typing a phrase and the 600 ms pause), then one live request
(save + review) with the changed paragraph, exactly what the page's htmx sends after a pause.
Latencies are measured on loopback; the result goes to docs/benchmarks.md (section editor-live).

    .venv/bin/python bench/editor_live.py [--editors 10] [--duration 60] [--workers 2] [--no-write]
"""

from __future__ import annotations

import argparse
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_web_client import Client  # noqa: E402
from benchdoc import write_section  # noqa: E402

from tests.support.live_app import app_environment, run_demo, start_app, stop_app  # noqa: E402

PASSWORD = "mingjing-demo"
MAX_REQUESTS = 500  # per editor, a bound besides the deadline
STOP_SHARE = 0.15  # after a quick answer, how often the writer stops long enough for the settle request
_ADD_WRITERS = """
import django; django.setup()
from mingjing_web.meetings.models import Meeting, MeetingMember
from mingjing_web.orgs.models import Role, TeamRole
from mingjing_web.orgs.services import membership_create
meeting = Meeting.objects.filter(state="open").order_by("-year", "pk").first()
for i in range(1, {count} + 1):
    m = membership_create(organisation=meeting.organisation, username=f"editor{{i}}", password="{password}",
                          display_name=f"撰写人{{i}}", role=Role.MEMBER, team_role=TeamRole.MEMBER)
    MeetingMember.objects.create(meeting=meeting, membership=m, display_name=m.display_name, team_role="member")
print(meeting.pk)
"""
_CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"')


def _report_text(target: int = 6000) -> str:
    """Our own demo report, lengthened with more measures of its own kind to about ``target`` characters."""
    from mingjing.samples import demo_members

    text = demo_members()[1].path.read_text("utf-8").rstrip("\n")
    lines = text.split("\n")
    closing = lines.pop() if not re.match(r"^[一二三四五六七八九十]是", lines[-1]) else ""
    from mingjing_web.editor.structure import cn_number

    villages = (
        "石门",
        "柳溪",
        "青山",
        "白沙",
        "东岭",
        "南坪",
        "北坞",
        "西河",
        "桃园",
        "杏林",
        "梅岗",
        "竹湾",
        "枫林",
        "松岭",
        "荷塘",
        "李家",
    )
    for n, village in enumerate(villages):
        if len("\n".join(lines)) + len(closing) >= target:
            break
        lines.append(
            f"（{cn_number(n + 5)}）到{village}村蹲点。2024年{n + 1}月起每月到{village}村住一天，和农户坐下来交流，"
            "把群众反映的灌溉、道路和农资价格问题逐件登记，由办公室跟踪办理，年底前向班子报告办理结果；"
            "办理情况在局机关公开栏公示，接受干部群众监督，当月解决不了的，写明原因和完成时限，"
            "下次蹲点时当面向农户说明进展。"
        )
    return "\n".join([*lines, closing] if closing else lines)


def _fresh_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[-1]
    if not name.endswith("_bench"):
        raise SystemExit("the benchmark database name must end in _bench")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


class Editor(threading.Thread):
    def __init__(self, base: str, username: str, meeting: int, text: str, deadline: float) -> None:
        super().__init__(daemon=True)
        self.base, self.username, self.meeting, self.text, self.deadline = (
            base,
            username,
            meeting,
            text,
            deadline,
        )
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.chars = 0
        self.quick = 0

    def run(self) -> None:
        try:
            self._run()
        except Exception as err:  # a bench reports failures, it does not stop on them
            self.errors.append(f"{self.username}: {err!r}")

    def _run(self) -> None:
        client = Client(self.base)
        client.login(self.username, PASSWORD)
        opened = client.get(f"/meetings/{self.meeting}/write/")
        draft = re.search(r"/drafts/(\d+)/", opened.location or "")
        if draft is None:
            raise RuntimeError(f"no draft ({opened.status})")
        path = f"/drafts/{draft.group(1)}/"
        page = client.get(path).body.decode()
        token = _CSRF.search(page)
        assert token is not None
        client.post_file(path + "import/", "file", "report.txt", self.text.encode("utf-8"))
        page = client.get(path).body.decode()
        bodies = re.findall(r'<textarea id="(ib-[0-9a-f]+)" name="\1"[^>]*>([^<]*)</textarea>', page)
        self.chars = len(self.text)
        field, body = random.choice(bodies)
        settle = False
        for count in range(MAX_REQUESTS):
            if settle and random.random() < STOP_SHARE:
                # The writer stops: 4.5 s after a quick answer the page asks for the whole-text review.
                time.sleep(4.5)
                fields = {"csrfmiddlewaretoken": token.group(1), field: body, "settle": "1"}
            else:
                time.sleep(random.uniform(1.0, 2.0))
                body += "我" if count % 2 else "认真"
                fields = {"csrfmiddlewaretoken": token.group(1), field: body}
            if time.monotonic() > self.deadline:
                break
            began = time.perf_counter()
            response = client.post_form(path + "live/", fields)
            elapsed = time.perf_counter() - began
            if response.status != 200 or b"fb-general" not in response.body:
                self.errors.append(f"{self.username}: HTTP {response.status}")
            else:
                self.latencies.append(elapsed * 1000)
                settle = b'hidden hx-post="' in response.body  # a quick answer that schedules a settle
                self.quick += settle
        client.close()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _phase(base: str, users: list[str], meeting: int, text: str, seconds: float) -> str:
    load_before = os.getloadavg()[0]
    deadline = time.monotonic() + seconds
    editors = [Editor(base, u, meeting, text, deadline) for u in users]
    for editor in editors:
        editor.start()
    for editor in editors:
        editor.join(timeout=seconds + 300)
    latencies = [v for e in editors for v in e.latencies]
    errors = [m for e in editors for m in e.errors]
    quick = sum(e.quick for e in editors)
    if errors:
        print("errors:", errors[:5])
    if not latencies:
        raise SystemExit(f"no measurement: {errors[:5]}")
    return (
        f"| {len(editors)} | {seconds:.0f} | {len(latencies)} | {len(errors)} | {statistics.median(latencies):.0f} | "
        f"{_percentile(latencies, 0.95):.0f} | {max(latencies):.0f} | {quick} | "
        f"{load_before:.1f} → {os.getloadavg()[0]:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/mj_editor_bench")
    parser.add_argument("--editors", type=int, default=10)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    _fresh_postgres(args.database_url)
    folder = Path(tempfile.mkdtemp(prefix="mingjing-editor-bench-"))
    env = app_environment(database_url=args.database_url, folder=folder)
    env["DJANGO_SETTINGS_MODULE"] = "mingjing_web.settings"
    run_demo(env)
    added = subprocess.run(
        [sys.executable, "-c", _ADD_WRITERS.format(count=args.editors, password=PASSWORD)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    meeting = int(added.stdout.strip().splitlines()[-1])
    env.pop("DJANGO_SETTINGS_MODULE")
    app = start_app(env, folder=folder, workers=args.workers)
    text = _report_text()
    users = [f"editor{i}" for i in range(1, args.editors + 1)]  # members of the 班子 with no report yet
    rows: list[str] = []
    try:
        # First one editor alone (the cost of one request on this machine now), then all at once.
        for count, seconds in ((1, min(20.0, args.duration)), (args.editors, args.duration)):
            rows.append(_phase(app.base, users[:count] if count == 1 else users, meeting, text, seconds))
    finally:
        stop_app(app)
        shutil.rmtree(folder, ignore_errors=True)
    body = (
        "## Editor: live review under load\n\n"
        f"`bench/editor_live.py`: editors typing in the editor (think 1–2 s between pauses), a report of "
        f"{len(text)} characters each, PostgreSQL, gunicorn {args.workers} workers, client in a second process "
        "on loopback. Each request saves the draft and reviews it: the whole text (parse, every rule) when the last "
        "whole review of that draft is older than 4 s or the structure changed, else a quick answer (proofreading "
        "of the changed paragraph, the other findings carried over); after a quick answer the writer stops in "
        f"{STOP_SHARE:.0%} of the cases and the page's settle request (a whole review 4.5 s later) is sent and "
        "measured too. Load average: the machine's (2 cores, other jobs included) at the start and end.\n\n"
        "| editors | seconds | requests | errors | p50 ms | p95 ms | max ms | quick answers | load average |\n"
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n" + "\n".join(rows) + "\n"
    )
    print(body)
    if not args.no_write:
        write_section("editor-live", body)


if __name__ == "__main__":
    main()
