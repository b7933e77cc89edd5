"""One rank of the job that test_data_distributed.py starts with mpiexec.

``python data_distributed_worker.py <out>``: each rank writes, as JSON, the indices its
``DistributedSampler`` (rank and size taken from the MPI job) yields for each case.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ad_data import DistributedSampler

# (dataset size, shuffle, drop_last, epoch)
CASES = [
    (n, shuffle, drop_last, epoch)
    for n in (1, 2, 7, 12, 13)
    for shuffle in (False, True)
    for drop_last in (False, True)
    for epoch in (0, 1)
]


def main() -> None:
    out = Path(sys.argv[1])
    seen = {}
    rank = -1
    for n, shuffle, drop_last, epoch in CASES:
        sampler = DistributedSampler(range(n), shuffle=shuffle, seed=5, drop_last=drop_last)
        sampler.set_epoch(epoch)
        rank = sampler.rank
        seen[f"{n} {shuffle} {drop_last} {epoch}"] = [sampler.num_replicas, list(sampler)]
    (out / f"rank{rank}.json").write_text(json.dumps(seen))


if __name__ == "__main__":
    main()
