"""Parameter: a leaf tensor that requires grad and shares the data it is given."""

import numpy as np

import ad_core
from ad_nn import Parameter


def test_parameter_shares_array_and_requires_grad() -> None:
    array = np.array([1.0, 2.0])
    p = Parameter(array)
    assert p.requires_grad and p.is_leaf and p.array is array
    assert isinstance(p, ad_core.Tensor)


def test_parameter_from_tensor_shares_data() -> None:
    t = ad_core.tensor([3.0])
    p = Parameter(t, requires_grad=False)
    assert p.array is t.array and not p.requires_grad


def test_parameter_default_is_empty_float() -> None:
    p = Parameter()
    assert p.shape == (0,) and p.dtype == np.float32


def test_parameter_gradient_accumulates() -> None:
    p = Parameter(np.array([1.0, -2.0]))
    (p * p).sum().backward()
    assert p.grad is not None
    np.testing.assert_allclose(p.grad.array, [2.0, -4.0])


def test_parameter_repr() -> None:
    p = Parameter(np.array([1.0], dtype=np.float32))
    assert repr(p) == "Parameter containing:\ntensor([1.], requires_grad=True)"
