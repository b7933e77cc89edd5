"""Data-parallel training over MPI: ``DistributedDataParallel`` and the process group.

One process per replica, started by ``mpiexec`` (on one machine or, with a host
file, on several); each trains on its share of every batch and the gradients
are averaged. The names are PyTorch's (``torch.nn.parallel`` and
``torch.distributed``), so ``import ad_nn.parallel as dist`` reads like a
PyTorch script. Needs mpi4py and an MPI library: ``pip install 'ad-nn[mpi]'``.

Examples
--------
A training step, the same on every rank (here a job of one process):

>>> import ad_core, ad_nn as nn, ad_nn.parallel as dist
>>> dist.init_process_group()
>>> dist.get_rank(), dist.get_world_size()
(0, 1)
>>> _ = ad_core.manual_seed(0)
>>> model = dist.DistributedDataParallel(nn.Linear(4, 2))  # rank 0's weights everywhere
>>> x, y = ad_core.randn(8, 4), ad_core.tensor([0, 1] * 4)  # this rank's share of a batch
>>> nn.CrossEntropyLoss()(model(x), y).backward()  # gradients averaged over the ranks
>>> model.module.weight.grad.shape
(2, 4)
>>> dist.destroy_process_group()
"""

from .distributed import DistributedDataParallel
from .process_group import (
    ReduceOp,
    all_reduce,
    barrier,
    broadcast,
    destroy_process_group,
    get_rank,
    get_world_size,
    init_process_group,
    is_available,
    is_initialized,
)

__all__ = [
    "DistributedDataParallel",
    "ReduceOp",
    "all_reduce",
    "barrier",
    "broadcast",
    "destroy_process_group",
    "get_rank",
    "get_world_size",
    "init_process_group",
    "is_available",
    "is_initialized",
]
