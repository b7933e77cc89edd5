"""The backward pass: an iterative traversal of the graph, linear in its size."""

from __future__ import annotations

import functools
import heapq
import threading
from collections.abc import Callable, Sequence
from typing import Any, ParamSpec, TypeVar

import numpy as np

from .broadcast import SumTo, reduce_to_shape
from .function import _RELEASED, Function, lift
from .grad_mode import _state as _grad_state
from .tensor import Tensor
from .types import TensorLike

P = ParamSpec("P")
R = TypeVar("R")


class _Queues(threading.local):
    """Per thread, the callback queue of each backward pass in progress, innermost last."""

    def __init__(self) -> None:
        self.stack: list[list[Callable[[], object]]] = []


_queues = _Queues()


def queue_callback(callback: Callable[[], object]) -> None:
    """Run ``callback()`` once the backward pass in progress has finished.

    Called from a tensor hook, it defers work until every gradient of the
    pass has been delivered and accumulated into ``.grad`` (a leaf's hooks
    run once per gradient that reaches it, before accumulation). Callbacks
    run in the order they were queued, after ``backward`` or ``grad`` has
    done everything else; a callback may queue more. Nothing runs when the
    pass raises. PyTorch spells it
    ``torch.autograd.Variable._execution_engine.queue_callback``.

    Examples
    --------
    >>> import ad_core
    >>> w = ad_core.tensor([1.0, 2.0], requires_grad=True)
    >>> queued = []
    >>> def hook(g):
    ...     print("one gradient:", g)
    ...     if not queued:
    ...         queued.append(True)
    ...         ad_core.queue_callback(lambda: print("all of them:", w.grad))
    >>> _ = w.register_hook(hook)
    >>> (w * w).sum().backward()
    one gradient: tensor([1., 2.])
    one gradient: tensor([1., 2.])
    all of them: tensor([2., 4.])
    """
    if not _queues.stack:
        raise RuntimeError(
            "queue_callback: no backward pass is running; call it from a tensor hook"
        )
    _queues.stack[-1].append(callback)


def _runs_queued_callbacks(backward_pass: Callable[P, R]) -> Callable[P, R]:
    """Give each call of ``backward_pass`` its own callback queue, run at its end."""

    @functools.wraps(backward_pass)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        queue: list[Callable[[], object]] = []
        _queues.stack.append(queue)
        try:
            result = backward_pass(*args, **kwargs)
            for callback in queue:  # a list iterator also sees what callbacks append
                callback()
        finally:
            _queues.stack.pop()
        return result

    return wrapper


@_runs_queued_callbacks
def backward(
    tensors: Sequence[Tensor],
    grad_tensors: Sequence[TensorLike | None] | None = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    inputs: Sequence[Tensor] | None = None,
) -> None:
    """Accumulate the gradients of ``tensors`` into ``.grad`` of the leaves.

    As ``torch.autograd.backward``: ``grad_tensors`` may be omitted for
    one-element outputs; ``inputs`` restricts accumulation to those tensors.

    Examples
    --------
    >>> import ad_core
    >>> x = ad_core.tensor([1.0, 2.0], requires_grad=True)
    >>> ad_core.backward([(x * x).sum(), x.sum()])
    >>> x.grad
    tensor([3., 5.])
    """
    roots, seeds = _roots("backward", tensors, grad_tensors, create_graph)
    if retain_graph is None:
        retain_graph = create_graph
    if inputs is not None:
        captured = _run(roots, seeds, retain_graph, create_graph, list(inputs))
        handed: set[int] = set()
        for t, g in zip(inputs, captured, strict=True):
            if g is not None:
                _accumulate(t, g if create_graph else g.array, create_graph, handed)
        return
    _run(roots, seeds, retain_graph, create_graph, None)


