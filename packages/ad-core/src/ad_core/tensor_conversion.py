"""``Tensor`` methods for dtypes, devices and copies: ``to``, ``type``,
``float``/``long``/..., ``new_zeros`` and friends, ``clone``, ``contiguous``."""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Any

import numpy as np

from .device import CPU, as_device, device, is_device
from .dtype import resolve_dtype

if TYPE_CHECKING:
    from .tensor import Tensor
    from .types import DTypeLike, NDArray

# PyTorch's legacy type names, for ``Tensor.type()``.
_TYPE_NAMES = {
    np.dtype(np.float32): "torch.FloatTensor",
    np.dtype(np.float64): "torch.DoubleTensor",
    np.dtype(np.float16): "torch.HalfTensor",
    np.dtype(np.int64): "torch.LongTensor",
    np.dtype(np.int32): "torch.IntTensor",
    np.dtype(np.int16): "torch.ShortTensor",
    np.dtype(np.int8): "torch.CharTensor",
    np.dtype(np.uint8): "torch.ByteTensor",
    np.dtype(np.bool_): "torch.BoolTensor",
}
_TYPES_BY_NAME = {name: dtype for dtype, name in _TYPE_NAMES.items()}


def parse_to(op: str, args: tuple[Any, ...], dtype: Any, where: Any) -> tuple[Any, Any]:
    """The (device, dtype) of ``to(*args, dtype=, device=)`` calls: positional
    arguments may be a device (or its name), a dtype, or a tensor (its dtype).

    >>> import ad_core
    >>> parse_to("to", ("cpu", ad_core.float64), None, None)
    (device(type='cpu'), dtype('float64'))
    """
    from .tensor import Tensor

    for arg in args:
        if isinstance(arg, Tensor):
            dtype = arg.dtype if dtype is None else dtype
        elif is_device(arg) or (isinstance(arg, int) and not isinstance(arg, bool)):
            where = arg if where is None else where
        elif dtype is None:
            dtype = arg
        else:
            raise TypeError(f"{op}: unexpected argument {arg!r} (expected a device or a dtype)")
    resolved = None if dtype is None else resolve_dtype(op, dtype)
    return (None if where is None else as_device(op, where)), resolved


