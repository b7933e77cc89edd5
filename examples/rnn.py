"""A GRU classifying scikit-learn's 8x8 digits, each image read row by row.

Each image is a sequence of 8 time steps of 8 features; a one-layer ``GRU`` with
64 hidden units reads it and a ``Linear`` layer classifies its last hidden state.
Cross-entropy, Adam (lr 0.01), 50 epochs, minibatches of 32, a stratified 70/30
split. The training accuracy reaches 100% while the test accuracy stalls below
it: the network overfits, and the figure shows it.

Run ``python examples/rnn.py`` (``--help`` lists the flags).
"""

from __future__ import annotations

from common import fit, load_digits, parse_args, save_results

import ad_core
import ad_nn as nn
from ad_core import Tensor


class GRUClassifier(nn.Module):
    def __init__(self, input_size: int, hidden_size: int, classes: int) -> None:
        super().__init__()
        self.gru = nn.GRU(input_size, hidden_size, batch_first=True)
        self.fc = nn.Linear(hidden_size, classes)

    def forward(self, x: Tensor) -> Tensor:
        _, h_n = self.gru(x)  # x: (N, 8 rows = time steps, 8 columns = features)
        logits: Tensor = self.fc(h_n[-1])
        return logits


def main() -> None:
    settings = parse_args(__doc__)
    data = load_digits(settings.seed)
    ad_core.manual_seed(settings.seed)
    model = GRUClassifier(data.width, 64, data.classes)
    history = fit(model, data, settings, "GRU(8, 64) + Linear")
    save_results(
        "rnn",
        "A GRU reading each image row by row",
        settings,
        data,
        {"GRU(8, 64) + Linear": history},
    )


if __name__ == "__main__":
    main()
