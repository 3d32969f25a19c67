"""The fixture KB plus what the Choose rules need to be exercised: a priced EU offering with a small context, an
offering with no published context or weights, a long-context offering with a tier and cached prices whose best
score ties a cheaper one's (claimed twice, first by its vendor) and which retires 30 days after TODAY (2026-11-21),
and a seed decision row that is a preset."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURE_KB, write_record

SOURCE = "mistral-models-docs"
RECORDS = {
    ("prices", "mistral--mistral-7b"): f"""schema_version: 2
id: mistral--mistral-7b
offering: mistral--mistral-7b
currency: USD
unit: per_1m_tokens
snapshots:
- effective: 2024-01-01
  input: 0.25
  output: 0.25
  sources: [{SOURCE}]
""",
    ("models", "mystery-1"): f"""schema_version: 1
id: mystery-1
name: Mystery 1
family: Mystery
lab: mistral
weights: unknown
sources: [{SOURCE}]
""",
    ("offerings", "mistral--mystery-1"): f"""schema_version: 1
id: mistral--mystery-1
provider: mistral
model: mystery-1
api_ids: [mystery-1]
lifecycle:
  status: active
sources: [{SOURCE}]
""",
    ("prices", "mistral--mystery-1"): f"""schema_version: 2
id: mistral--mystery-1
offering: mistral--mystery-1
currency: USD
unit: per_1m_tokens
snapshots:
- effective: 2025-01-01
  input: 0.01
  output: 0.01
  sources: [{SOURCE}]
""",
    ("models", "longctx-1"): f"""schema_version: 1
id: longctx-1
name: Longctx 1
family: Longctx
lab: mistral
weights: restricted
license: Longctx Research Licence
context_window:
- value: 1000000
  as_of: 2025-01-01
  sources: [{SOURCE}]
max_output:
- value: 8000
  as_of: 2025-01-01
  sources: [{SOURCE}]
modalities:
  input: [text, image]
  output: [text]
capabilities:
  tool_use: true
sources: [{SOURCE}]
""",
    ("offerings", "mistral--longctx-1"): f"""schema_version: 1
id: mistral--longctx-1
provider: mistral
model: longctx-1
api_ids: [longctx-1]
lifecycle:
  status: deprecated
  deprecated: 2026-06-01
  retires: 2026-12-21
  sources: [seed-llm-foundations-frontier-models]
  no_date_on: [{{source: mistral-models-docs, as_of: 2026-06-01}}]
sources: [{SOURCE}]
""",
    ("prices", "mistral--longctx-1"): f"""schema_version: 2
id: mistral--longctx-1
offering: mistral--longctx-1
currency: USD
unit: per_1m_tokens
snapshots:
- effective: 2025-01-01
  input: 1.0
  output: 4.0
  cached_input: 0.1
  tiers:
  - above_tokens: 200000
    input: 2.0
    output: 8.0
    cached_input: 0.2
  sources: [{SOURCE}]
""",
    ("claims", "longctx-1--mmlu-vendor"): f"""schema_version: 1
id: longctx-1--mmlu-vendor
model: longctx-1
benchmark: mmlu
score: 82.0
metric: accuracy (%)
reported_by: vendor
reporter: Mistral AI
date: 2025-01-15
sources: [{SOURCE}]
""",
    ("claims", "longctx-1--mmlu-old"): f"""schema_version: 1
id: longctx-1--mmlu-old
model: longctx-1
benchmark: mmlu
score: 80.0
metric: accuracy (%)
reported_by: independent
reporter: A lab
date: 2025-02-01
sources: [{SOURCE}]
""",
    ("claims", "longctx-1--mmlu-independent"): f"""schema_version: 1
id: longctx-1--mmlu-independent
model: longctx-1
benchmark: mmlu
score: 82.0
metric: accuracy (%)
reported_by: independent
reporter: A lab
date: 2025-03-01
date_basis: shown_by
sources: [{SOURCE}]
""",
    ("assessments", "decision-long-documents"): """schema_version: 1
id: decision-long-documents
type: decision-rule
topic: Long documents (RAG)?
picks:
- role: pick
  model: claude-3-5-sonnet
order: 1
as_of: 2025-11-24
sources: [seed-llm-foundations-frontier-models]
""",
}


def choose_kb(target: Path) -> Path:
    """Copy the fixture KB to `target` and add the records above; returns the KB root."""
    shutil.copytree(FIXTURE_KB, target)
    for (kind, record_id), body in RECORDS.items():
        write_record(target, kind, record_id, body)
    return target
