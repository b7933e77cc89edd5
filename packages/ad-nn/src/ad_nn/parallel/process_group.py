"""The default process group (an MPI communicator) and thin collectives over it.

The names are ``torch.distributed``'s: ``init_process_group``, ``get_rank``,
``get_world_size``, ``barrier``, ``all_reduce``, ``broadcast``. A group is an
mpi4py communicator; the processes are started by ``mpiexec``, so there is no
rendezvous (``init_method``, ``world_size``, ``rank``) to configure. mpi4py is
imported on first use: without it, ``ad_nn.parallel`` imports, and the
functions that need MPI say what to install.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable
from traceback import format_exception
from types import ModuleType, TracebackType
from typing import TYPE_CHECKING

import numpy as np

from ad_core import NDArray, Tensor

if TYPE_CHECKING:
    from mpi4py import MPI

INSTALL_HINT = (
    "pip install 'ad-nn[mpi]' (mpi4py and the MPICH library), "
    "or pip install mpi4py next to the MPI library of your cluster"
)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class _DefaultGroup:
    """The communicator ``init_process_group`` chose, and the excepthook it replaced."""

    def __init__(self) -> None:
        self.comm: MPI.Comm | None = None
        self.previous_excepthook: ExceptHook | None = None


_default = _DefaultGroup()


def import_mpi(op: str) -> ModuleType:
    """mpi4py's ``MPI`` module; ``op`` names the caller in the error raised without it."""
    try:
        from mpi4py import MPI
    except ImportError as error:
        raise ModuleNotFoundError(
            f"{op}: needs mpi4py and an MPI library; install them with {INSTALL_HINT}"
        ) from error
    module: ModuleType = MPI  # Any where mpi4py is not installed: the typecheck sessions
    return module


class ReduceOp(enum.Enum):
    """How ``all_reduce`` combines the values of the ranks, as ``torch.distributed.ReduceOp``.

    Examples
    --------
    >>> from ad_nn.parallel import ReduceOp
    >>> ReduceOp.SUM
    <ReduceOp.SUM: 'SUM'>
    """

    SUM = "SUM"
    PRODUCT = "PROD"
    MIN = "MIN"
    MAX = "MAX"


def is_available() -> bool:
    """Whether mpi4py (and with it an MPI library) can be imported.

    Examples
    --------
    >>> import ad_nn.parallel as dist
    >>> isinstance(dist.is_available(), bool)
    True
    """
    try:
        import_mpi("is_available")
    except ImportError:
        return False
    return True


def init_process_group(backend: str | None = None, *, comm: MPI.Comm | None = None) -> None:
    """Make ``comm`` (default: every process ``mpiexec`` started) the default group.

    As ``torch.distributed.init_process_group``, with MPI as the only backend.
    It also installs a ``sys.excepthook`` that, after printing the traceback,
    aborts the whole MPI job when a rank dies of an uncaught exception:
    without it the other ranks would wait forever in their next collective.
    ``destroy_process_group`` puts the previous hook back.

    Parameters
    ----------
    backend : str, optional
        ``"mpi"`` or None.
    comm : mpi4py.MPI.Comm, optional
        The communicator of the group; ``MPI.COMM_WORLD`` by default.

    Raises
    ------
    ModuleNotFoundError
        Without mpi4py.
    RuntimeError
        If the default group is already initialized.

    Examples
    --------
    Under ``mpiexec -n 2 python script.py`` rank 1 would print ``(1, 2)``;
    alone, a script is a job of one process:

    >>> import ad_nn.parallel as dist
    >>> dist.init_process_group("mpi")
    >>> dist.get_rank(), dist.get_world_size()
    (0, 1)
    >>> dist.destroy_process_group()
    """
    if backend not in (None, "mpi"):
        raise ValueError(f"init_process_group: the only backend is 'mpi', got {backend!r}")
    if _default.comm is not None:
        raise RuntimeError(
            "init_process_group: the default process group is already initialized; "
            "call destroy_process_group() first"
        )
    MPI = import_mpi("init_process_group")
    if comm is None:
        comm = MPI.COMM_WORLD
    elif not isinstance(comm, MPI.Comm):
        raise TypeError(
            f"init_process_group: expected comm to be an mpi4py communicator, "
            f"got {type(comm).__name__}"
        )
    _default.comm = comm
    _default.previous_excepthook = sys.excepthook
    sys.excepthook = _abort_job


def _abort_job(
    kind: type[BaseException], error: BaseException, traceback: TracebackType | None
) -> None:
    """Show the error, say which rank ends the job, and abort every rank.

    With Python's own hook the traceback and the last line leave in one write:
    ``mpiexec`` forwards output in the chunks it reads, and the abort may stop
    it from reading a second one.
    """
    previous = _default.previous_excepthook or sys.__excepthook__
    MPI = import_mpi("init_process_group")
    world = MPI.COMM_WORLD
    if world.Get_size() == 1:
        previous(kind, error, traceback)
        return
    last = (
        f"rank {world.Get_rank()} of {world.Get_size()}: uncaught "
        f"{kind.__name__}, aborting the MPI job\n"
    )
    if previous is sys.__excepthook__:
        text = "".join(format_exception(kind, error, traceback)) + last
        sys.stderr.write(text)
    else:
        previous(kind, error, traceback)
        sys.stderr.write(last)
    sys.stderr.flush()
    world.Abort(1)


