"""County and province size (issue 12.4): index build, disk, query with spans, cross-unit all-pairs.

    .venv/bin/python -m bench.reuse.province --sizes 10000,30000

Every figure stands beside the *current implementation* measured in the same run: the committed
``mingjing.reuse`` (``git archive HEAD``, imported from a temporary folder in its own process) against
the working tree. Phases run in fresh processes (peak RAM is each phase's own). Synthetic reports come
from bench/reuse/scale.py (~5,000 characters; 30 % with template paragraphs, 10 % with a colleague's
passage); unit ``i // 40`` (a unit's 班子 over five years). Cross-unit all-pairs: both scan the index's
posting buckets for pairs of different units sharing ≥ 12 fingerprints (:mod:`mingjing.reuse.scope`)
and align only those, with as many worker processes as the implementation can use (the committed one
before issue 12.4: one). ``--head-matrix`` measures the older in-memory ``reuse_matrix`` instead for
the current implementation. ``--warm`` reads each index file into the page cache before its query
phase (a server's hot index; otherwise the query meets the cache as the build left it, and the second
11 GB index of a run has pushed the first one out). ``--skip`` leaves phases out and keeps what an earlier
run in the same ``--work`` measured for them; the section says when each phase ran. The report file is
made once per ``--work`` from the real texts bench/reuse/synth.py finds (with or without the seeds beside
the checkout); a checkout that finds others refuses it, since its queries would plant other passages.
Each phase has a time limit (``--build-timeout``, ``--query-timeout``,
``--pairs-timeout``); a phase over it is reported as a timeout. Results go to docs/benchmarks.md
(section ``reuse-province``) with the machine, date and load, and 1,000,000-report projections from the
largest size measured: build time and disk linear in reports, plus disk with the bucket rows as long as
they get at 1M (rows grow with the reports, and how well they pack into database pages changes with
their length: measured on a table of such rows, in the same run).
"""

from __future__ import annotations

import argparse
import inspect
import json
import multiprocessing as mp
import os
import platform
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
UNIT = 40  # reports per unit
IMPLS = ("head", "tree")


def _gen_one(i: int) -> str:
    from bench.reuse import scale

    text, planted = scale.report(i)
    return json.dumps({"i": i, "text": text, "planted": [p.__dict__ for p in planted]}, ensure_ascii=False)


def corpus_file(work: Path, n: int) -> Path:
    path = work / f"reports-{n}.jsonl"
    if path.exists():
        return path
    tmp = path.with_suffix(".part")
    with mp.get_context("fork").Pool(2) as pool, tmp.open("w", encoding="utf-8") as out:
        for line in pool.imap(_gen_one, range(n), chunksize=256):
            out.write(line + "\n")
    tmp.rename(path)
    return path


def sources_digest() -> str:
    """What the synthetic reports are made from: the real texts bench/reuse/synth.py found (the seeds
    beside the checkout, when there, and the shipped templates). A report file made from other sources
    holds other reports than the queries this checkout makes: its passages are never found."""
    import hashlib

    from bench.reuse import synth

    names = "\n".join(f"{s.name}:{len(s.text)}" for s in synth.real_sources())
    return hashlib.sha1(names.encode()).hexdigest()[:12]


def _rows(path: Path, n: int) -> list[dict[str, Any]]:
    out = []
    with path.open(encoding="utf-8") as f:
        for k, line in enumerate(f):
            if k >= n:
                break
            out.append(json.loads(line))
    return out


def _prepare(line: str) -> Any:
    from mingjing.reuse.corpus import CorpusDocument, prepare

    row = json.loads(line)
    doc = CorpusDocument(row["text"], row["text"], title=f"r{row['i']}", kind="peer", owner=f"r{row['i']}")
    return prepare(doc)


