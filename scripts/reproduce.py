"""Run the examples at the seed's settings and print the tables of the results.

Each example runs in its own process and writes its figure and numbers to the
results folder: ``results/`` by default (ignored by git), or the committed
``docs/results/`` that the README shows with ``--update-docs``. The face
experiments fall back to the digits, with a note, when the Olivetti faces cannot
be downloaded. The table goes to the terminal and, with the date and the machine,
to ``<out>/results.md``.

Run ``python scripts/reproduce.py`` or ``nox -s reproduce`` (``--help`` lists the flags).
"""

from __future__ import annotations

import argparse
import ast
import collections
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EXPERIMENTS = ["dnn", "cnn", "dropout_bn", "rnn"]
FACES = {"cnn", "dropout_bn"}
DATA_UNAVAILABLE = 3  # examples/common.py exits with this when the faces cannot be had
TAIL_LINES = 15


class Failed(Exception):
    """An example exited with an error; the message holds the end of its stderr."""


def summary(name: str) -> str:
    """The first line of an example's docstring."""
    docstring = ast.get_docstring(ast.parse((EXAMPLES / f"{name}.py").read_text()))
    return (docstring or name).splitlines()[0].replace("``", "")


def _forward(stream: IO[bytes], tail: collections.deque[bytes]) -> None:
    """Copy ``stream`` to our stderr as it comes (progress bars redraw in place) and
    keep its last lines."""
    pending = b""
    while chunk := os.read(stream.fileno(), 4096):
        sys.stderr.buffer.write(chunk)
        sys.stderr.buffer.flush()
        *lines, pending = (pending + chunk).split(b"\n")
        tail.extend(lines)
    tail.append(pending)


def _last_lines(tail: collections.deque[bytes]) -> list[str]:
    # A progress bar is one line redrawn after each "\r": keep what was drawn last.
    lines = [line.split(b"\r")[-1].decode(errors="replace").rstrip() for line in tail]
    return [line for line in lines if line.strip()][-TAIL_LINES:]


def run(name: str, args: list[str], verbose: bool) -> tuple[int, list[str]]:
    """Run ``examples/<name>.py``; its exit status and the last lines of its stderr.

    Its stdout (a line per network, or per epoch with ``--verbose``) is shown only with
    ``--verbose``; its stderr (progress bars, warnings, errors) always."""
    command = [sys.executable, str(EXAMPLES / f"{name}.py"), *args]
    if verbose:
        print(f"$ {' '.join(command[1:])}", flush=True)
    # The bars are drawn on a pipe: tell tqdm how wide the terminal is (less the last
    # column, where a terminal would wrap).
    env = os.environ | {"TQDM_NCOLS": str(shutil.get_terminal_size().columns - 1)}
    with subprocess.Popen(
        command, stdout=None if verbose else subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    ) as process:
        assert process.stderr is not None
        tail: collections.deque[bytes] = collections.deque(maxlen=4 * TAIL_LINES)
        reader = threading.Thread(target=_forward, args=(process.stderr, tail))
        reader.start()
        status = process.wait()
        reader.join()
    return status, _last_lines(tail)


def failure(name: str, status: int, tail: list[str]) -> Failed:
    message = [f"reproduce: {name}.py failed with exit status {status}. Its last error lines:"]
    message += [f"    {line}" for line in tail] or ["    (none)"]
    if any("ModuleNotFoundError" in line for line in tail):
        message.append(
            "The examples need tqdm, scikit-learn and matplotlib besides our packages: "
            "pip install -r examples/requirements.txt"
        )
    return Failed("\n".join(message))


def run_experiment(name: str, common: list[str], faces: list[str], verbose: bool) -> list[str]:
    """Run one example; return the notes for the report."""
    if name not in FACES:
        status, tail = run(name, common, verbose)
    else:
        status, tail = run(name, [*common, *faces], verbose)
        if status == DATA_UNAVAILABLE:
            note = f"{name}: the Olivetti faces could not be downloaded; ran on the digits instead"
            print(f"NOTE {note}", flush=True)
            status, tail = run(name, [*common, "--dataset", "digits"], verbose)
            if status == 0:
                return [note]
    if status != 0:
        raise failure(name, status, tail)
    return []


def test_accuracies(out: Path, name: str) -> str:
    record = json.loads((out / f"{name}.json").read_text())
    accuracies = [history["test_accuracy"][-1] for history in record["networks"].values()]
    return "test accuracy " + " / ".join(f"{a:.2%}" for a in accuracies)


