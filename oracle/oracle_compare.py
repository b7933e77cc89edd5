"""Run a function of ours and PyTorch's on the same float64 inputs and compare.

Every oracle test goes through :func:`compare` (values and input gradients),
:func:`compare_double` (second derivatives) or :func:`assert_close` (any two
arrays). A failure names the case and gives the largest absolute and relative
difference with the values at that position.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch

import ad_core

RTOL_OPS = 1e-6
RTOL_LAYERS = 1e-5
# Values near zero cannot meet a relative tolerance: below ATOL they count as equal.
ATOL = 1e-9

Arrays = Sequence[np.ndarray]


def rng(case: str) -> np.random.Generator:
    """A generator seeded by the case's name: every case sees fixed inputs."""
    return np.random.default_rng(zlib.crc32(case.encode()))


def to_numpy(x: Any) -> np.ndarray:
    """The values of an ad_core or torch tensor (or anything array-like)."""
    if isinstance(x, ad_core.Tensor):
        return np.asarray(x.array)
    if isinstance(x, torch.Tensor):
        return x.detach().cpu().numpy()
    return np.asarray(x)


def assert_close(
    case: str, ours: Any, theirs: Any, rtol: float = RTOL_OPS, atol: float = ATOL
) -> None:
    """Assert ``|ours - theirs| <= atol + rtol * |theirs|`` elementwise.

    NaN matches NaN and infinities match infinities of the same sign; dtypes
    are not compared, shapes are.
    """
    a = to_numpy(ours)
    b = to_numpy(theirs)
    if a.shape != b.shape:
        raise AssertionError(f"{case}: shape {a.shape} (ours) != {b.shape} (torch)")
    if a.dtype.kind in "biu" and b.dtype.kind in "biu":
        if not np.array_equal(a, b):
            idx = np.argwhere(a != b)[0]
            raise AssertionError(
                f"{case}: integer results differ at {tuple(idx)}: "
                f"ours {a[tuple(idx)]}, torch {b[tuple(idx)]}"
            )
        return
    a = a.astype(np.float64)
    b = b.astype(np.float64)
    same = (a == b) | (np.isnan(a) & np.isnan(b))
    with np.errstate(invalid="ignore", over="ignore"):
        diff = np.where(same, 0.0, np.abs(a - b))
        diff = np.where(np.isnan(diff), np.inf, diff)
        bad = diff > atol + rtol * np.abs(b)
    if bad.any():
        with np.errstate(divide="ignore", invalid="ignore"):
            rel = np.where(same, 0.0, diff / np.abs(b))
        excess = np.where(bad, diff - rtol * np.abs(b), -np.inf)
        idx = np.unravel_index(int(np.argmax(excess)), a.shape) if a.ndim else ()
        raise AssertionError(
            f"{case}: {int(bad.sum())} of {a.size} values differ; "
            f"max abs diff {float(diff.max()):.3e}, max rel diff {float(np.nanmax(rel)):.3e} "
            f"(rtol {rtol:g}, atol {atol:g}); worst at {tuple(int(i) for i in idx)}: "
            f"ours {float(a[idx])!r}, torch {float(b[idx])!r}"
        )


def _outputs(result: Any) -> list[Any]:
    return list(result) if isinstance(result, tuple | list) else [result]


def _is_float(x: Any) -> bool:
    return bool(to_numpy(x).dtype.kind == "f")


def _torch_input(array: np.ndarray, requires_grad: bool) -> torch.Tensor:
    # from_numpy keeps the strides (non-contiguous stays non-contiguous) but
    # refuses negative ones: those are copied.
    positive = all(s >= 0 for s in array.strides)
    t = torch.from_numpy(array) if positive else torch.tensor(array)
    return t.requires_grad_(requires_grad)


def make_inputs(arrays: Arrays, grad: bool) -> tuple[list[ad_core.Tensor], list[torch.Tensor]]:
    """The same arrays as ad_core and torch tensors; floating ones require grad."""
    ours = [ad_core.Tensor(a, requires_grad=grad and a.dtype.kind == "f") for a in arrays]
    theirs = [_torch_input(a, grad and a.dtype.kind == "f") for a in arrays]
    return ours, theirs


