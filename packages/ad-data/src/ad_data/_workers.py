"""The worker threads of a DataLoader: batches loaded ahead, in a pool of threads."""

import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from itertools import count, islice
from typing import Any


class Workers:
    """A pool of threads that run a DataLoader's jobs, PyTorch's worker processes.

    Parameters
    ----------
    num_threads : int
        The most threads that run at once.
    worker_init_fn : callable or None
        Called with the worker's id (``0, 1, ...``) in each thread before its first
        job, so that an error in it reaches the loop that consumes the batches.
    timeout : float
        Seconds to wait for a batch; ``0`` waits for ever.
    in_order : bool
        Yield batches in the order of their jobs; with ``False``, as they are ready.

    Examples
    --------
    >>> from functools import partial
    >>> workers = Workers(2, None, 0, True)
    >>> list(workers.run(iter([partial(pow, 2, 3), partial(pow, 3, 2)]), depth=2))
    [8, 9]
    >>> workers.close()
    """

    def __init__(
        self,
        num_threads: int,
        worker_init_fn: Callable[[int], Any] | None,
        timeout: float,
        in_order: bool,
    ) -> None:
        self._pool = ThreadPoolExecutor(max_workers=num_threads, thread_name_prefix="ad_data")
        self._worker_init_fn = worker_init_fn
        self._ids = count()
        self._started = threading.local()
        self._timeout = timeout or None
        self._in_order = in_order

    def run(self, jobs: Iterator[Callable[[], Any]], depth: int) -> Iterator[Any]:
        """The results of ``jobs``, with up to ``depth`` of them running or done ahead.

        Jobs not yet started when the iteration stops early are cancelled.
        """
        pending: deque[Future[Any]] = deque()
        try:
            pending.extend(self._pool.submit(self._call, job) for job in islice(jobs, depth))
            while pending:
                future = self._next_done(pending)
                result = future.result(self._timeout)
                pending.extend(self._pool.submit(self._call, job) for job in islice(jobs, 1))
                yield result
        except TimeoutError:
            raise RuntimeError(
                f"DataLoader: timed out after {self._timeout} seconds waiting for a batch"
            ) from None
        finally:
            for future in pending:
                future.cancel()

    def close(self) -> None:
        """Stop the threads once their running jobs are done; cancel the rest."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _next_done(self, pending: deque[Future[Any]]) -> Future[Any]:
        if self._in_order:
            return pending.popleft()
        done, _ = wait(pending, self._timeout, FIRST_COMPLETED)
        if not done:
            raise TimeoutError
        # Of the batches ready, the one asked for first.
        future = next(f for f in pending if f in done)
        pending.remove(future)
        return future

    def _call(self, job: Callable[[], Any]) -> Any:
        if self._worker_init_fn is not None and not getattr(self._started, "flag", False):
            self._started.flag = True
            self._worker_init_fn(next(self._ids))
        return job()
