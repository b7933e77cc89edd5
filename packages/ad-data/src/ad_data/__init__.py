"""ad_data: datasets, samplers and a fast DataLoader that yields ``ad_core`` Tensors.

The names follow ``torch.utils.data``; batches are ``ad_core.Tensor``, as
PyTorch's are tensors, and ``np.asarray(batch)`` gives their data without a copy.

Examples
--------
>>> import numpy as np
>>> from ad_data import DataLoader, TensorDataset
>>> loader = DataLoader(TensorDataset(np.zeros((10, 3)), np.arange(10)), batch_size=4)
>>> [y.tolist() for _, y in loader]
[[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
"""

from .__about__ import __version__
from .collate import default_collate, default_convert
from .dataloader import DataLoader
from .dataset import (
    ArrayDataset,
    ConcatDataset,
    Dataset,
    IterableDataset,
    Subset,
    TensorDataset,
)
from .distributed import DistributedSampler
from .sampler import (
    BatchSampler,
    RandomSampler,
    Sampler,
    SequentialSampler,
    SubsetRandomSampler,
    WeightedRandomSampler,
)
from .split import random_split

__all__ = [
    "ArrayDataset",
    "BatchSampler",
    "ConcatDataset",
    "DataLoader",
    "Dataset",
    "DistributedSampler",
    "IterableDataset",
    "RandomSampler",
    "Sampler",
    "SequentialSampler",
    "Subset",
    "SubsetRandomSampler",
    "TensorDataset",
    "WeightedRandomSampler",
    "__version__",
    "default_collate",
    "default_convert",
    "random_split",
]
