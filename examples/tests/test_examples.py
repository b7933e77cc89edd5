"""Run each example as a user would, in a subprocess, and check what it writes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import joblib  # type: ignore[import-untyped]
import numpy as np
import pytest

EXAMPLES = Path(__file__).resolve().parents[1]
ROOT = EXAMPLES.parent
# A proxy that refuses every connection: downloads fail at once, network or not.
OFFLINE = {k: v for k, v in os.environ.items() if k.lower() != "no_proxy"} | {
    "https_proxy": "http://127.0.0.1:9",
    "http_proxy": "http://127.0.0.1:9",
}


def run(
    script: str, *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / script), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )


def results(out: Path, name: str) -> dict[str, Any]:
    assert (out / f"{name}.png").stat().st_size > 10_000
    record: dict[str, Any] = json.loads((out / f"{name}.json").read_text())
    return record


def test_autodiff_reaches_both_minima(tmp_path: Path) -> None:
    done = run("autodiff.py", "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    record = results(tmp_path, "autodiff")
    for case in record["one_variable"], record["two_variables"]:
        assert case["path"][-1] == pytest.approx(case["minimum"], abs=1e-4)
        assert case["values"][-1] < case["values"][0]


def test_autodiff_without_matplotlib(tmp_path: Path) -> None:
    # None in sys.modules makes `import matplotlib` raise ImportError, as if not installed.
    code = (
        "import runpy, sys; sys.modules['matplotlib'] = None; "
        f"sys.argv = ['autodiff.py', '--out', {str(tmp_path)!r}]; "
        f"runpy.run_path({str(EXAMPLES / 'autodiff.py')!r}, run_name='__main__')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "matplotlib is not installed" in done.stdout
    assert (tmp_path / "autodiff.json").exists()
    assert not (tmp_path / "autodiff.png").exists()


def reproduce(
    *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "reproduce.py"), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """scripts/reproduce.py --quick, offline and with an empty data cache: every example
    runs a few epochs, the face experiments fall back to the digits."""
    out = tmp_path_factory.mktemp("quick")
    done = reproduce("--quick", "--out", out, "--data-home", out / "x", env=OFFLINE)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out, done.stdout


@pytest.mark.parametrize(
    ("name", "networks"), [("dnn", 1), ("cnn", 3), ("dropout_bn", 3), ("rnn", 1)]
)
def test_quick_run_learns(quick: tuple[Path, str], name: str, networks: int) -> None:
    out, _ = quick
    record = results(out, name)
    assert record["settings"]["quick"] is True
    assert record["dataset"] == "digits"
    assert len(record["networks"]) == networks
    epochs = record["settings"]["epochs"]
    for label, history in record["networks"].items():
        assert all(len(history[key]) == epochs for key in history), label
        assert history["loss"][-1] < history["loss"][0], label
        assert history["train_accuracy"][-1] > 0.5, label  # chance is 0.1
        assert history["test_accuracy"][-1] > 0.5, label


def test_reproduce_says_what_runs_and_sums_each_experiment_up(quick: tuple[Path, str]) -> None:
    _, stdout = quick
    progress = [line for line in stdout.splitlines() if line.startswith("[")]
    names = ["autodiff", "dnn", "cnn", "dropout_bn", "rnn", "gpt"]
    assert [line.split(":")[0] for line in progress] == [
        f"[{i}/6] {name}.py" for i, name in enumerate(names, start=1) for _ in ("start", "end")
    ]
    assert "test accuracy" in progress[3]  # dnn's summary line
    assert "validation loss" in progress[-1] and "unigram baseline" in progress[-1]
    assert "| gpt | pydoc topics | GPT, 2 blocks of width 64" in stdout
    assert not re.search(r" epoch +\d+/", stdout)  # the lines per epoch are for --verbose


def test_a_failing_example_shows_its_error(tmp_path: Path) -> None:
    """As in an environment without the examples' extras: tqdm cannot be imported."""
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "tqdm.py").write_text("raise ModuleNotFoundError(\"No module named 'tqdm'\")\n")
    env = OFFLINE | {"PYTHONPATH": str(shadow)}
    done = reproduce("--quick", "--out", tmp_path / "out", env=env)
    assert done.returncode == 1
    assert "reproduce: dnn.py failed with exit status 1" in done.stderr
    last_lines = done.stderr.split("reproduce: dnn.py failed")[1]
    assert "ModuleNotFoundError: No module named 'tqdm'" in last_lines
    assert "pip install -r examples/requirements.txt" in last_lines


@pytest.mark.parametrize("script", ["reproduce", "dnn", "autodiff"])
def test_a_bad_out_fails_before_any_work(tmp_path: Path, script: str) -> None:
    (tmp_path / "file").write_text("")
    bad = tmp_path / "file" / "results"
    start = time.perf_counter()
    done = reproduce("--out", bad) if script == "reproduce" else run(f"{script}.py", "--out", bad)
    assert time.perf_counter() - start < 30
    assert done.returncode == 2
    assert f"--out {bad}: cannot create the folder" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout.count("\n") <= 1


def test_reproduce_writes_to_an_ignored_folder_unless_told() -> None:
    done = reproduce("--help")
    assert "(default: results/)" in " ".join(done.stdout.split())
    assert "--update-docs" in done.stdout
    assert reproduce("--update-docs", "--out", "x").returncode == 2  # one or the other
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    for path in "results/results.md", "results/dnn.png", "docs/results/dnn.png":
        ignored = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT).returncode == 0
        assert ignored == path.startswith("results/"), path


