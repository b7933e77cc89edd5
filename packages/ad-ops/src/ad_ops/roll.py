"""``roll``: shift elements cyclically along dimensions."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ad_core import Function, NDArray, Tensor, TensorLike, lift, normalize_dim


class Roll(Function):
    """Shift by ``shifts`` along ``dims`` (the flattened array when None),
    wrapping around; its adjoint is the opposite shift."""

    raw_backward = True

    def forward(self, a: NDArray, shifts: tuple[int, ...], dims: tuple[int, ...] | None) -> NDArray:
        self.shifts = shifts
        self.dims = dims
        return np.roll(a, shifts, axis=dims)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (Roll.apply(grad, shifts=tuple(-s for s in self.shifts), dims=self.dims),)


def _ints(op: str, name: str, value: int | Sequence[int]) -> tuple[int, ...]:
    if not isinstance(value, int | np.integer | Sequence):
        raise TypeError(f"{op}: {name} must be an int or a sequence of ints, got {value!r}")
    values = (value,) if isinstance(value, int | np.integer) else tuple(value)
    for v in values:
        if not isinstance(v, int | np.integer) or isinstance(v, bool):
            raise TypeError(f"{op}: {name} must be ints, got {value!r}")
    return tuple(int(v) for v in values)


def roll(
    input: TensorLike, shifts: int | Sequence[int], dims: int | Sequence[int] | None = None
) -> Tensor:
    """Shift the elements cyclically by ``shifts`` along ``dims``, as ``torch.roll``.

    With ``dims=None`` the tensor is flattened, shifted and reshaped; else
    ``shifts`` and ``dims`` pair up (an int each, or sequences of one length).

    >>> import ad_core, ad_ops as F
    >>> x = ad_core.tensor([[1, 2, 3], [4, 5, 6]])
    >>> F.roll(x, 1)
    tensor([[6, 1, 2],
            [3, 4, 5]])
    >>> F.roll(x, (1, -1), (0, 1))
    tensor([[5, 6, 4],
            [2, 3, 1]])
    """
    (t,) = lift((input,))
    steps = _ints("roll", "shifts", shifts)
    if dims is None:
        if len(steps) != 1:
            raise ValueError(
                f"roll: shifts {tuple(steps)} need dims of the same length (dims is None)"
            )
        return Roll.apply(t, shifts=steps, dims=None)
    axes = tuple(normalize_dim("roll", d, t.ndim) for d in _ints("roll", "dims", dims))
    if len(axes) != len(steps):
        raise ValueError(
            f"roll: shifts and dims must have the same length, got {len(steps)} and {len(axes)}"
        )
    if t.ndim == 0:
        return Roll.apply(t, shifts=steps, dims=None)
    return Roll.apply(t, shifts=steps, dims=axes)
