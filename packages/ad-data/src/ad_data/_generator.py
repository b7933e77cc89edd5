"""The random generator behind every shuffle: a seed, a given generator, or fresh entropy."""

import numpy as np


def resolve_generator(
    op: str, seed: int | None, generator: np.random.Generator | None
) -> np.random.Generator:
    """Return the ``np.random.Generator`` that ``op`` draws from.

    ``ad_data`` imports no ``ad_*`` package, so it cannot share ``ad_core``'s global
    generator: without ``seed`` or ``generator`` it draws from a fresh generator
    seeded by the operating system.

    Parameters
    ----------
    op : str
        Name of the caller, used in error messages.
    seed : int or None
        Seed of a new generator.
    generator : np.random.Generator or None
        A generator to use as is (its state advances).

    Examples
    --------
    >>> a = resolve_generator("demo", 0, None).permutation(5)
    >>> b = resolve_generator("demo", 0, None).permutation(5)
    >>> bool((a == b).all())
    True
    """
    if seed is not None and generator is not None:
        raise ValueError(f"{op}: expected seed or generator, not both")
    if generator is not None:
        if not isinstance(generator, np.random.Generator):
            raise TypeError(
                f"{op}: expected generator to be an np.random.Generator, "
                f"got {type(generator).__name__}"
            )
        return generator
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int | np.integer)):
        raise TypeError(f"{op}: expected seed to be an int, got {type(seed).__name__}")
    return np.random.default_rng(seed)
