"""Linear algebra: ``matmul`` and its fixed-shape forms ``mm``, ``bmm``, ``dot``,
``outer``; ``addmm``, ``baddbmm``, ``linear`` (one ``Function`` each) and ``einsum``."""

from __future__ import annotations

import string
from collections.abc import Sequence
from typing import Any

import numpy as np

from ad_core import Function, NDArray, Tensor, TensorLike, broadcast_shapes, lift
from ad_core.broadcast import BroadcastTo
from ad_core.matmul import MatMul


class Linear(Function):
    """``x @ weight.T + bias`` over any leading dimensions of ``x``."""

    raw_backward = True

    def forward(self, x: NDArray, weight: NDArray, *bias: NDArray) -> NDArray:
        self.save(x, weight)
        # Leading dimensions fold into one: one large product runs faster in BLAS
        # than a stack of small ones (~35 % for 32 x 64 rows of 128).
        rows = x if x.ndim <= 2 else x.reshape(-1, x.shape[-1])
        out = np.matmul(rows, weight.T)
        if bias:
            out += bias[0]
        return np.asarray(out if x.ndim <= 2 else out.reshape(*x.shape[:-1], -1))

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        x, weight = self.saved_tensors
        need_x, need_w = self.needs_input_grad[:2]
        # Leading dimensions fold into one batch dimension (no-op nodes skipped for 2-D).
        grad2d = grad if grad.ndim == 2 else grad.reshape(-1, weight.shape[0])
        grad_x = None
        if need_x:
            grad_x = (grad2d @ weight).reshape(x.shape) if grad.ndim > 2 else grad @ weight
        grad_w = None
        if need_w:
            x2d = x if x.ndim == 2 else x.reshape(-1, weight.shape[1])
            grad_w = grad2d.mT @ x2d
        if len(self.needs_input_grad) == 2:
            return grad_x, grad_w
        # sum(0) means the same to a Tensor and to an array.
        grad_b = grad2d.sum(0) if self.needs_input_grad[2] else None
        return grad_x, grad_w, grad_b


def _cast_hint(dtype: np.dtype[Any], owner: str) -> str:
    """How ``owner`` (a Tensor, or ``"module"``) is cast to ``dtype``."""
    if dtype == np.float32:
        return f"{owner}.float()"
    if dtype == np.float64:
        return f"{owner}.double()"
    return f"{owner}.{'to' if owner == 'module' else 'astype'}(np.{dtype})"


def dtype_mismatch(
    op: str, got: np.dtype[Any], expected: np.dtype[Any], owner: str = "weight"
) -> str:
    """The message for a floating input whose dtype differs from its parameters';
    ``owner`` names what else could be cast (``"weight"``, or ``"module"``).

    >>> print(dtype_mismatch("linear", np.dtype("float64"), np.dtype("float32")))
    linear: expected an input of dtype float32 (the dtype of weight), got float64; \
cast the input with `input.float()` or the weight with `weight.double()`
    """
    where = "its parameters" if owner == "module" else owner
    return (
        f"{op}: expected an input of dtype {expected} (the dtype of {where}), got {got}; "
        f"cast the input with `{_cast_hint(expected, 'input')}` or the {owner} with "
        f"`{_cast_hint(got, owner)}`"
    )


def input_like_weight(op: str, input: TensorLike, x: Tensor, w: Tensor, *bias: Tensor) -> Tensor:
    """``x`` (``input`` lifted) under PyTorch's dtype rule for ops with a weight:
    weight and bias share one floating dtype, and so must the input, except
    that a floating NumPy array (not a Tensor) is cast to it.

    >>> import ad_core
    >>> x = np.ones(2)
    >>> input_like_weight("linear", x, ad_core.tensor(x), ad_core.ones(1, 2)).dtype
    dtype('float32')
    """
    wanted = w.array.dtype
    # The hot path of every Linear layer: one comparison per operand.
    if (
        x.array.dtype == wanted
        and wanted.kind == "f"
        and (not bias or bias[0].array.dtype == wanted)
    ):
        return x
    if wanted.kind != "f" or any(b.array.dtype != wanted for b in bias):
        dtypes = ", ".join(str(t.array.dtype) for t in (w, *bias))
        raise TypeError(f"{op}: expected weight and bias of one floating dtype, got {dtypes}")
    got = x.array.dtype
    if got.kind != "f":
        raise TypeError(f"{op}: expected a floating input, got dtype {got}")
    if isinstance(input, np.ndarray):
        return Tensor._wrap(x.array.astype(wanted))
    raise TypeError(dtype_mismatch(op, got, wanted))


