"""How ``Tensor`` methods reach their implementations in ad-ops.

PyTorch users call named operations as methods: ``x.exp()``,
``x.softmax(-1)``, ``x.masked_fill(m, v)``. ``Tensor`` declares each of them,
typed and documented (``tensor_math.py``, ``tensor_shape.py``), but the
implementation is the function of the same name in ad_ops, and ad-core must
not import ad-ops (ad-ops is built on ad-core, not the reverse). So, when
ad_ops is imported, it hands its namespace to ``provide``, and each method
calls ``call(name, self, ...)``, which looks the function up by name. With
ad-core alone, calling such a method raises an error naming ad-ops.

Examples
--------
>>> import ad_core
>>> ad_core.dispatch.provider_name()
'ad_ops'
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

_provider: ModuleType | None = None


def provide(namespace: ModuleType) -> None:
    """Make ``namespace`` (the ad_ops module) implement the dispatched methods."""
    global _provider
    _provider = namespace


def provider_name() -> str | None:
    """The name of the module that implements the methods, or None without ad-ops."""
    return None if _provider is None else _provider.__name__


def provided(name: str) -> bool:
    """Whether the implementing module has a public function ``name``."""
    return (
        _provider is not None
        and not name.startswith("_")
        and callable(getattr(_provider, name, None))
    )


def call(name: str, *args: Any, **kwargs: Any) -> Any:
    """Call the implementation of ``Tensor.<name>`` with ``args``."""
    if _provider is None:
        raise RuntimeError(
            f"Tensor.{name}: this method is implemented in ad-ops; install ad-ops "
            "and `import ad_ops` (ad-core alone has the operators and sum, mean, "
            "reshape, transpose, permute)"
        )
    return getattr(_provider, name)(*args, **kwargs)
