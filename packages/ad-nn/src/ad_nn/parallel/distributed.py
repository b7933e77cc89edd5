"""``DistributedDataParallel``: one model replica per MPI process, gradients averaged."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from ad_core import Function, NDArray, Tensor, is_grad_enabled, queue_callback

from ..module import Module
from ..parameter import Parameter
from .process_group import _default, import_mpi, in_place

if TYPE_CHECKING:
    from mpi4py import MPI

_MB = 1024 * 1024


class _Bucket:
    """Parameters of one dtype whose gradients travel in one ``Allreduce``.

    The flat buffer holds every gradient, then one flag per parameter: 1 on a
    rank that has a gradient for it, so that after the sum a parameter no rank
    used keeps ``grad=None`` and one used on some ranks only gets their average.
    """

    def __init__(self, dtype: np.dtype[Any], named: list[tuple[str, Parameter]]) -> None:
        self.dtype = dtype
        self.names = [name for name, _ in named]
        self.params = [param for _, param in named]
        sizes = [param.array.size for param in self.params]
        total = sum(sizes)
        self.buffer: NDArray = np.empty(total + len(sizes), dtype=dtype)
        self.flags = self.buffer[total:]
        ends = np.cumsum(sizes)
        self.views = [
            self.buffer[end - size : end].reshape(param.array.shape)
            for end, size, param in zip(ends.tolist(), sizes, self.params, strict=True)
        ]

    def pack(self) -> None:
        """Copy the gradients into the buffer; raise, changing no gradient, when one
        no longer fits it."""
        for i, (name, param, view) in enumerate(
            zip(self.names, self.params, self.views, strict=True)
        ):
            grad = param.grad
            if grad is None:
                view.fill(0)
                self.flags[i] = 0
                continue
            if grad.array.dtype != self.dtype or grad.array.shape != view.shape:
                raise RuntimeError(
                    f"DistributedDataParallel: the gradient of parameter '{name}' has dtype "
                    f"{grad.array.dtype} and shape {grad.array.shape}, but the parameter had "
                    f"{self.dtype} and {view.shape} when the module was wrapped; wrap the "
                    "module after changing its parameters"
                )
            np.copyto(view, grad.array)
            self.flags[i] = 1

    def reduce(self, comm: MPI.Comm, in_place_op: Any, world: int) -> None:
        """Sum the packed buffer over the ranks and write the means into ``.grad``."""
        comm.Allreduce(in_place_op, self.buffer)
        for flag, param, view in zip(self.flags.tolist(), self.params, self.views, strict=True):
            if flag == 0:
                continue
            grad = param.grad
            if grad is None or not grad.array.flags.writeable:
                param.grad = Tensor(view / world)
            else:
                np.divide(view, world, out=grad.array)


class DistributedDataParallel(Module):
    """Data-parallel training over MPI, as ``torch.nn.parallel.DistributedDataParallel``.

    Every process (started by ``mpiexec``) holds a replica of ``module`` and
    trains it on its own share of each batch (see
    ``ad_data.DistributedSampler``). At construction the parameters and buffers
    of rank 0 are copied to every rank. After each ``backward`` through an
    output of this wrapper, the gradients of all parameters are averaged over
    the ranks, so that every replica takes the same optimizer step: the step a
    single process would take on the concatenated batches when the loss is a
    mean over the batch.

    The averaging is a sum by ``Allreduce`` of float buffers of at most
    ``bucket_cap_mb`` (one per dtype, so float32 gradients stay float32),
    divided by the number of ranks, written into ``.grad`` in place. It runs
    once per backward, when every gradient has been accumulated: the outputs
    of ``forward`` pass through a node that, reached by backward, queues it
    with ``ad_core.queue_callback`` (PyTorch's ``_DDPSink`` does the same).
    PyTorch also overlaps buckets with the rest of backward, which a
    single-threaded NumPy engine cannot gain from.

    With ``broadcast_buffers`` the buffers of rank 0 (BatchNorm's running
    statistics) are copied to every rank before each forward in training mode
    with grad enabled; evaluation forwards communicate nothing, so rank 0 may
    evaluate alone.

    Parameters
    ----------
    module : Module
        The model; its ``state_dict`` keys get the prefix ``module.`` here.
    comm : mpi4py.MPI.Comm, optional
        The communicator of the replicas (PyTorch's ``process_group``); the
        default group of ``ad_nn.parallel.init_process_group`` when omitted.
    bucket_cap_mb : float, default 25
        The largest size of one ``Allreduce``, in MiB (a larger parameter goes
        alone).
    broadcast_buffers : bool, default True
        Copy the buffers of rank 0 to every rank before each training forward.

    Notes
    -----
    Differences from PyTorch: no devices (``device_ids``, ``output_device``);
    parameters unused by a forward need no ``find_unused_parameters``: they get
    the average of the ranks that used them, or keep ``grad=None`` when no rank
    did. Every rank must run the same sequence of training forwards and
    backwards (each backward through an output of a forward outside
    ``no_sync`` averages once), hence the same number of batches per epoch.
    ``ad_core.grad`` through an output averages ``.grad`` too; as in PyTorch,
    double backward (``create_graph=True``) is not supported: the averaged
    ``.grad`` values carry no graph of the averaging. BatchNorm
    normalizes with each rank's own batch statistics (there is no
    ``SyncBatchNorm``).

    Raises
    ------
    ModuleNotFoundError
        Without mpi4py.
    ValueError
        If the ranks' modules differ in parameter or buffer names, shapes or
        dtypes (raised on every rank).

    Examples
    --------
    Run as ``mpiexec -n 2 python train.py``; alone, a script is a job of one
    process:

    >>> import ad_core, ad_nn as nn, ad_nn.parallel as dist
    >>> dist.init_process_group()
    >>> model = dist.DistributedDataParallel(nn.Linear(3, 1))
    >>> list(model.state_dict())
    ['module.weight', 'module.bias']
    >>> model(ad_core.ones(4, 3)).sum().backward()  # grads: the mean over the ranks
    >>> model.module.bias.grad
    tensor([4.])
    >>> dist.destroy_process_group()
    """

    def __init__(
        self,
        module: Module,
        comm: MPI.Comm | None = None,
        bucket_cap_mb: float = 25,
        broadcast_buffers: bool = True,
    ) -> None:
        super().__init__()
        op = "DistributedDataParallel"
        if not isinstance(module, Module):
            raise TypeError(
                f"{op}: expected module to be an nn.Module, got {type(module).__name__}"
            )
        if isinstance(bucket_cap_mb, bool) or not isinstance(bucket_cap_mb, int | float):
            raise TypeError(f"{op}: expected bucket_cap_mb to be a number, got {bucket_cap_mb!r}")
        if not bucket_cap_mb > 0:
            raise ValueError(f"{op}: expected bucket_cap_mb > 0, got {bucket_cap_mb}")
        if not isinstance(broadcast_buffers, bool):
            raise TypeError(
                f"{op}: expected broadcast_buffers to be a bool, got {broadcast_buffers!r}"
            )
        MPI = import_mpi(op)
        if comm is None:
            if _default.comm is None:
                raise RuntimeError(
                    f"{op}: the default process group has not been initialized; call "
                    "ad_nn.parallel.init_process_group() first, or pass comm="
                )
            comm = _default.comm
        elif not isinstance(comm, MPI.Comm):
            raise TypeError(f"{op}: expected comm to be an mpi4py communicator, got {comm!r}")
        self.module = module
        self.comm = comm
        self.bucket_cap_mb = bucket_cap_mb
        self.broadcast_buffers = broadcast_buffers
        self.require_backward_grad_sync = True
        self._world = comm.Get_size()
        self._in_place = MPI.IN_PLACE
        _check_same_module(op, comm, module)
        for tensor in [*module.parameters(), *module.buffers()]:
            in_place(tensor, lambda array: comm.Bcast(array, root=0))
        named = [(n, p) for n, p in module.named_parameters() if p.requires_grad]
        self._buckets = _buckets(named, int(bucket_cap_mb * _MB))
        # Whether the averaging is queued in the backward pass now running: the
        # outputs of a forward share one averaging.
        self._reduce_queued = False

    def forward(self, *inputs: Any, **kwargs: Any) -> Any:
        """Broadcast rank 0's buffers (in training), run the module, and route
        its output tensors through the node that averages after backward."""
        if self._world == 1 or not is_grad_enabled():
            return self.module(*inputs, **kwargs)
        if self.training and self.broadcast_buffers:
            for buffer in self.module.buffers():
                in_place(buffer, lambda array: self.comm.Bcast(array, root=0))
        output = self.module(*inputs, **kwargs)
        if not self.require_backward_grad_sync:
            return output
        self._reduce_queued = False
        return _map_tensors(output, self._through_sink)

    def _through_sink(self, tensor: Tensor) -> Tensor:
        if not tensor.requires_grad:
            return tensor
        return _ReduceAfterBackward.apply(tensor, ddp=self)

    @contextlib.contextmanager
    def no_sync(self) -> Iterator[None]:
        """Within it, forwards arm no averaging: their backwards only accumulate
        each rank's own gradients, as ``DistributedDataParallel.no_sync``.

        The first backward after it averages everything accumulated.

        Examples
        --------
        >>> import ad_core, ad_nn as nn, ad_nn.parallel as dist
        >>> dist.init_process_group()
        >>> model = dist.DistributedDataParallel(nn.Linear(3, 1))
        >>> with model.no_sync():
        ...     model(ad_core.ones(2, 3)).sum().backward()  # local only
        >>> model(ad_core.ones(2, 3)).sum().backward()  # averages both
        >>> model.module.bias.grad
        tensor([4.])
        >>> dist.destroy_process_group()
        """
        previous = self.require_backward_grad_sync
        self.require_backward_grad_sync = False
        try:
            yield
        finally:
            self.require_backward_grad_sync = previous

    def _queue_reduction(self) -> None:
        if not self._reduce_queued:
            self._reduce_queued = True
            queue_callback(self._reduce_gradients)

    def _reduce_gradients(self) -> None:
        self._reduce_queued = False
        for bucket in self._buckets:  # every check before the first exchange
            bucket.pack()
        for bucket in self._buckets:
            bucket.reduce(self.comm, self._in_place, self._world)


class _ReduceAfterBackward(Function):
    """Identity (on a copy, as PyTorch's ``_DDPSink``) whose backward queues the
    averaging of the gradients, to run once the whole backward pass is done."""

    def forward(self, a: NDArray, ddp: DistributedDataParallel) -> NDArray:
        self.ddp = ddp
        return a.copy()

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        self.ddp._queue_reduction()
        return (grad,)


def _map_tensors(output: Any, fn: Callable[[Tensor], Tensor]) -> Any:
    """Apply ``fn`` to every Tensor in ``output`` (nested tuples, lists and dicts)."""
    if isinstance(output, Tensor):
        return fn(output)
    if isinstance(output, tuple) and hasattr(output, "_fields"):  # a named tuple
        return type(output)(*(_map_tensors(item, fn) for item in output))
    if isinstance(output, tuple | list):
        return type(output)(_map_tensors(item, fn) for item in output)
    if isinstance(output, dict):
        return {key: _map_tensors(value, fn) for key, value in output.items()}
    return output


def _buckets(named: list[tuple[str, Parameter]], cap_bytes: int) -> list[_Bucket]:
    """Group the parameters by dtype, in reverse order (the order backward
    finishes them, as PyTorch), into buckets of at most ``cap_bytes``."""
    open_buckets: dict[np.dtype[Any], list[tuple[str, Parameter]]] = {}
    sizes: dict[np.dtype[Any], int] = {}
    buckets: list[_Bucket] = []
    for name, param in reversed(named):
        dtype = param.array.dtype
        nbytes = param.array.nbytes
        members = open_buckets.setdefault(dtype, [])
        if members and sizes[dtype] + nbytes > cap_bytes:
            buckets.append(_Bucket(dtype, members))
            members = open_buckets[dtype] = []
            sizes[dtype] = 0
        members.append((name, param))
        sizes[dtype] = sizes.get(dtype, 0) + nbytes
    buckets += [_Bucket(dtype, members) for dtype, members in open_buckets.items() if members]
    return buckets


def _check_same_module(op: str, comm: MPI.Comm, module: Module) -> None:
    """Raise on every rank when some rank's parameters or buffers differ from rank 0's."""
    mine = [
        (kind, name, tuple(tensor.array.shape), tensor.array.dtype.name)
        for kind, named in (
            ("parameter", module.named_parameters()),
            ("buffer", module.named_buffers()),
        )
        for name, tensor in named
    ]
    layouts = comm.allgather(mine)
    for rank, theirs in enumerate(layouts[1:], start=1):
        if theirs == layouts[0]:
            continue
        differ = [(a, b) for a, b in zip(layouts[0], theirs, strict=False) if a != b]
        if differ:
            (kind, name, shape, dtype), (kind_r, name_r, shape_r, dtype_r) = differ[0]
            detail = (
                f"rank 0 has {kind} '{name}' of shape {shape} and dtype {dtype}, "
                f"rank {rank} has {kind_r} '{name_r}' of shape {shape_r} and dtype {dtype_r}"
            )
        else:
            detail = (
                f"rank 0 has {len(layouts[0])} parameters and buffers, rank {rank} {len(theirs)}"
            )
        raise ValueError(f"{op}: every rank must wrap the same module; {detail}")
