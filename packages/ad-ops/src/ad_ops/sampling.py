"""Random sampling: ``multinomial``, ``bernoulli``, ``normal``.

Each draws from ``ad_core.default_generator()`` (seeded by
``ad_core.manual_seed``) unless given a ``numpy.random.Generator`` as
``generator``. The samples are outside the graph: no gradient flows to the
probabilities or the parameters, as in PyTorch.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ad_core import NDArray, Tensor, TensorLike, default_generator, get_default_dtype, lift


def _generator(op: str, generator: np.random.Generator | None) -> np.random.Generator:
    if generator is None:
        return default_generator()
    if not isinstance(generator, np.random.Generator):
        raise TypeError(
            f"{op}: generator must be a numpy.random.Generator, got {type(generator).__name__}"
        )
    return generator


def _refuse_rows(bad: NDArray | np.bool_, batched: bool, what: str) -> None:
    """A ValueError naming the first row where ``bad`` holds, if any."""
    if bad.any():
        where = f"row {int(np.argmax(bad))} of input" if batched else "input"
        raise ValueError(f"multinomial: {where} {what}")


def _search(cdf: NDArray, u: NDArray) -> NDArray:
    """For each row ``r`` and draw ``u[r, s]``, the first index ``j`` with
    ``cdf[r, j] > u[r, s]`` (``u`` is below the row's last ``cdf``)."""
    if len(cdf) == 1:
        return np.asarray(np.searchsorted(cdf[0], u[0], side="right"))[None]
    # A binary search on all rows at once: log2(categories) vectorised steps.
    rows = np.arange(len(cdf))[:, None]
    lo = np.zeros(u.shape, dtype=np.int64)
    hi = np.full(u.shape, cdf.shape[1] - 1, dtype=np.int64)
    for _ in range((cdf.shape[1] - 1).bit_length()):
        mid = (lo + hi) // 2
        right = cdf[rows, mid] <= u
        lo = np.where(right, mid + 1, lo)
        hi = np.where(right, hi, mid)
    return lo


def multinomial(
    input: TensorLike,
    num_samples: int,
    replacement: bool = False,
    *,
    generator: np.random.Generator | None = None,
) -> Tensor:
    """Draw ``num_samples`` category indices per row of non-negative weights,
    as ``torch.multinomial``: int64, shape ``(num_samples,)`` for a 1-D input
    and ``(rows, num_samples)`` for a 2-D one.

    The weights need not sum to 1. Without replacement the draws of a row are
    distinct, in the order drawn (exponential race: the ``num_samples``
    smallest of ``Exp(1) / weight``); there must be at least ``num_samples``
    non-zero weights. With replacement each draw inverts the cumulative
    weights.

    >>> import ad_core, ad_ops as F
    >>> g = ad_core.manual_seed(0)
    >>> F.multinomial(ad_core.tensor([0.0, 10.0, 0.0, 1e-9]), 1)
    tensor([1])
    >>> F.multinomial(ad_core.tensor([[1.0, 0.0], [0.0, 1.0]]), 3, replacement=True)
    tensor([[0, 0, 0],
            [1, 1, 1]])
    """
    (t,) = lift((input,))
    if t.dtype.kind != "f":
        raise TypeError(f"multinomial: expected floating weights, got dtype {t.dtype}")
    if t.ndim not in (1, 2) or t.shape[-1] == 0:
        raise ValueError(
            f"multinomial: expected a 1-D or 2-D input with at least one category, "
            f"got shape {t.shape}"
        )
    if not isinstance(num_samples, int | np.integer) or isinstance(num_samples, bool):
        raise TypeError(f"multinomial: num_samples must be an int, got {num_samples!r}")
    if num_samples <= 0:
        raise ValueError(f"multinomial: num_samples must be positive, got {num_samples}")
    rows = t.array.reshape(-1, t.shape[-1]).astype(np.float64, copy=False)
    batched = t.ndim == 2
    _refuse_rows(~np.isfinite(rows).all(axis=1), batched, "has inf or nan weights")
    _refuse_rows((rows < 0).any(axis=1), batched, "has negative weights")
    _refuse_rows(~rows.any(axis=1), batched, "has no non-zero weight")
    rng = _generator("multinomial", generator)
    if replacement:
        cdf = np.cumsum(rows, axis=1)
        # Below the last cumulative weight, even after rounding: never past the last category.
        u = np.minimum(
            rng.random((len(rows), num_samples)) * cdf[:, -1:], np.nextafter(cdf[:, -1:], 0)
        )
        index = _search(cdf, u)
    else:
        _refuse_rows(
            np.count_nonzero(rows, axis=1) < num_samples,
            batched,
            f"has fewer than num_samples={num_samples} non-zero weights to draw "
            "without replacement",
        )
        keys = rng.standard_exponential(rows.shape) / rows
        chosen = np.argpartition(keys, num_samples - 1, axis=1)[:, :num_samples]
        order = np.argsort(np.take_along_axis(keys, chosen, axis=1), axis=1)
        index = np.take_along_axis(chosen, order, axis=1)
    index = index.astype(np.int64, copy=False)
    return Tensor._wrap(index.reshape(num_samples) if t.ndim == 1 else index)


def bernoulli(
    input: TensorLike, p: float | None = None, *, generator: np.random.Generator | None = None
) -> Tensor:
    """1 with probability ``input`` (elementwise), else 0, in ``input``'s dtype,
    as ``torch.bernoulli``; with ``p`` given, every element uses ``p`` instead
    and ``input`` gives only the shape and dtype.

    >>> import ad_core, ad_ops as F
    >>> g = ad_core.manual_seed(0)
    >>> F.bernoulli(ad_core.tensor([0.0, 1.0, 1.0]))
    tensor([0., 1., 1.])
    """
    (t,) = lift((input,))
    if t.dtype.kind != "f":
        raise TypeError(f"bernoulli: expected floating probabilities, got dtype {t.dtype}")
    probs = t.array if p is None else np.asarray(p, dtype=t.dtype)
    if not ((probs >= 0) & (probs <= 1)).all():
        raise ValueError(
            f"bernoulli: expected probabilities in [0, 1], got values in "
            f"[{np.min(probs)}, {np.max(probs)}]"
        )
    draws = _generator("bernoulli", generator).random(t.shape)
    return Tensor._wrap((draws < probs).astype(t.dtype))


def normal(
    mean: TensorLike = 0.0,
    std: TensorLike = 1.0,
    size: Sequence[int] | None = None,
    *,
    generator: np.random.Generator | None = None,
) -> Tensor:
    """Normal samples with the given ``mean`` and ``std`` (numbers or tensors,
    which broadcast), as ``torch.normal``; with both numbers, ``size`` gives
    the shape and the default dtype is used.

    PyTorch also pairs tensors of different shapes with equal sizes (taking
    ``mean``'s shape); here they must broadcast.

    >>> import ad_core, ad_ops as F
    >>> g = ad_core.manual_seed(0)
    >>> F.normal(ad_core.tensor([0.0, 100.0]), 0.0)
    tensor([  0., 100.])
    >>> F.normal(2.0, 3.0, size=(2, 3)).shape
    (2, 3)
    """
    tensors = [x for x in (mean, std) if isinstance(x, Tensor | np.ndarray)]
    if not tensors:
        if size is None:
            raise TypeError("normal: expected size when mean and std are both numbers")
        shape = tuple(int(n) for n in size)
        dtype = get_default_dtype()
    else:
        if size is not None:
            raise TypeError("normal: size is only for numbers mean and std; got a tensor")
        (first,) = lift((tensors[0],))
        dtype = first.dtype
        if any(lift((x,))[0].dtype.kind != "f" for x in tensors):
            raise TypeError("normal: expected floating mean and std tensors")
    m, s = (np.asarray(x.array if isinstance(x, Tensor) else x, dtype=dtype) for x in (mean, std))
    if (s < 0).any() or not np.isfinite(s).all():
        raise ValueError(
            f"normal: expected std >= 0 and finite, got values in [{s.min()}, {s.max()}]"
        )
    if tensors:
        try:
            shape = np.broadcast_shapes(m.shape, s.shape)
        except ValueError:
            raise ValueError(
                f"normal: shapes {m.shape} and {s.shape} of mean and std cannot be broadcast"
            ) from None
    draws = _generator("normal", generator).standard_normal(shape)
    return Tensor._wrap(np.asarray(m + s * draws, dtype=dtype))
