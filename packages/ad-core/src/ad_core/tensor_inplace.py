"""``Tensor``'s in-place operations, with PyTorch's autograd semantics:
``add_``, ``mul_``, ``masked_fill_``, ``copy_``, ``x[mask] = v``, ``+=``...

Every storage has a version counter, shared by the tensors that view it and
bumped by every in-place change. A node of the graph records the versions of
its inputs and output when it runs, and refuses in backward to use a saved
value whose storage changed since (``Function.saved_tensors``): a wrong
gradient is never returned silently.

Without a graph to record (grad mode off, or nothing involved requires grad)
an in-place operation just writes into the storage. With one, it computes
the out-of-place result from the old value and writes that into the storage,
and the tensor is *rebased*: its ``grad_fn`` becomes the node of the result,
which leads back to the old value's node. Writing into a view also rebases
the viewed tensor (see ``rebase.py``). As in PyTorch, a leaf that requires
grad, or a view of one, cannot be changed in place while grad mode is on:
update it under ``no_grad()`` or through ``.data``.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from .dispatch import call
from .grad_mode import _state

if TYPE_CHECKING:
    from .tensor import Tensor
    from .types import NDArray, TensorLike

Compute = Callable[["Tensor"], "Tensor"]


def _requires_grad(value: Any) -> builtins.bool:
    return builtins.bool(getattr(value, "requires_grad", False))


def update(
    tensor: Tensor,
    name: str,
    compute: Compute,
    *others: Any,
    reads_old: builtins.bool = True,
) -> Tensor:
    """Replace the values of ``tensor`` by ``compute(old value)`` in place.

    ``others`` are the other operands (whether they require grad decides if a
    graph is recorded); ``reads_old=False`` says that ``compute``'s backward
    does not need the old value, which then is not copied.
    """
    if not _state.enabled or not (tensor.requires_grad or any(map(_requires_grad, others))):
        _write(tensor, name, compute(tensor).array)
        return tensor
    _check_leaf(tensor, name)
    base = tensor._base
    old_base = None if base is None else _old_value(base, copy=True)
    result = compute(_old_value(tensor, copy=reads_old))
    _write(tensor, name, result.array)
    tensor.grad_fn = result.grad_fn
    tensor.requires_grad = result.requires_grad
    if base is not None and old_base is not None:
        _rebase_view(tensor, base, old_base, result)
    return tensor


def bump_version(*tensors: Tensor) -> None:
    """Record that the storage of ``tensors`` changed in place outside Tensor's
    in-place methods: for code that writes ``tensor.array`` with NumPy (an
    optimizer step, say), so that a graph that saved them refuses to use them.

    >>> import ad_core
    >>> w = ad_core.zeros(2)
    >>> w.array += 1
    >>> ad_core.bump_version(w)
    >>> w._version
    1
    """
    for t in tensors:
        t._version_counter[0] += 1


def _check_leaf(tensor: Tensor, name: str) -> None:
    if tensor.requires_grad and tensor.grad_fn is None:
        raise RuntimeError(
            f"{name}: a leaf Variable that requires grad is being used in an in-place "
            "operation. (Change it under `with no_grad():` or through `.data`.)"
        )
    base = tensor._base
    if base is not None and base.requires_grad and base.grad_fn is None:
        raise RuntimeError(
            f"{name}: a view of a leaf Variable that requires grad is being used in an "
            "in-place operation. (Change it under `with no_grad():` or through `.data`.)"
        )


def _old_value(tensor: Tensor, copy: builtins.bool) -> Tensor:
    """A distinct tensor standing for ``tensor``'s value before the change: in
    the graph at ``tensor``'s node, holding a copy of its values (or, when
    nothing will read them, its storage and version counter)."""
    from .tensor import Tensor

    array = tensor.array.copy() if copy else tensor.array
    if tensor.grad_fn is not None:
        old = Tensor._from_function(array, tensor.grad_fn)
    else:
        old = Tensor._wrap(array)
    if not copy:
        old._version_counter = tensor._version_counter
    return old


def _fits(shape: tuple[builtins.int, ...], target: tuple[builtins.int, ...]) -> builtins.bool:
    """Whether an operand of ``shape`` broadcasts to ``target`` without growing it."""
    try:
        return np.broadcast_shapes(shape, target) == target
    except ValueError:
        return False


def _write(tensor: Tensor, name: str, array: NDArray) -> None:
    """Copy ``array`` into ``tensor``'s storage and bump its version."""
    target = tensor.array
    if array is not target:
        if not _fits(array.shape, target.shape):
            raise RuntimeError(
                f"{name}: the result of shape {array.shape} does not fit in place into the "
                f"tensor of shape {target.shape}"
            )
        try:
            np.copyto(target, array, casting="same_kind")
        except TypeError:
            raise RuntimeError(
                f"{name}: result type {array.dtype} can't be cast to the desired output type "
                f"{target.dtype}"
            ) from None
        except ValueError:
            raise RuntimeError(_READ_ONLY.format(name=name)) from None
    tensor._version_counter[0] += 1


