"""Load and soak of the web application (issue 14.7): N users without think time, a share of uploads.

The server is ``mingjing serve`` (gunicorn, as in production) on a free loopback port with its own
data folder and the demo organisation; this process is the load generator (one keep-alive client per
user, ``bench_web_client``; each account signs in once and its session is shared by its users). Each
user loops until the deadline: with probability ``--uploads`` a new version of a member's own report
(a demo report with one changed line, as a .docx or .txt), else a page (home, dashboard, a report, a
findings drill-down). Server memory (arbiter + workers, RSS) is
sampled every few seconds; the server's CPU (``/proc``) and this process's CPU per request are reported
too. Bounded: a deadline, a request cap per user, a timeout per request.

    python bench/soak.py --database sqlite --users 50 --duration 600 --uploads 0.2 --write
    python bench/soak.py --database postgres --users 50 --duration 120 --uploads 0.9

``--write`` puts the table into docs/benchmarks.md (section ``soak-<database>-<uploads>``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_web_client import Client  # noqa: E402
from benchdoc import write_section  # noqa: E402

PASSWORD = "mingjing-demo"
MAX_REQUESTS_PER_USER = 20_000
UPLOADERS = ("member2", "member3", "member5")  # demo members whose report is still editable
PG_BASE = "postgres://postgres@127.0.0.1:5432/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _mingjing() -> str:
    return str(Path(sys.executable).with_name("mingjing"))


def _prepare(database: str, folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    env.update({"MINGJING_DATA_DIR": str(folder / "data"), "LOG_LEVEL": "ERROR"})
    if database == "postgres":
        name = f"mj_webd_soak_{os.getpid()}"
        for sql in (f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"):
            subprocess.run(["psql", PG_BASE + "postgres", "-q", "-c", sql], check=True, capture_output=True)
        env["DATABASE_URL"] = PG_BASE + name
    subprocess.run([_mingjing(), "demo"], env=env, check=True, capture_output=True, timeout=600)
    return env


def _drop(env: dict[str, str]) -> None:
    url = env.get("DATABASE_URL", "")
    if url.startswith(PG_BASE):
        name = url.rsplit("/", 1)[1]
        sql = f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        subprocess.run(["psql", PG_BASE + "postgres", "-q", "-c", sql], check=False, capture_output=True)


def _start(env: dict[str, str], port: int, workers: int, threads: int, log: Path) -> subprocess.Popen[bytes]:
    command = [
        _mingjing(),
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--threads",
        str(threads),
    ]
    process = subprocess.Popen(command, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if Client(f"http://127.0.0.1:{port}").get("/login/").status == 200:
                return process
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError(log.read_text("utf-8", "replace")[-2000:])


def _tree_rss_mb(pid: int) -> float:
    """RSS of ``pid`` and its children (the gunicorn arbiter and its workers), in MB."""
    pids = [pid]
    try:
        pids += [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return 0.0
    total = 0
    for each in pids:
        try:
            total += int(Path(f"/proc/{each}/statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total * os.sysconf("SC_PAGE_SIZE") / 1048576


_TICKS = os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(pid: int) -> float:
    """CPU (user + system) of ``pid`` and its children so far, exited workers included, in seconds."""
    pids = [pid]
    try:
        pids += [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return 0.0
    total = 0
    for each in pids:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # utime, stime; for the arbiter also cutime, cstime: the workers it has already reaped.
        total += sum(int(v) for v in fields[11 : 15 if each == pid else 13])
    return total / _TICKS


def _sample_memory(pid: int, stop: threading.Event, out: list[tuple[float, float]], every: float) -> None:
    started = time.monotonic()
    while not stop.is_set():
        out.append((time.monotonic() - started, _tree_rss_mb(pid)))
        stop.wait(every)


def _links(base: str) -> dict[str, list[str]]:
    reviewer = Client(base)
    reviewer.login("reviewer", PASSWORD)
    home = reviewer.get("/").body.decode()
    meeting = re.search(r'href="(/meetings/\d+/)"', home)
    if meeting is None:
        raise RuntimeError("no meeting on the reviewer's home page")
    dashboard = reviewer.get(meeting.group(1)).body.decode()
    reports = sorted(set(re.findall(r'href="(/reports/\d+/)"', dashboard)))
    drill = re.findall(r'href="(/meetings/\d+/findings/\?family=[^"]+)"', dashboard)
    reviewer.close()
    return {
        "home": ["/"],
        "dashboard": [meeting.group(1)],
        "report": reports,
        "drilldown": drill[:4] or ["/"],
    }


def _documents() -> list[tuple[str, bytes]]:
    from mingjing.samples import demo_members
    from tests.support.docx_build import docx_bytes

    texts = [member.path.read_text("utf-8") for member in demo_members()]
    return [(f"报告{i}.docx", docx_bytes(t)) for i, t in enumerate(texts)] + [
        (f"报告{i}.txt", t.encode("utf-8")) for i, t in enumerate(texts)
    ]


def _sessions(base: str) -> dict[str, tuple[dict[str, str], str]]:
    """Sign in once per account (reviewer and each uploader): cookies and the uploader's upload path.

    Why once: a password check costs hundreds of ms of CPU by design; 100 simultaneous logins would be
    a login storm measured instead of the soak (and used to time out before the soak even began).
    """
    found: dict[str, tuple[dict[str, str], str]] = {}
    for username in ("reviewer", *UPLOADERS):
        client = Client(base, timeout=120.0)
        client.login(username, PASSWORD)
        upload_path = ""
        if username != "reviewer":
            mine = re.search(r'href="(/meetings/\d+/mine/)"', client.get("/").body.decode())
            upload_path = (mine.group(1) if mine else "/meetings/1/mine/") + "versions/"
        found[username] = (dict(client.cookies), upload_path)
        client.close()
    return found


def _user(
    index: int,
    base: str,
    links: dict[str, list[str]],
    share: float,
    documents: list[tuple[str, bytes]],
    sessions: dict[str, tuple[dict[str, str], str]],
    ready: threading.Barrier,
    window: list[float],
    out: list[tuple[str, float, int]],
    think: float = 0.0,
) -> None:
    """One person at two desks: a member who uploads their report, the reviewer who reads the pages."""
    rng = random.Random(index)
    member_cookies, upload_path = sessions[UPLOADERS[index % len(UPLOADERS)]]
    member = Client(base, cookies=dict(member_cookies), timeout=60.0)
    reviewer = Client(base, cookies=dict(sessions["reviewer"][0]), timeout=60.0)
    ready.wait()
    for _ in range(MAX_REQUESTS_PER_USER):
        if time.monotonic() >= window[0]:
            break
        try:
            if rng.random() < share:
                name, data = rng.choice(documents)
                marker = f"\n（第 {rng.randrange(10**9)} 稿）".encode() if name.endswith(".txt") else b""
                response = member.post_file(upload_path, "file", name, data + marker)
                kind, ok = "upload", response.status in (302, 303)
            else:
                kind = rng.choices(["home", "dashboard", "report", "drilldown"], weights=[1, 3, 5, 1])[0]
                headers = {"HX-Request": "true"} if kind == "drilldown" else None
                response = reviewer.get(rng.choice(links[kind]), headers)
                ok = response.status == 200
            out.append((kind, response.seconds, 200 if ok else response.status))
        except Exception as err:  # counted, never hidden
            out.append((f"error:{type(err).__name__}", 0.0, 0))
        if think:
            time.sleep(rng.uniform(think / 2, think * 1.5))
    member.close()
    reviewer.close()


def _quantiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "p99": 0.0}
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"n": len(values), "p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99)}


def run(
    *,
    database: str,
    users: int,
    duration: float,
    share: float,
    workers: int,
    threads: int,
    think: float = 0.0,
) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="mingjing-soak-") as work:
        folder = Path(work)
        env = _prepare(database, folder)
        port = _free_port()
        server = _start(env, port, workers, threads, folder / "serve.log")
        base = f"http://127.0.0.1:{port}"
        memory: list[tuple[float, float]] = []
        stop = threading.Event()
        try:
            links, documents, sessions = _links(base), _documents(), _sessions(base)
            window = [0.0]
            ready = threading.Barrier(
                users + 1, action=lambda: window.__setitem__(0, time.monotonic() + duration)
            )
            results: list[tuple[str, float, int]] = []
            sampler = threading.Thread(
                target=_sample_memory, args=(server.pid, stop, memory, max(2.0, duration / 60)), daemon=True
            )
            crowd = [
                threading.Thread(
                    target=_user,
                    args=(i, base, links, share, documents, sessions, ready, window, results, think),
                    daemon=True,
                )
                for i in range(users)
            ]
            for thread in crowd:
                thread.start()
            ready.wait()
            sampler.start()
            cpu_server, cpu_client, started = (
                tree_cpu_seconds(server.pid),
                time.process_time(),
                time.monotonic(),
            )
            for thread in crowd:
                thread.join(timeout=duration + 180)
            cpu_server = tree_cpu_seconds(server.pid) - cpu_server
            cpu_client, elapsed = time.process_time() - cpu_client, time.monotonic() - started
            load = os.getloadavg()[0]
        finally:
            stop.set()
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
            _drop(env)
        log = (folder / "serve.log").read_text("utf-8", "replace")
    pages = [s for kind, s, status in results if status == 200 and kind != "upload"]
    uploads = [s for kind, s, status in results if status == 200 and kind == "upload"]
    errors: dict[str, int] = {}
    for kind, _seconds, status in results:
        if status != 200:
            errors[f"{kind}:{status}"] = errors.get(f"{kind}:{status}", 0) + 1
    return {
        "database": database,
        "users": users,
        "duration": duration,
        "uploads_share": share,
        "workers": workers,
        "threads": threads,
        "think": think,
        "requests": len(results),
        "elapsed": round(elapsed, 1),
        # The figures of merit on a shared machine: CPU per request of the server and of this load
        # generator (they share the cores), and the load average at the end (others' work included).
        "server_cpu_ms_per_request": round(cpu_server * 1000 / max(1, len(results)), 1),
        "client_cpu_ms_per_request": round(cpu_client * 1000 / max(1, len(results)), 1),
        "load_average_end": round(load, 1),
        "pages": _quantiles(pages),
        "uploads": _quantiles(uploads),
        "errors": errors,
        "server_errors_in_log": len(re.findall(r"Internal Server Error|Traceback", log)),
        "log_tail": log[-1500:] if "Traceback" in log else "",
        "memory_mb": [(round(t), round(m)) for t, m in memory],
    }


def _memory_summary(samples: list[tuple[int, int]]) -> str:
    if not samples:
        return "no samples"
    values = [m for _t, m in samples]
    third = max(1, len(values) // 3)
    first, last = statistics.mean(values[:third]), statistics.mean(values[-third:])
    return (
        f"first third {first:.0f} MB, last third {last:.0f} MB, max {max(values)} MB ({len(values)} samples)"
    )


def markdown(result: dict[str, object]) -> str:
    pages, uploads = result["pages"], result["uploads"]
    assert isinstance(pages, dict) and isinstance(uploads, dict)
    memory = result["memory_mb"]
    assert isinstance(memory, list)
    ms = lambda v: f"{v * 1000:.0f} ms"  # noqa: E731
    share = float(result["uploads_share"])  # type: ignore[arg-type]
    think = float(result.get("think", 0.0))  # type: ignore[arg-type]
    pause = f"{think:g} s mean think time" if think else "without think time"
    lines = [
        f"## Soak: {result['database']}, {result['users']} users {pause}, {share:.0%} uploads",
        "",
        f"`python bench/soak.py --database {result['database']} --users {result['users']} "
        f"--duration {result['duration']:.0f} --uploads {share}{f' --think {think:g}' if think else ''}` — {time.strftime('%Y-%m-%d')}, "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"`mingjing serve --workers {result['workers']} --threads {result['threads']}`, load from a second "
        "process on loopback.",
        "",
        "| | requests | p50 | p95 | p99 |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| pages | {pages['n']} | {ms(pages['p50'])} | {ms(pages['p95'])} | {ms(pages['p99'])} |",
        f"| uploads | {uploads['n']} | {ms(uploads['p50'])} | {ms(uploads['p95'])} | {ms(uploads['p99'])} |",
        "",
        f"Errors: {json.dumps(result['errors'], ensure_ascii=False) or '{}'}; server errors in the log: "
        f"{result['server_errors_in_log']}. Throughput {result['requests'] / max(1.0, float(result['elapsed'])):.1f} "  # type: ignore[arg-type]
        f"requests/s; CPU per request: server {result['server_cpu_ms_per_request']} ms, load generator "
        f"{result['client_cpu_ms_per_request']} ms; load average at the end {result['load_average_end']}. "
        f"Server memory (arbiter + workers, RSS): {_memory_summary(memory)}.",
        "Memory over time (s → MB): "
        + ", ".join(f"{t}→{m}" for t, m in memory[:: max(1, len(memory) // 12)]),
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=600.0)
    parser.add_argument("--uploads", type=float, default=0.2, help="share of requests that upload (0–1)")
    parser.add_argument(
        "--think", type=float, default=0.0, help="mean seconds between two requests of a user"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--write", action="store_true", help="write the result into docs/benchmarks.md")
    args = parser.parse_args()
    result = run(
        database=args.database,
        users=args.users,
        duration=args.duration,
        share=args.uploads,
        workers=args.workers,
        threads=args.threads,
        think=args.think,
    )
    print(json.dumps(result, ensure_ascii=False))
    print(markdown(result))
    if args.write:
        suffix = f"-think{args.think:g}" if args.think else ""
        write_section(f"soak-{args.database}-{round(args.uploads * 100)}{suffix}", markdown(result))


if __name__ == "__main__":
    main()
