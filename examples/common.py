"""What the classification examples share: flags, data, the training loop, plots and JSON.

Each example builds its networks and calls, in order::

    settings = parse_args(__doc__, faces=True)
    data = load_faces(settings)          # or load_digits(settings.seed)
    ad_core.manual_seed(settings.seed)   # before each network: same start, same dropout
    history = fit(network, data, settings, "Linear + Sigmoid + Linear")
    save_results("cnn", title, settings, data, {"...": history})
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import warnings
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.datasets import fetch_olivetti_faces, get_data_home
from sklearn.datasets import load_digits as sklearn_digits
from sklearn.model_selection import train_test_split
from tqdm import tqdm

import ad_core
import ad_nn as nn
from ad_core import NDArray
from ad_data import ArrayDataset, DataLoader
from ad_optim import Adam

EPOCHS, BATCH_SIZE, LR, SEED = 50, 32, 0.01, 0
QUICK_EPOCHS = 4
# The exit status of a face example whose data set could not be had: scripts/reproduce.py
# reruns it on digits when it sees this.
DATA_UNAVAILABLE = 3


@dataclass(frozen=True)
class Settings:
    """The command line of an example, parsed."""

    epochs: int
    batch_size: int
    lr: float
    seed: int
    quick: bool
    out: Path
    show: bool
    verbose: bool = False
    progress: bool | None = None
    dataset: str = "digits"
    data_home: Path | None = None


def parse_args(description: str | None, faces: bool = False) -> Settings:
    """Parse the flags every example takes; ``faces`` adds ``--dataset`` and ``--data-home``."""
    parser = argparse.ArgumentParser(description=(description or "").split("\n\n")[0])
    add = parser.add_argument
    add("--epochs", type=int, help=f"epochs (default {EPOCHS}, or {QUICK_EPOCHS} with --quick)")
    add("--batch-size", type=int, default=BATCH_SIZE, help=f"minibatch size ({BATCH_SIZE})")
    add("--lr", type=float, default=LR, help=f"Adam's learning rate ({LR})")
    add("--seed", type=int, default=SEED, help=f"seeds split, init, dropout, shuffling ({SEED})")
    add("--quick", action="store_true", help="a few epochs, for a smoke test")
    add("--out", type=Path, default=Path("results"), help="folder for PNG and JSON (results)")
    add("--show", action="store_true", help="open a window with the figure")
    add("--verbose", action="store_true", help="a line per epoch")
    add(
        "--progress",
        action=argparse.BooleanOptionalAction,
        help="a progress bar per network (default: when stderr is a terminal)",
    )
    if faces:
        add(
            "--dataset",
            choices=["olivetti", "digits"],
            default="olivetti",
            help="the 64x64 Olivetti faces, downloaded once (default), or the 8x8 digits, offline",
        )
        add("--data-home", type=Path, help=f"scikit-learn's data cache ({get_data_home()})")
    args = parser.parse_args()
    epochs = args.epochs if args.epochs is not None else QUICK_EPOCHS if args.quick else EPOCHS
    for flag, value in [("--epochs", epochs), ("--batch-size", args.batch_size)]:
        if value < 1:
            parser.error(f"{flag} must be at least 1, got {value}")
    if not args.lr > 0:
        parser.error(f"--lr must be positive, got {args.lr}")
    # Checked now, so that a bad folder fails before the training, not after it.
    problem = unwritable(args.out)
    if problem:
        parser.error(f"--out {args.out}: {problem}")
    return Settings(
        epochs=epochs,
        batch_size=args.batch_size,
        lr=args.lr,
        seed=args.seed,
        quick=args.quick,
        out=args.out,
        show=args.show,
        verbose=args.verbose,
        progress=args.progress,
        dataset=getattr(args, "dataset", "digits"),
        data_home=getattr(args, "data_home", None),
    )


def unwritable(folder: Path) -> str | None:
    """Create ``folder`` if needed; say why files cannot be written there, or None."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return f"cannot create the folder ({error.strerror})"
    return None if os.access(folder, os.W_OK) else "the folder is not writable"


