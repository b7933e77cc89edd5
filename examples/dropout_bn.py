"""Dropout and batch normalisation on the Olivetti faces.

Three networks on one figure: ``Linear + Sigmoid + Linear``; the same with
``Dropout(0.05)`` after the sigmoid; the same with ``BatchNorm1d`` before it.
Accuracies are measured in ``eval()`` mode, where dropout is off and batch
normalisation uses its running statistics.

The Olivetti faces are downloaded by scikit-learn on first use and cached;
``--dataset digits`` runs offline on the 8x8 digits. Cross-entropy, Adam (lr 0.01),
50 epochs, minibatches of 32, a stratified 70/30 split.

Run ``python examples/dropout_bn.py`` (``--help`` lists the flags).
"""

from __future__ import annotations

from collections.abc import Callable

from common import Data, fit, load_faces, parse_args, save_results

import ad_core
import ad_nn as nn

HIDDEN = 64


def network(data: Data, middle: list[nn.Module]) -> nn.Module:
    """``Flatten + Linear + <middle> + Linear`` sized for ``data``."""
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(data.height * data.width, HIDDEN),
        *middle,
        nn.Linear(HIDDEN, data.classes),
    )


def main() -> None:
    settings = parse_args(__doc__, faces=True)
    data = load_faces(settings)
    networks: dict[str, Callable[[], list[nn.Module]]] = {
        "Linear + Sigmoid + Linear": lambda: [nn.Sigmoid()],
        "with Dropout(0.05)": lambda: [nn.Sigmoid(), nn.Dropout(0.05)],
        "with BatchNorm1d": lambda: [nn.BatchNorm1d(HIDDEN), nn.Sigmoid()],
    }
    histories = {}
    for label, middle in networks.items():
        ad_core.manual_seed(settings.seed)
        histories[label] = fit(network(data, middle()), data, settings, label)
    save_results("dropout_bn", "Dropout and batch normalisation", settings, data, histories)


if __name__ == "__main__":
    main()
