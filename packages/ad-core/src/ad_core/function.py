"""``Function``: the contract of a differentiable primitive, and node of the graph."""

from __future__ import annotations

import itertools
import weakref
from typing import Any

import numpy as np

from .dtype import get_default_dtype
from .grad_mode import _state
from .tensor import Tensor
from .types import NDArray, TensorLike


class Function:
    """A differentiable primitive: ``forward`` on arrays, ``backward`` on Tensors.

    Subclass it with a ``forward`` that takes the input arrays (and keyword
    parameters) and returns the output array, and a ``backward`` that takes
    the gradient of the output and returns one gradient (or ``None``) per
    input. Write ``backward`` with Tensor operations: then
    ``create_graph=True`` differentiates it again. The engine reduces each
    gradient to its input's shape when the input was broadcast, so a
    primitive never unbroadcasts by hand.

    Call a primitive with ``apply``: inputs may be Tensors, NumPy arrays or
    Python scalars. The instance becomes the node of the graph (the output's
    ``grad_fn``) only when grad mode is on and an input requires grad.

    Examples
    --------
    >>> import ad_core
    >>> class Cube(ad_core.Function):
    ...     def forward(self, a):
    ...         self.save(a)
    ...         return a**3
    ...     def backward(self, grad):
    ...         (a,) = self.saved_tensors
    ...         return (grad * 3 * a * a,)
    >>> x = ad_core.tensor(2.0, requires_grad=True)
    >>> y = Cube.apply(x)
    >>> y.backward()
    >>> x.grad
    tensor(12.)
    """

    # Whether ``backward`` may run on NumPy arrays: when no graph of the backward
    # pass is wanted, the engine then hands it the gradient as an array, and
    # ``saved_tensors`` and every ``Function.apply`` inside give arrays too, so
    # that the same formula runs without making Tensors. Its formula must then
    # use only what arrays and Tensors share: operators, ``reshape``, ``mT``,
    # ``astype``, ``shape``, ``ndim`` and other Functions' ``apply``.
    raw_backward = False

    # Class-level defaults: a node sets only what it uses, so that creating
    # one (for every operation, with or without grad) stays cheap.
    inputs: tuple[Tensor, ...] | None = None
    needs_input_grad: tuple[bool, ...] = ()
    _saved: tuple[NDArray, ...] | None = ()
    _output: NDArray | None = None
    _owner: weakref.ref[Tensor] | None = None
    # The version of each input's storage, and of the output's, when this node
    # ran: backward refuses saved values whose storage changed in place since.
    _versions: tuple[int, ...] = ()
    # The node of each input when this one ran: gradients go there, even if the
    # input tensor has been rebased onto a new node by an in-place change since.
    _parents: tuple[Function | None, ...] = ()
    _out_counter: list[int] | None = None
    _out_version: int = 0
    # When this node was recorded, in the order of all recordings: a node's
    # inputs were made before it, so running nodes from the highest number
    # down runs each after every node that consumes its output.
    _sequence_nr: int = 0

    def forward(self, *args: Any, **kwargs: Any) -> NDArray:
        """Compute the output array from the input arrays."""
        raise NotImplementedError(f"{type(self).__name__} does not define forward")

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        """Return the gradient of each input given the gradient of the output.

        ``grad`` must not be modified in place: its array may also be the
        gradient of another tensor.
        """
        raise NotImplementedError(f"{type(self).__name__} does not define backward")

    def save(self, *arrays: NDArray) -> None:
        """Keep arrays for ``backward``; read them back with ``saved_tensors``.

        An input's array comes back as that input Tensor and the output's
        array as the output, so gradients of gradients flow through them.
        Any other array (a view or a mask, say) comes back as a constant: save
        the inputs themselves when backward differentiates through them.
        """
        self._saved = arrays

    @property
    def saved_tensors(self) -> tuple[Tensor, ...]:
        """The saved arrays as Tensors (inputs and output keep their graph), or
        as the arrays themselves in a backward that runs on arrays.

        Raises PyTorch's error when one of them was modified in place after
        this node ran: its gradient would be wrong.
        """
        if self._saved is None:
            raise RuntimeError(_RELEASED)
        raw = _state.raw
        result: list[Any] = []
        inputs = self.inputs or ()
        for array in self._saved:
            for i, t in enumerate(inputs):
                if t.array is array:
                    if t._version_counter[0] != self._versions[i]:
                        raise _modified(
                            self, t.array, f"input {i}", t._version_counter[0], self._versions[i]
                        )
                    result.append(array if raw else t)
                    break
            else:
                if array is self._output:
                    counter = self._out_counter
                    if counter is not None and counter[0] != self._out_version:
                        raise _modified(self, array, "the output", counter[0], self._out_version)
                    result.append(array if raw else Tensor._from_function(array, self))
                else:
                    self._check_views_of_inputs(array)
                    result.append(array if raw else Tensor._wrap(array))
        return tuple(result)

    def _check_views_of_inputs(self, array: NDArray) -> None:
        """A saved array that views an input's storage changed with it."""
        if array.base is None:
            return
        for i, t in enumerate(self.inputs or ()):
            if t._version_counter[0] != self._versions[i] and np.may_share_memory(array, t.array):
                raise _modified(
                    self, array, f"a view of input {i}", t._version_counter[0], self._versions[i]
                )

    def release(self) -> None:
        """Drop everything backward needed: the graph through here is spent."""
        self.inputs = None
        self._parents = ()
        self._saved = None
        self._output = None

    @classmethod
    def apply(cls, *args: TensorLike, **kwargs: Any) -> Tensor:
        """Run the primitive on ``args``; keyword arguments go to ``forward``."""
        if _state.raw:
            # Inside a backward on arrays: compute, and give back the array.
            out = cls().forward(*_arrays(args), **kwargs)
            return out if type(out) is np.ndarray else np.asarray(out)  # type: ignore[return-value]
        tensors: tuple[Any, ...] = args
        for a in args:
            if not isinstance(a, Tensor):
                try:
                    tensors = lift(args)
                except TypeError as err:
                    raise TypeError(f"{cls.__name__.lower()}: {err}") from None
                break
        fn = cls()
        out = fn.forward(*[t.array for t in tensors], **kwargs)
        if type(out) is not np.ndarray:
            # NumPy gives scalars for 0-d arithmetic; a saved output must stay the output.
            scalar, out = out, np.asarray(out)
            if fn._saved:
                fn._saved = tuple([out if s is scalar else s for s in fn._saved])
        if _state.enabled and out.dtype.kind in "fc":
            needs = tuple([t.requires_grad for t in tensors])
            if True in needs:
                fn.inputs = tensors
                fn.needs_input_grad = needs
                fn._sequence_nr = next(_recordings)
                fn._output = out
                fn._versions = tuple([t._version_counter[0] for t in tensors])
                fn._parents = tuple([t.grad_fn for t in tensors])
                result = Tensor._from_function(out, fn)
                if out.base is not None:
                    _mark_view(result, tensors, cls, kwargs)
                counter = fn._out_counter = result._version_counter
                fn._out_version = counter[0]
                return result
        result = Tensor._wrap(out)
        if out.base is not None:
            _mark_view(result, tensors, cls, kwargs)
        return result

    def __repr__(self) -> str:
        return f"<{type(self).__name__}Backward>"


