"""Generators: torch.Generator's API on a NumPy generator."""

import numpy as np
import pytest

import ad_core


def test_generator_is_a_numpy_generator() -> None:
    g = ad_core.Generator().manual_seed(3)
    assert isinstance(g, np.random.Generator)
    np.testing.assert_array_equal(g.random(3), np.random.default_rng(3).random(3))
    assert g.initial_seed() == 3 and g.device == ad_core.device("cpu")


def test_state_round_trip() -> None:
    g = ad_core.Generator().manual_seed(0)
    state = g.get_state()
    first = g.random(4)
    np.testing.assert_array_equal(g.set_state(state).random(4), first)
    assert isinstance(g.seed(), int)


def test_global_generator_is_reseeded_in_place() -> None:
    before = ad_core.default_generator()
    assert ad_core.manual_seed(5) is before and ad_core.initial_seed() == 5
    a = ad_core.rand(3)
    ad_core.manual_seed(5)
    np.testing.assert_array_equal(a.array, ad_core.rand(3).array)


def test_seeds_follow_pytorch() -> None:
    assert ad_core.manual_seed(-1).initial_seed() == 2**64 - 1
    with pytest.raises(ValueError, match=r"manual_seed: seed must be in \[-2\*\*63, 2\*\*64\)"):
        ad_core.manual_seed(2**64)
    with pytest.raises(TypeError, match="manual_seed: expected an int seed, got str"):
        ad_core.manual_seed("1")  # type: ignore[arg-type]
    with pytest.raises(RuntimeError, match="Generator: cannot use device 'cuda'"):
        ad_core.Generator("cuda")
