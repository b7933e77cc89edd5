"""resolve_generator: seeds, given generators and their errors."""

import numpy as np
import pytest

from ad_data._generator import resolve_generator


def test_same_seed_same_draws() -> None:
    a = resolve_generator("op", 3, None).integers(0, 1000, size=20)
    b = resolve_generator("op", 3, None).integers(0, 1000, size=20)
    np.testing.assert_array_equal(a, b)


def test_given_generator_is_used_as_is() -> None:
    generator = np.random.default_rng(0)
    assert resolve_generator("op", None, generator) is generator


def test_no_seed_gives_independent_generators() -> None:
    a = resolve_generator("op", None, None).integers(0, 2**62, size=4)
    b = resolve_generator("op", None, None).integers(0, 2**62, size=4)
    assert not np.array_equal(a, b)


def test_seed_and_generator_together_rejected() -> None:
    with pytest.raises(ValueError, match="op: expected seed or generator, not both"):
        resolve_generator("op", 1, np.random.default_rng(0))


def test_wrong_types_rejected() -> None:
    with pytest.raises(TypeError, match=r"op: expected generator to be an np\.random\.Generator"):
        resolve_generator("op", None, np.random.RandomState(0))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="op: expected seed to be an int, got float"):
        resolve_generator("op", 1.5, None)  # type: ignore[arg-type]