@_runs_queued_callbacks
def grad(
    outputs: Tensor | Sequence[Tensor],
    inputs: Tensor | Sequence[Tensor],
    grad_outputs: TensorLike | Sequence[TensorLike | None] | None = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    allow_unused: bool = False,
) -> tuple[Tensor | None, ...]:
    """The gradients of ``outputs`` with respect to ``inputs``, as
    ``torch.autograd.grad``; nothing is accumulated into ``.grad``.

    Examples
    --------
    >>> import ad_core
    >>> x = ad_core.tensor(3.0, requires_grad=True)
    >>> (dx,) = ad_core.grad(x**3, x, create_graph=True)
    >>> dx
    tensor(27., grad_fn=<MulBackward>)
    >>> ad_core.grad(dx, x)
    (tensor(18.),)
    """
    outs = [outputs] if isinstance(outputs, Tensor) else list(outputs)
    ins = [inputs] if isinstance(inputs, Tensor) else list(inputs)
    if grad_outputs is None:
        seeds_in: list[TensorLike | None] | None = None
    elif isinstance(grad_outputs, Tensor | np.ndarray) or not isinstance(grad_outputs, Sequence):
        seeds_in = [grad_outputs]
    else:
        seeds_in = list(grad_outputs)
    for t in ins:
        if not t.requires_grad:
            raise RuntimeError("grad: one of the inputs does not require grad")
    roots, seeds = _roots("grad", outs, seeds_in, create_graph)
    if retain_graph is None:
        retain_graph = create_graph
    result = _run(roots, seeds, retain_graph, create_graph, ins)
    if not allow_unused and any(g is None for g in result):
        raise RuntimeError(
            "grad: one of the inputs was not used in the graph of the outputs; "
            "pass allow_unused=True to get None for it"
        )
    return tuple(result)


def _roots(
    op: str,
    tensors: Sequence[Tensor],
    grad_tensors: Sequence[TensorLike | None] | None,
    create_graph: bool,
) -> tuple[list[Tensor], list[Tensor]]:
    if grad_tensors is None:
        grad_tensors = [None] * len(tensors)
    if len(grad_tensors) != len(tensors):
        raise ValueError(f"{op}: got {len(tensors)} tensors but {len(grad_tensors)} gradients")
    roots: list[Tensor] = []
    seeds: list[Tensor] = []
    for t, g in zip(tensors, grad_tensors, strict=True):
        if not t.requires_grad:
            raise RuntimeError(
                f"{op}: element {len(roots)} of tensors does not require grad and has no grad_fn"
            )
        if g is None:
            if t.array.size != 1:
                raise RuntimeError(
                    f"{op}: grad can be implicitly created only for one-element outputs; "
                    f"got shape {t.shape}, pass a gradient of that shape"
                )
            seed = Tensor._wrap(np.ones(t.shape, dtype=t.dtype))
        else:
            (seed,) = lift((g,))
            if seed.shape != t.shape:
                raise ValueError(
                    f"{op}: gradient of shape {seed.shape} given for a tensor of shape {t.shape}"
                )
            if not create_graph:
                # A private copy: the seed may end up as a leaf's .grad.
                seed = Tensor._wrap(np.array(seed.array))
        roots.append(t)
        seeds.append(seed)
    return roots, seeds


def _accumulate(t: Tensor, g: Any, create_graph: bool, handed: set[int]) -> None:
    """Add ``g`` (an array, or a Tensor with ``create_graph``) into ``t.grad``.

    Without ``create_graph`` the stored array is always the leaf's own, in its
    dtype: never a read-only or borrowed view, nor an array already stored in
    another leaf's ``.grad`` (its id is in ``handed``; the two inputs of an add
    receive one array).
    """
    if create_graph:
        t.grad = g if t.grad is None else t.grad + g
        return
    array = g
    if t.grad is not None:
        array = t.grad.array + array
    elif array.base is not None or id(array) in handed or not array.flags.writeable:
        array = array.copy()
    if array.dtype != t.array.dtype:
        array = array.astype(t.array.dtype)
    handed.add(id(array))
    t.grad = Tensor._wrap(array)


