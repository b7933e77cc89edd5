"""Benchmarks: our stack against PyTorch CPU and hand-written NumPy.

Every measurement runs in a fresh worker process (one per framework per
repetition) so that PyTorch's threads and NumPy's BLAS threads never share a
process; the frameworks alternate within each repetition (ours with 1 and 2
BLAS threads, torch with 1 and 2 threads, numpy, ours, ...). Each ratio compares
the same thread count. The table gives the median and the min–max over the
repetitions, and the ratios of the medians; ``results/bench.json`` holds every
figure. Times are reported, never asserted.

Run ``python benchmarks/run.py`` (about 10 minutes) or ``--quick`` for a smoke
run; ``--worker ours --workload dnn`` runs one worker and prints its JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workloads import WORKLOADS
from workloads.common import ROOT, cache_digits

# (worker label, framework, threads)
RUNNERS = [
    ("ours1", "ours", 1),
    ("ours2", "ours", 2),
    ("torch1", "torch", 1),
    ("torch2", "torch", 2),
    ("numpy", "numpy", 2),
]
MEMORY_WORKLOADS = ("olivetti", "mlp")


def worker(framework: str, threads: int, workload: str, quick: bool) -> None:
    import importlib

    module = importlib.import_module(f"workloads.{WORKLOADS[workload][0]}")
    result = module.run(framework, threads, quick)
    result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def spawn(label: str, framework: str, threads: int, workload: str, quick: bool) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--worker", framework, "--threads", str(threads)]
    cmd += ["--workload", workload] + (["--quick"] if quick else [])
    # NumPy-based workers get their BLAS thread count before NumPy is imported.
    env = {**os.environ, "OPENBLAS_NUM_THREADS": str(threads)}
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env)
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["(no output)"]
        print(f"  {workload}/{label} failed: {tail[0]}", file=sys.stderr)
        return {"error": tail[0]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def blas_info() -> str:
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl not installed"
    import numpy  # noqa: F401  (loads the BLAS threadpoolctl reports)

    parts = [
        f"{p.get('internal_api')} {p.get('version')} ({p.get('architecture')}, "
        f"{p.get('num_threads')} threads)"
        for p in threadpool_info()
        if p.get("user_api") == "blas"
    ]
    env = {k: v for k, v in os.environ.items() if k.startswith("OPENBLAS")}
    return "; ".join(parts) + (f"; env {env}" if env else "")


def median(xs: list[float]) -> float:
    s = sorted(xs)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def fmt(x: float) -> str:
    return f"{x:.3g}" if x < 1000 else f"{x:.0f}"


def cell(values: list[float]) -> str:
    if not values:
        return "–"
    if len(values) == 1:
        return fmt(values[0])
    return f"{fmt(median(values))} ({fmt(min(values))}–{fmt(max(values))})"


def ratio(a: list[float], b: list[float]) -> str:
    return f"{median(a) / median(b):.2f}" if a and b else "–"


def table(results: dict[str, dict[str, list[dict[str, Any]]]]) -> str:
    head = "| workload | unit | ours 1t | ours 2t | torch 1t | torch 2t | numpy 2t "
    head += "| ours/torch 1t | ours/torch 2t | ours/numpy 2t | goal (ours/torch) |\n|"
    head += "---|" * 11 + "\n"
    lines = [head]
    for name, runs in results.items():
        _, title, unit, _, goal = WORKLOADS[name]
        v = {
            label: [r["value"] for r in runs.get(label, []) if "value" in r]
            for label, *_ in RUNNERS
        }
        lines.append(
            f"| {name}: {title} | {unit} | {cell(v['ours1'])} | {cell(v['ours2'])} "
            f"| {cell(v['torch1'])} | {cell(v['torch2'])} | {cell(v['numpy'])} "
            f"| {ratio(v['ours1'], v['torch1'])} | {ratio(v['ours2'], v['torch2'])} "
            f"| {ratio(v['ours2'], v['numpy'])} | {goal} |\n"
        )
    if "mlp" in results:
        lines.append("\nMLP GFLOP/s (median): ")
        runs = results["mlp"]
        parts = []
        for label, *_ in RUNNERS:
            g = [r["gflops"] for r in runs.get(label, []) if "gflops" in r]
            if g:
                parts.append(f"{label} {median(g):.1f}")
        gemm = [r["gemm_gflops"] for r in runs.get("numpy", []) if "gemm_gflops" in r]
        if gemm:
            parts.append(f"plain NumPy float32 GEMM 1024² {median(gemm):.1f}")
        lines.append(", ".join(parts) + "\n")
    mem = [w for w in MEMORY_WORKLOADS if w in results]
    if mem:
        lines.append("\nPeak memory (max RSS of the worker process, MB, median):\n\n")
        lines.append("| workload | " + " | ".join(label for label, *_ in RUNNERS) + " |\n")
        lines.append("|---|" + "---|" * len(RUNNERS) + "\n")
        for name in mem:
            row = [
                cell([r["max_rss_mb"] for r in results[name].get(label, []) if "max_rss_mb" in r])
                for label, *_ in RUNNERS
            ]
            lines.append(f"| {name} | " + " | ".join(row) + " |\n")
    return "".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one short repetition per figure")
    parser.add_argument("--repeat", type=int, default=None, help="repetitions (default 5, 1 quick)")
    parser.add_argument("--workloads", nargs="+", choices=list(WORKLOADS), default=list(WORKLOADS))
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "bench.json")
    parser.add_argument("--worker", choices=["ours", "torch", "numpy"], help=argparse.SUPPRESS)
    parser.add_argument("--threads", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--workload", choices=list(WORKLOADS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.threads, args.workload, args.quick)
        return
    cache_digits()
    repeat = args.repeat or (1 if args.quick else 5)
    results: dict[str, dict[str, list[dict[str, Any]]]] = {w: {} for w in args.workloads}
    start = time.perf_counter()
    for rep in range(repeat):
        for name in args.workloads:
            frameworks = WORKLOADS[name][3]
            for label, framework, threads in RUNNERS:
                if framework in frameworks:
                    r = spawn(label, framework, threads, name, args.quick)
                    results[name].setdefault(label, []).append(r)
        print(
            f"repetition {rep + 1}/{repeat} done ({time.perf_counter() - start:.0f} s)",
            file=sys.stderr,
        )
    text = table(results)
    header = (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; float32; {repeat} repetitions, "
        f"median (min–max); BLAS: {blas_info()}\n\n"
    )
    print(header + text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"setup": header.strip(), "results": results}, indent=1))
    print(f"wrote {args.out} in {time.perf_counter() - start:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