def gpt_losses(out: Path) -> str:
    record = json.loads((out / "gpt.json").read_text())
    return (
        f"validation loss {record['history']['val_loss'][-1]:.3f} nats/char "
        f"(unigram baseline {record['unigram_loss']:.3f})"
    )


def gpt_table(out: Path) -> list[str]:
    """The GPT's losses as a Markdown table."""
    record = json.loads((out / "gpt.json").read_text())
    history, settings = record["history"], record["settings"]
    network = (
        f"GPT, {settings['layers']} blocks of width {settings['width']}, "
        f"{settings['heads']} heads, context {settings['context']}"
    )
    return [
        "| experiment | data set | network | train loss | validation loss "
        "| unigram baseline | s/step |",
        "|---|---|---|---:|---:|---:|---:|",
        f"| gpt | pydoc topics | {network} | {history['train_loss'][-1]:.3f} "
        f"| {history['val_loss'][-1]:.3f} | {record['unigram_loss']:.3f} "
        f"| {history['seconds'] / settings['steps']:.3f} |",
    ]


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
    """The processor, core count, load and versions that the timings depend on."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = [
            line for line in cpuinfo.read_text().splitlines() if line.startswith("model name")
        ]
        cpu = models[0].split(":", 1)[1].strip() if models else cpu
    # The timings scale with what else runs: the load average says how busy the CPUs were.
    load = f", load {os.getloadavg()[0]:.1f} at the end" if hasattr(os, "getloadavg") else ""
    return (
        f"{cpu}, {os.cpu_count()} CPUs{load}, {platform.system()}, "
        f"Python {platform.python_version()}, NumPy {np.__version__}"
    )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--out", type=Path, help="the results folder (default: results/)")
    where.add_argument(
        "--update-docs",
        action="store_true",
        help="write to docs/results/, the committed results that the README shows",
    )
    parser.add_argument("--quick", action="store_true", help="a few epochs each, for a smoke test")
    parser.add_argument("--verbose", action="store_true", help="the examples' output, per epoch")
    parser.add_argument("--data-home", type=Path, help="scikit-learn's data cache")
    args = parser.parse_args()
    if args.out is None:
        args.out = ROOT / "docs" / "results" if args.update_docs else ROOT / "results"
    # Checked before any training, so that a bad folder does not cost a run.
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        parser.error(f"--out {args.out}: cannot create the folder ({error.strerror})")
    if not os.access(args.out, os.W_OK):
        parser.error(f"--out {args.out}: the folder is not writable")
    return args


def main() -> None:
    args = parse_args()
    common = [
        *("--out", str(args.out)),
        *(["--quick"] if args.quick else []),
        *(["--verbose"] if args.verbose else []),
        # Drawn on a pipe that leads to our terminal: say whether there is one.
        "--progress" if sys.stderr.isatty() else "--no-progress",
    ]
    faces = ["--dataset", "olivetti"]
    if args.data_home is not None:
        faces += ["--data-home", str(args.data_home)]

    names = ["autodiff", *EXPERIMENTS, "gpt"]
    print(f"reproduce: {len(names)} experiments, results in {args.out}", flush=True)
    notes: list[str] = []
    for i, name in enumerate(names, start=1):
        print(f"[{i}/{len(names)}] {name}.py: {summary(name)}", flush=True)
        start = time.perf_counter()
        try:
            if name == "autodiff":
                status, tail = run(name, ["--out", str(args.out)], args.verbose)
                if status != 0:
                    raise failure(name, status, tail)
                result = "done"
            elif name == "gpt":
                status, tail = run(name, common, args.verbose)
                if status != 0:
                    raise failure(name, status, tail)
                result = gpt_losses(args.out)
            else:
                notes += run_experiment(name, common, faces, args.verbose)
                result = test_accuracies(args.out, name)
        except Failed as error:
            raise SystemExit(str(error)) from None
        seconds = time.perf_counter() - start
        print(f"[{i}/{len(names)}] {name}.py: {result} ({seconds:.0f} s)", flush=True)

    rows = table(args.out)
    when = datetime.date.today().isoformat()
    report = [
        f"Run on {when}, {machine()}.",
        "",
        *rows,
        "",
        *gpt_table(args.out),
        # A paragraph per note, so that Markdown keeps them apart.
        *(line for note in notes for line in ("", f"Note: {note}.")),
    ]
    (args.out / "results.md").write_text("\n".join(report) + "\n")
    print("\n" + "\n".join(report))
    print(f"\nwrote {args.out / 'results.md'}")


if __name__ == "__main__":
    main()
