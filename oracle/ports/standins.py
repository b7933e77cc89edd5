"""Stand-ins for the third-party modules the ported programs import besides
the framework, identical on the original (PyTorch) and the port side.

- ``torchvision``: ``datasets.MNIST`` serves scikit-learn's 8×8 digits, each
  pixel made a 3×3 block and the image padded to MNIST's 28×28, as uint8
  images with int labels (no download ever); ``transforms.ToTensor`` turns an
  image into a (1, 28, 28) array of the run's float dtype in [0, 1] (NumPy,
  which both frameworks' ``DataLoader`` collate into tensors), ``Normalize``
  and ``Compose`` do what torchvision's do; ``utils.save_image`` writes no
  file but keeps the image for the test.
- ``SummaryWriter`` (``torch.utils.tensorboard`` on the original side, where
  the ``tensorboard`` package is not installed, and ``tensorboardX`` on the
  port side): keeps the scalars it is given.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.floating[Any]]


def digits_28(count: int, offset: int) -> tuple[NDArray[np.uint8], NDArray[np.int64]]:
    """``count`` digits from ``offset`` on as 28×28 uint8 images, with their labels."""
    from sklearn.datasets import load_digits  # only the programs that read MNIST pay its import

    digits = load_digits()
    if offset + count > len(digits.images):
        raise ValueError(
            f"digits_28: asked for images {offset}..{offset + count}, "
            f"the digits have {len(digits.images)}"
        )
    small = digits.images[offset : offset + count]
    large = np.pad(np.kron(small, np.ones((3, 3))), ((0, 0), (2, 2), (2, 2)))
    images = np.round(large * (255 / 16)).astype(np.uint8)
    labels = digits.target[offset : offset + count].astype(np.int64)
    return images, labels


@dataclass
class StandIns:
    """The stand-in modules of one run and what the program gave them.

    Parameters
    ----------
    to_numpy
        Turns one of the side's tensors into a NumPy array.
    float_dtype
        The run's default float dtype: images come in it, as torchvision's
        ``ToTensor`` gives the default float dtype's images.
    train_size, test_size
        How many digits the training and test sets of ``MNIST`` hold (the
        test set follows the training set).
    """

    to_numpy: Callable[[Any], NDArray[Any]]
    float_dtype: type[np.floating[Any]]
    train_size: int = 0
    test_size: int = 0
    images: list[tuple[str, NDArray[Any]]] = field(default_factory=list)
    scalars: list[tuple[str, float, int]] = field(default_factory=list)

    def install(self, writer_module: str) -> None:
        """Put ``torchvision`` and ``writer_module`` (a module offering
        ``SummaryWriter``) into ``sys.modules``."""
        torchvision = ModuleType("torchvision")
        datasets = ModuleType("torchvision.datasets")
        transforms = ModuleType("torchvision.transforms")
        utils = ModuleType("torchvision.utils")
        datasets.MNIST = self._mnist_class()  # type: ignore[attr-defined]
        transforms.Compose = Compose  # type: ignore[attr-defined]
        transforms.ToTensor = self._to_tensor_class()  # type: ignore[attr-defined]
        transforms.Normalize = Normalize  # type: ignore[attr-defined]
        utils.save_image = self.save_image  # type: ignore[attr-defined]
        torchvision.datasets = datasets  # type: ignore[attr-defined]
        torchvision.transforms = transforms  # type: ignore[attr-defined]
        torchvision.utils = utils  # type: ignore[attr-defined]
        writer = ModuleType(writer_module)
        writer.SummaryWriter = self._writer_class()  # type: ignore[attr-defined]
        for module in (torchvision, datasets, transforms, utils, writer):
            sys.modules[module.__name__] = module

    def save_image(self, tensor: Any, fp: Any, nrow: int = 8, **kwargs: Any) -> None:
        """Keep the image grid instead of writing it (torchvision's signature)."""
        self.images.append((str(fp), np.array(self.to_numpy(tensor))))

    def _mnist_class(self) -> type:
        stand_ins = self

        class MNIST:
            """torchvision's MNIST signature, serving the digits."""

            def __init__(
                self,
                root: str,
                train: bool = True,
                transform: Callable[[Any], Any] | None = None,
                target_transform: Callable[[Any], Any] | None = None,
                download: bool = False,
            ) -> None:
                if train:
                    count, offset = stand_ins.train_size, 0
                else:
                    count, offset = stand_ins.test_size, stand_ins.train_size
                self.data, self.targets = digits_28(count, offset)
                self.transform = transform
                self.target_transform = target_transform

            def __len__(self) -> int:
                return len(self.data)

            def __getitem__(self, index: int) -> tuple[Any, Any]:
                image: Any = self.data[index]
                target: Any = int(self.targets[index])
                if self.transform is not None:
                    image = self.transform(image)
                if self.target_transform is not None:
                    target = self.target_transform(target)
                return image, target

        return MNIST

    def _to_tensor_class(self) -> type:
        dtype = self.float_dtype

        class ToTensor:
            """A (H, W) uint8 image to a (1, H, W) float array in [0, 1]."""

            def __call__(self, pic: NDArray[np.uint8]) -> FloatArray:
                return (pic.astype(dtype) / 255)[None]

        return ToTensor

    def _writer_class(self) -> type:
        scalars = self.scalars

        class SummaryWriter:
            """Keeps scalars instead of writing event files."""

            def __init__(self, log_dir: str | None = None, **kwargs: Any) -> None:
                self.log_dir = log_dir

            def add_scalar(self, tag: str, scalar_value: Any, global_step: int = 0) -> None:
                scalars.append((tag, float(scalar_value), int(global_step)))

            def flush(self) -> None:
                """Nothing is buffered."""

            def close(self) -> None:
                """Nothing is open."""

        return SummaryWriter


class Compose:
    """Apply transforms in order (torchvision's ``Compose``)."""

    def __init__(self, transforms: Sequence[Callable[[Any], Any]]) -> None:
        self.transforms = list(transforms)

    def __call__(self, image: Any) -> Any:
        for transform in self.transforms:
            image = transform(image)
        return image


class Normalize:
    """Subtract ``mean`` and divide by ``std`` per channel (torchvision's ``Normalize``)."""

    def __init__(self, mean: Sequence[float], std: Sequence[float]) -> None:
        self.mean = np.asarray(mean)[:, None, None]
        self.std = np.asarray(std)[:, None, None]

    def __call__(self, image: FloatArray) -> FloatArray:
        result: FloatArray = ((image - self.mean) / self.std).astype(image.dtype)
        return result
