"""``keep_freed_memory``: after it, a loop that makes and frees the same large
arrays stops paying page faults for them. Each measurement runs in a fresh
process, since the setting is the C library's, for the whole process."""

from __future__ import annotations

import subprocess
import sys

import pytest

import ad_ops

LOOP = """
import resource, sys
import numpy as np
import ad_ops
took = ad_ops.keep_freed_memory() if sys.argv[1] == "keep" else None
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(20):  # a step: three 16 MB arrays, written whole, then all freed
    arrays = [np.ones(2_000_000) for _ in range(3)]
    del arrays
faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
print(took, faults)
"""


def _faults(mode: str) -> tuple[str, int]:
    out = subprocess.run(
        [sys.executable, "-c", LOOP, mode], capture_output=True, text=True, check=True
    ).stdout.split()
    return out[0], int(out[1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc only")
def test_freed_memory_is_reused_without_page_faults() -> None:
    _, fresh = _faults("default")
    took, kept = _faults("keep")
    if took == "False":
        pytest.skip("the C library is not glibc")
    assert took == "True"
    # By default every step faults its pages in afresh (16x more faults here,
    # where transparent huge pages make a fault cover up to 2 MB); kept, the
    # first step's pages serve all the others.
    assert kept * 5 < fresh


def test_it_is_a_no_op_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert ad_ops.keep_freed_memory() is False
