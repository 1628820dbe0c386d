"""Speed and scale of copy detection beside datasketch MinHash LSH and a pairwise rapidfuzz baseline.

    .venv/bin/python bench/bench_reuse.py --sizes 1000,10000          # ~10 minutes
    nohup .venv/bin/python bench/bench_reuse.py --sizes 100000 &      # background, ~20 minutes

Every phase runs in a fresh process so its peak RAM (ru_maxrss, itself and its workers) is its own.
Synthetic reports (~5,000 characters) come from bench/reuse/scale.py and are cached as JSONL in the
work directory; their generation is not timed. Results are kept as JSON in the work directory and the
section of docs/benchmarks.md between the reuse markers is rewritten from all results present.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import pickle
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchdoc import write_section  # noqa: E402

from bench.reuse import scale  # noqa: E402

START, END = "<!-- reuse:start -->", "<!-- reuse:end -->"


# --------------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------------


def _gen_one(i: int) -> str:
    text, planted = scale.report(i)
    return json.dumps({"i": i, "text": text, "planted": [p.__dict__ for p in planted]}, ensure_ascii=False)


def corpus_file(work: Path, n: int) -> Path:
    """JSONL of reports 0..n-1 (generated once, in parallel, and reused)."""
    path = work / f"reports-{n}.jsonl"
    bigger = sorted(
        (p for p in work.glob("reports-*.jsonl") if int(p.stem.split("-")[1]) >= n),
        key=lambda p: p.stat().st_size,
    )
    if bigger:
        return bigger[0]
    with mp.get_context("fork").Pool(2) as pool, path.open("w", encoding="utf-8") as out:
        for line in pool.imap(_gen_one, range(n), chunksize=256):
            out.write(line + "\n")
    return path


def read_reports(path: Path, n: int) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        for k, line in enumerate(f):
            if k >= n:
                return
            yield json.loads(line)


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + kids) / 1024


def isolated(fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """Run ``fn(*args)`` in a fresh process; its result gains ``peak_mb``."""
    ctx = mp.get_context("fork")
    queue: Any = ctx.Queue()

    def target() -> None:
        try:
            result = fn(*args)
            result["peak_mb"] = round(peak_mb(), 1)
            queue.put(result)
        except Exception as err:  # reported in the table, not fatal for the other phases
            queue.put({"error": repr(err)})

    proc = ctx.Process(target=target)
    proc.start()
    result = queue.get()
    proc.join()
    return dict(result)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# --------------------------------------------------------------------------------------------------
# mingjing.reuse
# --------------------------------------------------------------------------------------------------


def _prepare(line: str) -> Any:
    from mingjing.reuse.corpus import CorpusDocument, prepare

    row = json.loads(line)
    return prepare(CorpusDocument(row["text"], row["text"], title=f"r{row['i']}", kind="peer"))


def build(path: Path, n: int, db: Path) -> dict[str, Any]:
    from mingjing.reuse import Corpus

    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    start = time.perf_counter()
    corpus = Corpus.open(db)
    batch: list[Any] = []
    with corpus.bulk() as loader, mp.get_context("fork").Pool(2) as pool, path.open(encoding="utf-8") as f:
        lines = (line for k, line in enumerate(f) if k < n)
        for prepared in pool.imap(_prepare, lines, chunksize=64):
            batch.append(prepared)
            if len(batch) >= 2000:
                loader.add_prepared(batch)
                batch = []
        loader.add_prepared(batch)
    corpus.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seconds = time.perf_counter() - start
    size = corpus.size_bytes()
    postings = corpus.db.execute("SELECT COALESCE(SUM(LENGTH(data)), 0), COUNT(*) FROM mj_reuse_postings")[0]
    common = corpus.db.execute("SELECT COUNT(*) FROM mj_reuse_common")[0][0]
    texts = corpus.db.execute("SELECT COALESCE(SUM(LENGTH(text)), 0) FROM mj_reuse_texts")[0][0]
    corpus.close()
    return {
        "seconds": round(seconds, 1),
        "disk_mb": round(size / 2**20, 1),
        "postings_mb": round(postings[0] / 2**20, 1),
        "buckets": postings[1],
        "common": common,
        "texts_mb": round(texts / 2**20, 1),
    }


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def queries(n: int, count: int) -> list[tuple[str, list[scale.Planted]]]:
    return [scale.query(n, q) for q in range(count)]


def query(n: int, db: Path, count: int) -> dict[str, Any]:
    from mingjing.reuse import Corpus, find_reuse

    qs = queries(n, count)
    corpus = Corpus.open(db)
    find_reuse(qs[0][0], corpus)  # warm-up: boilerplate list, caches
    times, found, char_recall = [], 0, []
    for text, planted in qs:
        start = time.perf_counter()
        result = find_reuse(text, corpus)
        times.append((time.perf_counter() - start) * 1000)
        peer = next(p for p in planted if p.source >= 0)
        hits = [p for p in result.copies() if p.source_id == peer.source + 1]
        covered = sum(_overlap(p.start, p.end, peer.start, peer.end) for p in hits)
        char_recall.append(covered / (peer.end - peer.start))
        found += covered > 0
    start = time.perf_counter()
    from mingjing.reuse import CorpusDocument

    doc_id = corpus.add(CorpusDocument(qs[0][0], title="incremental"))
    added = time.perf_counter() - start
    start = time.perf_counter()
    corpus.remove(doc_id)
    removed = time.perf_counter() - start
    corpus.close()
    return {
        "p50_ms": round(pct(times, 0.5), 1),
        "p95_ms": round(pct(times, 0.95), 1),
        "queries": count,
        "source_recall": round(found / count, 3),
        "char_recall": round(statistics.mean(char_recall), 3),
        "add_one_ms": round(added * 1000, 1),
        "remove_one_ms": round(removed * 1000, 1),
    }


def allpairs(path: Path, n: int) -> dict[str, Any]:
    from mingjing.reuse.matrix import reuse_matrix
    from mingjing.reuse.result import QueryText

    rows = list(read_reports(path, n))
    texts = [QueryText(r["text"], r["text"], f"r{r['i']}") for r in rows]
    truth = {(p["source"], r["i"]) for r in rows for p in r["planted"] if p["source"] >= 0}
    start = time.perf_counter()
    matrix = reuse_matrix(texts, workers=2)
    seconds = time.perf_counter() - start
    copying = {(p.a, p.b) for p in matrix.pairs if p.a_copied}
    return {
        "seconds": round(seconds, 1),
        "pairs": len(matrix.pairs),
        "copy_pairs": len(copying),
        "pair_recall": round(len(truth & copying) / len(truth), 3) if truth else None,
        "clusters": len(matrix.clusters),
    }


# --------------------------------------------------------------------------------------------------
# Baselines
# --------------------------------------------------------------------------------------------------


def _minhash(text: str) -> Any:
    from datasketch import MinHash

    m = MinHash(num_perm=128)
    m.update_batch([text[i : i + 5].encode("utf-8") for i in range(len(text) - 4)])
    return m


LSH_THRESHOLDS = (0.1, 0.03, 0.01)


def lsh_run(path: Path, n: int, count: int, budget: float, pairs: bool) -> dict[str, Any]:
    """MinHash every report once; an LSH index per threshold; queries and (optionally) all pairs."""
    from datasketch import MinHashLSH

    start = time.perf_counter()
    hashes = []
    for k, row in enumerate(read_reports(path, n)):
        hashes.append(_minhash(row["text"]))
        if k == 199 and (time.perf_counter() - start) * n / 200 > budget:
            return {
                "skipped": f"est. {(time.perf_counter() - start) * n / 200:.0f} s to MinHash (over budget)"
            }
    minhash_s = time.perf_counter() - start
    probes = [(text, next(p for p in planted if p.source >= 0)) for text, planted in queries(n, count)]
    out: dict[str, Any] = {"minhash_seconds": round(minhash_s, 1)}
    for threshold in LSH_THRESHOLDS:
        t0 = time.perf_counter()
        lsh = MinHashLSH(threshold=threshold, num_perm=128)
        for i, m in enumerate(hashes):
            lsh.insert(str(i), m)
        row: dict[str, Any] = {
            "seconds": round(minhash_s + time.perf_counter() - t0, 1),
            "mem_mb": round(len(pickle.dumps(lsh)) / 2**20, 1),
        }
        times, found, sizes = [], 0, []
        for text, peer in probes:
            t1 = time.perf_counter()
            result = lsh.query(_minhash(text))  # timed with its MinHash, as ours is with its fingerprints
            times.append((time.perf_counter() - t1) * 1000)
            found += str(peer.source) in result
            sizes.append(len(result))
        row.update(
            p50_ms=round(pct(times, 0.5), 2),
            p95_ms=round(pct(times, 0.95), 2),
            source_recall=round(found / len(probes), 3),
            candidates=round(statistics.mean(sizes), 1),
        )
        if pairs:
            t1 = time.perf_counter()
            row["allpairs_candidates"] = sum(len(lsh.query(m)) - 1 for m in hashes) // 2
            row["allpairs_seconds"] = round(time.perf_counter() - t1, 1)
        out[str(threshold)] = row
    return out


def _blocks(a: str, b: str) -> list[tuple[int, int]]:
    from rapidfuzz.distance import Indel

    return [
        (op.src_start, op.src_end)
        for op in Indel.opcodes(a, b)
        if op.tag == "equal" and op.src_end - op.src_start >= 13
    ]


def pairwise_run(path: Path, n: int, count: int, budget: float) -> dict[str, Any]:
    docs = [row["text"] for row in read_reports(path, n)]
    times, found, done = [], 0, 0
    start = time.perf_counter()
    per_pair = []
    for text, planted in queries(n, count):
        t0 = time.perf_counter()
        hits = {j for j, d in enumerate(docs) if _blocks(text, d)}
        times.append((time.perf_counter() - t0) * 1000)
        per_pair.append(times[-1] / 1000 / n)
        peer = next(p for p in planted if p.source >= 0)
        found += peer.source in hits
        done += 1
        if time.perf_counter() - start > budget:
            break
    pair_s = statistics.mean(per_pair)
    return {
        "p50_ms": round(pct(times, 0.5), 1),
        "p95_ms": round(pct(times, 0.95), 1),
        "queries": done,
        "source_recall": round(found / done, 3),
        "allpairs_est_s": round(pair_s * n * (n - 1) / 2),
    }


# --------------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------------


def machine() -> str:
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor(),
    )
    mem = (
        int(
            next(
                ln.split()[1]
                for ln in Path("/proc/meminfo").read_text().splitlines()
                if ln.startswith("MemTotal")
            )
        )
        // 2**20
    )
    return f"{os.cpu_count()} cores ({cpu}), {mem} GB RAM, Python {platform.python_version()}, SQLite (WAL)"


def _baseline_rows(n: int, r: dict[str, Any]) -> list[str]:
    rows = []
    lsh = r.get("lsh", {})
    if "skipped" in lsh or "error" in lsh:
        rows.append(f"| {n:,} | datasketch LSH | {lsh.get('skipped', lsh.get('error'))} | | | | | |")
    for threshold in LSH_THRESHOLDS:
        x = lsh.get(str(threshold))
        if x:
            pairs = (
                f"{x['allpairs_seconds']} ({x['allpairs_candidates']:,} candidate pairs)"
                if "allpairs_seconds" in x
                else "—"
            )
            star = " *" if lsh.get("query_excludes_minhash") else ""
            rows.append(
                f"| {n:,} | datasketch LSH t={threshold}{star} | {x['seconds']} | {x['mem_mb']} | {x['p50_ms']} / "
                f"{x['p95_ms']} | {x['source_recall']} | {x['candidates']} | {pairs} |"
            )
    pw = r.get("pairwise")
    if pw and "error" not in pw:
        rows.append(
            f"| {n:,} | rapidfuzz pairwise ({pw['queries']} queries) | — | — | {pw['p50_ms']} / {pw['p95_ms']} | "
            f"{pw['source_recall']} | {n:,} | est. {pw['allpairs_est_s']:,} |"
        )
    return rows


def _targets(results: dict[str, dict[str, Any]]) -> list[str]:
    """The issue's scale targets beside what was measured."""
    big, mid = results.get("100000", {}), results.get("10000", {})
    b, q, a = big.get("build", {}), big.get("query", {}), mid.get("allpairs", {})

    def check(value: Any, limit: float) -> str:
        return "—" if value is None else f"{value} ({'met' if float(value) <= limit else 'NOT met'})"

    return [
        "| target (issue 4) | limit | measured |",
        "|---|---|---|",
        f"| index build, 100k reports | ≤ 180 s | {check(b.get('seconds'), 180)} |",
        f"| on disk, 100k reports (MiB, index + compressed texts) | ≤ 1536 | {check(b.get('disk_mb'), 1536)} |",
        f"| query p50, 100k | ≤ 20 ms | {check(q.get('p50_ms'), 20)} |",
        f"| query p95, 100k | ≤ 50 ms | {check(q.get('p95_ms'), 50)} |",
        f"| all-pairs, 10k reports | ≤ 60 s | {check(a.get('seconds'), 60)} |",
    ]


