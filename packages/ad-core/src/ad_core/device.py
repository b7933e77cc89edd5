"""Devices: every tensor lives on the CPU, and the code PyTorch programs write
to pick a device (``torch.device``, ``torch.cuda.is_available()``,
``torch.backends.mps.is_available()``, ``torch.accelerator``) runs unchanged
and picks the CPU.
"""

from __future__ import annotations

from typing import Any


class device:
    """Where a tensor lives, as ``torch.device``: ``device("cpu")``,
    ``device("cuda", 0)`` or ``device("cuda:0")``.

    Any device type can be named (so that ``torch.device("cuda" if
    torch.cuda.is_available() else "cpu")`` runs), but tensors and modules
    can only be moved to ``"cpu"``; moving to another raises an error that
    says no such backend is installed.

    Examples
    --------
    >>> import ad_core
    >>> ad_core.device("cpu")
    device(type='cpu')
    >>> ad_core.device("cuda:1").index
    1
    >>> ad_core.ones(2).device == ad_core.device("cpu")
    True
    """

    __slots__ = ("index", "type")

    type: str
    index: int | None

    def __init__(self, type: str | device, index: int | None = None) -> None:
        if isinstance(type, device):
            index = type.index if index is None else index
            type = type.type
        if not isinstance(type, str):
            raise TypeError(f"device: expected a string such as 'cpu', got {type!r}")
        kind, _, number = type.partition(":")
        if number:
            if index is not None:
                raise ValueError(f"device: index given twice in {type!r} and index={index}")
            if not number.isdigit():
                raise ValueError(f"device: expected 'type' or 'type:index', got {type!r}")
            index = int(number)
        if not kind or not kind.isidentifier():
            raise ValueError(f"device: expected a device type such as 'cpu', got {type!r}")
        if index is not None and (not isinstance(index, int) or index < 0):
            raise ValueError(f"device: index must be a non-negative int, got {index!r}")
        object.__setattr__(self, "type", kind)
        object.__setattr__(self, "index", index)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"device: '{name}' is read-only")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self) -> int:
        return hash((self.type, self.index))

    def __repr__(self) -> str:
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self) -> str:
        return self.type if self.index is None else f"{self.type}:{self.index}"


CPU = device("cpu")


def as_device(op: str, where: Any) -> device:
    """``where`` (a device, a string such as ``"cpu"``, or None for the CPU) as
    the CPU device; any other device raises, naming ``op``.

    >>> as_device("to", "cpu")
    device(type='cpu')
    """
    if where is None:
        return CPU
    if not isinstance(where, device):
        if isinstance(where, int) and not isinstance(where, bool):
            where = device("cuda", where)
        else:
            where = device(where)
    if where.type != "cpu":
        raise RuntimeError(
            f"{op}: cannot use device '{where}': no {where.type.upper()} backend is "
            "installed (ad runs on the CPU only); use 'cpu', or pick the device with "
            "`'cuda' if torch.cuda.is_available() else 'cpu'`"
        )
    return CPU


def is_device(value: Any) -> bool:
    """Whether ``value`` names a device: a ``device`` or a string such as
    ``"cpu"`` or ``"cuda:0"`` (not a dtype name).

    >>> is_device("cuda:0"), is_device("float32")
    (True, False)
    """
    if isinstance(value, device):
        return True
    if not isinstance(value, str):
        return False
    return value.partition(":")[0] in _DEVICE_TYPES


_DEVICE_TYPES = frozenset(
    {
        "cpu",
        "cuda",
        "mps",
        "xpu",
        "xla",
        "meta",
        "hip",
        "ipu",
        "mtia",
        "hpu",
        "vulkan",
        "privateuseone",
    }
)


class _Cuda:
    """``torch.cuda`` as a CPU-only build of PyTorch has it: no device.

    >>> import ad_core
    >>> ad_core.cuda.is_available(), ad_core.cuda.device_count()
    (False, 0)
    """

    @staticmethod
    def is_available() -> bool:
        """False: there is no CUDA backend."""
        return False

    @staticmethod
    def device_count() -> int:
        """0 CUDA devices."""
        return 0

    @staticmethod
    def manual_seed(seed: int) -> None:
        """Does nothing, as in a CPU-only PyTorch (seeding CUDA is lazy there)."""

    @staticmethod
    def manual_seed_all(seed: int) -> None:
        """Does nothing, as in a CPU-only PyTorch."""

    @staticmethod
    def is_bf16_supported() -> bool:
        """False: there is no CUDA backend."""
        return False

    @staticmethod
    def synchronize(device: Any = None) -> None:
        """Raises: there is no CUDA backend to wait for."""
        as_device("cuda.synchronize", "cuda")


class _Available:
    """A backend that is never available on this build."""

    def __init__(self, name: str) -> None:
        self._name = name

    def is_available(self) -> bool:
        """False: this backend is not installed."""
        return False

    def is_built(self) -> bool:
        """False: this backend is not built in."""
        return False

    def __repr__(self) -> str:
        return f"<backend {self._name}: not available>"


class _Cudnn(_Available):
    """``torch.backends.cudnn``: settable flags that change nothing on the CPU."""

    def __init__(self) -> None:
        super().__init__("cudnn")
        self.enabled = True
        self.benchmark = False
        self.deterministic = False
        self.allow_tf32 = True


class _Backends:
    """``torch.backends``: ``mps``, ``cuda`` and ``cudnn`` report unavailable.

    >>> import ad_core
    >>> ad_core.backends.mps.is_available()
    False
    """

    def __init__(self) -> None:
        self.mps = _Available("mps")
        self.cuda = _Available("cuda")
        self.cudnn = _Cudnn()


class _Accelerator:
    """``torch.accelerator``: no accelerator, so programs fall back to the CPU.

    >>> import ad_core
    >>> ad_core.accelerator.is_available(), ad_core.accelerator.current_accelerator()
    (False, None)
    """

    @staticmethod
    def is_available() -> bool:
        """False: there is no accelerator."""
        return False

    @staticmethod
    def current_accelerator(check_available: bool = False) -> device | None:
        """None: there is no accelerator."""
        return None

    @staticmethod
    def device_count() -> int:
        """0 accelerators."""
        return 0


cuda = _Cuda()
backends = _Backends()
accelerator = _Accelerator()