def matmul(input: TensorLike, other: TensorLike) -> Tensor:
    """Matrix product with NumPy's broadcasting rules, as ``torch.matmul``.

    >>> import ad_core, ad_ops as F
    >>> F.matmul(ad_core.ones(2, 3), ad_core.ones(3))
    tensor([3., 3.])
    """
    return MatMul.apply(input, other)


def _operands(op: str, ndims: tuple[int, ...], *args: TensorLike) -> tuple[Tensor, ...]:
    """The operands, checked for their number of dimensions and one shared dtype."""
    tensors = lift(args)
    shapes = " and ".join(str(t.shape) for t in tensors)
    if tuple(t.ndim for t in tensors) != ndims:
        wanted = " and ".join(f"{n}-D" for n in ndims)
        raise ValueError(f"{op}: expected {wanted} tensors, got shapes {shapes}")
    if len({t.dtype for t in tensors}) != 1:
        dtypes = " and ".join(str(t.dtype) for t in tensors)
        raise TypeError(f"{op}: expected tensors of one dtype, got {dtypes}")
    return tensors


def _check_product(op: str, a: Tensor, b: Tensor) -> None:
    if a.shape[-1] != b.shape[-2] or a.shape[:-2] != b.shape[:-2]:
        raise ValueError(f"{op}: shapes {a.shape} and {b.shape} cannot be multiplied")


def mm(input: TensorLike, mat2: TensorLike) -> Tensor:
    """Product of two 2-D matrices, as ``torch.mm`` (no broadcasting: see ``matmul``).

    >>> import ad_core, ad_ops as F
    >>> F.mm(ad_core.ones(2, 3), ad_core.ones(3, 4)).shape
    (2, 4)
    """
    a, b = _operands("mm", (2, 2), input, mat2)
    _check_product("mm", a, b)
    return MatMul.apply(a, b)


def bmm(input: TensorLike, mat2: TensorLike) -> Tensor:
    """Batched product of 3-D tensors ``(b, n, m) @ (b, m, p)``, as ``torch.bmm``
    (equal batch sizes, no broadcasting).

    >>> import ad_core, ad_ops as F
    >>> F.bmm(ad_core.ones(5, 2, 3), ad_core.ones(5, 3, 4)).shape
    (5, 2, 4)
    """
    a, b = _operands("bmm", (3, 3), input, mat2)
    _check_product("bmm", a, b)
    return MatMul.apply(a, b)


def dot(input: TensorLike, other: TensorLike) -> Tensor:
    """Inner product of two 1-D tensors of one length, as ``torch.dot``.

    >>> import ad_core, ad_ops as F
    >>> F.dot(ad_core.tensor([1.0, 2.0]), ad_core.tensor([3.0, 4.0]))
    tensor(11.)
    """
    a, b = _operands("dot", (1, 1), input, other)
    if a.shape != b.shape:
        raise ValueError(f"dot: expected vectors of one length, got shapes {a.shape} and {b.shape}")
    return MatMul.apply(a, b)


class Outer(Function):
    """``a[:, None] * b[None, :]`` for vectors ``a`` and ``b``."""

    raw_backward = True

    def forward(self, a: NDArray, b: NDArray) -> NDArray:
        self.save(a, b)
        return np.outer(a, b)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        a, b = self.saved_tensors
        need_a, need_b = self.needs_input_grad
        return (grad @ b if need_a else None), (a @ grad if need_b else None)


def outer(input: TensorLike, vec2: TensorLike) -> Tensor:
    """Outer product of two 1-D tensors, as ``torch.outer``.

    >>> import ad_core, ad_ops as F
    >>> F.outer(ad_core.tensor([1.0, 2.0]), ad_core.tensor([1.0, 10.0, 100.0]))
    tensor([[  1.,  10., 100.],
            [  2.,  20., 200.]])
    """
    a, b = lift((input, vec2))
    if a.ndim != 1 or b.ndim != 1:
        raise ValueError(f"outer: expected 1-D tensors, got shapes {a.shape} and {b.shape}")
    return Outer.apply(a, b)


class AddMatMul(Function):
    """``beta * c + alpha * (a @ b)`` in one pass; ``c`` broadcasts. With
    ``beta == 0`` ``c`` is ignored (nan and inf in it too), as in PyTorch."""

    raw_backward = True

    def forward(self, c: NDArray, a: NDArray, b: NDArray, beta: float, alpha: float) -> NDArray:
        self.beta = beta
        self.alpha = alpha
        self.save(a, b)
        out = np.matmul(a, b)
        if alpha != 1:
            out *= alpha
        if beta == 1:
            out += c
        elif beta != 0:
            out += beta * c
        return np.asarray(out)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        a, b = self.saved_tensors
        need_c, need_a, need_b = self.needs_input_grad
        scaled = grad * self.alpha if self.alpha != 1 else grad
        return (
            (grad * self.beta if self.beta != 1 else grad) if need_c else None,
            scaled @ b.mT if need_a else None,
            a.mT @ scaled if need_b else None,
        )


