"""resolve_generator and pass_generator: seeds, given generators, ad_core's global one."""

import numpy as np
import pytest

import ad_core
from ad_data._generator import pass_generator, resolve_generator


def test_same_seed_same_draws() -> None:
    a, b = resolve_generator("op", 3, None), resolve_generator("op", 3, None)
    assert a is not None and b is not None and a is not b
    np.testing.assert_array_equal(a.integers(0, 1000, size=20), b.integers(0, 1000, size=20))


def test_given_generator_is_used_as_is() -> None:
    generator = np.random.default_rng(0)
    assert resolve_generator("op", None, generator) is generator


def test_neither_seed_nor_generator_means_the_global_one() -> None:
    assert resolve_generator("op", None, None) is None


def test_pass_generator_keeps_a_given_generator() -> None:
    generator = np.random.default_rng(0)
    assert pass_generator(generator) is generator


def test_pass_generator_is_seeded_by_manual_seed() -> None:
    ad_core.manual_seed(11)
    a = pass_generator(None).integers(0, 2**62, size=4)
    b = pass_generator(None).integers(0, 2**62, size=4)
    ad_core.manual_seed(11)
    assert np.array_equal(pass_generator(None).integers(0, 2**62, size=4), a)
    assert not np.array_equal(a, b)


def test_a_pass_does_not_depend_on_other_draws_from_the_global_generator() -> None:
    ad_core.manual_seed(3)
    quiet = pass_generator(None)
    expected = quiet.permutation(100)
    ad_core.manual_seed(3)
    busy = pass_generator(None)
    ad_core.randn(1000)  # dropout or initialisation drawing while the pass runs
    np.testing.assert_array_equal(busy.permutation(100), expected)


def test_seed_and_generator_together_rejected() -> None:
    with pytest.raises(ValueError, match="op: expected seed or generator, not both"):
        resolve_generator("op", 1, np.random.default_rng(0))


def test_wrong_types_rejected() -> None:
    with pytest.raises(TypeError, match=r"op: expected generator to be an np\.random\.Generator"):
        resolve_generator("op", None, np.random.RandomState(0))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="op: expected seed to be an int, got float"):
        resolve_generator("op", 1.5, None)  # type: ignore[arg-type]