def destroy_process_group() -> None:
    """Forget the default group and restore the excepthook it replaced.

    MPI itself stays initialized (mpi4py finalizes it at exit).

    Examples
    --------
    >>> import ad_nn.parallel as dist
    >>> dist.init_process_group()
    >>> dist.destroy_process_group()
    >>> dist.is_initialized()
    False
    """
    if _default.comm is None:
        return
    if sys.excepthook is _abort_job and _default.previous_excepthook is not None:
        sys.excepthook = _default.previous_excepthook
    _default.comm = None
    _default.previous_excepthook = None


def is_initialized() -> bool:
    """Whether ``init_process_group`` has been called (and not undone).

    Examples
    --------
    >>> import ad_nn.parallel as dist
    >>> dist.is_initialized()
    False
    >>> dist.init_process_group()
    >>> dist.is_initialized()
    True
    >>> dist.destroy_process_group()
    """
    return _default.comm is not None


def group_comm(op: str, group: MPI.Comm | None) -> MPI.Comm:
    """``group``, or the default group's communicator; ``op`` names the caller."""
    if group is not None:
        return group
    if _default.comm is None:
        raise RuntimeError(
            f"{op}: the default process group has not been initialized; "
            "call ad_nn.parallel.init_process_group() first"
        )
    return _default.comm


def get_rank(group: MPI.Comm | None = None) -> int:
    """This process's rank in ``group`` (default: the default group), from 0.

    Examples
    --------
    >>> import ad_nn.parallel as dist
    >>> dist.init_process_group()
    >>> dist.get_rank()
    0
    >>> dist.destroy_process_group()
    """
    return int(group_comm("get_rank", group).Get_rank())


def get_world_size(group: MPI.Comm | None = None) -> int:
    """The number of processes in ``group`` (default: the default group).

    Examples
    --------
    >>> import ad_nn.parallel as dist
    >>> dist.init_process_group()
    >>> dist.get_world_size()  # the number after mpiexec -n; 1 when run alone
    1
    >>> dist.destroy_process_group()
    """
    return int(group_comm("get_world_size", group).Get_size())


def barrier(group: MPI.Comm | None = None) -> None:
    """Wait until every process of ``group`` has called ``barrier``.

    Examples
    --------
    >>> import ad_nn.parallel as dist
    >>> dist.init_process_group()
    >>> dist.barrier()
    >>> dist.destroy_process_group()
    """
    group_comm("barrier", group).Barrier()


def all_reduce(tensor: Tensor, op: ReduceOp = ReduceOp.SUM, group: MPI.Comm | None = None) -> None:
    """Combine ``tensor`` across the ranks of ``group``, in place on every rank.

    Examples
    --------
    Under ``mpiexec -n 2`` both ranks would hold ``tensor([3.])`` (1 + 2); alone:

    >>> import ad_core, ad_nn.parallel as dist
    >>> dist.init_process_group()
    >>> total = ad_core.tensor([float(dist.get_rank() + 1)])
    >>> dist.all_reduce(total)
    >>> total
    tensor([1.])
    >>> dist.destroy_process_group()
    """
    if not isinstance(op, ReduceOp):
        raise TypeError(f"all_reduce: expected op to be an ad_nn.parallel.ReduceOp, got {op!r}")
    comm = group_comm("all_reduce", group)
    MPI = import_mpi("all_reduce")
    mpi_op = getattr(MPI, op.value)
    in_place(tensor, lambda array: comm.Allreduce(MPI.IN_PLACE, array, op=mpi_op))


def broadcast(tensor: Tensor, src: int, group: MPI.Comm | None = None) -> None:
    """Overwrite ``tensor`` on every rank of ``group`` with its value on rank ``src``.

    Examples
    --------
    >>> import ad_core, ad_nn.parallel as dist
    >>> dist.init_process_group()
    >>> weights = ad_core.tensor([float(dist.get_rank())])
    >>> dist.broadcast(weights, src=0)
    >>> weights
    tensor([0.])
    >>> dist.destroy_process_group()
    """
    comm = group_comm("broadcast", group)
    size = comm.Get_size()
    if isinstance(src, bool) or not isinstance(src, int) or not 0 <= src < size:
        raise ValueError(f"broadcast: expected src in [0, {size - 1}], got {src!r}")
    in_place(tensor, lambda array: comm.Bcast(array, root=src))


def in_place(tensor: Tensor, collective: Callable[[NDArray], None]) -> None:
    """Run ``collective`` on ``tensor``'s array, which MPI needs contiguous and writable:
    on a contiguous copy otherwise, written back (or swapped in when read-only)."""
    array = tensor.array
    if array.flags.c_contiguous and array.flags.writeable:
        collective(array)
        return
    buffer = np.array(array, order="C")
    collective(buffer)
    if array.flags.writeable:
        array[...] = buffer
    else:
        tensor.array = buffer