class ConversionMethods:
    """Dtype, device and copy methods of ``Tensor``.

    >>> import ad_core
    >>> ad_core.tensor([1.5, 2.5]).long()
    tensor([1, 2])
    """

    __slots__ = ()

    if TYPE_CHECKING:
        array: NDArray
        requires_grad: builtins.bool

        def astype(self, dtype: DTypeLike) -> Tensor: ...

    # --- devices --------------------------------------------------------------------

    @property
    def device(self) -> device:
        """The CPU: every tensor lives there.

        >>> import ad_core
        >>> ad_core.zeros(1).device
        device(type='cpu')
        """
        return CPU

    @property
    def is_cuda(self) -> builtins.bool:
        """False: every tensor lives on the CPU."""
        return False

    def cpu(self) -> Tensor:
        """Return self: every tensor lives on the CPU."""
        return self._self()

    def cuda(self, device: Any = None, non_blocking: builtins.bool = False) -> Tensor:
        """Raises: there is no CUDA backend (``ad_core.cuda.is_available()`` is False)."""
        as_device("cuda", "cuda" if device is None else device)
        return self._self()

    def to(
        self,
        *args: Any,
        dtype: DTypeLike | None = None,
        device: Any = None,
        non_blocking: builtins.bool = False,
        copy: builtins.bool = False,
        memory_format: Any = None,
    ) -> Tensor:
        """This tensor on ``device`` in ``dtype``, as ``torch.Tensor.to``:
        ``to(dtype)``, ``to(device)``, ``to(device, dtype)`` or ``to(other)``.

        Returns self when nothing changes (unless ``copy=True``); a change of
        dtype is differentiable. Only the CPU device exists.

        >>> import ad_core
        >>> x = ad_core.ones(2)
        >>> x.to("cpu") is x, x.to(ad_core.float64).dtype
        (True, dtype('float64'))
        """
        _, target = parse_to("to", args, dtype, device)
        me = self._self()
        if target is not None and target != self.array.dtype:
            return self.astype(target)
        return me.clone() if copy else me

    # --- dtypes ---------------------------------------------------------------------

    def type(self, dtype: Any = None, non_blocking: builtins.bool = False) -> Any:
        """Without ``dtype``, PyTorch's name of this tensor's type (such as
        ``"torch.FloatTensor"``, for code that compares it); with one (a dtype
        or such a name), the tensor cast to it.

        >>> import ad_core
        >>> ad_core.ones(1).type(), ad_core.ones(1).type("torch.LongTensor")
        ('torch.FloatTensor', tensor([1]))
        """
        if dtype is None:
            return _TYPE_NAMES.get(self.array.dtype, f"ad_core.Tensor[{self.array.dtype}]")
        if isinstance(dtype, str) and dtype in _TYPES_BY_NAME:
            dtype = _TYPES_BY_NAME[dtype]
        target = resolve_dtype("type", dtype)
        return self._self() if target == self.array.dtype else self.astype(target)

    def type_as(self, other: Tensor) -> Tensor:
        """This tensor cast to the dtype of ``other``.

        >>> import ad_core
        >>> ad_core.tensor([1, 2]).type_as(ad_core.zeros(1))
        tensor([1., 2.])
        """
        return self.to(other.dtype)

    def float(self) -> Tensor:
        """Cast to float32.

        >>> import ad_core
        >>> ad_core.tensor([1]).float()
        tensor([1.])
        """
        return self.to(np.float32)

    def double(self) -> Tensor:
        """Cast to float64.

        >>> import ad_core
        >>> ad_core.tensor([1]).double().dtype
        dtype('float64')
        """
        return self.to(np.float64)

    def half(self) -> Tensor:
        """Cast to float16.

        >>> import ad_core
        >>> ad_core.tensor([1]).half().dtype
        dtype('float16')
        """
        return self.to(np.float16)

    def long(self) -> Tensor:
        """Cast to int64 (floats are truncated toward zero).

        >>> import ad_core
        >>> ad_core.tensor([1.7, -1.7]).long()
        tensor([ 1, -1])
        """
        return self.to(np.int64)

    def int(self) -> Tensor:
        """Cast to int32.

        >>> import ad_core
        >>> ad_core.tensor([1.7]).int().dtype
        dtype('int32')
        """
        return self.to(np.int32)

    def short(self) -> Tensor:
        """Cast to int16.

        >>> import ad_core
        >>> ad_core.tensor([1.7]).short().dtype
        dtype('int16')
        """
        return self.to(np.int16)

    def byte(self) -> Tensor:
        """Cast to uint8.

        >>> import ad_core
        >>> ad_core.tensor([3]).byte().dtype
        dtype('uint8')
        """
        return self.to(np.uint8)

    def bool(self) -> Tensor:
        """Cast to bool (non-zero is True).

        >>> import ad_core
        >>> ad_core.tensor([0.0, 2.0]).bool()
        tensor([False,  True])
        """
        return self.to(np.bool_)

    def is_floating_point(self) -> builtins.bool:
        """Whether the dtype is floating.

        >>> import ad_core
        >>> ad_core.ones(1).is_floating_point(), ad_core.tensor([1]).is_floating_point()
        (True, False)
        """
        return builtins.bool(self.array.dtype.kind == "f")

    def is_complex(self) -> builtins.bool:
        """Whether the dtype is complex.

        >>> import ad_core
        >>> ad_core.ones(1).is_complex()
        False
        """
        return builtins.bool(self.array.dtype.kind == "c")

    def element_size(self) -> builtins.int:
        """Bytes per element.

        >>> import ad_core
        >>> ad_core.ones(1).element_size()
        4
        """
        return builtins.int(self.array.itemsize)

    def nelement(self) -> builtins.int:
        """The number of elements, as ``numel``.

        >>> import ad_core
        >>> ad_core.ones(2, 3).nelement()
        6
        """
        return builtins.int(self.array.size)

    # --- new tensors like this one ------------------------------------------------

    def _new(self, op: str, array: NDArray, where: Any, requires_grad: builtins.bool) -> Tensor:
        from .tensor import Tensor

        as_device(op, where)
        return Tensor(array, requires_grad=requires_grad)

    def new_tensor(
        self,
        data: Any,
        dtype: DTypeLike | None = None,
        device: Any = None,
        requires_grad: builtins.bool = False,
    ) -> Tensor:
        """A new tensor holding a copy of ``data``, in this tensor's dtype unless given.

        >>> import ad_core
        >>> ad_core.zeros(1, dtype=ad_core.float64).new_tensor([1, 2])
        tensor([1., 2.], dtype=float64)
        """
        target = resolve_dtype("new_tensor", self.array.dtype if dtype is None else dtype)
        source = data.array if hasattr(data, "grad_fn") else data
        return self._new("new_tensor", np.array(source, dtype=target), device, requires_grad)

    def new_zeros(
        self,
        *size: Any,
        dtype: DTypeLike | None = None,
        device: Any = None,
        requires_grad: builtins.bool = False,
    ) -> Tensor:
        """Zeros of ``size``, in this tensor's dtype unless given.

        >>> import ad_core
        >>> ad_core.ones(1).new_zeros(2)
        tensor([0., 0.])
        """
        return self._filled("new_zeros", size, 0, dtype, device, requires_grad)

    def new_ones(
        self,
        *size: Any,
        dtype: DTypeLike | None = None,
        device: Any = None,
        requires_grad: builtins.bool = False,
    ) -> Tensor:
        """Ones of ``size``, in this tensor's dtype unless given.

        >>> import ad_core
        >>> ad_core.tensor([5]).new_ones(2)
        tensor([1, 1])
        """
        return self._filled("new_ones", size, 1, dtype, device, requires_grad)

    def new_empty(
        self,
        *size: Any,
        dtype: DTypeLike | None = None,
        device: Any = None,
        requires_grad: builtins.bool = False,
    ) -> Tensor:
        """An uninitialised tensor of ``size`` (zeros here), in this tensor's dtype unless given.

        >>> import ad_core
        >>> ad_core.ones(1).new_empty(2, 3).shape
        (2, 3)
        """
        return self._filled("new_empty", size, 0, dtype, device, requires_grad)

    def new_full(
        self,
        size: Any,
        fill_value: builtins.float,
        *,
        dtype: DTypeLike | None = None,
        device: Any = None,
        requires_grad: builtins.bool = False,
    ) -> Tensor:
        """``fill_value`` in ``size``, in this tensor's dtype unless given.

        >>> import ad_core
        >>> ad_core.ones(1).new_full((2,), 7.0)
        tensor([7., 7.])
        """
        return self._filled("new_full", (size,), fill_value, dtype, device, requires_grad)

    def _filled(
        self,
        op: str,
        size: tuple[Any, ...],
        value: builtins.float,
        dtype: DTypeLike | None,
        where: Any,
        requires_grad: builtins.bool,
    ) -> Tensor:
        from .creation import sizes

        target = resolve_dtype(op, self.array.dtype if dtype is None else dtype)
        return self._new(op, np.full(sizes(op, size), value, dtype=target), where, requires_grad)

    # --- copies ---------------------------------------------------------------------

    def clone(self, *, memory_format: Any = None) -> Tensor:
        """A copy that stays in the graph (the gradient flows back unchanged).

        >>> import ad_core
        >>> x = ad_core.ones(2, requires_grad=True)
        >>> y = x.clone()
        >>> y.array is x.array, y.requires_grad
        (False, True)
        """
        from .copy import Clone

        return Clone.apply(self._self())

    def contiguous(self, memory_format: Any = None) -> Tensor:
        """Self when its data is C-contiguous, else a contiguous copy (in the graph).

        >>> import ad_core
        >>> ad_core.zeros(2, 3).t().contiguous().is_contiguous()
        True
        """
        if self.array.flags.c_contiguous:
            return self._self()
        return self.clone()

    def is_contiguous(self, memory_format: Any = None) -> builtins.bool:
        """Whether the data is laid out in C order without gaps.

        >>> import ad_core
        >>> ad_core.zeros(2, 3).t().is_contiguous()
        False
        """
        return builtins.bool(self.array.flags.c_contiguous)

    def _self(self) -> Tensor:
        out: Tensor = self  # type: ignore[assignment]  # the mixin is only ever a Tensor
        return out