_READ_ONLY = (
    "{name}: unsupported operation: more than one element of the written-to tensor refers "
    "to a single memory location (an expanded or broadcast view). Please clone() the "
    "tensor before performing the operation."
)


def _rebase_view(view: Tensor, base: Tensor, old_base: Tensor, result: Tensor) -> None:
    """After writing ``result`` into ``view``: the base is its old value with
    the view's elements replaced, and the view is that view of the new base."""
    from .rebase import ViewPut, view_tensor

    new_base = ViewPut.apply(old_base, result, view_fn=view._view_fn)
    base.grad_fn = new_base.grad_fn
    base.requires_grad = new_base.requires_grad
    view.grad_fn = view_tensor(base, view._view_fn).grad_fn


def _ufunc_inplace(
    tensor: Tensor, name: str, ufunc: np.ufunc, other: Any, compute: Compute
) -> Tensor:
    """A binary in-place update, with one NumPy call when there is no graph."""
    if _state.enabled and (tensor.requires_grad or _requires_grad(other)):
        return update(tensor, name, compute, other, reads_old=ufunc in _READS_OLD)
    value = getattr(other, "array", other)
    try:
        ufunc(tensor.array, value, out=tensor.array, casting="same_kind")
    except TypeError:
        raise RuntimeError(
            f"{name}: result type {np.result_type(tensor.array, value)} can't be cast to the "
            f"desired output type {tensor.dtype}"
        ) from None
    except ValueError as err:
        if "read-only" in str(err):
            raise RuntimeError(_READ_ONLY.format(name=name)) from None
        raise RuntimeError(
            f"{name}: the operand of shape {np.shape(value)} does not broadcast in place to "
            f"the tensor of shape {tensor.shape}"
        ) from None
    tensor._version_counter[0] += 1
    return tensor


# Multiplication and division need the old value for the other operand's gradient.
_READS_OLD = (np.multiply, np.divide)


def _assign(target: NDArray, index: Any, value: Any) -> None:
    """``target[index] = value``, where a ``(1,)`` value may fill one element."""
    from .indexing import squeeze_leading_ones

    try:
        target[index] = value
    except ValueError:
        target[index] = squeeze_leading_ones(np.asarray(value), target[index].ndim)


