"""inference_mode (no_grad and friends are tested with the engine)."""

import ad_core


def test_inference_mode_records_nothing() -> None:
    x = ad_core.tensor([1.0], requires_grad=True)
    with ad_core.inference_mode():
        assert not ad_core.is_grad_enabled() and ad_core.is_inference_mode_enabled()
        assert not (x * 2).requires_grad
    assert ad_core.is_grad_enabled() and not ad_core.is_inference_mode_enabled()
    with ad_core.inference_mode(False):
        assert (x * 2).requires_grad


def test_inference_mode_as_decorator() -> None:
    @ad_core.inference_mode()
    def double(t: ad_core.Tensor) -> ad_core.Tensor:
        return t * 2

    assert not double(ad_core.tensor([1.0], requires_grad=True)).requires_grad
    assert ad_core.is_grad_enabled()
