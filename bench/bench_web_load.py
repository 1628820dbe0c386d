"""The load generator of ``bench_web.py``, run as its own process: N users browsing for D seconds.

Each user logs in (reviewers browse the dashboard, reports and drill-downs; members their own report),
then loops page → think time → page until the deadline or its request cap. Prints one JSON object:
latencies per page kind and the errors.

    python bench/bench_web_load.py --base http://127.0.0.1:8000 --users 50 --duration 60
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_web_client import Client

PASSWORD = "mingjing-demo"
MAX_REQUESTS_PER_USER = 2000  # a hard bound besides the deadline
THINK = (1.0, 2.0)  # seconds between two pages of one user


def _discover(base: str) -> dict[str, list[str]]:
    """Links a reviewer and each member can follow, read from the pages themselves."""
    reviewer = Client(base)
    reviewer.login("reviewer", PASSWORD)
    home = reviewer.get("/").body.decode()
    meeting = re.search(r'href="(/meetings/\d+/)"', home)
    if meeting is None:
        raise RuntimeError("no meeting on the reviewer's home page (run `mingjing demo` first)")
    dashboard = reviewer.get(meeting.group(1)).body.decode()
    reports = sorted(set(re.findall(r'href="(/reports/\d+/)"', dashboard)))
    drill = re.findall(r'href="(/meetings/\d+/findings/\?family=[^"]+)"', dashboard)
    # every other page the reviewer reaches from the home page and the meeting page (queue, notifications,
    # 征求意见, 谈心谈话, record, ledger, frameworks …), downloads and logout left out
    seen = set(re.findall(r'href="(/[^"#?]*)"', home + dashboard))
    skip = (".xlsx", ".docx", ".png", ".html", "/logout/", "/static/", "/login/", "/new/", "/delete/")
    other = sorted(
        u
        for u in seen
        if not u.endswith(skip) and not any(x in u for x in skip) and u not in reports and u != "/"
    )
    other = [u for u in other if u != meeting.group(1) and reviewer.get(u).status == 200]
    reviewer.close()
    return {
        "dashboard": [meeting.group(1)],
        "report": reports,
        "drilldown": drill[:4],
        "home": ["/"],
        "other": other,
        "static": ["/static/mingjing_web/app.css"],
    }


def _reviewer_page(links: dict[str, list[str]], rng: random.Random) -> tuple[str, str]:
    kinds, weights = ["dashboard", "report", "drilldown", "home", "static", "other"], [3, 5, 1, 1, 1, 3]
    kind = rng.choices(kinds, weights=weights if links["other"] else [*weights[:-1], 0])[0]
    return kind, rng.choice(links[kind])


def _member_page(own: str, rng: random.Random) -> tuple[str, str]:
    kind = rng.choices(["report", "home", "static"], weights=[6, 2, 1])[0]
    return kind, {"report": own, "home": "/", "static": "/static/mingjing_web/app.css"}[kind]


def _own_report(client: Client) -> str:
    """A member's own report page: the home page links to it, which redirects to the report."""
    mine = re.search(r'href="(/meetings/\d+/mine/)"', client.get("/").body.decode())
    if mine is None:
        raise RuntimeError("no report link on the member's home page")
    return client.get(mine.group(1)).location or "/"


def _user(
    index: int,
    base: str,
    links: dict[str, list[str]],
    ready: threading.Barrier,
    window: list[float],
    out: list[tuple[str, float, int]],
) -> None:
    """Log in (not measured: every user signs in before the browsing starts), then browse."""
    rng = random.Random(index)
    client = Client(base)
    reviewer = index % 2 == 0
    username = "reviewer" if reviewer else f"member{1 + index // 2 % 5}"
    try:
        client.login(username, PASSWORD)
        own_path = "/" if reviewer else _own_report(client)
    except Exception as err:  # counted, never hidden
        out.append(("error:login:" + type(err).__name__, 0.0, 0))
        own_path = ""
    ready.wait()
    if own_path:
        _browse(client, rng, links if reviewer else None, own_path, window[0], out)
    client.close()


def _browse(
    client: Client,
    rng: random.Random,
    links: dict[str, list[str]] | None,
    own: str,
    deadline: float,
    out: list[tuple[str, float, int]],
) -> None:
    time.sleep(rng.uniform(0, THINK[1]))  # users do not all click in the same millisecond
    for _ in range(MAX_REQUESTS_PER_USER):
        if time.monotonic() >= deadline:
            return
        kind, path = _reviewer_page(links, rng) if links is not None else _member_page(own, rng)
        try:
            response = client.get(path, {"HX-Request": "true"} if kind == "drilldown" else None)
            out.append((kind, response.seconds, response.status))
        except Exception as err:  # counted, never hidden
            out.append((f"error:{kind}:{type(err).__name__}", 0.0, 0))
        time.sleep(rng.uniform(*THINK))


def run(base: str, users: int, duration: float) -> dict[str, object]:
    links = _discover(base)
    window = [0.0]
    # The barrier's action runs before anyone is released: every user sees the same deadline.
    ready = threading.Barrier(users + 1, action=lambda: window.__setitem__(0, time.monotonic() + duration))
    results: list[tuple[str, float, int]] = []
    threads = [
        threading.Thread(target=_user, args=(i, base, links, ready, window, results), daemon=True)
        for i in range(users)
    ]
    for thread in threads:
        thread.start()
    ready.wait()  # nobody browses before everybody has signed in
    for thread in threads:
        thread.join(timeout=duration + 120)
    by_kind: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    for kind, seconds, status in results:
        if status != 200:
            errors[f"{kind}:{status}"] = errors.get(f"{kind}:{status}", 0) + 1
        else:
            by_kind.setdefault(kind, []).append(seconds)
    return {
        "users": users,
        "duration": duration,
        "latencies": by_kind,
        "errors": errors,
        "requests": len(results),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", required=True)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0)
    args = parser.parse_args()
    print(json.dumps(run(args.base, args.users, args.duration)))


if __name__ == "__main__":
    main()
