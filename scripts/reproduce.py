"""Run the five examples at the seed's settings and print one table of the results.

Each example runs in its own process and writes its figure and numbers to the
results folder (``docs/results`` by default, the plots shown in the README). The
face experiments fall back to the digits, with a note, when the Olivetti faces
cannot be downloaded. The table goes to the terminal and, with the date and the
machine, to ``<out>/results.md``.

Run ``python scripts/reproduce.py`` or ``nox -s reproduce``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
EXPERIMENTS = ["dnn", "cnn", "dropout_bn", "rnn"]
FACES = {"cnn", "dropout_bn"}
DATA_UNAVAILABLE = 3  # examples/common.py exits with this when the faces cannot be had


def run(name: str, args: list[str]) -> int:
    command = [sys.executable, str(ROOT / "examples" / f"{name}.py"), *args]
    print(f"\n$ {' '.join(command[1:])}", flush=True)
    return subprocess.run(command, check=False).returncode


def run_experiment(name: str, common: list[str], faces: list[str]) -> list[str]:
    """Run one example; return the notes for the report."""
    if name not in FACES:
        status = run(name, common)
    else:
        status = run(name, [*common, *faces])
        if status == DATA_UNAVAILABLE:
            note = f"{name}: the Olivetti faces could not be downloaded; ran on the digits instead"
            print(f"\nNOTE {note}", flush=True)
            status = run(name, [*common, "--dataset", "digits"])
            if status == 0:
                return [note]
    if status != 0:
        raise SystemExit(f"reproduce: {name}.py failed with exit status {status}")
    return []


def table(out: Path) -> list[str]:
    """The results as a Markdown table, one row per network."""
    rows = [
        "| experiment | data set | network | train accuracy | test accuracy | s/epoch |",
        "|---|---|---|---:|---:|---:|",
    ]
    for name in EXPERIMENTS:
        record = json.loads((out / f"{name}.json").read_text())
        for network, history in record["networks"].items():
            rows.append(
                f"| {name} | {record['dataset']} | {network} "
                f"| {history['train_accuracy'][-1]:.2%} | {history['test_accuracy'][-1]:.2%} "
                f"| {np.mean(history['seconds']):.3f} |"
            )
    return rows


def machine() -> str:
    """The processor, core count and versions that the timings depend on."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = [
            line for line in cpuinfo.read_text().splitlines() if line.startswith("model name")
        ]
        cpu = models[0].split(":", 1)[1].strip() if models else cpu
    return (
        f"{cpu}, {os.cpu_count()} CPUs, {platform.system()}, "
        f"Python {platform.python_version()}, NumPy {np.__version__}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "results")
    parser.add_argument("--quick", action="store_true", help="a few epochs each, for a smoke test")
    parser.add_argument("--data-home", type=Path, help="scikit-learn's data cache")
    args = parser.parse_args()

    common = ["--out", str(args.out), *(["--quick"] if args.quick else [])]
    faces = ["--dataset", "olivetti"]
    if args.data_home is not None:
        faces += ["--data-home", str(args.data_home)]
    if run("autodiff", ["--out", str(args.out)]) != 0:
        raise SystemExit("reproduce: autodiff.py failed")
    notes = [note for name in EXPERIMENTS for note in run_experiment(name, common, faces)]

    rows = table(args.out)
    when = datetime.date.today().isoformat()
    report = [
        f"Run on {when}, {machine()}.",
        "",
        *rows,
        *([""] + [f"Note: {note}." for note in notes] if notes else []),
    ]
    (args.out / "results.md").write_text("\n".join(report) + "\n")
    print("\n" + "\n".join(report))
    print(f"\nwrote {args.out / 'results.md'}")


if __name__ == "__main__":
    main()
