"""examples/ddp.py as a job of several processes (the ``mpi`` nox session; skipped
where mpi4py and mpiexec are missing)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import ad_nn as nn

SCRIPT = Path(__file__).resolve().parents[1] / "ddp.py"


def mpiexec(n: int, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """``mpiexec -n n python ddp.py args``, killed with every rank if it hangs."""
    try:
        from mpi4py import MPI  # noqa: F401
    except ImportError:
        pytest.skip("needs mpi4py, an MPI library and mpiexec: pip install 'ad-nn[mpi]'")
    beside = Path(sys.executable).with_name("mpiexec")
    launcher = str(beside) if beside.exists() else shutil.which("mpiexec")
    if launcher is None:
        pytest.skip("needs mpiexec")
    command = [launcher, "-n", str(n), sys.executable, str(SCRIPT), *map(str, args)]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    ) as job:
        try:
            stdout, stderr = job.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            os.killpg(job.pid, signal.SIGKILL)
            pytest.fail(f"{' '.join(command)} hung")
    return subprocess.CompletedProcess(command, job.returncode, stdout, stderr)


def test_two_processes_reach_dnn_accuracy(tmp_path: Path) -> None:
    """The seed's settings (50 epochs, minibatch 32 shared by 2 processes, Adam 0.01)
    reach dnn.py's 96 % test accuracy; only rank 0 prints and writes."""
    job = mpiexec(2, "--out", tmp_path)
    assert job.returncode == 0, job.stderr
    record = json.loads((tmp_path / "ddp.json").read_text())
    assert record["settings"]["epochs"] == 50 and record["settings"]["batch_size"] == 32
    history = record["networks"]["Linear + Sigmoid + Linear"]
    assert history["test_accuracy"][-1] >= 0.96
    assert history["loss"][-1] < history["loss"][0]
    epoch_lines = [line for line in job.stdout.splitlines() if " on 2 processes  epoch " in line]
    assert len(epoch_lines) == 50
    assert job.stdout.count("wrote ") == 2  # the figure and the JSON, once
    checkpoint = nn.load(tmp_path / "ddp.safetensors")
    assert sorted(checkpoint) == ["fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight"]


def test_a_minibatch_the_processes_cannot_share(tmp_path: Path) -> None:
    job = mpiexec(3, "--quick", "--out", tmp_path)
    assert job.returncode == 2
    message = "ddp.py: --batch-size 32 must be a multiple of the 3 processes"
    assert job.stderr.count(message) == 1
    assert "Traceback" not in job.stderr
    assert not (tmp_path / "ddp.json").exists()
