"""Grad mode: whether operations record a graph. Thread-local, as in PyTorch."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class _GradState(threading.local):
    def __init__(self) -> None:
        self.enabled = True
        self.inference = False
        # True while a backward runs on NumPy arrays (see Function.raw_backward).
        self.raw = False


_state = _GradState()


def is_grad_enabled() -> bool:
    """Whether operations in this thread record a graph for backward.

    Examples
    --------
    >>> import ad_core
    >>> ad_core.is_grad_enabled()
    True
    >>> with ad_core.no_grad():
    ...     ad_core.is_grad_enabled()
    False
    """
    return _state.enabled


class _GradModeContext:
    mode: bool

    def __enter__(self) -> None:
        self.previous = _state.enabled
        _state.enabled = self.mode

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        _state.enabled = self.previous

    def __call__(self, fn: F) -> F:
        mode = self.mode

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            previous = _state.enabled
            _state.enabled = mode
            try:
                return fn(*args, **kwargs)
            finally:
                _state.enabled = previous

        return wrapper  # type: ignore[return-value]


class set_grad_enabled(_GradModeContext):
    """Turn graph recording on or off: as a call, a context manager or a decorator.

    Called plainly it takes effect at once, as in PyTorch.

    Examples
    --------
    >>> import ad_core
    >>> with ad_core.set_grad_enabled(False):
    ...     ad_core.is_grad_enabled()
    False
    >>> ad_core.is_grad_enabled()
    True
    """

    def __init__(self, mode: bool) -> None:
        self.mode = bool(mode)
        self.previous = _state.enabled
        _state.enabled = self.mode

    def __enter__(self) -> None:
        return None

    def __call__(self, fn: F) -> F:
        # Used as a decorator: the mode set by __init__ is undone here and
        # applied around every call instead.
        _state.enabled = self.previous
        return super().__call__(fn)


class no_grad(_GradModeContext):
    """Record no graph inside the block or the decorated function.

    Examples
    --------
    >>> import ad_core
    >>> x = ad_core.tensor([1.0], requires_grad=True)
    >>> with ad_core.no_grad():
    ...     y = x * 2
    >>> y.requires_grad
    False
    >>> @ad_core.no_grad()
    ... def double(t):
    ...     return t * 2
    >>> double(x).requires_grad
    False
    """

    mode = False


class enable_grad(_GradModeContext):
    """Record the graph inside the block even within ``no_grad``.

    Examples
    --------
    >>> import ad_core
    >>> x = ad_core.tensor([1.0], requires_grad=True)
    >>> with ad_core.no_grad():
    ...     with ad_core.enable_grad():
    ...         y = x * 2
    >>> y.requires_grad
    True
    """

    mode = True


class inference_mode:
    """``no_grad`` that also marks the block as inference, as
    ``torch.inference_mode``: nothing inside records a graph, so no output
    requires grad. ``inference_mode(False)`` changes nothing. Works as a
    context manager and as a decorator (``@inference_mode()``).

    Examples
    --------
    >>> import ad_core
    >>> x = ad_core.tensor([1.0], requires_grad=True)
    >>> with ad_core.inference_mode():
    ...     y = x * 2
    ...     ad_core.is_inference_mode_enabled()
    True
    >>> y.requires_grad
    False
    """

    def __init__(self, mode: bool = True) -> None:
        self.mode = bool(mode)

    def __enter__(self) -> None:
        self.previous = (_state.enabled, _state.inference)
        if self.mode:
            _state.enabled, _state.inference = False, True

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        _state.enabled, _state.inference = self.previous

    def __call__(self, fn: F) -> F:
        mode = self.mode

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with inference_mode(mode):
                return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]


def is_inference_mode_enabled() -> bool:
    """Whether this thread is inside ``inference_mode``.

    >>> import ad_core
    >>> ad_core.is_inference_mode_enabled()
    False
    """
    return _state.inference
