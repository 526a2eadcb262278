"""One BLAS thread per process.

numpy's and scipy's OpenBLAS (or MKL, or an OpenMP build) start as many threads as the
machine has cores the first time they load. The statistics here work on small matrices one
after another, where threads gain nothing, and several processes (web, worker, a report run
from the command line) share the cores: each process starting a thread per core oversubscribes
them, and a report took three to four times its processor time in wall time. The limit is read
by the libraries when they load, so it is set in the environment before numpy is imported; if
numpy is in already and threadpoolctl is installed, the loaded libraries are limited through
it. A limit set explicitly in the environment is kept. Pure Python: no Django, no numpy.
"""

from __future__ import annotations

import os
import sys

__all__ = ["BLAS_THREAD_VARIABLES", "single_threaded_blas"]

# Read at load time by OpenBLAS, OpenMP, MKL, BLIS, Apple's Accelerate and numexpr.
BLAS_THREAD_VARIABLES = (
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)


def single_threaded_blas() -> None:
    """Limit BLAS to one thread in this process (and the processes it starts), unless the
    environment already sets a limit."""
    for name in BLAS_THREAD_VARIABLES:
        os.environ.setdefault(name, "1")
    if "numpy" not in sys.modules:
        return
    # Too late for the variables: the libraries have read them already.
    try:
        from threadpoolctl import threadpool_limits  # type: ignore[import-not-found]
    except ImportError:
        return
    try:
        limit = max(1, int(os.environ["OPENBLAS_NUM_THREADS"]))
    except ValueError:
        limit = 1
    threadpool_limits(limits=limit, user_api="blas")
