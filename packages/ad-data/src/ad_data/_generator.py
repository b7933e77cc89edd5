"""The random generator behind every shuffle: a seed, a given generator, or ``ad_core``'s."""

import numpy as np

import ad_core


def resolve_generator(
    op: str, seed: int | None, generator: np.random.Generator | None
) -> np.random.Generator | None:
    """Check ``seed`` and ``generator`` and return the generator ``op`` keeps.

    That is ``generator`` itself, a new generator seeded with ``seed``, or
    ``None`` when neither is given: ``op`` then draws from ``ad_core``'s global
    generator when it samples (see :func:`pass_generator`), so that
    ``ad_core.manual_seed`` makes it reproducible, as ``torch.manual_seed`` does.

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
    >>> bool((a == b).all()), resolve_generator("demo", None, None)
    (True, None)
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
    if seed is None:
        return None
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise TypeError(f"{op}: expected seed to be an int, got {type(seed).__name__}")
    return np.random.default_rng(seed)


def pass_generator(generator: np.random.Generator | None) -> np.random.Generator:
    """The generator one pass of a sampler draws from.

    ``generator`` when there is one; otherwise a new generator seeded by one
    draw from ``ad_core.default_generator()``, as PyTorch's ``RandomSampler``
    seeds a generator of its own from the global one at each pass: what the pass
    draws then does not depend on what else draws from the global generator
    while it runs (dropout, initialisation).

    Examples
    --------
    >>> import ad_core
    >>> _ = ad_core.manual_seed(0)
    >>> a = pass_generator(None).permutation(5)
    >>> _ = ad_core.manual_seed(0)
    >>> bool((a == pass_generator(None).permutation(5)).all())
    True
    """
    if generator is not None:
        return generator
    return np.random.default_rng(int(ad_core.default_generator().integers(2**63)))