@dataclass(frozen=True)
class Data:
    """Images of shape (N, H, W) with integer labels, split 70/30 by class."""

    name: str
    x_train: NDArray
    y_train: NDArray
    x_test: NDArray
    y_test: NDArray
    classes: int

    @property
    def height(self) -> int:
        return int(self.x_train.shape[1])

    @property
    def width(self) -> int:
        return int(self.x_train.shape[2])


def _split(name: str, images: NDArray, labels: NDArray, seed: int) -> Data:
    x_train, x_test, y_train, y_test = train_test_split(
        images.astype(np.float32),
        labels.astype(np.int64),
        test_size=0.3,
        stratify=labels,
        random_state=seed,
    )
    return Data(name, x_train, y_train, x_test, y_test, int(labels.max()) + 1)


def standardized(data: Data) -> Data:
    """Each pixel shifted and scaled to mean 0 and deviation 1 on the training split.

    Why: with 4096 inputs all in [0, 1], Adam's first step (0.01 on every weight, mostly of
    one sign) moves a hidden unit's input by about 20 and saturates the sigmoid for good;
    centred inputs keep the steps from adding up. PyTorch behaves the same.
    """
    mean, std = data.x_train.mean(axis=0), data.x_train.std(axis=0) + 1e-6
    return replace(data, x_train=(data.x_train - mean) / std, x_test=(data.x_test - mean) / std)


def load_digits(seed: int) -> Data:
    """scikit-learn's 8x8 digits (ships with it, offline), scaled from 0..16 to [0, 1]."""
    digits = sklearn_digits()
    return _split("digits", digits.images / 16.0, digits.target, seed)


def load_faces(settings: Settings) -> Data:
    """The data set ``--dataset`` names: the digits as for dnn.py, or the Olivetti faces
    with standardised pixels. When the Olivetti faces can be neither found in the
    cache nor downloaded, say so and exit with ``DATA_UNAVAILABLE`` instead of a traceback."""
    if settings.dataset == "digits":
        return load_digits(settings.seed)
    home = settings.data_home or Path(get_data_home())
    try:
        # One retry, no wait: offline, the answer should come in a second, not a minute.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "Retry downloading": said below
            faces = fetch_olivetti_faces(data_home=home, n_retries=1, delay=0.1)
    except OSError as error:
        script = Path(sys.argv[0]).name
        print(
            f"{script}: could not download the Olivetti faces ({error}).\n"
            f"  Looked for a cached copy in {home}.\n"
            f"  Run with --dataset digits to train offline on scikit-learn's 8x8 digits\n"
            f"  (the networks adapt their sizes to the input).",
            file=sys.stderr,
        )
        raise SystemExit(DATA_UNAVAILABLE) from None
    return standardized(_split("olivetti", faces.images, faces.target, settings.seed))


@dataclass
class History:
    """Per-epoch numbers of one network: the mean training loss over the epoch, the test
    loss and both accuracies after it (in eval mode), and the seconds spent training."""

    loss: list[float] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    test_accuracy: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)


def evaluate(model: nn.Module, x: NDArray, y: NDArray) -> tuple[float, float]:
    """The mean cross-entropy of ``model`` on ``(x, y)`` and the fraction it labels
    correctly, in eval mode."""
    model.eval()
    with ad_core.no_grad():
        logits = model(ad_core.tensor(x))
        loss = nn.CrossEntropyLoss()(logits, ad_core.tensor(y)).item()
    return loss, float((logits.numpy().argmax(axis=1) == y).mean())


