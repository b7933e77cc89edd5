"""default_collate and default_convert: Tensors from arrays and numbers, and every
container PyTorch recurses into."""

from collections import namedtuple
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

import numpy as np
import pytest

import ad_core
from ad_core import Tensor
from ad_data import default_collate, default_convert


class Point(NamedTuple):
    x: Any
    label: int


def test_arrays_stack_along_new_first_dimension_into_a_tensor() -> None:
    batch = default_collate([np.full((2, 3), i, dtype=np.float32) for i in range(4)])
    assert isinstance(batch, Tensor) and not batch.requires_grad and batch.grad_fn is None
    assert batch.shape == (4, 2, 3) and batch.dtype == np.float32
    np.testing.assert_array_equal(batch.array[:, 0, 0], [0, 1, 2, 3])


def test_tensors_stack_as_data_outside_the_graph() -> None:
    a = ad_core.tensor([1.0, 2.0], requires_grad=True)
    b = ad_core.tensor([3.0, 4.0])
    batch = default_collate([a, b])
    assert isinstance(batch, Tensor) and batch.grad_fn is None and not batch.requires_grad
    assert batch.dtype == np.float32 and batch.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    batch.array[0, 0] = 9.0
    assert a.array[0] == 1.0


def test_python_and_numpy_numbers_follow_pytorch_dtypes() -> None:
    ints = default_collate([1, 2, 3])
    floats = default_collate([1.0, 2.5])
    bools = default_collate([True, False])
    scalars = default_collate([np.float32(1.5), np.float32(2.0)])
    halves = default_collate([np.array(1.0, dtype=np.float16)] * 2)
    for batch in (ints, floats, bools, scalars, halves):
        assert isinstance(batch, Tensor)
    # torch.utils.data.default_collate: float -> float64 (not the default dtype), int -> int64.
    assert ints.dtype == np.int64 and ints.tolist() == [1, 2, 3]
    assert floats.dtype == np.float64 and floats.tolist() == [1.0, 2.5]
    assert bools.dtype == np.bool_ and bools.tolist() == [True, False]
    assert scalars.dtype == np.float32 and scalars.tolist() == [1.5, 2.0]
    assert halves.dtype == np.float16 and halves.shape == (2,)


def test_strings_come_back_as_given() -> None:
    assert default_collate(["a", "b"]) == ["a", "b"]
    assert default_collate([("a", 1), ("b", 2)])[0] == ("a", "b")


def test_dict_samples_collate_per_key() -> None:
    samples = [{"image": np.ones(2) * i, "label": i, "name": f"s{i}"} for i in range(3)]
    batch = default_collate(samples)
    assert set(batch) == {"image", "label", "name"}
    assert isinstance(batch["image"], Tensor) and isinstance(batch["label"], Tensor)
    np.testing.assert_array_equal(batch["image"], [[0, 0], [1, 1], [2, 2]])
    np.testing.assert_array_equal(batch["label"], [0, 1, 2])
    assert batch["name"] == ["s0", "s1", "s2"]


def test_tuple_becomes_list_as_in_pytorch() -> None:
    batch = default_collate([(np.zeros(2), 0), (np.ones(2), 1)])
    assert isinstance(batch, list) and len(batch) == 2
    assert all(isinstance(part, Tensor) for part in batch)
    np.testing.assert_array_equal(batch[0], [[0, 0], [1, 1]])
    np.testing.assert_array_equal(batch[1], [0, 1])


def test_namedtuple_keeps_its_type() -> None:
    batch = default_collate([Point(np.zeros(2), 0), Point(np.ones(2), 1)])
    assert isinstance(batch, Point) and isinstance(batch.x, Tensor)
    np.testing.assert_array_equal(batch.x, [[0, 0], [1, 1]])
    np.testing.assert_array_equal(batch.label, [0, 1])
    Pair = namedtuple("Pair", ["a", "b"])
    pair = default_collate([Pair(1, 2.0), Pair(3, 4.0)])
    assert isinstance(pair, Pair) and pair.a.tolist() == [1, 3] and pair.b.tolist() == [2.0, 4.0]


def test_nested_containers() -> None:
    samples = [{"pair": [i, (float(i), np.array([i]))]} for i in range(2)]
    batch = default_collate(samples)
    assert batch["pair"][0].tolist() == [0, 1]
    assert batch["pair"][1][0].tolist() == [0.0, 1.0]
    np.testing.assert_array_equal(batch["pair"][1][1], [[0], [1]])


class Row(Sequence[Any]):
    def __init__(self, values: list[Any]) -> None:
        self.values = values

    def __getitem__(self, index: Any) -> Any:
        return self.values[index]

    def __len__(self) -> int:
        return len(self.values)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.values)


def test_other_sequence_rebuilt_with_its_type() -> None:
    batch = default_collate([Row([1, 2]), Row([3, 4])])
    assert isinstance(batch, Row)
    assert [a.tolist() for a in batch.values] == [[1, 3], [2, 4]]


def test_objects_with_array_interface_stack() -> None:
    class Wrapped:
        def __init__(self, value: float) -> None:
            self.value = value

        def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray[Any, Any]:
            return np.array([self.value, 2 * self.value])

    np.testing.assert_array_equal(default_collate([Wrapped(1.0), Wrapped(2.0)]), [[1, 2], [2, 4]])


def test_errors() -> None:
    with pytest.raises(RuntimeError, match=r"default_collate: arrays in a batch must all have"):
        default_collate([np.zeros(2), np.zeros(3)])
    with pytest.raises(RuntimeError, match="each sequence in the batch should have the same"):
        default_collate([[1, 2], [3]])
    with pytest.raises(TypeError, match="default_collate: expected samples that are tensors"):
        default_collate([None, None])
    with pytest.raises(TypeError, match="cannot collate arrays of dtype object"):
        default_collate([np.array([None]), np.array([None])])
    with pytest.raises(ValueError, match="default_collate: expected at least one sample"):
        default_collate([])


def test_default_convert_makes_tensors_of_numpy_data_only() -> None:
    image = np.arange(6.0).reshape(2, 3)
    sample = {"image": image, "score": np.float32(0.5), "label": 3, "name": "a", "raw": b"x"}
    converted = default_convert(sample)
    assert isinstance(converted["image"], Tensor) and isinstance(converted["score"], Tensor)
    assert converted["image"].array is image or np.shares_memory(converted["image"].array, image)
    assert converted["score"].dtype == np.float32 and converted["score"].shape == ()
    assert converted["label"] == 3 and converted["name"] == "a" and converted["raw"] == b"x"


def test_default_convert_recurses_like_pytorch() -> None:
    t = ad_core.tensor([1.0])
    assert default_convert(t) is t
    pair = default_convert((np.zeros(2), "s"))
    assert isinstance(pair, list) and isinstance(pair[0], Tensor) and pair[1] == "s"
    point = default_convert(Point(np.ones(2), 1))
    assert isinstance(point, Point) and isinstance(point.x, Tensor) and point.label == 1
    row = default_convert(Row([np.zeros(1), 2]))
    assert isinstance(row, Row) and isinstance(row.values[0], Tensor)
    strings = np.array(["a", "b"])
    assert default_convert(strings) is strings
    assert default_convert(None) is None
