"""Running an elementwise update over a large parameter block by block."""

from __future__ import annotations

from ad_core import NDArray

# Elements per block: the handful of arrays an update touches, a block of each,
# fit in a core's L2 cache (1 << 16 float32 elements are 256 KiB).
BLOCK = 1 << 16


def blocks(*arrays: NDArray) -> list[tuple[NDArray, ...]]:
    """The arrays (of one shape) as matching flat views of ``BLOCK`` elements each.

    An optimizer's update is a dozen elementwise passes; over a large array
    each pass streams the whole array from memory, while over one block at a
    time every pass after the first reads from the cache (Adam on 2.1 M
    float32 weights: 11 ms a step whole, 6.5 ms by blocks). Elementwise
    results do not depend on the split, so they are bit-identical. Small
    arrays, and arrays that are not all C-contiguous (a flat view of those
    would be a copy, and writes to it would be lost), come back whole.

    >>> import numpy as np
    >>> a, b = np.zeros(3 * BLOCK), np.ones(3 * BLOCK)
    >>> for x, y in blocks(a, b):
    ...     x += y
    >>> a.sum() == 3 * BLOCK, len(blocks(a, b))
    (np.True_, 3)
    >>> len(blocks(a[::2], b[::2]))  # not contiguous: whole
    1
    """
    size = arrays[0].size
    if size <= BLOCK or not all(a.flags.c_contiguous for a in arrays):
        return [arrays]  # a list, not a generator: this runs for every parameter
    flat = [a.reshape(-1) for a in arrays]
    return [tuple([f[start : start + BLOCK] for f in flat]) for start in range(0, size, BLOCK)]