_recordings = itertools.count(1)  # next() is atomic: threads may record at once


def _mark_view(
    result: Tensor, inputs: tuple[Tensor, ...], cls: type[Function], kwargs: dict[str, Any]
) -> None:
    """Make ``result`` a view of the input whose storage its array shares (if
    any): the same version counter, and the way back to the viewed tensor."""
    for t in inputs:
        if np.may_share_memory(result.array, t.array):
            result._version_counter = t._version_counter
            if t._base is None:
                result._base, result._view_fn = t, ((cls, kwargs),)
            else:
                result._base, result._view_fn = t._base, (*t._view_fn, (cls, kwargs))
            return


def _modified(fn: Function, array: NDArray, which: str, found: int, expected: int) -> RuntimeError:
    return RuntimeError(
        "one of the variables needed for gradient computation has been modified by an "
        f"inplace operation: [{array.dtype} {list(array.shape)}], which is {which} of "
        f"{fn!r}, is at version {found}; expected version {expected} instead. Hint: the "
        "in-place change came after this operation used the tensor; clone() it first, or "
        "make the change out of place."
    )


_RELEASED = (
    "Trying to backward through the graph a second time (or to read saved values "
    "after they were freed). Saved intermediate values are freed after backward; "
    "pass retain_graph=True to the first backward if you need to go through the "
    "graph again."
)