def test_verbose_prints_a_line_per_epoch(tmp_path: Path) -> None:
    quiet = run("dnn.py", "--epochs", "2", "--out", tmp_path)
    verbose = run("dnn.py", "--epochs", "2", "--verbose", "--out", tmp_path)
    assert quiet.returncode == verbose.returncode == 0, quiet.stderr + verbose.stderr
    assert len(re.findall(r" epoch +\d+/2 ", quiet.stdout)) == 0
    assert len(re.findall(r" epoch +\d+/2 ", verbose.stdout)) == 2
    summary = "Linear + Sigmoid + Linear: train "
    assert quiet.stdout.count(summary) == verbose.stdout.count(summary) == 1


def test_reproduce_prints_the_table(quick: tuple[Path, str]) -> None:
    out, stdout = quick
    assert results(out, "autodiff")["two_variables"]["path"]
    lines = [line for line in stdout.splitlines() if line.startswith("| ")]
    table, gpt = lines[:-2], lines[-2:]
    assert len(table) == 1 + 1 + 3 + 3 + 1  # the header, then one row per network
    assert gpt[0].startswith("| experiment | data set | network | train loss | validation loss")
    assert table[0].split("|")[1:-1] == [
        " experiment ",
        " data set ",
        " network ",
        " train accuracy ",
        " test accuracy ",
        " s/epoch ",
    ]
    for face in "cnn", "dropout_bn":
        assert f"NOTE {face}: the Olivetti faces could not be downloaded" in stdout
    assert "| rnn | digits | GRU(8, 64) + Linear |" in (out / "results.md").read_text()


def test_bad_flag_is_a_usage_error(tmp_path: Path) -> None:
    done = run("dnn.py", "--epochs", "0", "--out", tmp_path)
    assert done.returncode == 2
    assert "--epochs must be at least 1, got 0" in done.stderr
    assert "Traceback" not in done.stderr


def test_same_seed_same_numbers(tmp_path: Path) -> None:
    runs = []
    for out in tmp_path / "a", tmp_path / "b":
        done = run("dnn.py", "--epochs", "2", "--seed", "7", "--out", out)
        assert done.returncode == 0, done.stderr
        history = results(out, "dnn")["networks"]["Linear + Sigmoid + Linear"]
        del history["seconds"]
        runs.append(history)
    assert runs[0] == runs[1]


def test_faces_offline_says_what_to_do(tmp_path: Path) -> None:
    start = time.perf_counter()
    done = run("cnn.py", "--data-home", tmp_path, "--out", tmp_path, env=OFFLINE)
    assert time.perf_counter() - start < 30
    assert done.returncode == 3
    assert "Traceback" not in done.stderr
    assert "could not download the Olivetti faces" in done.stderr
    assert str(tmp_path) in done.stderr
    assert "--dataset digits" in done.stderr
    assert not (tmp_path / "cnn.png").exists()


@pytest.mark.parametrize("script", ["cnn.py", "dropout_bn.py"])
def test_faces_from_the_cache(tmp_path: Path, script: str) -> None:
    """The 64x64 path, offline: a synthetic stand-in for the Olivetti faces (40 people,
    10 noisy copies of each one's random face) in the cache file scikit-learn writes after
    its download, so that every network meets 64x64 images."""
    rng = np.random.default_rng(0)
    faces = np.repeat(rng.random((40, 64 * 64)), 10, axis=0)
    faces += 0.3 * rng.standard_normal(faces.shape)
    joblib.dump(faces.astype(np.float32), tmp_path / "olivetti_py3.pkz")
    done = run(script, "--epochs", "1", "--data-home", tmp_path, "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    record = results(tmp_path, script.removesuffix(".py"))
    assert record["dataset"] == "olivetti"
    assert len(record["networks"]) == 3
    history = record["networks"]["Linear + Sigmoid + Linear"]
    assert history["test_accuracy"][0] > 0.9


def test_dnn_full_settings(tmp_path: Path, record_property: Any) -> None:
    """The seed's settings (50 epochs, batch 32, Adam 0.01) reach 96% test accuracy."""
    start = time.perf_counter()
    done = run("dnn.py", "--out", tmp_path)
    seconds = time.perf_counter() - start
    record_property("seconds", round(seconds, 1))
    print(f"dnn.py at full settings: {seconds:.1f} s")
    assert done.returncode == 0, done.stderr
    record = results(tmp_path, "dnn")
    assert record["settings"]["epochs"] == 50
    history = record["networks"]["Linear + Sigmoid + Linear"]
    assert history["test_accuracy"][-1] >= 0.96


def test_gpt_quick_learns_and_samples(tmp_path: Path) -> None:
    done = run("gpt.py", "--quick", "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    record = results(tmp_path, "gpt")
    assert record["settings"]["quick"] is True and record["dataset"] == "pydoc_data.topics"
    history = record["history"]
    steps = record["settings"]["steps"]
    assert history["step"][0] == 0 and history["step"][-1] == steps
    assert len(history["train_loss"]) == len(history["val_loss"]) == len(history["step"])
    # From about log(vocabulary) down towards the unigram baseline.
    assert history["val_loss"][0] > record["unigram_loss"] + 0.5
    assert history["val_loss"][-1] < history["val_loss"][0] - 0.5
    sample = record["sample"]
    assert sample["text"].startswith(sample["prompt"])
    assert len(sample["text"]) == len(sample["prompt"]) + record["settings"]["sample_length"]
    assert "sample (temperature 0.8, top-10)" in done.stdout
