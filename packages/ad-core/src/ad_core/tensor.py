"""``Tensor``: a NumPy array with a gradient and a place in the graph."""

from __future__ import annotations

import builtins
import weakref
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from . import dispatch
from .dtype import get_default_dtype
from .tensor_conversion import ConversionMethods
from .tensor_inplace import InplaceMethods
from .tensor_math import MathMethods
from .tensor_shape import ShapeMethods
from .types import DTypeLike, NDArray, TensorLike

if TYPE_CHECKING:
    from .function import Function

Hook = Callable[["Tensor"], "Tensor | None"]


def to_array(data: Any, dtype: DTypeLike | None = None, op: str = "tensor") -> NDArray:
    """Convert ``data`` to an array: Python floats take the default dtype,
    NumPy arrays keep theirs unless ``dtype`` is given. Anything but numbers
    (strings, objects, ragged lists) raises, naming ``op``."""
    if isinstance(data, Tensor):
        data = data.array
    if isinstance(data, np.ndarray | np.generic):
        array = np.asarray(data, dtype=dtype)
    else:
        try:
            array = np.asarray(data, dtype=dtype)
        except ValueError as err:
            if "inhomogeneous" in str(err) or "sequence" in str(err):
                raise ValueError(
                    f"{op}: data is a ragged nested sequence (its lists have different "
                    "lengths); expected a rectangular one"
                ) from None
            raise ValueError(
                f"{op}: cannot convert data of type {type(data).__name__} to a tensor ({err})"
            ) from None
        if dtype is None and array.dtype.kind == "f" and array.dtype != get_default_dtype():
            array = array.astype(get_default_dtype())
    if array.dtype.kind not in "biufc":
        raise TypeError(
            f"{op}: expected data of numbers (bool, int, float or complex), got "
            f"{type(data).__name__} of dtype {array.dtype}"
        )
    return array


