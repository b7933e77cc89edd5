"""Dropout with inverted scaling: elementwise (``dropout``) or whole channels
(``dropout1d``, ``dropout2d``). Kept values are scaled by ``1 / (1 - p)`` so
that the expectation is unchanged and evaluation needs no rescaling."""

from __future__ import annotations

import numpy as np

from ad_core import Tensor, TensorLike, default_generator, lift


def _dropout(
    op: str,
    input: TensorLike,
    p: float,
    training: bool,
    inplace: bool,
    generator: np.random.Generator | None,
    mask_shape: tuple[int, ...] | None,
) -> Tensor:
    (x,) = lift((input,))
    if isinstance(p, bool) or not isinstance(p, int | float | np.floating | np.integer):
        raise TypeError(f"{op}: expected p to be a number, got {p!r}")
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"{op}: dropout probability has to be between 0 and 1, but got {p!r}")
    if not isinstance(training, bool | np.bool_):
        raise TypeError(f"{op}: expected training to be a bool, got {training!r}")
    if inplace:
        raise NotImplementedError(f"{op}: inplace=True is not supported; use inplace=False")
    if x.dtype.kind != "f":
        raise TypeError(f"{op}: expected a floating input, got {x.dtype}")
    if not training or p == 0:
        return x
    shape = x.shape if mask_shape is None else mask_shape
    if p == 1:
        return x * Tensor._wrap(np.zeros(shape, dtype=x.dtype))
    rng = default_generator() if generator is None else generator
    draws = rng.random(shape, dtype=np.float32 if x.dtype == np.float32 else np.float64)
    mask = (draws >= p).astype(x.dtype)
    mask *= 1.0 / (1.0 - p)
    return x * Tensor._wrap(mask)


def dropout(
    input: TensorLike,
    p: float = 0.5,
    training: bool = True,
    inplace: bool = False,
    generator: np.random.Generator | None = None,
) -> Tensor:
    """Zero each element with probability ``p`` and scale the rest by ``1 / (1 - p)``,
    as ``torch.nn.functional.dropout``.

    Parameters
    ----------
    input : Tensor
        A floating tensor of any shape.
    p : float
        Probability of zeroing an element, in ``[0, 1]``.
    training : bool
        When False (or ``p == 0``) the input is returned unchanged.
    inplace : bool
        Only False is supported (True raises NotImplementedError).
    generator : numpy.random.Generator, optional
        Source of the mask; defaults to ``ad_core.default_generator()``.
        (An addition to PyTorch's signature.)

    Examples
    --------
    >>> import numpy as np, ad_core
    >>> y = dropout(ad_core.ones(2, 4), 0.5, generator=np.random.default_rng(0))
    >>> sorted(set(y.numpy().ravel().tolist()))
    [0.0, 2.0]
    >>> dropout(ad_core.ones(3), 0.5, training=False)
    tensor([1., 1., 1.])
    """
    return _dropout("dropout", input, p, training, inplace, generator, None)


def _channel_mask(op: str, x: Tensor, spatial: int) -> tuple[int, ...]:
    """The mask shape that keeps or drops whole channels of ``x``."""
    if x.ndim not in (spatial + 1, spatial + 2):
        raise ValueError(
            f"{op}: expected input of {spatial + 1} (unbatched) or {spatial + 2} (batched) "
            f"dimensions, got shape {x.shape}"
        )
    return x.shape[: x.ndim - spatial] + (1,) * spatial


def dropout1d(
    input: TensorLike,
    p: float = 0.5,
    training: bool = True,
    inplace: bool = False,
    generator: np.random.Generator | None = None,
) -> Tensor:
    """Zero whole channels of ``(N, C, L)`` or ``(C, L)`` with probability ``p``,
    as ``torch.nn.functional.dropout1d``; arguments as for ``dropout``.

    Examples
    --------
    >>> import numpy as np, ad_core
    >>> y = dropout1d(ad_core.ones(4, 3), 0.5, generator=np.random.default_rng(0))
    >>> bool(all(len(set(row)) == 1 for row in y.numpy().tolist()))
    True
    """
    (x,) = lift((input,))
    return _dropout(
        "dropout1d", x, p, training, inplace, generator, _channel_mask("dropout1d", x, 1)
    )


def dropout2d(
    input: TensorLike,
    p: float = 0.5,
    training: bool = True,
    inplace: bool = False,
    generator: np.random.Generator | None = None,
) -> Tensor:
    """Zero whole channels of ``(N, C, H, W)`` or ``(C, H, W)`` with probability ``p``,
    as ``torch.nn.functional.dropout2d``; arguments as for ``dropout``.

    A 3-D input is always unbatched ``(C, H, W)``, as PyTorch documents;
    PyTorch itself still treats it as ``(N, C, L)`` with a deprecation warning.

    Examples
    --------
    >>> import numpy as np, ad_core
    >>> y = dropout2d(ad_core.ones(1, 4, 2, 2), 0.5, generator=np.random.default_rng(0))
    >>> [float(v) for v in y.numpy()[0, :, 0, 0]] == [float(v) for v in y.numpy()[0, :, 1, 1]]
    True
    """
    (x,) = lift((input,))
    return _dropout(
        "dropout2d", x, p, training, inplace, generator, _channel_mask("dropout2d", x, 2)
    )
