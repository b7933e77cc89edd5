"""In-place operations: version counters, PyTorch's errors, and gradients
through rebased graphs (the operations that need ad_ops are tested in
ad-ops and in the oracle)."""

import numpy as np
import pytest

import ad_core
from ad_core import Tensor, gradcheck, gradgradcheck

MODIFIED = "modified by an inplace operation"


def leaf(*values: float) -> Tensor:
    return ad_core.tensor(np.array(values, dtype=np.float64), requires_grad=True)


def test_the_issue_example_raises_pytorchs_error() -> None:
    x = ad_core.tensor([1.0], requires_grad=True)
    a = ad_core.tensor([1.0])
    y = (x * a).sum()
    a += 1
    with pytest.raises(RuntimeError, match=rf"{MODIFIED}: \[float32 \[1\]\], which is input 1"):
        y.backward()


def test_saved_output_modified() -> None:
    x = leaf(1.0, 2.0)
    y = x**2.0 / x  # Div saves its output
    y.add_(1)
    with pytest.raises(RuntimeError, match=rf"{MODIFIED}.*the output of <DivBackward>"):
        y.sum().backward()


def test_versions_expected_and_found() -> None:
    x = leaf(1.0)
    a = ad_core.tensor([2.0], dtype=np.float64)
    y = x * a
    a.mul_(2)
    a.add_(1)
    with pytest.raises(RuntimeError, match="is at version 2; expected version 0 instead"):
        y.backward()


def test_modified_through_a_view_or_under_no_grad() -> None:
    x = leaf(1.0, 2.0)
    a = ad_core.tensor([[1.0, 2.0]], dtype=np.float64)
    y = (x * a[0]).sum()  # saves a view of a
    with ad_core.no_grad():
        a.view(-1)[0] = 5.0
    with pytest.raises(RuntimeError, match=MODIFIED):
        y.backward()


def test_base_modified_after_its_view_was_saved() -> None:
    x = leaf(1.0, 2.0)
    a = ad_core.tensor([1.0, 2.0], dtype=np.float64)
    v = a.view(2)
    y = (x * v).sum()
    a[1] = 3.0
    with pytest.raises(RuntimeError, match=MODIFIED):
        y.backward()


def test_unsaved_inputs_and_changes_after_backward_are_fine() -> None:
    x = leaf(1.0, 2.0)
    a = ad_core.tensor([3.0, 4.0], dtype=np.float64)
    y = (x + a).sum()  # Add saves nothing
    a.add_(1)
    y.backward()
    assert x.grad is not None and x.grad.tolist() == [1.0, 1.0]
    z = (x * a).sum()
    z.backward()
    a.add_(1)  # after backward: nothing is left to check
    assert x.grad.tolist() == [5.0, 6.0]


def test_views_share_the_version_counter() -> None:
    a = ad_core.zeros(2, 3)
    views = [a[0], a.view(6), a.reshape(3, 2), a.t(), a.transpose(0, 1), a.detach(), a[:, 1:]]
    a.add_(1)
    assert all(v._version == 1 for v in views)
    views[0].mul_(2)
    assert a._version == 2 and a.array[0].tolist() == [2.0, 2.0, 2.0]
    copy = a[[0, 1]]  # advanced indexing copies
    assert copy._version == 0
    a.add_(1)
    assert copy._version == 0


def test_leaf_rules() -> None:
    w = leaf(1.0, 2.0)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used"):
        w.add_(1)
    with pytest.raises(RuntimeError, match="a view of a leaf Variable that requires grad"):
        w[0].mul_(2)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        w[0] = 1.0
    with ad_core.no_grad():
        w.add_(1)
        w[0] = 10.0
    assert w.tolist() == [10.0, 3.0] and w.is_leaf and w.requires_grad and w._version == 2


def test_data_updates_are_invisible_to_autograd() -> None:
    w = leaf(1.0, 2.0)
    y = (w * w).sum()
    w.data.add_(1)  # PyTorch's classic SGD step
    assert w._version == 0 and w.tolist() == [2.0, 3.0]
    y.backward()
    assert w.grad is not None and w.grad.tolist() == [4.0, 6.0]  # from the new values, as PyTorch
    w.data = ad_core.zeros(3, dtype=np.float64)
    assert w.shape == (3,) and w.requires_grad
    with pytest.raises(TypeError, match="data: cannot assign a int64 array"):
        w.data = np.arange(3)


def test_rebased_chains_give_pytorchs_gradients() -> None:
    x = leaf(1.0, 2.0, 3.0)
    y = x * 2
    y[0] = 0
    y.sum().backward()
    assert x.grad is not None and x.grad.tolist() == [0.0, 2.0, 2.0]
    assert y.grad_fn is not None and "IndexPut" in repr(y.grad_fn)

    y = x.clone()
    y.mul_(3)
    y.add_(1)
    assert y.tolist() == [4.0, 7.0, 10.0]
    (g,) = ad_core.grad((y * y).sum(), x)
    assert g is not None and g.tolist() == [24.0, 42.0, 60.0]


def test_earlier_uses_keep_the_old_value() -> None:
    # z used y before y changed in place: its gradient goes to the old y.
    x = leaf(1.0, 2.0)
    y = x * 2
    z = y + 3
    y.mul_(3)
    (z + y).sum().backward()
    assert x.grad is not None and x.grad.tolist() == [8.0, 8.0]


def test_a_one_element_value_fills_one_element() -> None:
    x = ad_core.zeros(3)
    x[1] = ad_core.tensor([2.0])
    assert x.tolist() == [0.0, 2.0, 0.0]