def fit(model: nn.Module, data: Data, settings: Settings, label: str) -> History:
    """Train ``model`` with Adam and cross-entropy; evaluate both splits after each epoch.

    A progress bar counts the epochs (``--progress``), ``--verbose`` prints a line per
    epoch, and one line sums the network up at the end."""
    loader = DataLoader(
        ArrayDataset(data.x_train, data.y_train),
        batch_size=settings.batch_size,
        shuffle=True,
        seed=settings.seed,
    )
    optimizer = Adam(model.parameters(), lr=settings.lr)
    loss_fn = nn.CrossEntropyLoss()
    history = History()
    progress = tqdm(
        range(1, settings.epochs + 1),
        desc=f"{label:<44}",
        leave=False,
        disable=None if settings.progress is None else not settings.progress,
        # 44 characters of label, the bar, then 50 of numbers: fits 120 columns.
        bar_format="{desc} {bar} {n_fmt}/{total_fmt} epochs [{elapsed}<{remaining}{postfix}]",
    )
    for epoch in progress:
        start = time.perf_counter()
        model.train()
        total = 0.0
        for x, y in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(y)
        history.seconds.append(time.perf_counter() - start)
        history.loss.append(total / len(data.y_train))
        history.train_accuracy.append(evaluate(model, data.x_train, data.y_train)[1])
        test_loss, test_accuracy = evaluate(model, data.x_test, data.y_test)
        history.test_loss.append(test_loss)
        history.test_accuracy.append(test_accuracy)
        progress.set_postfix_str(
            f"loss {history.loss[-1]:.4f}, test {test_accuracy:.2%}", refresh=False
        )
        if settings.verbose:
            progress.write(
                f"{label:<44} epoch {epoch:3d}/{settings.epochs}  loss {history.loss[-1]:.4f}  "
                f"train {history.train_accuracy[-1]:7.2%}  test {test_accuracy:7.2%}  "
                f"{history.seconds[-1]:.2f} s"
            )
    progress.close()
    print(
        f"{label}: train {history.train_accuracy[-1]:.2%}, test {history.test_accuracy[-1]:.2%} "
        f"after {settings.epochs} epochs, {np.mean(history.seconds):.3f} s/epoch"
    )
    return history


DATASET_NAMES = {"digits": "the 8x8 digits", "olivetti": "the Olivetti faces"}


def save_results(
    name: str, title: str, settings: Settings, data: Data, histories: dict[str, History]
) -> None:
    """Write ``<out>/<name>.png`` (loss and accuracies per epoch) and ``<out>/<name>.json``.
    ``title`` names what is compared; the data set is added to it."""
    settings.out.mkdir(parents=True, exist_ok=True)
    title = f"{title} on {DATASET_NAMES[data.name]}"
    _plot(title, histories, settings.out / f"{name}.png", settings.show)
    record = {
        "experiment": name,
        "dataset": data.name,
        "settings": {
            "epochs": settings.epochs,
            "batch_size": settings.batch_size,
            "lr": settings.lr,
            "seed": settings.seed,
            "quick": settings.quick,
        },
        "networks": {label: asdict(history) for label, history in histories.items()},
    }
    write_json(record, settings.out / f"{name}.json")


def _plot(title: str, histories: dict[str, History], path: Path, show: bool) -> None:
    import matplotlib

    if not show:
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.ticker import MaxNLocator

    fig, (loss, train, test) = plt.subplots(1, 3, figsize=(15, 4.6))
    for i, history in enumerate(histories.values()):
        epochs = range(1, len(history.loss) + 1)
        loss.plot(epochs, history.loss, color=f"C{i}")
        loss.plot(epochs, history.test_loss, color=f"C{i}", linestyle="--")
        train.plot(epochs, 100 * np.array(history.train_accuracy), color=f"C{i}")
        test.plot(epochs, 100 * np.array(history.test_accuracy), color=f"C{i}")
    loss.set(title="loss", xlabel="epoch", ylabel="cross-entropy (log scale)", yscale="log")
    train.set(title="training accuracy", xlabel="epoch", ylabel="accuracy (%)")
    test.set(title="test accuracy", xlabel="epoch", ylabel="accuracy (%)")
    for ax in loss, train, test:
        ax.grid(alpha=0.3)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    # One legend for the figure: a colour per network, a line style per split of the loss.
    handles = [Line2D([], [], color=f"C{i}", label=label) for i, label in enumerate(histories)]
    handles += [
        Line2D([], [], color="0.4", label="training loss"),
        Line2D([], [], color="0.4", linestyle="--", label="test loss"),
    ]
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False)
    fig.suptitle(title)
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    fig.savefig(path, dpi=100)
    print(f"wrote {path}")
    if show:
        plt.show()
    plt.close(fig)


def write_json(record: dict[str, Any], path: Path) -> None:
    """Write ``record`` as JSON atomically: a temporary file, then a rename."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w") as file:
        json.dump(record, file, indent=1)
    os.replace(tmp, path)
    print(f"wrote {path}")
