"""Devices: the CPU, and the device-picking code of PyTorch programs."""

import pytest

import ad_core
from ad_core.device import as_device, is_device


def test_device_construction_and_equality() -> None:
    cpu = ad_core.device("cpu")
    assert cpu.type == "cpu" and cpu.index is None and str(cpu) == "cpu"
    assert repr(cpu) == "device(type='cpu')"
    assert ad_core.device("cuda:1") == ad_core.device("cuda", 1)
    assert repr(ad_core.device("cuda", 1)) == "device(type='cuda', index=1)"
    assert ad_core.device(cpu) == cpu and hash(ad_core.device("cpu")) == hash(cpu)
    assert cpu != "cpu"  # as in PyTorch: a device never equals a string
    assert ad_core.ones(2).device == cpu and not ad_core.ones(2).is_cuda


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((3,), TypeError, "device: expected a string"),
        (("cuda:x",), ValueError, "type:index"),
        (("cuda:0", 1), ValueError, "index given twice"),
        (("",), ValueError, "device type"),
        (("cuda", -1), ValueError, "non-negative"),
    ],
)
def test_bad_devices(args: tuple[object, ...], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        ad_core.device(*args)  # type: ignore[arg-type]


def test_device_is_read_only() -> None:
    with pytest.raises(AttributeError, match="read-only"):
        ad_core.device("cpu").type = "cuda"


def test_only_the_cpu_can_be_used() -> None:
    assert as_device("to", None) == as_device("to", "cpu") == ad_core.device("cpu")
    for where in ("cuda", "cuda:0", 0, ad_core.device("mps")):
        with pytest.raises(RuntimeError, match=r"to: cannot use device .*no .* backend"):
            as_device("to", where)
    assert is_device("cuda:3") and is_device(ad_core.device("cpu"))
    assert not is_device("float32") and not is_device(3)


def test_cpu_only_namespaces() -> None:
    assert ad_core.cuda.is_available() is False and ad_core.cuda.device_count() == 0
    ad_core.cuda.manual_seed(0)
    ad_core.cuda.manual_seed_all(0)
    with pytest.raises(RuntimeError, match="CUDA backend"):
        ad_core.cuda.synchronize()
    assert ad_core.backends.mps.is_available() is False
    assert ad_core.backends.cuda.is_built() is False
    ad_core.backends.cudnn.deterministic = True
    assert ad_core.backends.cudnn.deterministic is True
    assert ad_core.accelerator.is_available() is False
    assert ad_core.accelerator.current_accelerator() is None


def test_the_device_idiom_of_pytorch_programs() -> None:
    use_cuda = ad_core.cuda.is_available()
    use_mps = ad_core.backends.mps.is_available()
    where = ad_core.device("cuda" if use_cuda else "mps" if use_mps else "cpu")
    x = ad_core.ones(2, device=where)
    assert x.to(where) is x and x.cpu() is x
    with pytest.raises(RuntimeError, match="cuda: cannot use device 'cuda'"):
        x.cuda()
