"""``set_num_threads`` / ``get_num_threads``: the threads of the BLAS behind NumPy.

Small models run fastest on one thread: their matrix products are too small
to share, and a second busy thread on a loaded machine slows every step (on
a busy 2-core machine a GRU epoch went from 0.023 s to 0.07-0.3 s with two).
"""

from __future__ import annotations

from threadpoolctl import threadpool_info, threadpool_limits


def set_num_threads(num: int) -> None:
    """Use ``num`` threads in the BLAS (matrix products) from now on, as
    ``torch.set_num_threads``. NumPy's elementwise work is single-threaded anyway.

    Examples
    --------
    >>> import ad_ops
    >>> before = ad_ops.get_num_threads()
    >>> ad_ops.set_num_threads(1)
    >>> ad_ops.get_num_threads()
    1
    >>> ad_ops.set_num_threads(before)
    """
    if not isinstance(num, int) or isinstance(num, bool) or num < 1:
        raise ValueError(f"set_num_threads: expected a positive int, got {num!r}")
    threadpool_limits(limits=num, user_api="blas")


def get_num_threads() -> int:
    """The number of threads the BLAS uses (1 when NumPy has no threaded BLAS).

    >>> import ad_ops
    >>> ad_ops.get_num_threads() >= 1
    True
    """
    counts = [int(pool["num_threads"]) for pool in threadpool_info() if pool["user_api"] == "blas"]
    return max(counts, default=1)