class InplaceMethods:
    """The in-place methods of ``Tensor`` (names ending in ``_``, ``x[i] = v``,
    ``+=``), with PyTorch's autograd semantics; see the module docstring.

    >>> import ad_core
    >>> x = ad_core.ones(3)
    >>> x[1] = 5.0
    >>> x += 1
    >>> x, x._version
    (tensor([2., 6., 2.]), 2)
    """

    __slots__ = ()

    if TYPE_CHECKING:
        array: NDArray
        requires_grad: builtins.bool

    def _me(self) -> Tensor:
        out: Tensor = self  # type: ignore[assignment]  # the mixin is only ever a Tensor
        return out

    # --- arithmetic -----------------------------------------------------------------

    def add_(self, other: TensorLike, *, alpha: Any = 1) -> Tensor:
        """``self += alpha * other`` in place.

        >>> import ad_core
        >>> ad_core.ones(2).add_(ad_core.ones(2), alpha=3)
        tensor([4., 4.])
        """
        if alpha != 1:
            other = other * alpha
        return _ufunc_inplace(self._me(), "add_", np.add, other, lambda old: old + other)

    def sub_(self, other: TensorLike, *, alpha: Any = 1) -> Tensor:
        """``self -= alpha * other`` in place.

        >>> import ad_core
        >>> ad_core.ones(2).sub_(2)
        tensor([-1., -1.])
        """
        if alpha != 1:
            other = other * alpha
        return _ufunc_inplace(self._me(), "sub_", np.subtract, other, lambda old: old - other)

    def mul_(self, other: TensorLike) -> Tensor:
        """``self *= other`` in place.

        >>> import ad_core
        >>> ad_core.ones(2).mul_(3)
        tensor([3., 3.])
        """
        return _ufunc_inplace(self._me(), "mul_", np.multiply, other, lambda old: old * other)

    def div_(self, other: TensorLike) -> Tensor:
        """``self /= other`` in place.

        >>> import ad_core
        >>> ad_core.ones(2).div_(4)
        tensor([0.2500, 0.2500])
        """
        return _ufunc_inplace(self._me(), "div_", np.divide, other, lambda old: old / other)

    def pow_(self, exponent: TensorLike) -> Tensor:
        """``self **= exponent`` in place.

        >>> import ad_core
        >>> ad_core.full((2,), 3.0).pow_(2)
        tensor([9., 9.])
        """
        return update(self._me(), "pow_", lambda old: old**exponent, exponent)

    def neg_(self) -> Tensor:
        """``self = -self`` in place.

        >>> import ad_core
        >>> ad_core.ones(2).neg_()
        tensor([-1., -1.])
        """
        return update(self._me(), "neg_", lambda old: -old, reads_old=False)

    def lerp_(self, end: TensorLike, weight: TensorLike) -> Tensor:
        """``self += weight * (end - self)`` in place (an exponential moving average).

        >>> import ad_core
        >>> ad_core.zeros(1).lerp_(ad_core.ones(1), 0.25)
        tensor([0.2500])
        """
        return update(self._me(), "lerp_", lambda old: old + weight * (end - old), end, weight)

    def addcmul_(self, tensor1: TensorLike, tensor2: TensorLike, *, value: Any = 1) -> Tensor:
        """``self += value * tensor1 * tensor2`` in place.

        >>> import ad_core
        >>> ad_core.zeros(1).addcmul_(ad_core.full((1,), 2.0), ad_core.full((1,), 3.0), value=2)
        tensor([12.])
        """
        return update(
            self._me(),
            "addcmul_",
            lambda old: old + tensor1 * tensor2 * value,
            tensor1,
            tensor2,
            reads_old=False,
        )

    def addcdiv_(self, tensor1: TensorLike, tensor2: TensorLike, *, value: Any = 1) -> Tensor:
        """``self += value * tensor1 / tensor2`` in place.

        >>> import ad_core
        >>> ad_core.zeros(1).addcdiv_(ad_core.full((1,), 3.0), ad_core.full((1,), 2.0))
        tensor([1.5000])
        """
        return update(
            self._me(),
            "addcdiv_",
            lambda old: old + tensor1 / tensor2 * value,
            tensor1,
            tensor2,
            reads_old=False,
        )

    def __iadd__(self, other: TensorLike) -> Tensor:
        return self.add_(other)

    def __isub__(self, other: TensorLike) -> Tensor:
        return self.sub_(other)

    def __imul__(self, other: TensorLike) -> Tensor:
        return self.mul_(other)

    def __itruediv__(self, other: TensorLike) -> Tensor:
        return self.div_(other)

    def __ipow__(self, other: TensorLike) -> Tensor:
        return self.pow_(other)

    def _logical_(self, name: str, ufunc: np.ufunc, other: Any) -> Tensor:
        if self.array.dtype.kind not in "biu":
            raise TypeError(f"{name}: expected a bool or integer tensor, got {self.array.dtype}")
        return _ufunc_inplace(self._me(), name, ufunc, other, lambda old: old)

    def __iand__(self, other: Any) -> Tensor:
        return self._logical_("bitwise_and_", np.bitwise_and, other)

    def __ior__(self, other: Any) -> Tensor:
        return self._logical_("bitwise_or_", np.bitwise_or, other)

    def __ixor__(self, other: Any) -> Tensor:
        return self._logical_("bitwise_xor_", np.bitwise_xor, other)

    # --- elementwise functions (in ad_ops) -----------------------------------------------

    def exp_(self) -> Tensor:
        """``self = exp(self)`` in place (needs ad_ops).

        >>> import ad_core, ad_ops
        >>> ad_core.zeros(1).exp_()
        tensor([1.])
        """
        return update(self._me(), "exp_", lambda old: call("exp", old), reads_old=False)

    def log_(self) -> Tensor:
        """``self = log(self)`` in place (needs ad_ops).

        >>> import ad_core, ad_ops
        >>> ad_core.ones(1).log_()
        tensor([0.])
        """
        return update(self._me(), "log_", lambda old: call("log", old))

    def sqrt_(self) -> Tensor:
        """``self = sqrt(self)`` in place (needs ad_ops).

        >>> import ad_core, ad_ops
        >>> ad_core.full((1,), 4.0).sqrt_()
        tensor([2.])
        """
        return update(self._me(), "sqrt_", lambda old: call("sqrt", old), reads_old=False)

    def abs_(self) -> Tensor:
        """``self = |self|`` in place (needs ad_ops).

        >>> import ad_core, ad_ops
        >>> ad_core.full((1,), -4.0).abs_()
        tensor([4.])
        """
        return update(self._me(), "abs_", lambda old: call("abs", old))

    def sigmoid_(self) -> Tensor:
        """``self = sigmoid(self)`` in place (needs ad_ops).

        >>> import ad_core, ad_ops
        >>> ad_core.zeros(1).sigmoid_()
        tensor([0.5000])
        """
        return update(self._me(), "sigmoid_", lambda old: call("sigmoid", old), reads_old=False)

    def tanh_(self) -> Tensor:
        """``self = tanh(self)`` in place (needs ad_ops).

        >>> import ad_core, ad_ops
        >>> ad_core.zeros(1).tanh_()
        tensor([0.])
        """
        return update(self._me(), "tanh_", lambda old: call("tanh", old), reads_old=False)

    def relu_(self) -> Tensor:
        """``self = relu(self)`` in place (needs ad_ops).

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([-1.0, 2.0]).relu_()
        tensor([0., 2.])
        """
        return update(self._me(), "relu_", lambda old: call("relu", old))

    def clamp_(self, min: TensorLike | None = None, max: TensorLike | None = None) -> Tensor:
        """``self = clamp(self, min, max)`` in place (needs ad_ops).

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([-2.0, 2.0]).clamp_(-1, 1)
        tensor([-1.,  1.])
        """
        return update(self._me(), "clamp_", lambda old: call("clamp", old, min, max), min, max)

    clip_ = clamp_

    # --- filling and copying ----------------------------------------------------------

    def _put(self, name: str, index: Any, value: Any) -> Tensor:
        """``self[index] = value``, recorded as an ``IndexPut`` when a graph is."""
        from .indexing import IndexPut

        me = self._me()
        if not _state.enabled or not (self.requires_grad or _requires_grad(value)):
            try:
                _assign(self.array, index, getattr(value, "array", value))
            except ValueError as err:
                if "read-only" in str(err):
                    raise RuntimeError(_READ_ONLY.format(name=name)) from None
                raise ValueError(f"{name}: {err} (tensor of shape {self.array.shape})") from None
            except IndexError as err:
                raise IndexError(f"{name}: {err} (tensor of shape {self.array.shape})") from None
            me._version_counter[0] += 1
            return me
        return update(
            me, name, lambda old: IndexPut.apply(old, value, index=index), value, reads_old=False
        )

    def __setitem__(self, index: Any, value: TensorLike) -> None:
        from .indexing import normalize_index

        self._put("setitem", normalize_index(index), value)

    def fill_(self, value: TensorLike) -> Tensor:
        """Fill with ``value`` in place.

        >>> import ad_core
        >>> ad_core.zeros(2).fill_(7)
        tensor([7., 7.])
        """
        return self._put("fill_", Ellipsis, value)

    def zero_(self) -> Tensor:
        """Fill with zeros in place.

        >>> import ad_core
        >>> ad_core.ones(2).zero_()
        tensor([0., 0.])
        """
        return self._put("zero_", Ellipsis, 0)

    def copy_(self, src: TensorLike, non_blocking: builtins.bool = False) -> Tensor:
        """Copy ``src`` (broadcast to this shape, cast to this dtype) in place;
        the gradient flows back to ``src``.

        >>> import ad_core
        >>> ad_core.zeros(2, 2).copy_(ad_core.tensor([1.0, 2.0]))
        tensor([[1., 2.],
                [1., 2.]])
        """
        value = getattr(src, "array", src)
        if not _fits(np.shape(value), self.array.shape):
            raise RuntimeError(
                f"copy_: the source of shape {np.shape(value)} cannot be broadcast to the "
                f"tensor of shape {self.array.shape}"
            )
        if _requires_grad(src) and src.dtype != self.array.dtype:  # type: ignore[union-attr]
            src = src.to(self.array.dtype)  # type: ignore[union-attr]
        elif not _requires_grad(src):
            src = np.asarray(value).astype(self.array.dtype, copy=False)
        return self._put("copy_", Ellipsis, src)

    def masked_fill_(self, mask: TensorLike, value: TensorLike) -> Tensor:
        """Set the elements where ``mask`` is True to ``value``, in place.

        >>> import ad_core
        >>> ad_core.zeros(3).masked_fill_(ad_core.tensor([True, False, True]), 5.0)
        tensor([5., 0., 5.])
        """
        me = self._me()
        if not _state.enabled or not (self.requires_grad or _requires_grad(value)):
            where = np.asarray(getattr(mask, "array", mask))
            if where.dtype != np.bool_:
                raise TypeError(f"masked_fill_: expected a bool mask, got dtype {where.dtype}")
            try:
                np.copyto(self.array, getattr(value, "array", value), where=where)
            except ValueError:
                raise RuntimeError(
                    f"masked_fill_: the mask of shape {where.shape} does not broadcast to the "
                    f"tensor of shape {self.array.shape}"
                ) from None
            me._version_counter[0] += 1
            return me
        return update(
            me,
            "masked_fill_",
            lambda old: call("masked_fill", old, mask, value),
            value,
            reads_old=False,
        )

    # --- scatters ---------------------------------------------------------------------

    def scatter_(
        self, dim: builtins.int, index: TensorLike, src: TensorLike | None = None, value: Any = None
    ) -> Tensor:
        """``scatter`` in place (needs ad_ops).

        >>> import ad_core, ad_ops
        >>> ad_core.zeros(3).scatter_(0, ad_core.tensor([2]), ad_core.tensor([7.0]))
        tensor([0., 0., 7.])
        """
        return update(
            self._me(),
            "scatter_",
            lambda old: call("scatter", old, dim, index, src, value=value),
            src,
        )

    def scatter_add_(self, dim: builtins.int, index: TensorLike, src: TensorLike) -> Tensor:
        """``scatter_add`` in place (needs ad_ops).

        >>> import ad_core, ad_ops
        >>> ad_core.zeros(2).scatter_add_(0, ad_core.tensor([1, 1]), ad_core.ones(2))
        tensor([0., 2.])
        """
        return update(
            self._me(),
            "scatter_add_",
            lambda old: call("scatter_add", old, dim, index, src),
            src,
            reads_old=False,
        )

    def index_add_(
        self, dim: builtins.int, index: TensorLike, source: TensorLike, *, alpha: Any = 1
    ) -> Tensor:
        """Add the slices of ``source`` (times ``alpha``) at ``index`` along ``dim``,
        in place (needs ad_ops).

        >>> import ad_core, ad_ops
        >>> ad_core.zeros(3).index_add_(0, ad_core.tensor([0, 0, 2]), ad_core.ones(3))
        tensor([2., 0., 1.])
        """
        return update(
            self._me(),
            "index_add_",
            lambda old: call("index_add", old, dim, index, source, alpha=alpha),
            source,
            reads_old=False,
        )

    # --- random fills -----------------------------------------------------------------

    def _random_(self, name: str, values: NDArray) -> Tensor:
        from .tensor import Tensor

        return self._put(name, Ellipsis, Tensor._wrap(values.astype(self.array.dtype, copy=False)))

    def normal_(
        self,
        mean: builtins.float = 0.0,
        std: builtins.float = 1.0,
        *,
        generator: np.random.Generator | None = None,
    ) -> Tensor:
        """Fill with samples of a normal distribution, in place.

        >>> import ad_core
        >>> ad_core.zeros(1000).normal_(2.0, 0.5).array.mean().round(1)
        np.float32(2.0)
        """
        from .generator import default_generator

        gen = generator or default_generator()
        return self._random_("normal_", gen.normal(mean, std, self.array.shape))

    def uniform_(
        self,
        from_: builtins.float = 0.0,
        to: builtins.float = 1.0,
        *,
        generator: np.random.Generator | None = None,
    ) -> Tensor:
        """Fill with samples of the uniform distribution on ``[from_, to)``, in place
        (PyTorch names the first argument ``from``, a Python keyword: pass it
        by position).

        >>> import ad_core
        >>> x = ad_core.zeros(1000).uniform_(-2.0, 2.0)
        >>> bool((x.array >= -2).all() and (x.array < 2).all())
        True
        """
        from .generator import default_generator

        gen = generator or default_generator()
        return self._random_("uniform_", gen.uniform(from_, to, self.array.shape))

    def bernoulli_(
        self, p: builtins.float = 0.5, *, generator: np.random.Generator | None = None
    ) -> Tensor:
        """Fill with 0/1 samples that are 1 with probability ``p``, in place.

        >>> import ad_core
        >>> ad_core.zeros(4).bernoulli_(1.0)
        tensor([1., 1., 1., 1.])
        """
        from .generator import default_generator

        gen = generator or default_generator()
        return self._random_("bernoulli_", gen.random(self.array.shape) < p)

    # --- graph ------------------------------------------------------------------------

    def detach_(self) -> Tensor:
        """Take this tensor out of the graph, in place: it becomes a leaf.

        >>> import ad_core
        >>> y = ad_core.ones(1, requires_grad=True) * 2
        >>> y.detach_().requires_grad
        False
        """
        me = self._me()
        me.grad_fn = None
        me.requires_grad = False
        return me
