"""``Optimizer``: parameter groups, per-parameter state and their state dict."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar, TypeAlias

import numpy as np

from ad_core import NDArray, Tensor, enable_grad

ParamsT: TypeAlias = "Iterable[Tensor] | Iterable[dict[str, Any]]"
"""What an optimizer accepts: tensors, or dicts of ``params`` and hyperparameters."""


class Optimizer:
    """Base class of every optimizer: parameter groups, state, state dicts.

    Parameters
    ----------
    params:
        An iterable of tensors, or of dicts each holding ``"params"`` and the
        hyperparameters that override ``defaults`` for that group.
    defaults:
        The hyperparameters of a group that does not set them.

    Notes
    -----
    A subclass implements ``_step_group(group)``, the update of one group.
    It reads ``p.grad.array`` and writes ``p.array`` in place with NumPy, so a
    step records nothing in the graph; ``_grads`` gives it each parameter's
    arrays with ``maximize`` and weight decay applied, and its state, made
    by ``_init_state`` at the parameter's first step. ``step``
    first checks every gradient's shape, so a bad gradient raises before any
    parameter moves.

    ``state`` maps each parameter tensor to a dict of its state. ``"step"``
    is kept as a Python int (PyTorch keeps a float tensor); ``state_dict``
    gives it as a 0-d float32 array, as PyTorch's state dict would. The
    state arrays of a 0-d parameter have shape ``(1,)`` in ``state`` (NumPy
    arithmetic on 0-d arrays returns scalars) and shape ``()`` in
    ``state_dict``.

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> w = ad_core.tensor([1.0, 2.0], requires_grad=True)
    >>> opt = ad_optim.SGD([w], lr=0.5)
    >>> (w * w).sum().backward()
    >>> opt.step()
    >>> w
    tensor([0., 0.], requires_grad=True)
    >>> opt.zero_grad()
    >>> w.grad is None
    True
    """

    _scalar_state: ClassVar[tuple[str, ...]] = ("step",)
    """State entries held as Python numbers, not arrays of the parameter's shape."""

    _lazy_state: ClassVar[bool] = True
    """Whether ``_grads`` creates each parameter's state with ``_init_state``."""

    def __init__(self, params: ParamsT, defaults: dict[str, Any]) -> None:
        name = type(self).__name__
        if isinstance(params, set):
            raise TypeError(
                f"{name}: parameters must be in an ordered collection, got a set "
                "(its order changes between runs); use a list"
            )
        if isinstance(params, Tensor | dict | str) or not isinstance(params, Iterable):
            raise TypeError(
                f"{name}: params should be an iterable of Tensors or dicts, "
                f"got {type(params).__name__}"
            )
        self.defaults: dict[str, Any] = dict(defaults)
        self._check_group(self.defaults)
        self.state: dict[Tensor, dict[str, Any]] = {}
        self.param_groups: list[dict[str, Any]] = []
        groups: list[Any] = list(params)
        if not groups:
            raise ValueError(f"{name}: optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def _check_group(self, group: dict[str, Any]) -> None:
        """Raise ValueError when a hyperparameter of ``group`` is out of range."""

    def _step_group(self, group: dict[str, Any]) -> None:
        """Update every parameter of ``group`` that has a gradient."""
        raise NotImplementedError(f"{type(self).__name__} does not implement _step_group")

    def _init_state(self, group: dict[str, Any], param: NDArray) -> dict[str, Any]:
        """The state of a parameter at its first step (``"step"`` is 0)."""
        raise NotImplementedError(f"{type(self).__name__} does not implement _init_state")

    def _required_state(self, group: dict[str, Any]) -> tuple[str, ...]:
        """The entries a parameter's state must hold once it has any: those
        ``_init_state`` makes, where ``_lazy_state``; override otherwise."""
        if not self._lazy_state:
            return ()
        return tuple(self._init_state(group, np.zeros(1)))

    def _grads(
        self, group: dict[str, Any]
    ) -> Iterator[tuple[Tensor, NDArray, NDArray, dict[str, Any]]]:
        """Yield ``(p, param, grad, state)`` for every parameter of ``group`` with a gradient.

        ``param`` is ``p.array`` (a 1-element view of a 0-d one: NumPy
        arithmetic on 0-d arrays returns scalars, not arrays, so in-place
        updates would be lost). ``grad`` is negated under ``maximize`` and
        has the L2 penalty ``weight_decay * param`` added; with
        ``decoupled_weight_decay`` the parameter is shrunk by
        ``1 - lr * weight_decay`` in place instead. ``grad`` may be
        ``p.grad.array`` itself: update it out of place only.

        ``state`` is ``self.state[p]``, made by ``_init_state`` at the
        parameter's first step, with ``state["step"]`` counted; where
        ``_lazy_state`` is False it is an empty dict that is not stored, and
        the subclass keeps its own state.
        """
        maximize = group["maximize"]
        weight_decay = group["weight_decay"]
        decay = 1.0 - group["lr"] * weight_decay
        decoupled = weight_decay != 0 and group.get("decoupled_weight_decay", False)
        l2 = weight_decay != 0 and not decoupled
        lazy = self._lazy_state
        state = self.state
        no_state: dict[str, Any] = {}
        # One flat generator: the step's hot path, where each nested call costs per parameter.
        for p in group["params"]:
            g = p.grad
            if g is None:
                continue
            param = p.array
            grad = g.array
            p._version_counter[0] += 1  # updated in place below: see ad_core.bump_version
            if not param.ndim:
                param = param.reshape(1)
                grad = grad.reshape(1)
            if maximize:
                grad = -grad
            if decoupled:
                param *= decay
            elif l2:
                grad = grad + weight_decay * param
            if lazy:
                s = state.get(p)
                if s is None:
                    s = state[p] = self._init_state(group, param)
                s["step"] += 1
            else:
                s = no_state
            yield p, param, grad, s

    def __repr__(self) -> str:
        lines = [type(self).__name__ + " ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            lines.extend(f"    {k}: {v}" for k, v in sorted(group.items()) if k != "params")
        return "\n".join([*lines, ")"])

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Add a group of parameters, with hyperparameters overriding the defaults.

        Parameters
        ----------
        param_group:
            A dict with ``"params"`` (a tensor or an iterable of tensors) and
            any hyperparameters; the missing ones come from ``defaults``.

        Raises
        ------
        ValueError
            If a parameter is already in a group (or twice in this one), is
            not a leaf, or a hyperparameter is out of range. Nothing is added.

        Examples
        --------
        >>> import ad_core, ad_optim
        >>> a = ad_core.zeros(2, requires_grad=True)
        >>> b = ad_core.zeros(3, requires_grad=True)
        >>> opt = ad_optim.SGD([a], lr=0.1)
        >>> opt.add_param_group({"params": b, "lr": 0.01})
        >>> [g["lr"] for g in opt.param_groups]
        [0.1, 0.01]
        """
        name = f"{type(self).__name__}.add_param_group"
        if not isinstance(param_group, dict):
            raise TypeError(f"{name}: param_group must be a dict, got {type(param_group).__name__}")
        if "params" not in param_group:
            raise ValueError(f"{name}: param_group must have a 'params' entry")
        raw = param_group["params"]
        if isinstance(raw, set):
            raise TypeError(
                f"{name}: parameters must be in an ordered collection, got a set "
                "(its order changes between runs); use a list"
            )
        params: list[Any] = [raw] if isinstance(raw, Tensor) else list(raw)
        seen: set[int] = set()
        for p in params:
            if not isinstance(p, Tensor):
                raise TypeError(f"{name}: can only optimize Tensors, got {type(p).__name__}")
            if not p.is_leaf:
                raise ValueError(f"{name}: can't optimize a non-leaf Tensor")
            if id(p) in seen:
                raise ValueError(f"{name}: a parameter appears twice in one parameter group")
            seen.add(id(p))
        for group in self.param_groups:
            if any(id(p) in seen for p in group["params"]):
                raise ValueError(f"{name}: some parameters appear in more than one parameter group")
        new_group = {**self.defaults, **param_group, "params": params}
        self._check_group(new_group)
        self.param_groups.append(new_group)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients of every parameter.

        Parameters
        ----------
        set_to_none:
            Set ``.grad`` to None (the default, as in PyTorch) instead of
            filling it with zeros in place.

        Examples
        --------
        >>> import ad_core, ad_optim
        >>> w = ad_core.tensor([1.0, 2.0], requires_grad=True)
        >>> opt = ad_optim.SGD([w], lr=0.1)
        >>> (w * w).sum().backward()
        >>> opt.zero_grad(set_to_none=False)
        >>> w.grad
        tensor([0., 0.])
        """
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    if set_to_none:
                        p.grad = None
                    else:
                        p.grad.array.fill(0)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update every parameter that has a gradient; return ``closure()``'s loss.

        Parameters
        ----------
        closure:
            A function that recomputes the loss (zeroing and refilling the
            gradients); it runs with grad mode on before the update.

        Raises
        ------
        ValueError
            If a gradient's shape differs from its parameter's; no parameter
            is updated then.

        Examples
        --------
        >>> import ad_core, ad_optim
        >>> w = ad_core.tensor([3.0], requires_grad=True)
        >>> opt = ad_optim.SGD([w], lr=0.25)
        >>> def closure():
        ...     opt.zero_grad()
        ...     loss = (w * w).sum()
        ...     loss.backward()
        ...     return loss
        >>> float(opt.step(closure))
        9.0
        >>> w
        tensor([1.5000], requires_grad=True)
        """
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                g = p.grad
                if g is not None and g.array.shape != p.array.shape:
                    raise ValueError(
                        f"{type(self).__name__}.step: gradient of shape {g.array.shape} "
                        f"does not match its parameter of shape {p.array.shape}"
                    )
        for group in self.param_groups:
            self._step_group(group)
        return loss

    def state_dict(self) -> dict[str, Any]:
        """The state and hyperparameters, with parameters named by their index.

        Returns
        -------
        dict
            ``{"state": {index: {name: array}}, "param_groups": [{...,
            "params": [indices]}]}``, as PyTorch lays it out. Arrays are
            copies; ``"step"`` is a 0-d float32 array.

        Examples
        --------
        >>> import ad_core, ad_optim
        >>> w = ad_core.tensor([1.0], requires_grad=True)
        >>> opt = ad_optim.SGD([w], lr=0.1, momentum=0.9)
        >>> (w * w).sum().backward()
        >>> opt.step()
        >>> sd = opt.state_dict()
        >>> sd["state"]
        {0: {'momentum_buffer': array([2.], dtype=float32)}}
        >>> sd["param_groups"][0]["params"]
        [0]
        """
        index: dict[int, int] = {}
        groups = []
        for group in self.param_groups:
            packed = {k: copy.deepcopy(v) for k, v in group.items() if k != "params"}
            packed["params"] = [index.setdefault(id(p), len(index)) for p in group["params"]]
            groups.append(packed)
        state: dict[int, dict[str, Any]] = {}
        for p, s in self.state.items():
            i = index.get(id(p))
            if i is not None:
                state[i] = {k: self._save_entry(p, k, v) for k, v in s.items()}
        return {"state": dict(sorted(state.items())), "param_groups": groups}

    def _save_entry(self, p: Tensor, key: str, value: Any) -> Any:
        """A copy of state entry ``key`` of ``p`` for ``state_dict``; ``_load_entry`` inverts it."""
        if key in self._scalar_state:
            return np.array(value, dtype=np.float32)
        return np.copy(value).reshape(p.array.shape)

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Continue from a saved ``state_dict`` of an optimizer of the same layout.

        Parameters
        ----------
        state_dict:
            What ``state_dict()`` returned. Its groups must have as many
            parameters as this optimizer's and every hyperparameter this
            optimizer has; each parameter's state must hold every entry this
            optimizer keeps (Adam's ``exp_avg``..., SGD's ``momentum_buffer``
            when it has momentum), numbers of the parameter's shape. Arrays
            are copied and cast to each parameter's dtype.

        Raises
        ------
        ValueError
            If the state dict does not fit (another optimizer's state, a
            missing entry, a wrong shape, values that are not numbers),
            naming the group or parameter and the entry; nothing is changed
            then.
        TypeError
            If a loaded hyperparameter has the wrong type (``lr="0.1"``).

        Examples
        --------
        >>> import ad_core, ad_optim
        >>> w = ad_core.tensor([1.0], requires_grad=True)
        >>> opt = ad_optim.Adam([w], lr=0.1)
        >>> (w * w).sum().backward()
        >>> opt.step()
        >>> other = ad_optim.Adam([ad_core.tensor([1.0], requires_grad=True)])
        >>> other.load_state_dict(opt.state_dict())
        >>> other.param_groups[0]["lr"], other.state[other.param_groups[0]["params"][0]]["step"]
        (0.1, 1)
        """
        name = f"{type(self).__name__}.load_state_dict"
        if not isinstance(state_dict, dict) or not {"state", "param_groups"} <= state_dict.keys():
            raise ValueError(f"{name}: expected a dict with 'state' and 'param_groups'")
        saved_groups = state_dict["param_groups"]
        if not isinstance(saved_groups, list | tuple) or not isinstance(state_dict["state"], dict):
            raise ValueError(
                f"{name}: expected 'param_groups' to be a list of dicts and 'state' a dict"
            )
        if len(saved_groups) != len(self.param_groups):
            raise ValueError(
                f"{name}: loaded state dict has {len(saved_groups)} parameter groups, "
                f"the optimizer has {len(self.param_groups)}"
            )
        by_index: dict[int, Tensor] = {}
        group_of: dict[int, dict[str, Any]] = {}
        new_groups = []
        for i, (group, saved) in enumerate(zip(self.param_groups, saved_groups, strict=True)):
            params = group["params"]
            if not isinstance(saved, dict) or "params" not in saved:
                raise ValueError(f"{name}: loaded parameter group {i} is not a dict with 'params'")
            missing = [k for k in self.defaults if k not in saved]
            if missing:
                raise ValueError(
                    f"{name}: loaded parameter group {i} lacks {', '.join(map(repr, missing))}, "
                    f"which {type(self).__name__} needs (was it saved by another optimizer?)"
                )
            if len(saved["params"]) != len(params):
                raise ValueError(
                    f"{name}: loaded parameter group {i} has {len(saved['params'])} "
                    f"parameters, the optimizer's has {len(params)}"
                )
            new_group = {k: copy.deepcopy(v) for k, v in saved.items() if k != "params"}
            new_group["params"] = params
            self._check_group(new_group)
            new_groups.append(new_group)
            for j, p in zip(saved["params"], params, strict=True):
                by_index[int(j)] = p
                group_of[int(j)] = new_group
        new_state = {}
        for key, saved_state in state_dict["state"].items():
            p = by_index.get(int(key))
            if p is None:
                raise ValueError(f"{name}: state for parameter {key}, which is in no group")
            if not isinstance(saved_state, dict):
                raise ValueError(f"{name}: the state of parameter {key} is not a dict")
            if not saved_state:
                continue
            missing = [k for k in self._required_state(group_of[int(key)]) if k not in saved_state]
            if missing:
                raise ValueError(
                    f"{name}: the state of parameter {key} lacks {', '.join(map(repr, missing))}, "
                    f"which {type(self).__name__} needs (it holds {sorted(saved_state)}; was it "
                    "saved by another optimizer?)"
                )
            new_state[p] = {k: self._load_entry(name, key, p, k, v) for k, v in saved_state.items()}
        self.param_groups[:] = new_groups
        self.state = new_state

    def _load_entry(self, name: str, index: Any, p: Tensor, key: str, value: Any) -> Any:
        array: NDArray = np.asarray(value.array if isinstance(value, Tensor) else value)
        if array.dtype.kind not in "biuf":
            raise ValueError(
                f"{name}: state {key!r} of parameter {index} has dtype {array.dtype}, not a number"
            )
        if key in self._scalar_state:
            if array.size != 1:
                raise ValueError(
                    f"{name}: state {key!r} of parameter {index} must be a single number, "
                    f"got shape {array.shape}"
                )
            number = array.item()
            return int(number) if key == "step" else float(number)
        if array.shape != p.array.shape:
            raise ValueError(
                f"{name}: state {key!r} of parameter {index} has shape {array.shape}, "
                f"the parameter has shape {p.array.shape}"
            )
        return np.array(array, dtype=p.array.dtype, copy=True).reshape(array.shape or (1,))