def _add_product(
    op: str, ndim: int, input: TensorLike, m1: TensorLike, m2: TensorLike, beta: float, alpha: float
) -> Tensor:
    a, b = _operands(op, (ndim, ndim), m1, m2)
    _check_product(op, a, b)
    (c,) = lift((input,))
    out_shape = (*a.shape[:-1], b.shape[-1])
    if c.dtype != a.dtype:
        raise TypeError(f"{op}: expected input of dtype {a.dtype} like the matrices, got {c.dtype}")
    if broadcast_shapes(op, c.shape, out_shape) != out_shape:
        raise ValueError(f"{op}: input of shape {c.shape} does not broadcast to {out_shape}")
    return AddMatMul.apply(c, a, b, beta=beta, alpha=alpha)


def addmm(
    input: TensorLike,
    mat1: TensorLike,
    mat2: TensorLike,
    *,
    beta: float = 1,
    alpha: float = 1,
) -> Tensor:
    """``beta * input + alpha * (mat1 @ mat2)`` for 2-D ``mat1`` and ``mat2``,
    as ``torch.addmm``; ``input`` broadcasts to the product's shape.

    >>> import ad_core, ad_ops as F
    >>> F.addmm(ad_core.tensor([1.0, 2.0]), ad_core.ones(1, 3), ad_core.ones(3, 2), alpha=2)
    tensor([[7., 8.]])
    """
    return _add_product("addmm", 2, input, mat1, mat2, beta, alpha)


def baddbmm(
    input: TensorLike,
    batch1: TensorLike,
    batch2: TensorLike,
    *,
    beta: float = 1,
    alpha: float = 1,
) -> Tensor:
    """``beta * input + alpha * bmm(batch1, batch2)`` for 3-D batches, as
    ``torch.baddbmm``; ``input`` broadcasts to the product's shape.

    >>> import ad_core, ad_ops as F
    >>> F.baddbmm(ad_core.zeros(2, 1, 1), ad_core.ones(2, 1, 3), ad_core.ones(2, 3, 1)).shape
    (2, 1, 1)
    """
    return _add_product("baddbmm", 3, input, batch1, batch2, beta, alpha)


def linear(input: TensorLike, weight: TensorLike, bias: TensorLike | None = None) -> Tensor:
    """``input @ weight.T + bias``, as ``torch.nn.functional.linear``.

    ``weight`` has shape ``(out_features, in_features)``; ``input`` has shape
    ``(*, in_features)``; ``bias`` (optional) has shape ``(out_features,)``.
    Input, weight and bias share one floating dtype, as in PyTorch (a
    NumPy array input is cast to the weight's dtype).

    >>> import ad_core, ad_ops as F
    >>> F.linear(ad_core.ones(2, 3), ad_core.ones(4, 3), ad_core.zeros(4)).shape
    (2, 4)
    """
    x, w = lift((input, weight))
    if w.ndim != 2:
        raise ValueError(f"linear: expected a 2-D weight (out, in), got shape {w.shape}")
    if x.ndim == 0 or x.shape[-1] != w.shape[1]:
        raise ValueError(
            f"linear: input of shape {x.shape} does not end in in_features={w.shape[1]} "
            f"of weight shape {w.shape}"
        )
    if bias is None:
        return Linear.apply(input_like_weight("linear", input, x, w), w)
    (b,) = lift((bias,))
    if b.shape not in ((w.shape[0],), ()):
        raise ValueError(f"linear: expected bias of shape ({w.shape[0]},), got {b.shape}")
    return Linear.apply(input_like_weight("linear", input, x, w, b), w, b)


class Einsum(Function):
    """``numpy.einsum`` of the inputs under a fully explicit ``equation``."""

    raw_backward = True

    def forward(self, *arrays: NDArray, equation: str) -> NDArray:
        self.equation = equation
        self.save(*arrays)
        try:
            return np.asarray(np.einsum(equation, *arrays, optimize=len(arrays) > 2))
        except ValueError as err:
            shapes = ", ".join(str(a.shape) for a in arrays)
            raise ValueError(f"einsum: {equation!r} on shapes {shapes}: {err}") from None

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        operands = self.saved_tensors
        inputs, output = self.equation.split("->")
        subs = inputs.split(",")
        grads: list[Tensor | None] = []
        for i, need in enumerate(self.needs_input_grad):
            if not need:
                grads.append(None)
                continue
            others = [s for j, s in enumerate(subs) if j != i]
            seen = set(output).union(*others)
            kept = "".join(c for c in subs[i] if c in seen)
            eq = ",".join([output, *others]) + "->" + kept
            g = Einsum.apply(grad, *[t for j, t in enumerate(operands) if j != i], equation=eq)
            if kept != subs[i]:
                g = _restore_summed(g, kept, subs[i], operands[i].shape)
            grads.append(g)
        return tuple(grads)


