"""Fixtures the benchmarks' tests share with the apps they measure."""

from linkwork.evaluation.tests.conftest import casework

__all__ = ["casework"]
