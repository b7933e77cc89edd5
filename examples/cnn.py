"""Three networks on the Olivetti faces: fully connected, 1-D and 2-D convolutions.

* ``Linear + Sigmoid + Linear`` on the flattened image;
* ``Conv1d + MaxPool1d + Linear + ReLU + Linear``, reading each image as a sequence
  of its columns with one channel per row (64 rows of 64);
* ``Conv2d + MaxPool2d + Linear + ReLU + Linear`` on the image as one channel.

The Olivetti faces (400 images of 64x64, 40 people) are downloaded by scikit-learn
on first use and cached; ``--dataset digits`` runs offline on the 8x8 digits, and
the networks size themselves to the input. Cross-entropy, Adam (lr 0.01), 50
epochs, minibatches of 32, a stratified 70/30 split; all three on one figure.

Run ``python examples/cnn.py`` (``--help`` lists the flags).
"""

from __future__ import annotations

from common import Data, fit, load_faces, parse_args, save_results

import ad_core
import ad_nn as nn
from ad_core import Tensor

HIDDEN = 64


class MLP(nn.Module):
    def __init__(self, data: Data) -> None:
        super().__init__()
        self.fc1 = nn.Linear(data.height * data.width, HIDDEN)
        self.act = nn.Sigmoid()
        self.fc2 = nn.Linear(HIDDEN, data.classes)

    def forward(self, x: Tensor) -> Tensor:
        logits: Tensor = self.fc2(self.act(self.fc1(x.reshape(x.shape[0], -1))))
        return logits


class CNN1d(nn.Module):
    def __init__(self, data: Data, channels: int = 16, kernel_size: int = 3) -> None:
        super().__init__()
        self.conv = nn.Conv1d(data.height, channels, kernel_size)
        self.pool = nn.MaxPool1d(2)
        self.fc1 = nn.Linear(channels * ((data.width - kernel_size + 1) // 2), HIDDEN)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(HIDDEN, data.classes)

    def forward(self, x: Tensor) -> Tensor:
        x = self.pool(self.conv(x))  # (N, rows, columns): rows are the channels
        logits: Tensor = self.fc2(self.act(self.fc1(x.reshape(x.shape[0], -1))))
        return logits


class CNN2d(nn.Module):
    def __init__(self, data: Data, channels: int = 8, kernel_size: int = 3) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, channels, kernel_size)
        self.pool = nn.MaxPool2d(2)
        height, width = (data.height - kernel_size + 1) // 2, (data.width - kernel_size + 1) // 2
        self.fc1 = nn.Linear(channels * height * width, HIDDEN)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(HIDDEN, data.classes)

    def forward(self, x: Tensor) -> Tensor:
        x = self.pool(self.conv(x.reshape(x.shape[0], 1, x.shape[1], x.shape[2])))
        logits: Tensor = self.fc2(self.act(self.fc1(x.reshape(x.shape[0], -1))))
        return logits


def main() -> None:
    settings = parse_args(__doc__, faces=True)
    data = load_faces(settings)
    networks = {
        "Linear + Sigmoid + Linear": MLP,
        "Conv1d + MaxPool1d + Linear + ReLU + Linear": CNN1d,
        "Conv2d + MaxPool2d + Linear + ReLU + Linear": CNN2d,
    }
    histories = {}
    for label, network in networks.items():
        ad_core.manual_seed(settings.seed)
        histories[label] = fit(network(data), data, settings, label)
    save_results("cnn", "Fully connected vs convolutional networks", settings, data, histories)


if __name__ == "__main__":
    main()
