"""A fully connected network classifying scikit-learn's 8x8 digits.

``Linear(64, 64) + Sigmoid + Linear(64, 10)`` trained with cross-entropy and Adam
(lr 0.01) for 50 epochs in minibatches of 32, on a stratified 70/30 split of the
1797 digits. The figure shows the training loss and both accuracies per epoch.

Run ``python examples/dnn.py`` (``--help`` lists the flags).
"""

from __future__ import annotations

from common import fit, load_digits, parse_args, save_results

import ad_core
import ad_nn as nn
from ad_core import Tensor


class DNN(nn.Module):
    def __init__(self, in_features: int, hidden: int, classes: int) -> None:
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden)
        self.act = nn.Sigmoid()
        self.fc2 = nn.Linear(hidden, classes)

    def forward(self, x: Tensor) -> Tensor:
        x = x.reshape(x.shape[0], -1)  # (N, 8, 8) images -> (N, 64) vectors
        logits: Tensor = self.fc2(self.act(self.fc1(x)))
        return logits


def main() -> None:
    settings = parse_args(__doc__)
    data = load_digits(settings.seed)
    ad_core.manual_seed(settings.seed)
    model = DNN(data.height * data.width, 64, data.classes)
    history = fit(model, data, settings, "Linear + Sigmoid + Linear")
    save_results(
        "dnn", "A fully connected network", settings, data, {"Linear + Sigmoid + Linear": history}
    )


if __name__ == "__main__":
    main()
