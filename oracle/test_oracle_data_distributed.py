"""ad_data.DistributedSampler against torch.utils.data.DistributedSampler: the same
indices for every size, replica count, rank and drop_last; shuffled, the same
partition of our permutation (PyTorch's permutation comes from its own generator)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from torch.utils.data import DistributedSampler as TorchSampler

from ad_data import DistributedSampler


@pytest.mark.parametrize("drop_last", [False, True])
@pytest.mark.parametrize("replicas", [1, 2, 3, 4, 7])
@pytest.mark.parametrize("n", [0, 1, 2, 3, 6, 10, 13, 21])
def test_distributed_sampler_matches_pytorch(n: int, replicas: int, drop_last: bool) -> None:
    perm = np.random.default_rng(4 + 1).permutation(n)  # seed + epoch
    for rank in range(replicas):
        ours = DistributedSampler(range(n), replicas, rank, shuffle=False, drop_last=drop_last)
        dataset: Any = range(n)  # any sized dataset, as ours takes
        theirs: TorchSampler[int] = TorchSampler(
            dataset, replicas, rank, shuffle=False, drop_last=drop_last
        )
        assert list(ours) == list(theirs)
        assert len(ours) == len(theirs)
        shuffled = DistributedSampler(range(n), replicas, rank, seed=4, drop_last=drop_last)
        shuffled.set_epoch(1)
        # PyTorch's sampler over the dataset in our shuffled order: position i holds perm[i].
        assert list(shuffled) == [int(perm[i]) for i in theirs]
