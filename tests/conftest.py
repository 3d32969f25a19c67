"""Shared fixtures: a fixed `today` (tests never depend on the real date) and a scratch copy of the fixture KB."""

from __future__ import annotations

import datetime
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import CHROMIUM, chromium, served
from hypothesis import settings
from mkdocs.config import load_config

from generators.kb.link import KB
from generators.kb.validate import validate_kb
from generators.site.build import build

settings.register_profile("repeatable", derandomize=True, database=None)
"""`make test` (and so CI) draws the same examples on every run, so a push is judged on its code, not its luck;
`make explore` draws new ones (and more) to find what the fixed draw misses."""
settings.register_profile("explore", max_examples=1000)

REPO = Path(__file__).resolve().parents[1]
FIXTURE_KB = REPO / "tests" / "fixtures" / "kb"
TODAY = datetime.date(2026, 11, 21)
HOSTILE = REPO / "tests" / "fixtures" / "hostile" / "hostile-model.yaml"
BUILD_DAY = datetime.datetime.combine(TODAY, datetime.time(), datetime.UTC)
"""The day every mkdocs run of the suite stamps its sitemap with (SOURCE_DATE_EPOCH, which builds started in
subprocesses inherit): two builds a test compares are the same bytes even when the run crosses midnight, where the
clock's day made a session's first build and a later one differ. A test that sets its own still may."""
os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(BUILD_DAY.timestamp())))


KB_TODAY = datetime.date(2026, 12, 6)
"""The day tests over the real kb/ judge what is current as of: the day it was last brought current. Fixed, never
read from the data (a contributor's newer fact would move it) nor from the clock (a retirement passing would turn
the suite red with no change made)."""
KB_VALIDATES = max(KB_TODAY, datetime.date.today())
"""The day the real kb/ must validate on: a contributor may add a fact dated today, which a fixed day would call
future. Only the validation reads the clock; every figure tests compute is as of KB_TODAY."""


def markdown_options(docs: Path) -> dict[str, Any]:
    """The extensions and settings mkdocs hands Python-Markdown for this site (its own three included), with `docs`
    (made if missing) as the docs folder."""
    docs.mkdir(parents=True, exist_ok=True)
    config = load_config(str(REPO / "mkdocs.yml"), docs_dir=str(docs))
    return {"extensions": config.markdown_extensions, "extension_configs": config.mdx_configs}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--live", action="store_true", default=False,
                     help="run the site's snippets against the real provider APIs with the keys in the environment")


@pytest.fixture
def today() -> datetime.date:
    return TODAY


def copy_fixture_kb(folder: Path) -> Path:
    """A writable copy of the fixture KB in `folder` (for tests that need a fresh one per generated example)."""
    root = folder / "kb"
    shutil.copytree(FIXTURE_KB, root)
    return root


@pytest.fixture
def scratch_kb(tmp_path: Path) -> Path:
    """A writable copy of the fixture KB."""
    return copy_fixture_kb(tmp_path)


def write_record(root: Path, kind: str, record_id: str, body: str) -> Path:
    """Write a record with the schema header the validator expects on line 1."""
    from generators.kb.records import SINGULAR

    path = root / kind / f"{record_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# yaml-language-server: $schema=../../schemas/{SINGULAR[kind]}.schema.json\n{body}",
                    encoding="utf-8")
    return path


def second_offering(root: Path, model: str, retires: str | None = None) -> None:
    """Another provider (Mistral's record, which the fixture has) serving `model`, optionally retiring."""
    cycle = (f"lifecycle: {{status: active, retires: {retires}, sources: [mistral-models-docs]}}\n" if retires
             else "lifecycle: {status: active}\n")
    write_record(root, "offerings", f"mistral--{model}", f"""schema_version: 1
id: mistral--{model}
provider: mistral
model: {model}
api_ids: [{model}-hosted]
{cycle}sources: [mistral-models-docs]
""")


@pytest.fixture(scope="session")
def built_fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture KB plus a hostile record, built into a site (shared by the site and browser tests)."""
    work = tmp_path_factory.mktemp("site")
    shutil.copytree(FIXTURE_KB, work / "kb")
    shutil.copy(HOSTILE, work / "kb" / "models")
    build(work / "kb", work / "public", TODAY, docs=work / "docs")
    return work / "public"


@pytest.fixture(scope="session")
def hostile_fields(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, ...]:
    """The record fields that show on some page (test_hostile_pages.discover), found once for the two modules that
    write hostile text into them: discovery renders the fixture's pages for every field, the slowest setup here."""
    from test_hostile_pages import Site, discover  # that module imports this one

    root = tmp_path_factory.mktemp("hostile-discovery") / "kb"
    shutil.copytree(FIXTURE_KB, root)
    return tuple(discover(Site(root, root.parent / "docs")))


@pytest.fixture(scope="session")
def real_kb() -> KB:
    """kb/ as it is, linked; it must validate (shared by the tests of the landscape's figures)."""
    linked, issues = validate_kb(REPO / "kb", KB_VALIDATES)
    assert issues == []
    return linked


@pytest.fixture(scope="session")
def built_real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("real")
    build(REPO / "kb", work / "public", KB_TODAY, docs=work / "docs")  # valid on the real today (judged_on)
    return work / "public"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's chromium, headless, for a module's browser tests (skipped where chromium or Playwright is missing)."""
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium: `make test` installs it")
    with chromium(pytest.importorskip("playwright.sync_api")) as launched:
        yield launched


@pytest.fixture(scope="module")
def origin(built_fixture_site: Path) -> Iterator[str]:
    """The built fixture site served on 127.0.0.1."""
    with served(built_fixture_site) as served_at:
        yield served_at


EDITED_NAV = "  - Prices, edited at the root: pricing/index.md\n"


def repository_with_edited_nav(top: Path) -> Path:
    """A repository like this one under `top`: the fixture KB beside this repository's site/ and its mkdocs.yml with
    the Pricing entry of the navigation renamed (EDITED_NAV); returns the KB folder."""
    shutil.copytree(FIXTURE_KB, top / "kb")
    shutil.copytree(REPO / "site", top / "site")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - Pricing: pricing/index.md\n" in config
    (top / "mkdocs.yml").write_text(config.replace("  - Pricing: pricing/index.md\n", EDITED_NAV), encoding="utf-8")
    return top / "kb"


def repository_with_page(top: Path, text: str) -> Path:
    """A repository under `top` with one hand-written page of its own: the fixture KB beside the package's default
    mkdocs configuration and `site/pages/about.md` holding `text`; returns the KB folder."""
    kb_root = copy_fixture_kb(top)
    shutil.copy(REPO / "generators" / "site" / "mkdocs.base.yml", top / "mkdocs.yml")
    (top / "site" / "pages").mkdir(parents=True)
    (top / "site" / "pages" / "about.md").write_text(text, encoding="utf-8")
    return kb_root


MINI_LIFECYCLE = "  status: active\n  announced: 2024-07-18\n  sources:\n  - openai-models-docs\n"
"""The fixture's GPT-4o mini offering's lifecycle block, as lifecycle tests rewrite it."""


def mini_with_lifecycle(tmp_path: Path, lifecycle: str) -> Path:
    """A scratch copy of the fixture KB in which GPT-4o mini's lifecycle block is `lifecycle` (its indented lines)."""
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    path = root / "offerings" / "openai--gpt-4o-mini.yaml"
    text = path.read_text(encoding="utf-8")
    assert MINI_LIFECYCLE in text
    path.write_text(text.replace(MINI_LIFECYCLE, lifecycle), encoding="utf-8")
    return root