def constant(array: NDArray) -> Tensor:
    """``array`` as a value outside the graph, for a ``backward``: a Tensor, or
    the array itself in a backward that runs on arrays (see ``raw_backward``).

    >>> import numpy as np
    >>> constant(np.ones(2))
    tensor([1., 1.], dtype=float64)
    """
    if _state.raw:
        return array  # type: ignore[return-value]  # the raw backward's currency
    return Tensor._wrap(array)


def values(x: Tensor) -> NDArray:
    """The array of ``x`` in a ``backward`` (``x`` itself when it already is one).

    >>> import ad_core
    >>> values(ad_core.ones(2))
    array([1., 1.], dtype=float32)
    """
    array: Any = x  # a Tensor, or in a raw backward already its array
    return array if isinstance(array, np.ndarray) else x.array


def _arrays(args: tuple[Any, ...]) -> list[NDArray]:
    """The arrays of a primitive's inputs, scalars lifted as ``lift`` lifts them."""
    out = [a.array if isinstance(a, Tensor) else a for a in args]
    for i, a in enumerate(out):
        if not isinstance(a, np.ndarray):
            reference = next((b.dtype for b in out if isinstance(b, np.ndarray)), None)
            out[i] = np.asarray(a, dtype=scalar_dtype(a, reference))
    return out


def lift(args: tuple[TensorLike, ...]) -> tuple[Tensor, ...]:
    """Turn a primitive's inputs into Tensors.

    NumPy arrays keep their dtype. A Python scalar takes the dtype of the
    first Tensor or array among the inputs when that is floating (so
    ``float32 * 2.0`` stays float32, as in PyTorch), else the default dtype
    for a float and int64 for an int. An integer tensor times a float
    scalar then follows NumPy's promotion (float64; PyTorch gives float32).

    Examples
    --------
    >>> import numpy as np, ad_core
    >>> x, two = ad_core.lift((ad_core.ones(2), 2.0))
    >>> two.dtype, two.requires_grad
    (dtype('float32'), False)
    """
    reference: np.dtype[Any] | None = None
    for a in args:
        if isinstance(a, Tensor):
            reference = a.array.dtype
            break
        if isinstance(a, np.ndarray):
            reference = a.dtype
            break
    out = []
    for a in args:
        if isinstance(a, Tensor):
            out.append(a)
        elif isinstance(a, np.ndarray):
            out.append(Tensor._wrap(a))
        else:
            out.append(Tensor._wrap(np.asarray(a, dtype=scalar_dtype(a, reference))))
    return tuple(out)


def scalar_dtype(value: Any, reference: np.dtype[Any] | None) -> np.dtype[Any]:
    """The dtype a scalar takes next to an operand of dtype ``reference``."""
    if isinstance(value, np.generic):
        kind = value.dtype.kind
    elif isinstance(value, bool):
        kind = "b"
    elif isinstance(value, int):
        kind = "i"
    elif isinstance(value, float):
        kind = "f"
    else:
        raise TypeError(f"expected a Tensor, a NumPy array or a number, got {type(value).__name__}")
    if reference is not None and reference.kind == "f":
        return reference
    if kind == "f":
        return get_default_dtype()
    if reference is not None and (reference.kind in "iu" or kind == "b"):
        return reference
    return np.dtype(np.int64) if kind in "iu" else np.dtype(np.bool_)
