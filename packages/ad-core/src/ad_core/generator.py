"""Random generators: ``Generator`` as ``torch.Generator``, and the global one that
``manual_seed`` reseeds, so that initialisation, dropout and sampling are
reproducible."""

from __future__ import annotations

from typing import Any

import numpy as np


def _check_seed(op: str, seed: Any) -> int:
    if not isinstance(seed, int | np.integer) or isinstance(seed, bool):
        raise TypeError(f"{op}: expected an int seed, got {type(seed).__name__}")
    if not 0 <= seed < 2**64:
        # PyTorch accepts seeds in [-2**63, 2**64) and maps negatives; NumPy's
        # seeding takes non-negative ints only.
        if -(2**63) <= seed < 0:
            return int(seed) + 2**64
        raise ValueError(f"{op}: seed must be in [-2**63, 2**64), got {seed}")
    return int(seed)


def _fresh_seed() -> int:
    return int(np.random.SeedSequence().generate_state(1, np.uint64)[0])


class Generator(np.random.Generator):
    """A random generator, as ``torch.Generator``; also a ``numpy.random.Generator``,
    so it goes wherever one does.

    Parameters
    ----------
    device:
        Only ``"cpu"``.

    Examples
    --------
    >>> import ad_core
    >>> g = ad_core.Generator().manual_seed(42)
    >>> a = ad_core.rand(2, generator=g)
    >>> bool((a == ad_core.rand(2, generator=g.manual_seed(42))).array.all())
    True
    """

    def __init__(self, device: Any = "cpu") -> None:
        from .device import as_device

        as_device("Generator", device)
        self._initial_seed = _fresh_seed()
        super().__init__(np.random.PCG64(self._initial_seed))

    def manual_seed(self, seed: int) -> Generator:
        """Reseed in place and return self."""
        self._initial_seed = _check_seed("manual_seed", seed)
        self.bit_generator.state = np.random.PCG64(self._initial_seed).state
        return self

    def seed(self) -> int:
        """Reseed from fresh entropy and return the new seed."""
        self.manual_seed(_fresh_seed())
        return self._initial_seed

    def initial_seed(self) -> int:
        """The seed this generator was last seeded with."""
        return self._initial_seed

    def get_state(self) -> dict[str, Any]:
        """The state of the bit generator (a dict), for ``set_state``."""
        return dict(self.bit_generator.state)

    def set_state(self, state: dict[str, Any]) -> Generator:
        """Restore a state from ``get_state``; returns self."""
        self.bit_generator.state = state
        return self

    @property
    def device(self) -> Any:
        """The CPU device."""
        from .device import CPU

        return CPU


_generator = Generator()


def manual_seed(seed: int) -> Generator:
    """Reseed the global generator and return it.

    Examples
    --------
    >>> import ad_core
    >>> _ = ad_core.manual_seed(0)
    >>> a = ad_core.randn(3)
    >>> _ = ad_core.manual_seed(0)
    >>> bool((a == ad_core.randn(3)).array.all())
    True
    """
    return _generator.manual_seed(seed)


def seed() -> int:
    """Reseed the global generator from fresh entropy and return the seed.

    >>> import ad_core
    >>> isinstance(ad_core.seed(), int)
    True
    """
    return _generator.seed()


def initial_seed() -> int:
    """The seed the global generator was last seeded with.

    >>> import ad_core
    >>> _ = ad_core.manual_seed(7)
    >>> ad_core.initial_seed()
    7
    """
    return _generator.initial_seed()


def default_generator() -> Generator:
    """The global generator that every random operation draws from when it
    is not given one.

    Examples
    --------
    >>> import ad_core
    >>> isinstance(ad_core.default_generator(), __import__("numpy").random.Generator)
    True
    """
    return _generator
