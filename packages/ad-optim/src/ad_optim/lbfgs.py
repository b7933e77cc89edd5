"""``LBFGS``: limited-memory BFGS, with an optional strong-Wolfe line search.

The algorithm, its defaults, its stopping rules and its state follow
``torch.optim.LBFGS`` step for step: this is a port of ``torch/optim/lbfgs.py``
(BSD-3-Clause, copyright the PyTorch contributors), itself after Mark Schmidt's
minFunc, with the vector arithmetic written in NumPy on the flattened
``.data`` and ``.grad`` of the parameters.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from ad_core import NDArray, Tensor, bump_version, enable_grad

from ._checks import check_lr
from ._line_search import strong_wolfe
from .optimizer import Optimizer, ParamsT

_COUNTS = ("func_evals", "n_iter")
_NUMBERS = ("t", "H_diag", "prev_loss")
_VECTORS = ("d", "prev_flat_grad")
_HISTORY = ("old_dirs", "old_stps")


class LBFGS(Optimizer):
    """L-BFGS, as ``torch.optim.LBFGS``.

    Each :meth:`step` runs up to ``max_iter`` iterations: a direction from the
    last ``history_size`` curvature pairs ``(y, s)`` (the two-loop recursion,
    with the initial inverse Hessian ``(y @ s) / (y @ y)``), then a step of
    ``lr`` along it (``min(1, 1 / sum|g|) * lr`` on the very first iteration),
    or the step a strong-Wolfe line search finds. It stops early when the
    largest gradient entry is at most ``tolerance_grad``, or the step or the
    change of the loss falls below ``tolerance_change``, or after
    ``max_eval`` evaluations of the closure.

    As in PyTorch, there is one parameter group, and the state (the history
    and the counters ``func_evals`` and ``n_iter``) lives under the first
    parameter: ``state_dict()["state"][0]``. Unlike PyTorch, the scratch
    list ``al`` is not kept in the state, and a bad ``line_search_fn`` is
    refused when the optimizer is made, not at its first step.

    Parameters
    ----------
    params:
        Tensors (one group; per-parameter options are refused).
    lr:
        Learning rate: the step taken, or the line search's first try.
    max_iter:
        Most iterations per :meth:`step`.
    max_eval:
        Most evaluations of the closure per :meth:`step`; default
        ``max_iter * 5 // 4``.
    tolerance_grad:
        Stop when ``max |grad|`` is at most this.
    tolerance_change:
        Stop when the step's largest entry, or the loss's change, is below this.
    history_size:
        Curvature pairs kept.
    line_search_fn:
        ``None`` (fixed steps of ``lr``) or ``"strong_wolfe"``.

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> w = ad_core.tensor([1.5, -0.5], dtype="float64", requires_grad=True)
    >>> target = ad_core.tensor([3.0, 2.0], dtype="float64")
    >>> opt = ad_optim.LBFGS([w], line_search_fn="strong_wolfe")
    >>> def closure():
    ...     opt.zero_grad()
    ...     loss = ((w - target) ** 2).sum()
    ...     loss.backward()
    ...     return loss
    >>> float(opt.step(closure))  # the loss before the step: 1.5**2 + 2.5**2
    8.5
    >>> w.array.round(8)
    array([3., 2.])
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1,
        max_iter: int = 20,
        max_eval: int | None = None,
        tolerance_grad: float = 1e-07,
        tolerance_change: float = 1e-09,
        history_size: int = 100,
        line_search_fn: str | None = None,
    ) -> None:
        _check_positive_int("max_iter", max_iter)
        if max_eval is None:
            max_eval = max_iter * 5 // 4
        defaults = {
            "lr": lr,
            "max_iter": max_iter,
            "max_eval": max_eval,
            "tolerance_grad": tolerance_grad,
            "tolerance_change": tolerance_change,
            "history_size": history_size,
            "line_search_fn": line_search_fn,
        }
        super().__init__(params, defaults)

    def _check_group(self, group: dict[str, Any]) -> None:
        check_lr("LBFGS", group)
        for key in ("max_iter", "max_eval", "history_size"):
            _check_positive_int(key, group[key])
        for key in ("tolerance_grad", "tolerance_change"):
            value = group[key]
            if isinstance(value, bool) or not isinstance(value, int | float | np.floating):
                raise ValueError(f"LBFGS: expected {key} to be a number, got {key}={value!r}")
        if group["line_search_fn"] not in (None, "strong_wolfe"):
            raise ValueError(
                f"LBFGS: expected line_search_fn to be None or 'strong_wolfe', "
                f"got {group['line_search_fn']!r}"
            )

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Add the one parameter group; a second is refused, as in PyTorch."""
        if self.param_groups:
            raise ValueError(
                "LBFGS: doesn't support per-parameter options (parameter groups): "
                "give all parameters in one group"
            )
        super().add_param_group(param_group)

    @property
    def _params(self) -> list[Tensor]:
        params: list[Tensor] = self.param_groups[0]["params"]
        return params

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Run up to ``max_iter`` iterations of L-BFGS; return the closure's first loss.

        Parameters
        ----------
        closure:
            Required: zeroes the gradients, recomputes the loss, calls
            ``backward`` and returns the loss. It runs with grad mode on, as
            often as the iterations and the line search need.

        Raises
        ------
        TypeError
            Without a closure.
        ValueError
            If a gradient's shape differs from its parameter's.
        """
        if closure is None or not callable(closure):
            raise TypeError(
                "LBFGS.step: expected a closure that reevaluates the model and returns "
                f"the loss, got {type(closure).__name__}"
            )
        group = self.param_groups[0]
        lr = group["lr"]
        max_iter = group["max_iter"]
        max_eval = group["max_eval"]
        tolerance_grad = group["tolerance_grad"]
        tolerance_change = group["tolerance_change"]
        line_search_fn = group["line_search_fn"]
        history_size = group["history_size"]

        orig_loss = _evaluate(closure)
        loss = float(orig_loss)
        flat_grad = self._gather_flat_grad()
        state = self.state.setdefault(self._params[0], {"func_evals": 0, "n_iter": 0})
        current_evals = 1
        state["func_evals"] += 1
        if np.abs(flat_grad).max() <= tolerance_grad:
            return orig_loss

        d: NDArray | None = state.get("d")
        t: float = state.get("t", lr)
        old_dirs: list[NDArray] = state.get("old_dirs", [])
        old_stps: list[NDArray] = state.get("old_stps", [])
        ro: list[float] = state.get("ro", [])
        h_diag: float = state.get("H_diag", 1.0)
        prev_flat_grad: NDArray | None = state.get("prev_flat_grad")
        prev_loss: float | None = state.get("prev_loss")

        n_iter = 0
        while n_iter < max_iter:
            n_iter += 1
            state["n_iter"] += 1

            # The direction: steepest descent at first, then the two-loop recursion.
            if state["n_iter"] == 1 or d is None or prev_flat_grad is None:
                d = -flat_grad
                old_dirs, old_stps, ro = [], [], []
                h_diag = 1.0
            else:
                y = flat_grad - prev_flat_grad
                s = d * t
                ys = float(y @ s)
                if ys > 1e-10:
                    if len(old_dirs) == history_size:
                        old_dirs.pop(0)
                        old_stps.pop(0)
                        ro.pop(0)
                    old_dirs.append(y)
                    old_stps.append(s)
                    ro.append(1.0 / ys)
                    h_diag = ys / float(y @ y)
                d = self._direction(flat_grad, old_dirs, old_stps, ro, h_diag)

            prev_flat_grad = flat_grad
            prev_loss = loss

            # The step length.
            t = min(1.0, 1.0 / float(np.abs(flat_grad).sum())) * lr if state["n_iter"] == 1 else lr
            gtd = float(flat_grad @ d)
            if gtd > -tolerance_change:
                break

            ls_func_evals = 0
            if line_search_fn is not None:
                x_init = [p.array.copy() for p in self._params]
                obj_func = partial(self._directional_evaluate, closure, x_init, d=d)
                loss, flat_grad, t, ls_func_evals = strong_wolfe(
                    obj_func, t, d, loss, flat_grad, gtd, max_ls=max_eval - current_evals
                )
                self._add_grad(t, d)
                opt_cond = bool(np.abs(flat_grad).max() <= tolerance_grad)
            else:
                self._add_grad(t, d)
                opt_cond = False
                if n_iter != max_iter:
                    # The last iteration's loss is not recomputed: the next step
                    # evaluates it anyway, and with a stochastic loss it would differ.
                    loss = float(_evaluate(closure))
                    flat_grad = self._gather_flat_grad()
                    opt_cond = bool(np.abs(flat_grad).max() <= tolerance_grad)
                    ls_func_evals = 1
            current_evals += ls_func_evals
            state["func_evals"] += ls_func_evals

            if n_iter == max_iter or current_evals >= max_eval or opt_cond:
                break
            if np.abs(d * t).max() <= tolerance_change:
                break
            if abs(loss - prev_loss) < tolerance_change:
                break

        state.update(
            d=d,
            t=t,
            old_dirs=old_dirs,
            old_stps=old_stps,
            ro=ro,
            H_diag=h_diag,
            prev_flat_grad=prev_flat_grad,
            prev_loss=prev_loss,
        )
        return orig_loss

    @staticmethod
    def _direction(
        flat_grad: NDArray,
        old_dirs: list[NDArray],
        old_stps: list[NDArray],
        ro: list[float],
        h_diag: float,
    ) -> NDArray:
        """``-H g`` by the two-loop recursion over the curvature pairs."""
        al = [0.0] * len(old_dirs)
        q = -flat_grad
        for i in range(len(old_dirs) - 1, -1, -1):
            al[i] = float(old_stps[i] @ q) * ro[i]
            q -= al[i] * old_dirs[i]
        r = q * h_diag
        for i in range(len(old_dirs)):
            be_i = float(old_dirs[i] @ r) * ro[i]
            r += (al[i] - be_i) * old_stps[i]
        return r

    def _gather_flat_grad(self) -> NDArray:
        """Every gradient, flattened and concatenated; zeros for a parameter without one."""
        views = []
        for p in self._params:
            g = p.grad
            if g is None:
                views.append(np.zeros(p.array.size, dtype=p.array.dtype))
                continue
            if g.array.shape != p.array.shape:
                raise ValueError(
                    f"LBFGS.step: gradient of shape {g.array.shape} does not match its "
                    f"parameter of shape {p.array.shape}"
                )
            views.append(g.array.reshape(-1))
        return np.concatenate(views)

    def _add_grad(self, step: float, update: NDArray) -> None:
        """Move the parameters by ``step * update`` in place."""
        offset = 0
        for p in self._params:
            size = p.array.size
            p.array += (step * update[offset : offset + size]).reshape(p.array.shape)
            offset += size
        bump_version(*self._params)

    def _directional_evaluate(
        self, closure: Callable[[], Any], x: list[NDArray], t: float, d: NDArray
    ) -> tuple[float, NDArray]:
        """Loss and flat gradient at ``x + t * d``; the parameters are put back to ``x``."""
        self._add_grad(t, d)
        try:
            loss = float(_evaluate(closure))
            return loss, self._gather_flat_grad()
        finally:
            for p, data in zip(self._params, x, strict=True):
                p.array[...] = data
            bump_version(*self._params)

    def _numel(self) -> int:
        return sum(p.array.size for p in self._params)

    def _required_state(self, group: dict[str, Any]) -> tuple[str, ...]:
        # The state of the first step lacks most entries; _load_entry checks each one.
        return ()

    def _save_entry(self, p: Tensor, key: str, value: Any) -> Any:
        if key in _COUNTS:
            return int(value)
        if key in _NUMBERS:
            return float(value)
        if key in _VECTORS:
            return np.copy(value)
        if key in _HISTORY:
            return [np.copy(v) for v in value]
        return list(value)  # "ro": Python floats

    def _load_entry(self, name: str, index: Any, p: Tensor, key: str, value: Any) -> Any:
        if p is not self._params[0]:
            raise ValueError(
                f"{name}: LBFGS keeps its state under parameter 0, got state for parameter {index}"
            )
        if key in _COUNTS:
            count = np.asarray(value).item()
            if not float(count).is_integer() or count < 0:
                raise ValueError(f"{name}: expected {key!r} to be a count, got {value!r}")
            return int(count)
        if key in _NUMBERS:
            return float(np.asarray(value).item())
        if key == "ro":
            return [float(np.asarray(v).item()) for v in value]
        if key in _VECTORS:
            return self._load_vector(name, key, value)
        if key in _HISTORY:
            return [self._load_vector(name, key, v) for v in value]
        raise ValueError(f"{name}: unknown LBFGS state entry {key!r}")

    def _load_vector(self, name: str, key: str, value: Any) -> NDArray:
        array = np.asarray(value)
        if array.shape != (self._numel(),):
            raise ValueError(
                f"{name}: state {key!r} has shape {array.shape}, expected the "
                f"({self._numel()},) of the flattened parameters"
            )
        dtype = np.result_type(*(p.array.dtype for p in self._params))
        return np.array(array, dtype=dtype, copy=True)

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Continue from a saved ``state_dict`` of an LBFGS over parameters of the same sizes.

        Raises
        ------
        ValueError
            If it does not fit (see :meth:`Optimizer.load_state_dict`), or its
            history lists differ in length; nothing is changed then.
        """
        saved_state = state_dict.get("state") if isinstance(state_dict, dict) else None
        for saved in (saved_state or {}).values():
            lengths = {len(saved[k]) for k in (*_HISTORY, "ro") if k in saved}
            if len(lengths) > 1:
                raise ValueError(
                    "LBFGS.load_state_dict: 'old_dirs', 'old_stps' and 'ro' must have the "
                    f"same length, got lengths {sorted(lengths)}"
                )
        super().load_state_dict(state_dict)


def _evaluate(closure: Callable[[], Any]) -> Any:
    with enable_grad():
        return closure()


def _check_positive_int(key: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"LBFGS: expected {key} to be a positive integer, got {key}={value!r}")
