"""The backward engine: graph shapes, accumulation, freeing, hooks, grad()."""

import gc
import threading
import weakref

import numpy as np
import pytest

import ad_core
from ad_core import Tensor


def scalar(value: float) -> Tensor:
    return Tensor(np.array(value), requires_grad=True)


def test_diamond_sums_both_paths() -> None:
    x = scalar(3.0)
    y = x * 2
    z = y * y + y  # y feeds two consumers
    z.backward()
    assert x.grad is not None
    assert x.grad.item() == pytest.approx(2 * (2 * 6.0 + 1))


def test_shared_subgraph_with_retain_graph() -> None:
    x = scalar(2.0)
    shared = x * x * x
    a = shared * 2
    b = shared + 1
    a.backward(retain_graph=True)
    assert x.grad is not None and x.grad.item() == pytest.approx(24.0)
    b.backward()
    assert x.grad.item() == pytest.approx(36.0)


def test_gradients_accumulate_across_backward_calls() -> None:
    x = scalar(1.0)
    for _ in range(3):
        (x * 5).backward()
    assert x.grad is not None and x.grad.item() == pytest.approx(15.0)


def test_released_graph_raises_a_clear_error() -> None:
    x = scalar(1.0)
    y = x * x
    y.backward()
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        y.backward()


def test_non_scalar_backward_needs_a_gradient() -> None:
    x = Tensor(np.ones(3), requires_grad=True)
    with pytest.raises(RuntimeError, match="only for one-element outputs"):
        (x * 2).backward()
    (x * 2).backward(np.array([1.0, 2.0, 3.0]))
    assert x.grad is not None and np.array_equal(x.grad.array, [2.0, 4.0, 6.0])
    with pytest.raises(ValueError, match=r"gradient of shape \(2,\)"):
        (x * 2).backward(np.ones(2))


def test_backward_on_a_tensor_without_grad() -> None:
    with pytest.raises(RuntimeError, match="does not require grad"):
        Tensor([1.0]).sum().backward()


def test_million_node_chain_is_iterative() -> None:
    x = scalar(1.0)
    y = x
    for _ in range(10**6):
        y = y + 1.0
    y.backward()
    assert x.grad is not None and x.grad.item() == 1.0


def test_leaf_gradients_never_alias() -> None:
    a = Tensor(np.zeros(3), requires_grad=True)
    b = Tensor(np.zeros(3), requires_grad=True)
    (a + b).sum().backward()
    assert a.grad is not None and b.grad is not None
    a.grad.array *= 10
    assert np.array_equal(b.grad.array, np.ones(3))
    assert a.grad.array.flags.writeable


def test_leaf_hooks_and_removal() -> None:
    x = Tensor(np.ones(2), requires_grad=True)
    seen: list[np.ndarray] = []
    handle = x.register_hook(lambda g: seen.append(g.array.copy()))
    doubling = x.register_hook(lambda g: g * 2)
    (x * 3).sum().backward()
    assert np.array_equal(seen[0], [3.0, 3.0])
    assert x.grad is not None and np.array_equal(x.grad.array, [6.0, 6.0])
    handle.remove()
    doubling.remove()
    x.grad = None
    (x * 3).sum().backward()
    assert len(seen) == 1
    assert np.array_equal(np.asarray(x.grad), [3.0, 3.0])


def test_non_leaf_hook_and_retain_grad() -> None:
    x = Tensor(np.ones(2), requires_grad=True)
    y = x * 2
    y.retain_grad()
    y.register_hook(lambda g: g + 1)
    (y * 5).sum().backward()
    assert y.grad is not None and np.array_equal(y.grad.array, [6.0, 6.0])
    assert x.grad is not None and np.array_equal(x.grad.array, [12.0, 12.0])


def test_grad_function_and_create_graph() -> None:
    x = scalar(2.0)
    y = x**4
    (dy,) = ad_core.grad(y, x, create_graph=True)
    assert dy is not None and dy.item() == pytest.approx(32.0)
    (d2y,) = ad_core.grad(dy, x)
    assert d2y is not None and d2y.item() == pytest.approx(48.0)
    assert x.grad is None  # grad() never accumulates


def test_hessian_vector_product() -> None:
    w = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    a = np.array([[2.0, 1.0], [1.0, 3.0]])
    loss = (w @ (a @ w)) * 0.5
    (g,) = ad_core.grad(loss, w, create_graph=True)
    assert g is not None
    v = Tensor(np.array([1.0, -1.0]))
    (hv,) = ad_core.grad((g * v).sum(), w)
    assert hv is not None and np.allclose(hv.array, a @ v.array)


def test_grad_of_non_leaf_input_and_unused_inputs() -> None:
    x = scalar(3.0)
    h = x * 2
    out = h * h
    (gh,) = ad_core.grad(out, h, retain_graph=True)
    assert gh is not None and gh.item() == pytest.approx(12.0)
    unused = scalar(1.0)
    with pytest.raises(RuntimeError, match="allow_unused"):
        ad_core.grad(out, [x, unused], retain_graph=True)
    gx, gu = ad_core.grad(out, [x, unused], allow_unused=True)
    assert gx is not None and gx.item() == pytest.approx(24.0) and gu is None


def test_backward_with_inputs_accumulates_only_those() -> None:
    a, b = scalar(1.0), scalar(2.0)
    (a * b).backward(inputs=[a])
    assert a.grad is not None and a.grad.item() == 2.0 and b.grad is None


