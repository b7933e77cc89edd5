"""The ``mpiexec`` fixture: run the MPI tests' worker as a job of several processes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

WORKER = Path(__file__).with_name("nn_parallel_worker.py")
# A job finishes in seconds; one that runs this long hangs (a rank waits for a dead one).
TIMEOUT = 120

MpiExec = Callable[[int, str, Path], subprocess.CompletedProcess[str]]


def mpiexec_path() -> str | None:
    """The ``mpiexec`` of this environment (the MPICH wheel puts it beside python), or
    the first on PATH; None without mpi4py or without an MPI library."""
    try:
        from mpi4py import MPI  # noqa: F401
    except ImportError:
        return None
    beside = Path(sys.executable).with_name("mpiexec")
    return str(beside) if beside.exists() else shutil.which("mpiexec")


@pytest.fixture(scope="session")
def mpiexec() -> MpiExec:
    """``mpiexec(n, mode, out)`` runs ``nn_parallel_worker.py mode out`` on ``n``
    processes and returns the finished job; a job still running after ``TIMEOUT``
    seconds is killed, and the test fails."""
    launcher = mpiexec_path()
    if launcher is None:
        pytest.skip("needs mpi4py, an MPI library and mpiexec: pip install 'ad-nn[mpi]'")

    def run(n: int, mode: str, out: Path) -> subprocess.CompletedProcess[str]:
        command = [launcher, "-n", str(n), sys.executable, str(WORKER), mode, str(out)]
        # A session of its own, so that a hung job is killed with every rank.
        with subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        ) as job:
            try:
                stdout, stderr = job.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(job.pid, signal.SIGKILL)
                stdout, stderr = job.communicate()
                pytest.fail(f"{' '.join(command)} hung for {TIMEOUT} s:\n{stderr[-3000:]}")
        return subprocess.CompletedProcess(command, job.returncode, stdout, stderr)

    return run
