"""Matrix products in pieces small enough that OpenBLAS works on the calling thread.

OpenBLAS hands a product to its own helper threads above a size threshold (``m*n*k`` of
262,144 for a matrix product, ``m*n`` of 9,216 for a matrix-vector product). Those threads
then spin, waiting for more work; on a machine whose cores are busy they take the time they
were meant to save (measured here: evaluating a chunk took 38 ms with them and 21 ms
without). The engine's products are thin, so pieces below the thresholds cost little, and
the engine runs chunks on its own threads instead.
"""

from __future__ import annotations

import numpy as np

__all__ = ["dot"]

_GEMM_LIMIT = 200_000
_GEMV_LIMIT = 9_000


def dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b`` for a 2-D ``a`` and a 1-D or 2-D ``b``, row block by row block."""
    m, k = a.shape
    per_row = k * (b.shape[1] if b.ndim == 2 else 1)
    limit = _GEMM_LIMIT if b.ndim == 2 else _GEMV_LIMIT
    if m * per_row <= limit:
        return a @ b
    step = max(1, limit // per_row)
    out = np.empty((m, b.shape[1]) if b.ndim == 2 else m)
    for i in range(0, m, step):
        np.matmul(a[i : i + step], b, out=out[i : i + step])
    return out
