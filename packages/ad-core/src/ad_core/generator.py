"""The global random generator: ``manual_seed`` makes initialisation, dropout
and sampling reproducible."""

from __future__ import annotations

import numpy as np

_generator = np.random.default_rng()


def manual_seed(seed: int) -> np.random.Generator:
    """Reseed the global generator and return it.

    Examples
    --------
    >>> import ad_core
    >>> _ = ad_core.manual_seed(0)
    >>> a = ad_core.randn(3)
    >>> _ = ad_core.manual_seed(0)
    >>> bool((a == ad_core.randn(3)).data.all())
    True
    """
    global _generator
    if not isinstance(seed, int | np.integer) or isinstance(seed, bool):
        raise TypeError(f"manual_seed: expected an int seed, got {type(seed).__name__}")
    _generator = np.random.default_rng(int(seed))
    return _generator


def default_generator() -> np.random.Generator:
    """The global NumPy generator that every random operation draws from
    when it is not given one.

    Examples
    --------
    >>> import ad_core
    >>> isinstance(ad_core.default_generator(), __import__("numpy").random.Generator)
    True
    """
    return _generator