class Tensor(MathMethods, ShapeMethods, ConversionMethods, InplaceMethods):
    """A NumPy array (``array``) that can record the operations applied to it.

    ``array`` is the storage itself: views of a tensor share it, and so does
    the version counter that in-place operations bump (see ``tensor_inplace``).
    ``data`` is, as in PyTorch, a tensor sharing the storage outside the graph
    and outside version tracking.

    Parameters
    ----------
    data:
        Array-like. Python floats and lists of floats take the default dtype
        (float32); NumPy arrays keep their dtype.
    requires_grad:
        Record operations on this tensor so that ``backward`` fills ``grad``.
        Only floating tensors can require grad.
    dtype:
        Convert ``data`` to this dtype.

    Examples
    --------
    >>> import ad_core
    >>> x = ad_core.tensor([1.0, 2.0, 3.0], requires_grad=True)
    >>> y = (x * x).sum()
    >>> y.backward()
    >>> x.grad
    tensor([2., 4., 6.])
    """

    # The attributes every tensor sets are slots; the rarely set ones (hooks,
    # retain_grad, the base of a view) keep class-level defaults and go to a
    # __dict__ made only for the tensors that set them.
    __slots__ = (
        "__dict__",
        "__weakref__",
        "_version_counter",
        "array",
        "grad",
        "grad_fn",
        "requires_grad",
    )

    # NumPy must hand `array + tensor` to Tensor.__radd__ instead of converting.
    __array_ufunc__ = None
    __hash__ = object.__hash__

    array: NDArray
    grad: Tensor | None
    grad_fn: Function | None
    requires_grad: bool
    # One per storage, shared by its views: a one-element list, bumped by
    # every in-place change (a list is the cheapest mutable cell to create).
    _version_counter: list[int]
    # For a view: the tensor whose storage it views, and the view operations
    # (Function class, keyword arguments) that lead from that tensor to it.
    _base: Tensor | None = None
    _view_fn: tuple[tuple[type[Function], dict[str, Any]], ...] = ()
    _hooks: list[Hook] | None = None
    _retains_grad: bool = False

    def __init__(
        self, data: Any, requires_grad: bool = False, dtype: DTypeLike | None = None
    ) -> None:
        self.array = to_array(data, dtype, "Tensor")
        self.grad = None
        self.grad_fn = None
        self.requires_grad = False
        self._version_counter = [0]
        if requires_grad is not False:
            self.requires_grad_(requires_grad)

    @staticmethod
    def _wrap(data: NDArray) -> Tensor:
        """A tensor outside any graph, sharing ``data`` (no checks, no copy)."""
        t = object.__new__(Tensor)
        # NumPy gives scalars for 0-d results; a tensor always holds an array.
        t.array = data if type(data) is np.ndarray else np.asarray(data)
        t.grad = None
        t.grad_fn = None
        t.requires_grad = False
        t._version_counter = [0]
        return t

    @staticmethod
    def _from_function(data: NDArray, fn: Function) -> Tensor:
        """The output of ``fn`` in the graph."""
        t = object.__new__(Tensor)
        t.array = data
        t.grad = None
        t.grad_fn = fn
        t.requires_grad = True
        t._version_counter = [0]
        return t

    # --- attributes -------------------------------------------------------------

    if not TYPE_CHECKING:  # a __getattr__ would make mypy accept any attribute

        def __getattr__(self, name: str) -> Any:
            # Only reached for a missing attribute: suggest an ad_ops function of
            # that name when one exists, and nothing that does not.
            hint = ""
            if dispatch.provided(name):
                hint = f"; use the function `{dispatch.provider_name()}.{name}(tensor, ...)`"
            elif not name.startswith("_"):
                hint = " (not supported)"
            raise AttributeError(f"'Tensor' object has no attribute '{name}'{hint}")

    @property
    def data(self) -> Tensor:
        """A tensor sharing this storage, outside the graph and outside version
        tracking, as ``torch.Tensor.data``: updates through it (the classic
        ``p.data.add_(g, alpha=-lr)``) are invisible to autograd. Assigning a
        tensor or array replaces the storage.

        >>> import ad_core
        >>> p = ad_core.ones(2, requires_grad=True)
        >>> _ = p.data.mul_(3)
        >>> p
        tensor([3., 3.], requires_grad=True)
        """
        return Tensor._wrap(self.array)

    @data.setter
    def data(self, value: Any) -> None:
        array = value.array if isinstance(value, Tensor) else np.asarray(value)
        if self.requires_grad and array.dtype.kind not in "fc":
            raise TypeError(
                f"data: cannot assign a {array.dtype} array to a tensor that requires grad"
            )
        self.array = array

    @property
    def _version(self) -> int:
        """How many in-place changes this storage has seen, as ``torch.Tensor._version``.

        >>> import ad_core
        >>> x = ad_core.zeros(2)
        >>> _ = x.add_(1)
        >>> x._version
        1
        """
        return self._version_counter[0]

    @property
    def is_leaf(self) -> bool:
        """True for tensors created by the user, not by a recorded operation."""
        return self.grad_fn is None

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of ``data``."""
        return self.array.shape

    @property
    def ndim(self) -> int:
        """The number of dimensions."""
        return self.array.ndim

    @property
    def dtype(self) -> np.dtype[Any]:
        """The NumPy dtype of ``data``."""
        return self.array.dtype

    def dim(self) -> int:
        """The number of dimensions, as ``torch.Tensor.dim``."""
        return self.array.ndim

    def size(self, dim: int | None = None) -> Any:
        """The shape, or the length of one dimension, as ``torch.Tensor.size``.

        >>> import ad_core
        >>> ad_core.zeros(2, 3).size(), ad_core.zeros(2, 3).size(-1)
        ((2, 3), 3)
        """
        if dim is None:
            return self.array.shape
        return self.array.shape[dim]

    def numel(self) -> int:
        """The number of elements."""
        return int(self.array.size)

    # --- conversion -------------------------------------------------------------

    def numpy(self) -> NDArray:
        """The underlying array (shared, not copied); refused while it requires grad."""
        if self.requires_grad:
            raise RuntimeError(
                "numpy: can't call numpy() on a tensor that requires grad; "
                "use tensor.detach().numpy() instead"
            )
        return self.array

    def item(self) -> Any:
        """The value of a one-element tensor as a Python number."""
        if self.array.size != 1:
            raise ValueError(
                f"item: only one-element tensors can be converted to a Python scalar, "
                f"got shape {self.shape}"
            )
        return self.array.item()

    def tolist(self) -> Any:
        """The data as (nested) Python lists."""
        return self.array.tolist()

    def detach(self) -> Tensor:
        """A tensor sharing this storage (and its version counter), outside the graph."""
        t = Tensor._wrap(self.array)
        t._version_counter = self._version_counter
        return t

    def astype(self, dtype: DTypeLike) -> Tensor:
        """Cast to ``dtype``; differentiable between floating dtypes."""
        from .cast import Cast
        from .dtype import resolve_dtype

        return Cast.apply(self, dtype=resolve_dtype("astype", dtype))

    def __array__(self, dtype: DTypeLike | None = None, copy: bool | None = None) -> NDArray:
        return self.array if dtype is None else self.array.astype(dtype)

    def __len__(self) -> int:
        if self.array.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return len(self.array)

    def __iter__(self) -> Iterator[Tensor]:
        if self.array.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        for i in range(len(self)):
            yield self[i]

    def __bool__(self) -> bool:
        if self.array.size != 1:
            raise RuntimeError(
                f"bool: Boolean value of Tensor with more than one value ({self.array.size} "
                "elements) is ambiguous; use .any() or .all() (with ad_ops imported), or "
                ".item() for a one-element tensor"
            )
        return bool(self.array)

    def __index__(self) -> int:
        if self.array.size != 1 or self.array.dtype.kind not in "iub":
            raise TypeError(
                "__index__: only integer tensors of a single element can be used as an "
                f"index, got dtype {self.array.dtype} and shape {self.shape}"
            )
        return int(self.array.item())

    def __float__(self) -> builtins.float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def __repr__(self) -> str:
        prefix = "tensor("
        data = self.array
        style: dict[str, Any] = {}
        if data.dtype.kind == "f" and data.size:
            finite = data[np.isfinite(data)]
            if finite.size and not np.array_equal(finite, np.round(finite)):
                # PyTorch's style: four decimals unless every value is whole.
                style = {"precision": 4, "floatmode": "fixed"}
        body = np.array2string(data, separator=", ", prefix=prefix, **style)
        extras = []
        if self.array.dtype not in (get_default_dtype(), np.dtype(np.int64), np.dtype(np.bool_)):
            extras.append(f"dtype={self.array.dtype}")
        if self.grad_fn is not None:
            extras.append(f"grad_fn={self.grad_fn!r}")
        elif self.requires_grad:
            extras.append("requires_grad=True")
        return prefix + body + "".join(", " + e for e in extras) + ")"

    # --- autograd ---------------------------------------------------------------

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Set ``requires_grad`` in place on a leaf; returns self."""
        if not isinstance(requires_grad, bool | np.bool_):
            raise TypeError(
                f"requires_grad_: expected requires_grad to be a bool, got {requires_grad!r}"
            )
        requires_grad = bool(requires_grad)
        if requires_grad and self.array.dtype.kind not in "fc":
            raise TypeError(
                f"requires_grad_: only floating tensors can require gradients, got {self.dtype}"
            )
        if not requires_grad and self.grad_fn is not None:
            raise RuntimeError(
                "requires_grad_: can only change requires_grad of leaf tensors; use detach()"
            )
        self.requires_grad = requires_grad
        return self

    def retain_grad(self) -> None:
        """Keep ``grad`` for this non-leaf tensor after backward."""
        if not self.requires_grad:
            raise RuntimeError(
                "retain_grad: can't retain_grad on a tensor that doesn't require grad"
            )
        if self.grad_fn is not None:
            self._retains_grad = True
            self.grad_fn._owner = weakref.ref(self)

    def register_hook(self, hook: Hook) -> RemovableHandle:
        """Call ``hook(grad)`` when this tensor's gradient is computed; a hook
        that returns a tensor replaces the gradient.

        >>> import ad_core
        >>> x = ad_core.tensor([1.0, 2.0], requires_grad=True)
        >>> handle = x.register_hook(lambda g: g * 10)
        >>> (x * 1).sum().backward()
        >>> x.grad
        tensor([10., 10.])
        >>> handle.remove()
        """
        if not self.requires_grad:
            raise RuntimeError(
                "register_hook: cannot register a hook on a tensor that doesn't require grad"
            )
        if self._hooks is None:
            self._hooks = []
        if self.grad_fn is not None:
            self.grad_fn._owner = weakref.ref(self)
        self._hooks.append(hook)
        return RemovableHandle(self._hooks, hook)

    def backward(
        self,
        gradient: TensorLike | None = None,
        retain_graph: bool | None = None,
        create_graph: bool = False,
        inputs: Sequence[Tensor] | None = None,
    ) -> None:
        """Accumulate the gradient of this tensor into ``.grad`` of the leaves.

        ``gradient`` is required unless the tensor has one element. The graph's
        saved values are freed afterwards unless ``retain_graph=True``;
        ``create_graph=True`` records the backward pass itself so that the
        gradients can be differentiated again.
        """
        from .engine import backward

        backward(
            [self],
            None if gradient is None else [gradient],
            retain_graph=retain_graph,
            create_graph=create_graph,
            inputs=inputs,
        )

    # --- operators (Functions in ad_core) ---------------------------------------

    def __add__(self, other: TensorLike) -> Tensor:
        return arithmetic.Add.apply(self, other)

    def __radd__(self, other: TensorLike) -> Tensor:
        return arithmetic.Add.apply(other, self)

    def __sub__(self, other: TensorLike) -> Tensor:
        return arithmetic.Sub.apply(self, other)

    def __rsub__(self, other: TensorLike) -> Tensor:
        return arithmetic.Sub.apply(other, self)

    def __mul__(self, other: TensorLike) -> Tensor:
        return arithmetic.Mul.apply(self, other)

    def __rmul__(self, other: TensorLike) -> Tensor:
        return arithmetic.Mul.apply(other, self)

    def __truediv__(self, other: TensorLike) -> Tensor:
        return arithmetic.Div.apply(self, other)

    def __rtruediv__(self, other: TensorLike) -> Tensor:
        return arithmetic.Div.apply(other, self)

    def __pow__(self, other: TensorLike) -> Tensor:
        return arithmetic.Pow.apply(self, other)

    def __rpow__(self, other: TensorLike) -> Tensor:
        return arithmetic.Pow.apply(other, self)

    def __neg__(self) -> Tensor:
        return arithmetic.Neg.apply(self)

    def __pos__(self) -> Tensor:
        return self

    def __matmul__(self, other: TensorLike) -> Tensor:
        return matmul.MatMul.apply(self, other)

    def __rmatmul__(self, other: TensorLike) -> Tensor:
        return matmul.MatMul.apply(other, self)

    def __getitem__(self, index: Any) -> Tensor:
        return indexing.Index.apply(self, index=indexing.normalize_index(index))

    def _compare(self, op: Callable[[Any, Any], Any], other: object) -> Tensor:
        value = other.array if isinstance(other, Tensor) else other
        try:
            return Tensor._wrap(np.asarray(op(self.array, value)))
        except ValueError:
            shape = getattr(value, "shape", np.shape(np.asarray(value)))
            raise ValueError(
                f"{op.__name__}: shapes {self.shape} and {shape} cannot be broadcast"
            ) from None

    def __lt__(self, other: Any) -> Tensor:
        return self._compare(np.less, other)

    def __le__(self, other: Any) -> Tensor:
        return self._compare(np.less_equal, other)

    def __gt__(self, other: Any) -> Tensor:
        return self._compare(np.greater, other)

    def __ge__(self, other: Any) -> Tensor:
        return self._compare(np.greater_equal, other)

    def __eq__(self, other: object) -> Tensor:  # type: ignore[override]
        return self._compare(np.equal, other)

    def __ne__(self, other: object) -> Tensor:  # type: ignore[override]
        return self._compare(np.not_equal, other)

    def _logical(self, op: Callable[[Any, Any], Any], other: Any) -> Tensor:
        if self.array.dtype.kind not in "biu":
            raise TypeError(f"{op.__name__}: expected a bool or integer tensor, got {self.dtype}")
        return self._compare(op, other)

    def __and__(self, other: Any) -> Tensor:
        return self._logical(np.bitwise_and, other)

    __rand__ = __and__

    def __or__(self, other: Any) -> Tensor:
        return self._logical(np.bitwise_or, other)

    __ror__ = __or__

    def __xor__(self, other: Any) -> Tensor:
        return self._logical(np.bitwise_xor, other)

    __rxor__ = __xor__

    def __invert__(self) -> Tensor:
        if self.array.dtype.kind not in "biu":
            raise TypeError(f"invert: expected a bool or integer tensor, got {self.dtype}")
        return Tensor._wrap(np.invert(self.array))

    def eq(self, other: Any) -> Tensor:
        """``self == other``, elementwise.

        >>> import ad_core
        >>> ad_core.tensor([1, 2]).eq(2)
        tensor([False,  True])
        """
        return self._compare(np.equal, other)

    def ne(self, other: Any) -> Tensor:
        """``self != other``, elementwise.

        >>> import ad_core
        >>> ad_core.tensor([1, 2]).ne(2)
        tensor([ True, False])
        """
        return self._compare(np.not_equal, other)

    def lt(self, other: Any) -> Tensor:
        """``self < other``, elementwise.

        >>> import ad_core
        >>> ad_core.tensor([1, 2]).lt(2)
        tensor([ True, False])
        """
        return self._compare(np.less, other)

    def le(self, other: Any) -> Tensor:
        """``self <= other``, elementwise.

        >>> import ad_core
        >>> ad_core.tensor([1, 2]).le(1)
        tensor([ True, False])
        """
        return self._compare(np.less_equal, other)

    def gt(self, other: Any) -> Tensor:
        """``self > other``, elementwise.

        >>> import ad_core
        >>> ad_core.tensor([1, 2]).gt(1)
        tensor([False,  True])
        """
        return self._compare(np.greater, other)

    def ge(self, other: Any) -> Tensor:
        """``self >= other``, elementwise.

        >>> import ad_core
        >>> ad_core.tensor([1, 2]).ge(2)
        tensor([False,  True])
        """
        return self._compare(np.greater_equal, other)

    # --- arithmetic as methods ------------------------------------------------------

    def add(self, other: TensorLike, *, alpha: Any = 1) -> Tensor:
        """``self + alpha * other``.

        >>> import ad_core
        >>> ad_core.tensor([1.0]).add(ad_core.tensor([2.0]), alpha=10)
        tensor([21.])
        """
        return arithmetic.Add.apply(self, other if alpha == 1 else other * alpha)

    def sub(self, other: TensorLike, *, alpha: Any = 1) -> Tensor:
        """``self - alpha * other``.

        >>> import ad_core
        >>> ad_core.tensor([1.0]).sub(ad_core.tensor([2.0]), alpha=10)
        tensor([-19.])
        """
        return arithmetic.Sub.apply(self, other if alpha == 1 else other * alpha)

    def mul(self, other: TensorLike) -> Tensor:
        """``self * other``.

        >>> import ad_core
        >>> ad_core.tensor([3.0]).mul(2)
        tensor([6.])
        """
        return arithmetic.Mul.apply(self, other)

    def div(self, other: TensorLike, *, rounding_mode: str | None = None) -> Tensor:
        """``self / other``; ``rounding_mode="floor"`` or ``"trunc"`` rounds the
        quotient (that needs ad_ops).

        >>> import ad_core
        >>> ad_core.tensor([3.0]).div(2)
        tensor([1.5000])
        """
        if rounding_mode is None:
            return arithmetic.Div.apply(self, other)
        out: Tensor = dispatch.call("div", self, other, rounding_mode=rounding_mode)
        return out

    true_divide = div

    def pow(self, exponent: TensorLike) -> Tensor:
        """``self ** exponent``.

        >>> import ad_core
        >>> ad_core.tensor([3.0]).pow(2)
        tensor([9.])
        """
        return arithmetic.Pow.apply(self, exponent)

    # --- core methods -------------------------------------------------------------

    def sum(
        self,
        dim: int | Sequence[int] | None = None,
        keepdim: bool = False,
        *,
        dtype: DTypeLike | None = None,
    ) -> Tensor:
        """Sum over ``dim`` (all dimensions when None), in ``dtype`` when given.

        >>> import ad_core
        >>> ad_core.tensor([[1, 2], [3, 4]]).sum(0)
        tensor([4, 6])
        """
        source = self if dtype is None else self.to(dtype)
        return reduction.Sum.apply(source, dim=dim, keepdim=keepdim)

    def mean(
        self,
        dim: int | Sequence[int] | None = None,
        keepdim: bool = False,
        *,
        dtype: DTypeLike | None = None,
    ) -> Tensor:
        """Mean over ``dim`` (all dimensions when None), in ``dtype`` when given.

        >>> import ad_core
        >>> ad_core.tensor([[1.0, 2.0], [3.0, 4.0]]).mean(1)
        tensor([1.5000, 3.5000])
        """
        source = self if dtype is None else self.to(dtype)
        return reduction.Mean.apply(source, dim=dim, keepdim=keepdim)

    def reshape(self, *shape: Any) -> Tensor:
        """The same data in a new shape (a view when the layout allows it, else
        a copy); one dimension may be -1.

        >>> import ad_core
        >>> ad_core.arange(6).reshape(2, -1).shape
        (2, 3)
        """
        if len(shape) == 1 and isinstance(shape[0], tuple | list):
            shape = tuple(shape[0])
        return shape_ops.Reshape.apply(self, shape=shape)

    def view(self, *shape: Any) -> Tensor:
        """The same data in a new shape, never copied, as ``torch.Tensor.view``:
        a layout that needs a copy (a transposed tensor, say) raises; use
        ``reshape`` there.

        >>> import ad_core
        >>> ad_core.arange(6).view(3, 2).shape
        (3, 2)
        """
        if len(shape) == 1 and isinstance(shape[0], tuple | list):
            shape = tuple(shape[0])
        return shape_ops.View.apply(self, shape=shape)

    def view_as(self, other: Tensor) -> Tensor:
        """``self.view(other.shape)``.

        >>> import ad_core
        >>> ad_core.arange(4).view_as(ad_core.zeros(2, 2)).shape
        (2, 2)
        """
        return shape_ops.View.apply(self, shape=other.shape)

    def reshape_as(self, other: Tensor) -> Tensor:
        """``self.reshape(other.shape)``.

        >>> import ad_core
        >>> ad_core.arange(4).reshape_as(ad_core.zeros(2, 2)).shape
        (2, 2)
        """
        return shape_ops.Reshape.apply(self, shape=other.shape)

    def expand(self, *sizes: Any) -> Tensor:
        """This tensor seen in a larger shape without copying: size-1
        dimensions repeat, ``-1`` keeps a size, new dimensions lead.

        >>> import ad_core
        >>> ad_core.tensor([[1], [2]]).expand(2, 3)
        tensor([[1, 1, 1],
                [2, 2, 2]])
        """
        if len(sizes) == 1 and isinstance(sizes[0], tuple | list):
            sizes = tuple(sizes[0])
        return broadcast.Expand.apply(self, shape=tuple(sizes))

    def expand_as(self, other: Tensor) -> Tensor:
        """``self.expand(other.shape)``.

        >>> import ad_core
        >>> ad_core.tensor([1, 2]).expand_as(ad_core.zeros(2, 2)).tolist()
        [[1, 2], [1, 2]]
        """
        return broadcast.Expand.apply(self, shape=other.shape)

    def transpose(self, dim0: int, dim1: int) -> Tensor:
        """Swap two dimensions (a view).

        >>> import ad_core
        >>> ad_core.zeros(2, 3, 4).transpose(0, 2).shape
        (4, 3, 2)
        """
        return shape_ops.Permute.apply(self, dims=shape_ops.swap_dims(self.ndim, dim0, dim1))

    swapaxes = swapdims = transpose

    def t(self) -> Tensor:
        """The transpose of a matrix; vectors and scalars come back as they are.

        >>> import ad_core
        >>> ad_core.zeros(2, 3).t().shape
        (3, 2)
        """
        if self.array.ndim > 2:
            raise ValueError(
                f"t: expected a tensor of at most 2 dimensions, got shape {self.shape}"
            )
        if self.array.ndim < 2:
            return self
        return shape_ops.Permute.apply(self, dims=(1, 0))

    def permute(self, *dims: Any) -> Tensor:
        """Reorder the dimensions (a view).

        >>> import ad_core
        >>> ad_core.zeros(2, 3, 4).permute(2, 0, 1).shape
        (4, 2, 3)
        """
        if len(dims) == 1 and isinstance(dims[0], tuple | list):
            dims = tuple(dims[0])
        return shape_ops.Permute.apply(self, dims=dims)

    @property
    def T(self) -> Tensor:
        """All dimensions reversed."""
        return shape_ops.Permute.apply(self, dims=tuple(range(self.ndim - 1, -1, -1)))

    @property
    def mT(self) -> Tensor:
        """The last two dimensions swapped."""
        n = self.array.ndim
        if n < 2:
            raise ValueError(
                f"mT: expected a tensor of at least 2 dimensions, got shape {self.shape}"
            )
        return shape_ops.Permute.apply(self, dims=(*range(n - 2), n - 1, n - 2))


class RemovableHandle:
    """Returned by ``register_hook``; ``remove()`` unregisters the hook.

    Examples
    --------
    >>> import ad_core
    >>> x = ad_core.tensor([1.0], requires_grad=True)
    >>> handle = x.register_hook(lambda g: g * 0)
    >>> handle.remove()
    >>> (x * 3).sum().backward()
    >>> x.grad
    tensor([3.])
    """

    def __init__(self, hooks: list[Hook], hook: Hook) -> None:
        self._hooks = hooks
        self._hook = hook

    def remove(self) -> None:
        """Unregister the hook (no-op when already removed)."""
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)


# The operator Functions need `Tensor`, so they are imported once it exists.
from . import arithmetic, broadcast, indexing, matmul, reduction  # noqa: E402
from . import shape as shape_ops  # noqa: E402