def test_multiple_roots() -> None:
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = x * x
    ad_core.backward([y.sum(), (y * 3).sum()])
    assert x.grad is not None and np.allclose(x.grad.array, 8 * x.array)


def test_no_global_registry_keeps_graphs_alive() -> None:
    x = Tensor(np.ones(3), requires_grad=True)
    y = (x * 2).sum()
    ref = weakref.ref(y)
    assert y.grad_fn is not None
    node_ref = weakref.ref(y.grad_fn)
    del y
    gc.collect()
    assert ref() is None and node_ref() is None


def test_grad_mode_is_thread_local() -> None:
    results: dict[str, bool] = {}

    def worker() -> None:
        results["other"] = ad_core.is_grad_enabled()

    with ad_core.no_grad():
        t = threading.Thread(target=worker)
        t.start()
        t.join()
        results["main"] = ad_core.is_grad_enabled()
    assert results == {"other": True, "main": False}


def test_grad_modes_as_decorators_and_contexts() -> None:
    x = scalar(1.0)

    @ad_core.no_grad()
    def f() -> Tensor:
        return x * 2

    @ad_core.enable_grad()
    def g() -> Tensor:
        return x * 2

    assert not f().requires_grad
    with ad_core.no_grad():
        assert g().requires_grad
    with ad_core.set_grad_enabled(False):
        assert not (x * 2).requires_grad
    assert ad_core.is_grad_enabled()

    @ad_core.set_grad_enabled(False)
    def h() -> Tensor:
        return x * 2

    assert ad_core.is_grad_enabled()
    assert not h().requires_grad
    ad_core.set_grad_enabled(False)
    assert not ad_core.is_grad_enabled()
    ad_core.set_grad_enabled(True)


def test_backward_runs_without_recording() -> None:
    x = scalar(2.0)
    (x * x).backward()
    assert x.grad is not None and not x.grad.requires_grad and x.grad.grad_fn is None


def test_custom_function_backward_arity_is_checked() -> None:
    class Bad(ad_core.Function):
        def forward(self, a: np.ndarray) -> np.ndarray:
            return a * 1

        def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
            return (grad, grad)

    with pytest.raises(RuntimeError, match="returned 2 gradients for 1 inputs"):
        Bad.apply(scalar(1.0)).backward()


def test_queued_callbacks_run_once_after_every_gradient_is_accumulated() -> None:
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    events: list[str] = []

    def callback() -> None:
        assert x.grad is not None
        events.append(f"callback {x.grad.array.tolist()}")
        ad_core.queue_callback(lambda: events.append("queued by a callback"))

    def hook(g: Tensor) -> None:
        events.append(f"hook {g.array.tolist()}")
        if len(events) == 1:
            ad_core.queue_callback(callback)

    x.register_hook(hook)
    (x * x + x).sum().backward()
    assert events[:3] == ["hook [1.0, 1.0]", "hook [1.0, 2.0]", "hook [1.0, 2.0]"]
    assert events[3:] == ["callback [3.0, 5.0]", "queued by a callback"]
    events.clear()
    ad_core.backward([(x * 2).sum()], inputs=[x])  # accumulation into `inputs` comes first
    assert events[1:] == ["callback [5.0, 7.0]", "queued by a callback"]


def test_queued_callbacks_of_grad_and_of_nested_passes() -> None:
    x = scalar(3.0)
    order: list[str] = []

    def hook(g: Tensor) -> None:
        ad_core.queue_callback(lambda: order.append("outer"))
        y = scalar(1.0)
        y.register_hook(lambda _: ad_core.queue_callback(lambda: order.append("inner")))
        with ad_core.enable_grad():
            (y * 2).backward()  # its own pass: its callback runs when it ends

    x.register_hook(hook)
    (dx,) = ad_core.grad(x * x, x)
    assert dx is not None and dx.item() == 6.0
    assert order == ["inner", "inner", "outer", "outer"]


def test_queued_callbacks_are_dropped_when_the_pass_raises() -> None:
    x = scalar(1.0)
    ran: list[bool] = []

    def hook(g: Tensor) -> None:
        ad_core.queue_callback(lambda: ran.append(True))
        raise ValueError("hook failed")

    x.register_hook(hook)
    with pytest.raises(ValueError, match="hook failed"):
        (x * 2).backward()
    assert ran == []
    with pytest.raises(RuntimeError, match="queue_callback: no backward pass is running"):
        ad_core.queue_callback(lambda: None)


def test_a_pass_that_meets_a_freed_graph_changes_no_grad() -> None:
    x, w = scalar(1.0), scalar(2.0)
    y = x * 3
    y.backward()
    z = y * w  # w's gradient is computed before the pass reaches y's freed node
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        z.backward()
    assert w.grad is None
    assert x.grad is not None and x.grad.item() == 3.0


def test_a_leaf_reached_by_many_paths_gets_their_sum() -> None:
    x = scalar(1.0)
    x.grad = ad_core.tensor(10.0)
    (x * 2 + x * 3 + x).backward()
    assert x.grad.item() == 16.0


class _Blocks(ad_core.Function):
    """Identity whose backward gives no gradient to its input."""

    def forward(self, a: np.ndarray) -> np.ndarray:
        return a.copy()

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (None,)


def test_nodes_below_a_none_gradient_are_released_and_leaves_untouched() -> None:
    x = scalar(1.0)
    h = x * 2
    below = h.grad_fn
    y = _Blocks.apply(h) + x
    y.backward()
    assert x.grad is not None and x.grad.item() == 1.0  # only through the sum
    assert below is not None and below.inputs is None  # reached, and released
