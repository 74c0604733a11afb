"""Give the memory a load or an open freed back to the operating system.

Loading a graph frees a great deal at the end: a writer's staging (every fact of the load, and the
tables it kept them in), the smaller tables the graph's dicts outgrew, and on an open from a
snapshot the payload read and the lists it was unpacked from. The C library's allocator keeps what
is freed in the middle of its heap for later requests instead of returning it, so a process that
loaded a million relationships kept about 16 MB it no longer used after a load and hundreds of
megabytes after an open (``docs/benchmarks.md``). ``give_back`` asks glibc's ``malloc_trim`` to
return every free page; elsewhere (musl, macOS) it does nothing.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable

_TRIM: Callable[[int], int] | None = getattr(ctypes.CDLL(None), "malloc_trim", None)


def give_back() -> bool:
    """Return the allocator's free pages to the operating system; ``False`` where it cannot."""
    if _TRIM is None:
        return False
    return bool(_TRIM(0))
