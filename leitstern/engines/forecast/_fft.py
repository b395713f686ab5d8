"""Fast Fourier transform sizes on numpy alone.

``scipy.fft`` would give the same sizes, but importing it costs about a third of a second,
more than a whole forecast: the command line's hot path stays on ``numpy.fft``.
"""

from __future__ import annotations

__all__ = ["next_fast_len"]


def next_fast_len(target: int) -> int:
    """The smallest 5-smooth number (2^a 3^b 5^c) at least ``target``: the sizes
    ``numpy.fft.rfft`` handles fastest, as ``scipy.fft.next_fast_len(target, real=True)``."""
    if target <= 6:
        return max(int(target), 1)
    best = 1 << (int(target) - 1).bit_length()  # a power of two always fits
    p5 = 1
    while p5 < best:
        p35 = p5
        while p35 < best:
            # The smallest power of two that lifts p35 to at least target.
            quotient = -(-target // p35)
            candidate = p35 << (quotient - 1).bit_length()
            best = min(best, candidate)
            p35 *= 3
        p5 *= 5
    return best