def compare(
    case: str,
    ours_fn: Callable[..., Any],
    torch_fn: Callable[..., Any] | None,
    *arrays: np.ndarray,
    grad: bool = True,
    rtol: float = RTOL_OPS,
    atol: float = ATOL,
) -> None:
    """Compare ``ours_fn`` and ``torch_fn`` (``ours_fn`` itself when None) on
    ``arrays``: every output, and with ``grad`` the gradient of every floating
    input for a random upstream gradient of every floating output."""
    torch_fn = ours_fn if torch_fn is None else torch_fn
    arrays = tuple(np.asarray(a) for a in arrays)
    ours_in, torch_in = make_inputs(arrays, grad)
    ours_out = _outputs(ours_fn(*ours_in))
    torch_out = _outputs(torch_fn(*torch_in))
    if len(ours_out) != len(torch_out):
        raise AssertionError(f"{case}: {len(ours_out)} outputs (ours) != {len(torch_out)} (torch)")
    for i, (o, t) in enumerate(zip(ours_out, torch_out, strict=True)):
        assert_close(f"{case} output {i}", o, t, rtol, atol)
    if not grad:
        return
    gen = rng(case + " upstream")
    pairs = [
        (o, t)
        for o, t in zip(ours_out, torch_out, strict=True)
        if isinstance(t, torch.Tensor) and t.requires_grad
    ]
    wrt = [i for i, a in enumerate(arrays) if a.dtype.kind == "f"]
    if not pairs or not wrt:
        return
    seeds = [gen.standard_normal(t.shape) for _, t in pairs]
    # An output of ours outside the graph (a piecewise-constant function) has a
    # zero gradient, which torch's gradient must then be.
    recorded = [(o, s) for (o, _), s in zip(pairs, seeds, strict=True) if o.requires_grad]
    ours_grads: tuple[ad_core.Tensor | None, ...] = (None,) * len(wrt)
    if recorded:
        ours_grads = ad_core.grad(
            [o for o, _ in recorded],
            [ours_in[i] for i in wrt],
            [ad_core.Tensor(s) for _, s in recorded],
            allow_unused=True,
        )
    torch_grads = torch.autograd.grad(
        [t for _, t in pairs],
        [torch_in[i] for i in wrt],
        [torch.from_numpy(s) for s in seeds],
        allow_unused=True,
    )
    for i, og, tg in zip(wrt, ours_grads, torch_grads, strict=True):
        shape = arrays[i].shape
        o_arr = np.zeros(shape) if og is None else to_numpy(og)
        t_arr = np.zeros(shape) if tg is None else to_numpy(tg)
        assert_close(f"{case} grad of input {i}", o_arr, t_arr, rtol, atol)


def compare_double(
    case: str,
    ours_fn: Callable[..., Any],
    torch_fn: Callable[..., Any] | None,
    *arrays: np.ndarray,
    rtol: float = RTOL_OPS,
    atol: float = ATOL,
) -> None:
    """Compare second derivatives: the gradient of ``sum(v_i * d out / d x_i)``
    (a Hessian-vector product for a scalar ``out``) with respect to the inputs."""
    torch_fn = ours_fn if torch_fn is None else torch_fn
    arrays = tuple(np.asarray(a) for a in arrays)
    ours_in, torch_in = make_inputs(arrays, True)
    ours_out = ours_fn(*ours_in)
    torch_out = torch_fn(*torch_in)
    gen = rng(case + " directions")
    seed = gen.standard_normal(tuple(torch_out.shape))
    vs = [gen.standard_normal(a.shape) for a in arrays]
    ours_g = ad_core.grad(ours_out, ours_in, ad_core.Tensor(seed), create_graph=True)
    torch_g = torch.autograd.grad(torch_out, torch_in, torch.from_numpy(seed), create_graph=True)
    for i, (og, tg) in enumerate(zip(ours_g, torch_g, strict=True)):
        assert_close(f"{case} first grad of input {i}", og, tg, rtol, atol)
    ours_s = sum(
        ((_given(g) * ad_core.Tensor(v)).sum() for g, v in zip(ours_g, vs, strict=True)), 0.0
    )
    torch_s = sum((g * torch.from_numpy(v)).sum() for g, v in zip(torch_g, vs, strict=True))
    assert isinstance(ours_s, ad_core.Tensor) and isinstance(torch_s, torch.Tensor)
    ours_h: tuple[ad_core.Tensor | None, ...] = (None,) * len(ours_in)
    if ours_s.requires_grad:
        ours_h = ad_core.grad(ours_s, ours_in, allow_unused=True)
    torch_h = torch.autograd.grad(torch_s, torch_in, allow_unused=True)
    for i, (oh, th) in enumerate(zip(ours_h, torch_h, strict=True)):
        shape = arrays[i].shape
        o_arr = np.zeros(shape) if oh is None else to_numpy(oh)
        t_arr = np.zeros(shape) if th is None else to_numpy(th)
        assert_close(f"{case} second grad of input {i}", o_arr, t_arr, rtol, atol)