def _restore_summed(g: Tensor, kept: str, full: str, shape: tuple[int, ...]) -> Tensor:
    """Broadcast ``g`` (subscripts ``kept``) over the letters of ``full`` that
    only its own operand carried, and which the forward summed away."""
    target = tuple(1 if c not in kept else n for c, n in zip(full, shape, strict=True))
    return BroadcastTo.apply(g.reshape(target), shape=shape)


def einsum(equation: str, *operands: TensorLike | Sequence[TensorLike]) -> Tensor:
    """Einstein summation, as ``torch.einsum``; differentiable in every operand.

    Operands may be given one by one or as one list. Subscripts are letters,
    with ``...`` for broadcast dimensions (summed when the output omits
    them); a letter may not repeat within one operand (no diagonals).

    >>> import ad_core, ad_ops as F
    >>> F.einsum("ij,jk->ik", ad_core.ones(2, 3), ad_core.ones(3, 4)).shape
    (2, 4)
    >>> F.einsum("i,i", ad_core.tensor([1.0, 2.0]), ad_core.tensor([3.0, 4.0]))
    tensor(11.)
    """
    if not isinstance(equation, str):
        raise TypeError(f"einsum: expected equation to be a string, got {equation!r}")
    if len(operands) == 1 and isinstance(operands[0], list | tuple):
        operands = tuple(operands[0])
    tensors = lift(operands)  # type: ignore[arg-type]
    return Einsum.apply(*tensors, equation=_explicit("einsum", equation, tensors))


def _explicit(op: str, equation: str, tensors: tuple[Tensor, ...]) -> str:
    eq = equation.replace(" ", "")
    inputs, arrow, output = eq.partition("->")
    subs = inputs.split(",")
    if len(subs) != len(tensors):
        raise ValueError(
            f"{op}: equation {equation!r} names {len(subs)} operands, got {len(tensors)}"
        )
    sizes: dict[str, tuple[int, int]] = {}
    for k, (s, t) in enumerate(zip(subs, tensors, strict=True)):
        if "..." not in s and len(s) == t.ndim:
            for c, n in zip(s, t.shape, strict=True):
                first = sizes.setdefault(c, (n, k))
                if first[0] == 1:
                    sizes[c] = (n, k)
                elif n not in (1, first[0]):
                    raise ValueError(
                        f"{op}: subscript {c!r} of {equation!r} has size {first[0]} in operand "
                        f"{first[1]} and size {n} in operand {k}"
                    )
    letters = set(string.ascii_letters)
    for s, t in zip(subs, tensors, strict=True):
        body = s.replace("...", "")
        if not set(body) <= letters or "." in body:
            raise ValueError(f"{op}: invalid subscripts {s!r} in {equation!r}")
        if len(set(body)) != len(body):
            raise ValueError(
                f"{op}: subscripts {s!r} repeat a letter within one operand (diagonals "
                "are not supported)"
            )
        if len(body) > t.ndim or ("..." not in s and len(body) != t.ndim):
            raise ValueError(f"{op}: subscripts {s!r} do not match an operand of shape {t.shape}")
    if not arrow:
        counts: dict[str, int] = {}
        for s in subs:
            for c in s.replace("...", ""):
                counts[c] = counts.get(c, 0) + 1
        ellipsis = "..." if any("..." in s for s in subs) else ""
        output = ellipsis + "".join(sorted(c for c, n in counts.items() if n == 1))
    body = output.replace("...", "")
    if len(set(body)) != len(body) or not set(body) <= set("".join(subs)):
        raise ValueError(f"{op}: invalid output subscripts {output!r} in {equation!r}")
    # Spelling '...' out as letters lets backward treat every dimension alike.
    widths = [
        t.ndim - len(s.replace("...", "")) if "..." in s else 0
        for s, t in zip(subs, tensors, strict=True)
    ]
    free = [c for c in string.ascii_letters if c not in eq]
    if max(widths, default=0) > len(free):
        raise ValueError(f"{op}: too many dimensions under '...' in {equation!r}")
    spelled = free[: max(widths, default=0)]
    subs = [
        s.replace("...", "".join(spelled[len(spelled) - w :]))
        for s, w in zip(subs, widths, strict=True)
    ]
    output = output.replace("...", "".join(spelled))
    return ",".join(subs) + "->" + output
