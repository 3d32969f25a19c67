"""The record kinds of kb/, one pydantic model each. `KINDS` maps a kb/ folder to its model."""

from .assessment import Assessment
from .attention import AttentionVariant
from .base import SCHEMA_VERSION, Record
from .benchmark import Benchmark, BenchmarkClaim
from .model import Model
from .offering import Offering
from .price import PriceHistory, Snapshot, Withdrawal
from .provider import Provider
from .source import Source
from .workload import Workload

KINDS: dict[str, type[Record]] = {
    cls.kind: cls
    for cls in (
        Source,
        Provider,
        Model,
        Offering,
        PriceHistory,
        AttentionVariant,
        Benchmark,
        BenchmarkClaim,
        Assessment,
        Workload,
    )
}

SINGULAR = {
    "sources": "source",
    "providers": "provider",
    "models": "model",
    "offerings": "offering",
    "prices": "price",
    "attention": "attention",
    "benchmarks": "benchmark",
    "claims": "claim",
    "assessments": "assessment",
    "workloads": "workload",
}
"""The singular used in `kb new KIND` and in schema file names (schemas/<singular>.schema.json)."""

__all__ = [
    "KINDS",
    "SCHEMA_VERSION",
    "SINGULAR",
    "Assessment",
    "AttentionVariant",
    "Benchmark",
    "BenchmarkClaim",
    "Model",
    "Offering",
    "PriceHistory",
    "Provider",
    "Record",
    "Snapshot",
    "Source",
    "Withdrawal",
    "Workload",
]
