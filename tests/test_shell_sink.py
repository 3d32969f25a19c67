"""The shell sink: `kb fake-providers` prints `export` lines meant for `eval`; any base URL a record can hold comes
back out of bash as the same text and runs nothing, and two providers never share a variable (issue: hostile
input, second round)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from types import SimpleNamespace

from conftest import TODAY, write_record
from hypothesis import given, settings
from hypothesis import strategies as st

from generators.cli.live_commands import export_lines
from generators.kb.records.base import URL_CHARACTERS
from generators.kb.validate import validate_kb

PATH = st.text(alphabet=sorted(URL_CHARACTERS | {"$", "'", "!", "(", ")"}), max_size=40)


@settings(max_examples=60, deadline=None)
@given(PATH)
def test_an_export_line_gives_back_the_url_and_runs_nothing(tail: str) -> None:
    url = "https://api.example.com/v1" + tail
    provider = SimpleNamespace(id="acme", openai_compatible_base_url=url, env_prefix="ACME")
    [line] = export_lines([provider], lambda _id, base: base)
    done = subprocess.run(["bash", "-c", f'{line}\nprintf %s "$ACME_OPENAI_BASE_URL"'], capture_output=True,
                          text=True, timeout=30)
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout == url.replace("'", "%27")  # a quote is percent-encoded: the same URL


def test_two_providers_that_would_share_a_variable_are_refused(scratch_kb: Path) -> None:
    for provider_id in ("acme.eu", "acme-eu"):
        write_record(scratch_kb, "providers", provider_id, f"schema_version: 1\nid: {provider_id}\nname: Acme\n"
                     "roles:\n- api-host\nheadquarters: DE\nwebsite: https://acme.example.com\n"
                     "sources:\n- openai-models-docs\n")
    _, issues = validate_kb(scratch_kb, TODAY)
    assert [(i.file.name, i.message) for i in issues] == [
        ("acme.eu.yaml", "provider `acme.eu` names the same shell variables as `acme-eu` (ACME_EU_...)")]
