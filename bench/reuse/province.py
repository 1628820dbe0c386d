"""County and province size (issue 12.4): index build, disk, query with spans, cross-unit all-pairs.

    .venv/bin/python -m bench.reuse.province --sizes 10000,30000

Every figure stands beside the *current implementation* measured in the same run: the committed
``mingjing.reuse`` (``git archive HEAD``, imported from a temporary folder in its own process) against
the working tree. Phases run in fresh processes (peak RAM is each phase's own). Synthetic reports come
from bench/reuse/scale.py (~5,000 characters; 30 % with template paragraphs, 10 % with a colleague's
passage); unit ``i // 40`` (a unit's 班子 over five years). Cross-unit all-pairs: the current
implementation is ``reuse_matrix`` over all reports (in memory, 2 processes), then the pairs whose
reports are in different units; the new one scans the index's posting buckets for pairs of different
units sharing ≥ 12 fingerprints (:mod:`mingjing.reuse.scope`) and aligns only those. Results go to
docs/benchmarks.md (section ``reuse-province``) with the machine and date.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import resource
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
    corpus.close()
    return {"seconds": round(seconds, 1), "disk_mb": round(size / 2**20, 1)}


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
    start = time.perf_counter()
    candidates = candidate_pairs(corpus, groups)
    scanned = time.perf_counter() - start
    verified = verified_pairs(corpus, candidates, min_passage=13)
    seconds = time.perf_counter() - start
    corpus.close()
    cross = {(p.a - 1, p.b - 1) for p in verified}
    return {
        "seconds": round(seconds, 1),
        "scan_seconds": round(scanned, 1),
        "candidates": len(candidates),
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


def head_source(work: Path) -> Path:
    """The committed mingjing package, exported once per run."""
    target = work / "head"
    if not (target / "src" / "mingjing").exists():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "archive", "HEAD", "src/mingjing"], cwd=ROOT, check=True, capture_output=True
        )
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target / "src"


def run_phase(
    impl: str, phase: str, work: Path, n: int, data: Path, queries: int, timeout: float
) -> dict[str, Any]:
    env = dict(os.environ)
    paths = [str(ROOT)] + ([str(head_source(work))] if impl == "head" else [str(ROOT / "src")])
    env["PYTHONPATH"] = os.pathsep.join(reversed(paths))  # the implementation's package first
    db = work / f"{impl}-{n}.sqlite"
    cmd = [sys.executable, "-m", "bench.reuse.province", "--child", phase, "--n", str(n), "--db", str(db)]
    cmd += ["--data", str(data), "--queries", str(queries)]
    try:
        done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"timeout_s": timeout}
    line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        return {"error": done.stderr.strip().splitlines()[-1:] or ["no output"]}
    return dict(json.loads(line[7:]))


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


def render(results: dict[str, Any]) -> str:
    lines = [
        "## County and province size (issue 12.4)",
        "",
        f"Machine: {results['machine']}. Date: {results['date']}. Command: `.venv/bin/python -m bench.reuse.province "
        f"--sizes {','.join(str(k) for k in results['sizes'])}`. *current* = committed `mingjing.reuse` (HEAD), "
        "*new* = working tree (copy index maintained per report, write lock and content digests in the core, "
        "cross-unit pairs from the index). Units of 40 reports. The machine was shared with other agents.",
        "",
        "| reports | impl | build s | disk MiB | query p50 / p95 ms (recall) | cross-unit all-pairs s | pairs (recall) | peak RAM MiB (pairs) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for n in results["sizes"]:
        r = results["runs"].get(str(n), {})
        for impl in IMPLS:
            x = r.get(impl, {})
            b, q = x.get("build", {}), x.get("query", {})
            p = x.get("pairs-head" if impl == "head" else "pairs-tree", {})
            pairs = f"{p.get('seconds', p.get('timeout_s', '—'))}" + (
                " (timeout)" if "timeout_s" in p else ""
            )
            lines.append(
                f"| {n:,} | {'current' if impl == 'head' else 'new'} | {b.get('seconds', '—')} | {b.get('disk_mb', '—')} | "
                f"{q.get('p50_ms', '—')} / {q.get('p95_ms', '—')} ({q.get('source_recall', '—')}) | {pairs} | "
                f"{p.get('pairs', '—')} ({p.get('recall', '—')}) | {p.get('peak_mb', '—')} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "mingjing-bench-province")
    parser.add_argument("--pairs-timeout", type=float, default=900)
    parser.add_argument("--child")
    parser.add_argument("--n", type=int)
    parser.add_argument("--db")
    parser.add_argument("--data")
    parser.add_argument("--no-docs", dest="docs", action="store_false")
    parser.add_argument("--skip", default="", help="phases to skip, e.g. head:pairs-head,head:query")
    args = parser.parse_args()
    if args.child:
        args.phase = args.child
        _child(args)
        return
    args.work.mkdir(parents=True, exist_ok=True)
    out = args.work / "results.json"
    results: dict[str, Any] = json.loads(out.read_text()) if out.exists() else {"runs": {}}
    sizes = [int(s) for s in args.sizes.split(",")]
    every = sorted(set(results.get("sizes", [])) | set(sizes))  # earlier sizes stay in the table
    results.update(machine=machine(), date=date.today().isoformat(), sizes=every)
    for n in sizes:
        data = corpus_file(args.work, n)
        run = results["runs"].setdefault(str(n), {})
        for impl in IMPLS:
            mine = run.setdefault(impl, {})
            for phase in ("build", "query", "pairs-head" if impl == "head" else "pairs-tree"):
                if f"{impl}:{phase}" in args.skip.split(","):
                    continue
                timeout = args.pairs_timeout if phase.startswith("pairs") else 7200
                mine[phase] = run_phase(impl, phase, args.work, n, data, args.queries, timeout)
                print(n, impl, phase, mine[phase], flush=True)
                out.write_text(json.dumps(results, indent=1))
    print(render(results))
    if args.docs:
        sys.path.insert(0, str(ROOT / "bench"))
        from benchdoc import write_section

        write_section("reuse-province", render(results))


if __name__ == "__main__":
    main()