def render(results: dict[str, dict[str, Any]]) -> str:
    rows = [
        "| reports | build s | disk MiB (postings / texts) | peak RAM MiB build | query p50 / p95 ms | source recall | "
        "char recall | add one / remove one ms | all-pairs s (pair recall; peak RAM) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    base = [
        "| reports | baseline | build s | index MiB | query p50 / p95 ms | source recall | candidates / query | all-pairs s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key in sorted(results, key=int):
        r = results[key]
        b, q, a = r.get("build", {}), r.get("query", {}), r.get("allpairs", {})
        pairs = f"{a.get('seconds')} ({a.get('pair_recall')}; {a.get('peak_mb')} MiB)" if a else "—"
        rows.append(
            f"| {int(key):,} | {b.get('seconds', b.get('error'))} | {b.get('disk_mb')} ({b.get('postings_mb')} / "
            f"{b.get('texts_mb')}) | {b.get('peak_mb')} | {q.get('p50_ms')} / {q.get('p95_ms')} | "
            f"{q.get('source_recall')} | {q.get('char_recall')} | {q.get('add_one_ms')} / {q.get('remove_one_ms')} | {pairs} |"
        )
        base.extend(_baseline_rows(int(key), r))
    meta = next(iter(results.values())).get("meta", {}) if results else {}
    return "\n".join(
        [
            START,
            "## Copy detection (mingjing.reuse)",
            "",
            f"Machine: {meta.get('machine', machine())}. Last run: {meta.get('date', date.today().isoformat())}. "
            "Command: `.venv/bin/python bench/bench_reuse.py --sizes …`.",
            "",
            "Synthetic reports of ~5,000 characters (bench/reuse/scale.py): own writing drawn from the character "
            "distribution of the real seeds and templates, stock phrases, 30 % with template paragraphs, 10 % with a "
            "colleague's passage (2 % character edits). Queries are new reports that copy 200–400 characters from "
            "one corpus report. *Source recall*: the copied-from report is found with a passage overlapping the "
            "truth; *char recall*: share of the copied characters covered. Disk = the whole SQLite file (index and "
            "compressed texts). Peak RAM is the phase's own process and its workers.",
            "",
            *rows,
            "",
            *_targets(results),
            "",
            "Baselines in the same run: datasketch MinHashLSH (128 permutations, character 5-gram shingles, "
            "thresholds 0.1/0.03/0.01: document level, no spans, in memory only — size is the pickled index, build "
            "time includes MinHashing every report) and pairwise "
            "rapidfuzz `Indel.opcodes` (equal blocks ≥ 13 characters, spans) against every report; the "
            "pairwise all-pairs time is extrapolated from the measured per-pair time, as it does not finish. "
            "LSH query times include the query's MinHash, except in rows marked * (an earlier run of the script, "
            "which timed the index lookup only; MinHashing one report took 4.2 ms in that run).",
            "",
            *base,
            "",
            "Reading: document-level LSH reaches the recall of the fingerprint index only at threshold 0.01, "
            "where a query returns thousands of candidate reports (all of them, nearly, at 1k) without spans; "
            "checking those candidates is the pairwise cost. The index answers with verified spans in the "
            "times above. All-pairs over 10k reports: 65,504 pairs really share text (each template paragraph is "
            "copied by ~15–20 of the synthetic reports) and every one is aligned with exact spans (2 processes). "
            "Before 2026-11-22 this took 68–74 s (each pair re-canonicalised both texts; ≈ 2 ms a pair); now each "
            "report is canonicalised once and kept compactly (positions as one-byte steps), the pair index is "
            "built by group size with numpy, and a pair costs ≈ 0.9 ms; peak RAM of the phase (parent plus its "
            "forked workers) went from 1,170 to ≈ 1,430 MiB, linear in the reports, no dense matrix. Phases re-run "
            "for that change (2026-11-22): all-pairs at 1k and 10k (two runs at 10k: 31.1 and 31.3 s; one earlier "
            "run while the machine was busy: 42.7 s) and the 10k LSH and rapidfuzz baselines; build and query "
            "(code unchanged) and the 1k/100k baselines are from the earlier run of the same day. The machine was "
            "shared with other work during these runs; "
            "repeated runs varied by up to 30 %.",
            "",
            END,
        ]
    )


def write_docs(work: Path) -> None:
    results = {p.stem.split("-")[1]: json.loads(p.read_text()) for p in work.glob("result-*.json")}
    section = render(results)
    write_section("reuse", section)


def run_size(work: Path, n: int, args: argparse.Namespace) -> dict[str, Any]:
    """Run the chosen phases for one size; results merge into the size's JSON file."""
    path = corpus_file(work, n)
    db = work / f"corpus-{n}.sqlite"
    out = work / f"result-{n}.json"
    result: dict[str, Any] = json.loads(out.read_text()) if out.exists() else {}
    result["meta"] = {"machine": machine(), "date": date.today().isoformat()}
    phases = set(args.phases.split(","))
    steps: list[tuple[str, Callable[[], dict[str, Any]]]] = [
        ("build", lambda: isolated(build, path, n, db)),
        ("query", lambda: isolated(query, n, db, args.queries)),
        ("allpairs", lambda: isolated(allpairs, path, n)),
        ("lsh", lambda: isolated(lsh_run, path, n, args.queries, args.budget, n <= args.allpairs)),
        ("pairwise", lambda: isolated(pairwise_run, path, n, min(args.queries, 20), args.budget / 2)),
    ]
    for name, step in steps:
        if name not in phases or (name == "allpairs" and n > args.allpairs):
            continue
        if name in ("lsh", "pairwise") and not args.baselines:
            continue
        result[name] = step()
        print(n, name, result[name], flush=True)
        out.write_text(json.dumps(result, indent=1))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--allpairs", type=int, default=10000, help="largest size for the all-pairs run")
    parser.add_argument("--budget", type=float, default=600, help="seconds a baseline may take per size")
    parser.add_argument("--no-baselines", dest="baselines", action="store_false")
    parser.add_argument(
        "--phases", default="build,query,allpairs,lsh,pairwise", help="which phases to (re)run"
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/mingjing-bench-reuse"))
    parser.add_argument(
        "--no-docs", dest="docs", action="store_false", help="do not rewrite docs/benchmarks.md"
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    for n in (int(s) for s in args.sizes.split(",")):
        run_size(args.work, n, args)
        if args.docs:
            write_docs(args.work)


if __name__ == "__main__":
    main()
