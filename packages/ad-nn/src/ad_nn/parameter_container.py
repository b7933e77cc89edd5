"""``ParameterList`` and ``ParameterDict``: parameters held in a list or a dict,
registered so that ``parameters()`` and ``state_dict()`` see them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, overload

import numpy as np

from ad_core import Tensor

from .module import Module
from .parameter import Parameter


def _as_parameter(op: str, value: Any) -> Parameter:
    """A Parameter as it is; a Tensor or NumPy array wrapped in one (sharing its data)."""
    if isinstance(value, Parameter):
        return value
    if isinstance(value, Tensor | np.ndarray):
        return Parameter(value)
    raise TypeError(
        f"{op}: expected a Parameter, Tensor or NumPy array, got {type(value).__name__}"
    )


def _listing(kind: str, params: dict[str, Parameter | None]) -> str:
    """PyTorch's repr of a parameter container: one line per parameter."""
    lines = [
        f"    ({name}): Parameter containing: [{p.dtype} of size {'x'.join(map(str, p.shape))}]"
        for name, p in params.items()
        if p is not None
    ]
    return f"{kind}(\n" + "\n".join(lines) + "\n)"


class ParameterList(Module):
    """A list of parameters, registered as ``"0"``, ``"1"``..., as
    ``torch.nn.ParameterList``. Tensors and arrays become Parameters.

    Unlike PyTorch's, it holds parameters only (PyTorch also stores other
    objects as plain attributes).

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> params = nn.ParameterList([nn.Parameter(ad_core.zeros(2, 3)), ad_core.ones(4)])
    >>> params.append(ad_core.ones(1))
    ParameterList(
        (0): Parameter containing: [float32 of size 2x3]
        (1): Parameter containing: [float32 of size 4]
        (2): Parameter containing: [float32 of size 1]
    )
    >>> list(params.state_dict()), params[1].requires_grad
    (['0', '1', '2'], True)
    """

    def __init__(self, values: Iterable[Any] | None = None) -> None:
        super().__init__()
        if values is not None:
            self.extend(values)

    def _index(self, idx: int) -> str:
        n = len(self)
        if not -n <= idx < n:
            raise IndexError(f"ParameterList: index {idx} is out of range for length {n}")
        return str(idx % n)

    @overload
    def __getitem__(self, idx: int) -> Parameter: ...

    @overload
    def __getitem__(self, idx: slice) -> ParameterList: ...

    def __getitem__(self, idx: int | slice) -> Parameter | ParameterList:
        params = list(self)
        if isinstance(idx, slice):
            return ParameterList(params[idx])
        param = self._parameters[self._index(idx)]
        assert param is not None
        return param

    def __setitem__(self, idx: int, value: Any) -> None:
        self.register_parameter(self._index(idx), _as_parameter("ParameterList", value))

    def __len__(self) -> int:
        return len(self._parameters)

    def __iter__(self) -> Iterator[Parameter]:
        return iter([p for p in self._parameters.values() if p is not None])

    def __iadd__(self, values: Iterable[Any]) -> ParameterList:
        return self.extend(values)

    def append(self, value: Any) -> ParameterList:
        """Add one parameter at the end; returns self."""
        self.register_parameter(str(len(self)), _as_parameter("ParameterList", value))
        return self

    def extend(self, values: Iterable[Any]) -> ParameterList:
        """Add each of ``values`` at the end; returns self."""
        if isinstance(values, Tensor | np.ndarray) or not isinstance(values, Iterable):
            raise TypeError(
                f"ParameterList.extend: expected an iterable of parameters, got "
                f"{type(values).__name__}"
            )
        for value in list(values):
            self.append(value)
        return self

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("ParameterList is a container and has no forward")

    def __repr__(self) -> str:
        return _listing("ParameterList", self._parameters)


class ParameterDict(Module):
    """Parameters under string keys, in insertion order, as
    ``torch.nn.ParameterDict``. Tensors and arrays become Parameters.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> params = nn.ParameterDict({"scale": ad_core.ones(3)})
    >>> params["shift"] = nn.Parameter(ad_core.zeros(3))
    >>> list(params.keys()), "scale" in params, len(params)
    (['scale', 'shift'], True, 2)
    >>> [name for name, _ in params.named_parameters()]
    ['scale', 'shift']
    """

    def __init__(self, parameters: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None):
        super().__init__()
        if parameters is not None:
            self.update(parameters)

    def __getitem__(self, key: str) -> Parameter:
        param = self._parameters.get(key)
        if param is None:
            raise KeyError(key)
        return param

    def __setitem__(self, key: str, value: Any) -> None:
        self.register_parameter(key, _as_parameter("ParameterDict", value))

    def __delitem__(self, key: str) -> None:
        if key not in self._parameters:
            raise KeyError(key)
        delattr(self, key)

    def __len__(self) -> int:
        return len(self._parameters)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._parameters))

    def __contains__(self, key: object) -> bool:
        return key in self._parameters

    def keys(self) -> list[str]:
        """The keys, in insertion order."""
        return list(self._parameters)

    def values(self) -> list[Parameter]:
        """The parameters, in insertion order."""
        return [self[k] for k in self._parameters]

    def items(self) -> list[tuple[str, Parameter]]:
        """``(key, parameter)`` pairs, in insertion order."""
        return [(k, self[k]) for k in self._parameters]

    def get(self, key: str, default: Parameter | None = None) -> Parameter | None:
        """The parameter under ``key``, or ``default``."""
        param = self._parameters.get(key)
        return default if param is None else param

    def pop(self, key: str) -> Parameter:
        """Remove the parameter under ``key`` and return it."""
        param = self[key]
        del self[key]
        return param

    def clear(self) -> None:
        """Remove every parameter."""
        for key in list(self._parameters):
            del self[key]

    def update(self, parameters: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> None:
        """Add or replace parameters from a mapping or from ``(key, value)`` pairs."""
        pairs = parameters.items() if isinstance(parameters, Mapping) else parameters
        for key, value in pairs:
            self[key] = value

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("ParameterDict is a container and has no forward")

    def __repr__(self) -> str:
        return _listing("ParameterDict", self._parameters)