def test_gradients_of_in_place_chains_by_finite_differences() -> None:
    def chain(x: Tensor, w: Tensor) -> Tensor:
        y = x * 1
        y.mul_(w)
        y.sub_(x, alpha=0.5)
        y.div_(w + 3)
        y **= 2
        y += w
        return y

    x, w = leaf(1.0, -2.0, 3.0), leaf(0.5, 1.5, -1.0)
    assert gradcheck(chain, [x, w])
    assert gradgradcheck(chain, [x, w])


@pytest.mark.parametrize(
    "index",
    [0, slice(1, 3), (1, slice(None)), [0, 2], np.array([True, False, True])],
    ids=["int", "slice", "tuple", "advanced", "mask"],
)
def test_setitem_gradients(index: object) -> None:
    def put(x: Tensor, v: Tensor) -> Tensor:
        y = x * 1
        y[index] = v
        return y * y

    x = ad_core.tensor(np.arange(12.0).reshape(3, 4) / 5, requires_grad=True)
    v = ad_core.tensor(np.array([0.5, -1.0, 2.0, 1.5]), requires_grad=True)  # broadcast
    assert gradcheck(put, [x, v])
    assert gradgradcheck(put, [x, v])


def test_setitem_values() -> None:
    x = ad_core.zeros(2, 3)
    x[0] = ad_core.tensor([1.0, 2.0, 3.0])
    x[1, x[0] > 1] = 7
    x[:, 0] += 10
    assert x.tolist() == [[11.0, 2.0, 3.0], [10.0, 7.0, 7.0]]
    assert x._version == 4  # x[:, 0] += 10 is a read, an in-place add on the view, a write
    with pytest.raises(ValueError, match=r"setitem: .*\(tensor of shape \(2, 3\)\)"):
        x[0] = np.ones(4)
    with pytest.raises(IndexError, match="setitem"):
        x[5] = 1


def test_setitem_with_a_value_that_requires_grad() -> None:
    w = leaf(2.0)
    buffer = ad_core.zeros(3, dtype=np.float64)
    buffer[1] = w
    assert buffer.requires_grad and not buffer.is_leaf
    (buffer * 3).sum().backward()
    assert w.grad is not None and w.grad.tolist() == [3.0]


def test_in_place_on_a_view_rebases_its_base() -> None:
    def through_view(x: Tensor) -> Tensor:
        y = x * 1
        y[1].mul_(x[0])
        y.view(-1)[0:2].add_(1)
        return y * y

    x = ad_core.tensor(np.array([[1.0, 2.0], [3.0, -1.0]]), requires_grad=True)
    assert gradcheck(through_view, [x])
    assert gradgradcheck(through_view, [x])


def test_fill_zero_copy() -> None:
    x = leaf(1.0, 2.0)
    y = x * 1
    y.zero_()
    y.fill_(2.0)
    (y * x).sum().backward()
    assert x.grad is not None and x.grad.tolist() == [2.0, 2.0]
    target = ad_core.zeros(2, 2)
    target.copy_(np.array([5, 6]))
    assert target.dtype == np.float32 and target.tolist() == [[5.0, 6.0]] * 2
    with pytest.raises(RuntimeError, match=r"copy_: the source of shape \(3,\)"):
        target.copy_(np.ones(3))
    src = leaf(1.0, 2.0)
    target = ad_core.zeros(2)
    target.copy_(src)
    (target * 3).sum().backward()
    assert src.grad is not None and src.grad.tolist() == [3.0, 3.0]


def test_bad_in_place_updates() -> None:
    x = ad_core.zeros(3, dtype=np.int64)
    with pytest.raises(RuntimeError, match="add_: result type float64 can't be cast"):
        x.add_(1.5)
    y = ad_core.zeros(3)
    with pytest.raises(RuntimeError, match=r"mul_: the operand of shape \(2, 3\)"):
        y.mul_(np.ones((2, 3)))
    expanded = ad_core.zeros(1).expand(3)
    with pytest.raises(RuntimeError, match="more than one element of the written-to tensor"):
        expanded.add_(1)
    with pytest.raises(TypeError, match="bitwise_and_: expected a bool or integer tensor"):
        y &= y


def test_logical_in_place_operators() -> None:
    mask = ad_core.tensor([True, True, False])
    mask &= ad_core.tensor([True, False, False])
    assert mask.tolist() == [True, False, False]
    mask |= ad_core.tensor([False, False, True])
    assert mask.tolist() == [True, False, True]


def test_random_fills() -> None:
    g = ad_core.Generator().manual_seed(0)
    x = ad_core.zeros(10_000).normal_(1.0, 2.0, generator=g)
    assert abs(x.array.mean() - 1.0) < 0.1 and abs(x.array.std() - 2.0) < 0.1
    u = ad_core.zeros(10_000).uniform_(-1.0, 3.0, generator=g)
    assert u.array.min() >= -1 and u.array.max() < 3 and abs(u.array.mean() - 1) < 0.1
    b = ad_core.zeros(10_000).bernoulli_(0.25, generator=g)
    assert set(np.unique(b.array)) == {0.0, 1.0} and abs(b.array.mean() - 0.25) < 0.02
    # On a non-leaf, a random fill cuts the gradient to the old value.
    w = leaf(1.0, 2.0)
    y = w * 1
    y.uniform_()
    (y * w).sum().backward()
    assert w.grad is not None and np.allclose(w.grad.array, y.array)


def test_optimizer_pattern_under_no_grad() -> None:
    p = leaf(1.0, 2.0)
    (p * p).sum().backward()
    with ad_core.no_grad():
        assert p.grad is not None
        p.add_(p.grad, alpha=-0.1)
        p.grad.zero_()
    assert np.allclose(p.array, [0.8, 1.6]) and p.is_leaf


def test_detach_() -> None:
    y = leaf(1.0) * 2
    assert y.detach_() is y and y.is_leaf and not y.requires_grad
