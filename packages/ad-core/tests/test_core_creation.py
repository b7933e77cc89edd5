"""Creation functions: PyTorch's signatures, dtypes and devices."""

from collections.abc import Callable

import numpy as np
import pytest

import ad_core


def test_dtype_inference_of_full() -> None:
    assert ad_core.full((2,), 1.5).dtype == np.float32
    assert ad_core.full((2,), 3).dtype == np.int64
    assert ad_core.full((2,), True).dtype == np.bool_
    assert ad_core.full(2, 0.0, dtype=np.float64).dtype == np.float64


def test_like_functions() -> None:
    x = ad_core.ones(2, 3, dtype=np.float64)
    for fn in (ad_core.zeros_like, ad_core.ones_like, ad_core.empty_like):
        out = fn(x)
        assert out.shape == (2, 3) and out.dtype == np.float64
    assert ad_core.zeros_like(x, dtype=ad_core.long).dtype == np.int64
    assert ad_core.full_like(x, 7).tolist() == [[7.0] * 3] * 2
    assert ad_core.rand_like(x).dtype == np.float64 and ad_core.randn_like(x).shape == (2, 3)
    assert ad_core.zeros_like(x, requires_grad=True).requires_grad


def test_empty_and_linspace() -> None:
    assert ad_core.empty(2, 3).tolist() == [[0.0] * 3] * 2
    np.testing.assert_allclose(ad_core.linspace(-1, 1, 5).array, np.linspace(-1, 1, 5))
    assert ad_core.linspace(0, 1, 3, dtype=np.float64).dtype == np.float64
    with pytest.raises(ValueError, match="linspace: steps must be a non-negative int"):
        ad_core.linspace(0, 1, -2)


def test_randint_and_randperm() -> None:
    g = ad_core.Generator().manual_seed(0)
    x = ad_core.randint(3, (1000,), generator=g)
    assert x.dtype == np.int64 and set(x.tolist()) == {0, 1, 2}
    y = ad_core.randint(-2, 2, (2, 5))
    assert y.shape == (2, 5) and y.array.min() >= -2 and y.array.max() < 2
    assert ad_core.randint(5, (3,), dtype=ad_core.int32).dtype == np.int32
    assert sorted(ad_core.randperm(10).tolist()) == list(range(10))
    a = ad_core.randperm(8, generator=g.manual_seed(1))
    assert a.tolist() == ad_core.randperm(8, generator=g.manual_seed(1)).tolist()
    with pytest.raises(ValueError, match="randint: expected low < high"):
        ad_core.randint(3, 3, (2,))
    with pytest.raises(TypeError, match=r"randint: expected \(high, size\)"):
        ad_core.randint(3)
    with pytest.raises(TypeError, match="randint: high must be an int"):
        ad_core.randint(2.5, (2,))


def test_from_numpy_and_as_tensor_share_memory() -> None:
    a = np.arange(3.0)
    t = ad_core.from_numpy(a)
    a[0] = 5
    assert t.tolist()[0] == 5 and t.dtype == np.float64
    assert ad_core.as_tensor(a).array is a
    assert ad_core.as_tensor(a, dtype=np.float32).array is not a
    x = ad_core.ones(2)
    assert ad_core.as_tensor(x) is x
    assert ad_core.as_tensor([1, 2]).dtype == np.int64
    with pytest.raises(TypeError, match=r"from_numpy: expected a numpy\.ndarray"):
        ad_core.from_numpy([1, 2])  # type: ignore[arg-type]


def test_device_keyword() -> None:
    assert ad_core.zeros(2, device="cpu").shape == (2,)
    assert ad_core.tensor([1.0], device=ad_core.device("cpu")).tolist() == [1.0]
    makers: list[Callable[[], object]] = [
        lambda: ad_core.zeros(2, device="cuda"),
        lambda: ad_core.arange(3, device="cuda:0"),
        lambda: ad_core.randn(2, device="mps"),
        lambda: ad_core.tensor([1.0], device="cuda"),
    ]
    for make in makers:
        with pytest.raises(RuntimeError, match="cannot use device"):
            make()


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        (lambda: ad_core.tensor(["a", "b"]), TypeError, "tensor: expected data of numbers"),
        (lambda: ad_core.tensor([object()]), TypeError, "tensor: expected data of numbers"),
        (lambda: ad_core.tensor([[1, 2], [3]]), ValueError, "tensor: data is a ragged"),
        (lambda: ad_core.eye(-1), ValueError, "eye: sizes must be non-negative"),
        (lambda: ad_core.zeros(2, 1.5), TypeError, "zeros: sizes must be non-negative ints"),
    ],
)
def test_bad_creation(make: object, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        make()  # type: ignore[operator]
