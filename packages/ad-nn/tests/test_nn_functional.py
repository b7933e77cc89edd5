"""ad_nn.functional re-exports ad_ops as it is and adds losses and norms."""

import ad_nn.functional as F
import ad_ops


def test_reexports_are_the_same_objects() -> None:
    for name in ad_ops.__all__:
        assert getattr(F, name) is getattr(ad_ops, name)
    for name in ("cross_entropy", "mse_loss", "batch_norm", "layer_norm", "group_norm"):
        assert name in F.__all__