def _given(g: ad_core.Tensor | None) -> ad_core.Tensor:
    if g is None:
        raise AssertionError("ours: an input got no gradient")
    return g


def noncontiguous(array: np.ndarray) -> np.ndarray:
    """The same values in a non-contiguous view (every other element of a
    larger array along the last axis)."""
    wide = np.zeros((*array.shape[:-1], 2 * array.shape[-1]), dtype=array.dtype)
    wide[..., ::2] = array
    view = wide[..., ::2]
    assert array.ndim == 0 or array.shape[-1] <= 1 or not view.flags.c_contiguous
    return view


def transposed(array: np.ndarray) -> np.ndarray:
    """The same values stored in Fortran order (a transposed view)."""
    return np.asfortranarray(array)


def _flat(result: Any) -> list[Any]:
    """Outputs nested in tuples (an LSTM's ``(out, (h, c))``) as one list."""
    if isinstance(result, tuple | list):
        return [leaf for part in result for leaf in _flat(part)]
    return [result]


def copy_weights(case: str, ours: Any, theirs: torch.nn.Module) -> None:
    """Load torch's state_dict into ours after checking that keys and shapes agree."""
    t_state = theirs.state_dict()
    o_state = ours.state_dict()
    if list(o_state) != list(t_state):
        raise AssertionError(f"{case}: state_dict keys {list(o_state)} (ours) != {list(t_state)}")
    for k, v in t_state.items():
        if tuple(o_state[k].shape) != tuple(v.shape):
            raise AssertionError(
                f"{case}: {k} has shape {tuple(o_state[k].shape)} (ours), {tuple(v.shape)} (torch)"
            )
    ours.load_state_dict({k: v.detach().numpy().copy() for k, v in t_state.items()})


def compare_states(case: str, ours: Any, theirs: torch.nn.Module, rtol: float) -> None:
    """Every entry of the two state_dicts (parameters and buffers)."""
    o_state = ours.state_dict()
    for k, v in theirs.state_dict().items():
        assert_close(f"{case} state {k}", o_state[k], v, rtol)


def compare_module(
    case: str,
    ours: Any,
    theirs: torch.nn.Module,
    *arrays: np.ndarray | None,
    rtol: float = RTOL_LAYERS,
    atol: float = ATOL,
    load: bool = True,
) -> None:
    """Copy torch's weights into ours, run both on ``arrays`` (None passes None),
    and compare every output, then the gradients of the floating inputs and of
    every parameter for random upstream gradients, then the state_dicts."""
    if load:
        copy_weights(case, ours, theirs)
    ours_in = [
        None if a is None else ad_core.Tensor(a, requires_grad=a.dtype.kind == "f") for a in arrays
    ]
    torch_in = [None if a is None else _torch_input(a, a.dtype.kind == "f") for a in arrays]
    ours_out = _flat(ours(*ours_in))
    torch_out = _flat(theirs(*torch_in))
    if len(ours_out) != len(torch_out):
        raise AssertionError(f"{case}: {len(ours_out)} outputs (ours) != {len(torch_out)} (torch)")
    for i, (o, t) in enumerate(zip(ours_out, torch_out, strict=True)):
        assert_close(f"{case} output {i}", o, t, rtol, atol)
    gen = rng(case + " upstream")
    pairs = [(o, t) for o, t in zip(ours_out, torch_out, strict=True) if t.requires_grad]
    if pairs:
        seeds = [gen.standard_normal(t.shape) for _, t in pairs]
        ad_core.backward(
            [o for o, _ in pairs if o.requires_grad],
            [ad_core.Tensor(s) for (o, _), s in zip(pairs, seeds, strict=True) if o.requires_grad],
        )
        torch.autograd.backward([t for _, t in pairs], [torch.from_numpy(s) for s in seeds])
        for i, (o, t) in enumerate(zip(ours_in, torch_in, strict=True)):
            if t is not None and t.requires_grad:
                o_grad = np.zeros(t.shape) if o is None or o.grad is None else o.grad
                t_grad = np.zeros(t.shape) if t.grad is None else t.grad
                assert_close(f"{case} grad of input {i}", o_grad, t_grad, rtol, atol)
        o_params = dict(ours.named_parameters())
        for name, p in theirs.named_parameters():
            o_grad = o_params[name].grad
            assert_close(
                f"{case} grad of {name}",
                np.zeros(p.shape) if o_grad is None else o_grad,
                np.zeros(p.shape) if p.grad is None else p.grad,
                rtol,
                atol,
            )
    compare_states(case, ours, theirs, rtol)