def _storage(corpus: Any) -> dict[str, Any]:
    """Where the bytes are: pages of the texts and of the postings, and the postings' own bytes."""
    db = corpus.db
    out: dict[str, Any] = {"page_size": int(db.execute("PRAGMA page_size")[0][0])}
    try:
        sizes = {str(k): int(v) for k, v in db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name")}
    except Exception:  # an SQLite built without dbstat: the totals stay, the split is left out
        return out
    out["texts_bytes"] = sizes.get("mj_reuse_texts", 0)
    out["postings_bytes"] = sizes.get("mj_reuse_postings", 0)
    payload, buckets = db.execute("SELECT COALESCE(SUM(LENGTH(data)), 0), COUNT(*) FROM mj_reuse_postings")[0]
    out["postings_payload"] = int(payload)
    out["buckets"] = int(buckets)
    return out


def phase_build(path: Path, n: int, db: Path) -> dict[str, Any]:
    from mingjing.reuse import Corpus

    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    start = time.perf_counter()
    corpus = Corpus.open(db)
    batch: list[Any] = []
    with corpus.bulk() as loader, mp.get_context("fork").Pool(2) as pool, path.open(encoding="utf-8") as f:
        for prepared in pool.imap((_prepare), (line for k, line in enumerate(f) if k < n), chunksize=64):
            batch.append(prepared)
            if len(batch) >= 2000:
                loader.add_prepared(batch)
                batch = []
        loader.add_prepared(batch)
    corpus.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seconds = time.perf_counter() - start
    size = corpus.size_bytes()
    storage = _storage(corpus)
    corpus.close()
    per_report = size / n
    print(f"{n} reports: {per_report:,.0f} bytes a report on disk", file=sys.stderr)
    return {"seconds": round(seconds, 1), "disk_mb": round(size / 2**20, 1), "bytes": size, **storage}


def phase_query(n: int, db: Path, count: int) -> dict[str, Any]:
    from bench.reuse import scale
    from mingjing.reuse import Corpus, find_reuse

    qs = [scale.query(n, q) for q in range(count)]
    corpus = Corpus.open(db)
    find_reuse(qs[0][0], corpus)
    times, found = [], 0
    for text, planted in qs:
        start = time.perf_counter()
        result = find_reuse(text, corpus)
        times.append((time.perf_counter() - start) * 1000)
        peer = next(p for p in planted if p.source >= 0)
        found += any(
            p.source_id == peer.source + 1 and p.end > peer.start and p.start < peer.end
            for p in result.copies()
        )
    corpus.close()
    times.sort()
    return {
        "p50_ms": round(times[len(times) // 2], 1),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
        "source_recall": round(found / count, 3),
    }


def _truth(rows: list[dict[str, Any]]) -> set[tuple[int, int]]:
    """Planted colleague copies across units, as (source index, copier index)."""
    return {
        (p["source"], r["i"])
        for r in rows
        for p in r["planted"]
        if p["source"] >= 0 and p["source"] // UNIT != r["i"] // UNIT
    }


def phase_pairs_head(path: Path, n: int) -> dict[str, Any]:
    from mingjing.reuse.matrix import reuse_matrix
    from mingjing.reuse.result import QueryText

    rows = _rows(path, n)
    texts = [QueryText(r["text"], r["text"], f"r{r['i']}") for r in rows]
    start = time.perf_counter()
    matrix = reuse_matrix(texts, workers=2)
    cross = {(p.a, p.b) for p in matrix.pairs if p.a_copied and p.a // UNIT != p.b // UNIT}
    seconds = time.perf_counter() - start
    truth = _truth(rows)
    return {"seconds": round(seconds, 1), "pairs": len(cross), "recall": _recall(truth, cross)}


def phase_pairs_tree(path: Path, n: int, db: Path) -> dict[str, Any]:
    from mingjing.reuse import Corpus
    from mingjing.reuse.scope import candidate_pairs, verified_pairs

    rows = _rows(path, n)
    corpus = Corpus.open(db)
    groups = {i + 1: i // UNIT for i in range(n)}  # document ids are 1-based in load order
    # the committed implementation may predate the split over processes: it then aligns in one
    split = "processes" in inspect.signature(verified_pairs).parameters
    extra: dict[str, Any] = {"processes": os.cpu_count() or 1} if split else {}
    start = time.perf_counter()
    candidates = candidate_pairs(corpus, groups)
    scanned = time.perf_counter() - start
    verified = verified_pairs(corpus, candidates, min_passage=13, **extra)
    seconds = time.perf_counter() - start
    corpus.close()
    cross = {(p.a - 1, p.b - 1) for p in verified}
    return {
        "seconds": round(seconds, 1),
        "scan_seconds": round(scanned, 1),
        "candidates": len(candidates),
        "processes": extra.get("processes", 1),
        "pairs": len(cross),
        "recall": _recall(_truth(rows), cross),
    }


def _recall(truth: set[tuple[int, int]], found: set[tuple[int, int]]) -> float | None:
    if not truth:
        return None
    norm = {(min(a, b), max(a, b)) for a, b in truth}
    return round(len(norm & found) / len(norm), 3)


PHASES = {
    "build": lambda a: phase_build(Path(a.data), a.n, Path(a.db)),
    "query": lambda a: phase_query(a.n, Path(a.db), a.queries),
    "pairs-head": lambda a: phase_pairs_head(Path(a.data), a.n),
    "pairs-tree": lambda a: phase_pairs_tree(Path(a.data), a.n, Path(a.db)),
}


def _child(args: argparse.Namespace) -> None:
    result = PHASES[args.phase](args)
    result["peak_mb"] = round(
        max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        )
        / 1024,
        1,
    )
    print("RESULT " + json.dumps(result), flush=True)


BASE = os.environ.get("MINGJING_BENCH_BASE", "HEAD")  # the commit *current* is exported from (--base)


def head_source(work: Path) -> Path:
    """The mingjing package of the base commit (HEAD unless --base), exported once per run."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", BASE], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    target = work / f"head-{commit}"
    if not (target / "src" / "mingjing").exists():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "archive", commit, "src/mingjing"], cwd=ROOT, check=True, capture_output=True
        )
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target / "src"


def packing(page_size: int, row_bytes: float, rows: int = 3000) -> float:
    """Bytes on disk per byte stored for bucket rows of about ``row_bytes`` in pages of ``page_size``
    (an SQLite table like the postings, filled in key order as a bulk load does)."""
    import numpy as np

    rng = np.random.default_rng(12)
    with tempfile.TemporaryDirectory(prefix="mingjing-packing-") as tmp:
        path = Path(tmp) / "packing.sqlite"
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute(f"PRAGMA page_size={int(page_size)}")
        conn.execute("CREATE TABLE t (bucket INTEGER PRIMARY KEY, data BLOB NOT NULL)")
        sizes = np.maximum(1, rng.normal(row_bytes, np.sqrt(row_bytes * 6), rows)).astype(int)
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO t VALUES (?, ?)", ((i, rng.bytes(int(k))) for i, k in enumerate(sizes)))
        conn.execute("COMMIT")
        conn.close()
        return path.stat().st_size / int(sizes.sum())


def warm(path: Path) -> float:
    """Read a file once so it sits in the page cache; returns the seconds it took."""
    start = time.perf_counter()
    with path.open("rb") as f:
        while f.read(1 << 23):
            pass
    return time.perf_counter() - start


def run_phase(
    impl: str,
    phase: str,
    work: Path,
    n: int,
    data: Path,
    queries: int,
    timeout: float,
    *,
    warmed: bool = False,
) -> dict[str, Any]:
    env = dict(os.environ)
    paths = [str(ROOT)] + ([str(head_source(work))] if impl == "head" else [str(ROOT / "src")])
    env["PYTHONPATH"] = os.pathsep.join(reversed(paths))  # the implementation's package first
    db = work / f"{impl}-{n}.sqlite"
    warm_s = round(warm(db), 1) if warmed and phase == "query" else None
    cmd = [sys.executable, "-m", "bench.reuse.province", "--child", phase, "--n", str(n), "--db", str(db)]
    cmd += ["--data", str(data), "--queries", str(queries)]
    try:
        done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"timeout_s": timeout}
    line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        return {"error": done.stderr.strip().splitlines()[-1:] or ["no output"]}
    result = dict(json.loads(line[7:]))
    if warm_s is not None:
        result["warmed_s"] = warm_s
    return result


def machine() -> str:
    cpu = next(
        (
            x.split(":", 1)[1].strip()
            for x in Path("/proc/cpuinfo").read_text().splitlines()
            if x.startswith("model name")
        ),
        platform.processor(),
    )
    mem = int(Path("/proc/meminfo").read_text().split()[1]) / 2**20
    return (
        f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GB RAM, Python {platform.python_version()}, SQLite (WAL)"
    )


MILLION = 1_000_000
TARGETS = "index build ≤ 30 min, ≤ 12 GB on disk, query with spans p95 ≤ 50 ms, cross-unit all-pairs over 100,000 reports ≤ 10 min"


def _cell(x: dict[str, Any], key: str) -> str:
    if "timeout_s" in x:
        return f"timeout ({x['timeout_s']:.0f} s)"
    if "error" in x:
        return "error"
    return str(x.get(key, "—"))


def projections(results: dict[str, Any]) -> list[str]:
    """1,000,000-report lines from the largest size measured (build time and disk linear in reports)."""
    sizes = [n for n in results["sizes"] if results["runs"].get(str(n))]
    if not sizes:
        return []
    n = max(sizes)
    scale = MILLION / n
    lines = [
        f"**Projected to 1,000,000 reports** from the {n:,}-report run: build time and disk scale linearly in "
        "reports (stated, not measured); *disk, rows as at 1M* keeps texts and the rest linear but puts the "
        "postings' own bytes into pages at the packing measured for bucket rows as long as they are at 1M "
        f"(a bucket holds {scale:,.0f}× the postings it holds here; a page holds whole rows only, so the "
        "slack depends on the row length — a step, not a slope). GiB = 2^30 bytes.",
        "",
        "| impl | build (linear) | disk (linear) | bucket row at 1M | packing at 1M | disk, rows as at 1M |",
        "|---|---|---|---|---|---|",
    ]
    for impl in IMPLS:
        b = results["runs"][str(n)].get(impl, {}).get("build", {})
        if "seconds" not in b:
            lines.append(f"| {_label(impl)} | {_cell(b, 'seconds')} | — | — | — | — |")
            continue
        build = f"{b['seconds'] * scale / 60:.0f} min"
        disk = f"{b['bytes'] * scale / 2**30:.1f} GiB"
        packed = results.get("packing", {}).get(f"{n}:{impl}")
        if packed and "postings_payload" in b:
            row = b["postings_payload"] * scale / 2**20
            rest = b["bytes"] - b["postings_bytes"]
            total = rest * scale + b["postings_payload"] * scale * packed
            lines.append(
                f"| {_label(impl)} | {build} | {disk} | {row:,.0f} B in {b['page_size'] // 1024} KiB pages | "
                f"{packed:.2f} | {total / 2**30:.1f} GiB |"
            )
        else:
            lines.append(f"| {_label(impl)} | {build} | {disk} | — | — | — |")
    return lines


def _label(impl: str) -> str:
    return "current" if impl == "head" else "new"


def render(results: dict[str, Any]) -> str:
    lines = [
        "## County and province size (issue 12.4)",
        "",
        f"Targets: {TARGETS}. Machine: {results['machine']}. Date: {results['date']}; load average at the "
        f"start {results.get('load', '—')}, at the end {results.get('load_end', '—')}. Command: "
        f"`.venv/bin/python -m bench.reuse.province --sizes {','.join(str(k) for k in results['sizes'])}`. "
        f"*current* = committed `mingjing.reuse` ({results.get('base', 'HEAD')}), *new* = working tree; both "
        "measured in this run, one "
        "phase after the other, each phase in a fresh process. Synthetic reports of ~4,500 characters "
        "(bench/reuse/scale.py), units of 40 reports. Cross-unit all-pairs: scan of the index for pairs of "
        "different units sharing ≥ 12 fingerprints, then alignment of those (processes: as many as the "
        "implementation uses).",
        "",
        "| reports | impl | build s | disk MiB | bytes a report | query p50 / p95 ms (recall) | "
        "cross-unit all-pairs s (scan s, processes) | pairs (recall) | peak RAM MiB (pairs) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for n in results["sizes"]:
        r = results["runs"].get(str(n), {})
        for impl in IMPLS:
            x = r.get(impl, {})
            b, q = x.get("build", {}), x.get("query", {})
            p = x.get("pairs-head" if "pairs-head" in x else "pairs-tree", {})
            per = f"{b['bytes'] / n:,.0f}" if "bytes" in b else "—"
            scan = f" ({p['scan_seconds']}, {p.get('processes', 1)})" if "scan_seconds" in p else ""
            if "pairs-head" in x:
                scan = " (reuse_matrix)"
            lines.append(
                f"| {n:,} | {_label(impl)} | {_cell(b, 'seconds')} | {b.get('disk_mb', '—')} | {per} | "
                f"{_cell(q, 'p50_ms')} / {q.get('p95_ms', '—')} ({q.get('source_recall', '—')}) | "
                f"{_cell(p, 'seconds')}{scan} | {p.get('pairs', '—')} ({p.get('recall', '—')}) | "
                f"{p.get('peak_mb', '—')} |"
            )
    stamps = [
        f"{n:,} {_label(impl)} {phase} {x['measured']}"
        + (f" (index file read into the page cache first: {x['warmed_s']} s)" if "warmed_s" in x else "")
        for n in results["sizes"]
        for impl in IMPLS
        for phase, x in results["runs"].get(str(n), {}).get(impl, {}).items()
        if isinstance(x, dict) and "measured" in x
    ]
    if stamps:
        lines += ["", "When each phase ran: " + "; ".join(stamps) + "."]
    lines += ["", *projections(results)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "mingjing-bench-province")
    parser.add_argument("--build-timeout", type=float, default=1800)
    parser.add_argument("--query-timeout", type=float, default=600)
    parser.add_argument("--pairs-timeout", type=float, default=1200)
    parser.add_argument(
        "--head-matrix", action="store_true", help="current: reuse_matrix, not the index scan"
    )
    parser.add_argument("--child")
    parser.add_argument("--n", type=int)
    parser.add_argument("--db")
    parser.add_argument("--data")
    parser.add_argument("--no-docs", dest="docs", action="store_false")
    parser.add_argument(
        "--warm",
        action="store_true",
        help="read the index file into the page cache before each query phase (a server's hot index); "
        "without it the query meets the cache as the phases before left it",
    )
    parser.add_argument(
        "--skip",
        default="",
        help="phases to skip, e.g. head:pairs-tree,head:query (a skipped phase keeps the figure in --work)",
    )
    parser.add_argument("--base", default=BASE, help="the commit *current* is measured at (default HEAD)")
    parser.add_argument("--section", default="reuse-province", help="the docs/benchmarks.md section written")
    args = parser.parse_args()
    os.environ["MINGJING_BENCH_BASE"] = args.base  # the phases run in child processes
    globals()["BASE"] = args.base
    if args.child:
        args.phase = args.child
        _child(args)
        return
    args.work.mkdir(parents=True, exist_ok=True)
    out = args.work / "results.json"
    results: dict[str, Any] = json.loads(out.read_text()) if out.exists() else {"runs": {}}
    sizes = [int(s) for s in args.sizes.split(",")]
    every = sorted(set(results.get("sizes", [])) | set(sizes))  # earlier sizes stay in the table
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    results.update(machine=machine(), date=date.today().isoformat(), sizes=every, load=load, base=args.base)
    limits = {"build": args.build_timeout, "query": args.query_timeout}
    for n in sizes:
        data = corpus_file(args.work, n)
        made_from = results.setdefault("sources", {}).setdefault(str(n), sources_digest())
        if made_from != sources_digest():
            raise SystemExit(
                f"{data} was made from other real texts ({made_from}) than this checkout finds "
                f"({sources_digest()}): run where it was made (../shared beside it or not), or delete it"
            )
        run = results["runs"].setdefault(str(n), {})
        for impl in IMPLS:
            # A phase skipped here keeps what the run before measured (results.json in --work), so one
            # run's figures can be completed later on the same data, e.g. the working tree's once it is
            # ready; the section then says which were measured when (``measured``).
            mine = run.setdefault(impl, {})
            pairs = "pairs-head" if impl == "head" and args.head_matrix else "pairs-tree"
            for phase in ("build", "query", pairs):
                if f"{impl}:{phase}" in args.skip.split(","):
                    continue
                timeout = limits.get(phase, args.pairs_timeout)
                mine[phase] = run_phase(
                    impl, phase, args.work, n, data, args.queries, timeout, warmed=args.warm
                )
                mine[phase]["measured"] = time.strftime("%Y-%m-%d %H:%M")
                print(n, impl, phase, mine[phase], flush=True)
                out.write_text(json.dumps(results, indent=1))
            b = mine.get("build", {})
            if "postings_payload" in b:
                row = b["postings_payload"] * (MILLION / n) / 2**20
                results.setdefault("packing", {})[f"{n}:{impl}"] = round(packing(b["page_size"], row), 3)
                out.write_text(json.dumps(results, indent=1))
    results["load_end"] = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    out.write_text(json.dumps(results, indent=1))
    print(render(results))
    if args.docs:
        sys.path.insert(0, str(ROOT / "bench"))
        from benchdoc import write_section

        write_section(args.section, render(results))


if __name__ == "__main__":
    main()