def _run(
    roots: list[Tensor],
    seeds: list[Tensor],
    retain_graph: bool,
    create_graph: bool,
    capture: list[Tensor] | None,
) -> list[Tensor | None]:
    """Propagate ``seeds`` from ``roots`` to the leaves.

    Without ``capture`` the leaves' ``.grad`` accumulate; with it, the
    gradients of the ``capture`` tensors are returned and ``.grad`` is left
    alone. The nodes run in reverse order of recording (a heap of the nodes
    a gradient has reached), so each runs once, after every consumer of its
    output has delivered its gradient, with no pass over the graph first.

    With ``create_graph`` gradients travel as Tensors and every backward
    records its operations. Without it they travel as NumPy arrays: a node
    whose ``raw_backward`` is True runs its backward formula on arrays
    directly (``Function.apply`` then computes without making Tensors, and
    ``saved_tensors`` gives arrays), any other gets and returns Tensors.
    """
    raw = not create_graph
    captured: list[Any] = [None] * (len(capture) if capture else 0)
    leaf_slot: dict[int, int] = {}
    node_slot: dict[Function, int] = {}
    for i, t in enumerate(capture or ()):
        if t.grad_fn is None:
            leaf_slot[id(t)] = i
        else:
            node_slot[t.grad_fn] = i
    handed: set[int] = set()  # ids of the arrays stored in leaves' .grad

    # Each leaf's gradients, summed as they arrive; they go into .grad once the
    # pass has run to its end, so that a pass that raises half-way (at a node
    # whose graph was freed) leaves every .grad as it was.
    arrived: dict[int, tuple[Tensor, Any]] = {}

    def deliver_leaf(t: Tensor, g: Any) -> None:
        if t._hooks:
            g = _run_hooks(t._hooks, g, raw)
        if capture is None:
            before = arrived.get(id(t))
            arrived[id(t)] = (t, g if before is None else before[1] + g)
        else:
            slot = leaf_slot.get(id(t))
            if slot is not None:
                prev = captured[slot]
                captured[slot] = g if prev is None else prev + g

    # The nodes that have a gradient coming, and a heap of them by recording
    # order, latest first: a node runs once every node recorded after it has
    # run, and so after all of its consumers (a node's inputs are recorded
    # before it). Each node is pushed and popped once, and the heap holds
    # only the frontier: O(n log width) for n nodes.
    pending: dict[Function, Any] = {}
    ready: list[tuple[int, Function]] = []

    def deliver(fn: Function, g: Any) -> None:
        if fn in pending:
            prev = pending[fn]
            if g is not None:
                pending[fn] = g if prev is None else prev + g
        else:
            pending[fn] = g
            heapq.heappush(ready, (-fn._sequence_nr, fn))

    for t, seed in zip(roots, seeds, strict=True):
        g = seed.array if raw else seed
        fn = t.grad_fn
        if fn is None:
            deliver_leaf(t, g)
        else:
            deliver(fn, g)

    state = _grad_state
    enabled = state.enabled
    state.enabled = create_graph
    try:
        while ready:
            fn = heapq.heappop(ready)[1]
            out_grad = pending.pop(fn)
            inputs = fn.inputs
            if inputs is None:
                raise RuntimeError(_RELEASED)
            if out_grad is None:
                # Every path into this node gave None: nothing to propagate, but
                # the nodes below are still reached (and released) as before.
                for parent in fn._parents:
                    if parent is not None:
                        deliver(parent, None)
                if not retain_graph:
                    fn.release()
                continue
            if fn._owner is not None:
                owner = fn._owner()
                if owner is not None:
                    out_grad = _tensor_hooks(owner, out_grad, raw)
            if node_slot and fn in node_slot:
                captured[node_slot[fn]] = out_grad
            if not raw:
                grads: Sequence[Any] = fn.backward(out_grad)
            elif fn.raw_backward:
                state.raw = True
                try:
                    grads = fn.backward(out_grad)
                finally:
                    state.raw = False
            else:
                grads = fn.backward(Tensor._wrap(out_grad))
            if len(grads) != len(inputs):
                raise RuntimeError(
                    f"{type(fn).__name__}.backward returned {len(grads)} gradients "
                    f"for {len(inputs)} inputs"
                )
            needs = fn.needs_input_grad
            parents = fn._parents
            if not retain_graph:
                fn.release()
            for t, parent, gi, need in zip(inputs, parents, grads, needs, strict=True):
                if gi is None or not need:
                    if parent is not None:
                        deliver(parent, None)
                    continue
                shape = t.array.shape
                if raw:
                    if type(gi) is not np.ndarray:
                        gi = gi.array if isinstance(gi, Tensor) else np.asarray(gi)
                    if gi.shape != shape:
                        gi = reduce_to_shape(gi, shape)
                elif gi.shape != shape:
                    gi = SumTo.apply(gi, shape=shape)
                if parent is None:
                    deliver_leaf(t, gi)
                else:
                    deliver(parent, gi)
        for t, g in arrived.values():
            _accumulate(t, g, create_graph, handed)
    finally:
        state.enabled = enabled
    if raw:
        return [None if g is None else Tensor._wrap(g) for g in captured]
    return captured


def _run_hooks(hooks: list[Any], g: Any, raw: bool) -> Any:
    """``g`` through the tensor hooks (which see Tensors), as an array again when ``raw``."""
    t = Tensor._wrap(g) if raw else g
    for hook in hooks:
        replaced = hook(t)
        if replaced is not None:
            t = replaced
    return t.array if raw else t


def _tensor_hooks(t: Tensor, g: Any, raw: bool) -> Any:
    """Run a non-leaf tensor's hooks and keep its gradient if it retains it."""
    if t._hooks:
        g = _run_hooks(t._hooks, g, raw)
    if t._retains_grad:
        t.grad = Tensor._wrap(g) if raw else g
    return g
