"""With a build cache, mkdocs compiles the theme's templates once per cache, and the pages are the same bytes
(template_cache.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_KB, TODAY
from jinja2 import DictLoader, Environment, FileSystemBytecodeCache
from test_incremental import differing, edit

from generators.site.build import build
from generators.site.render import compile_templates, environment
from generators.site.shards import TEMPLATE_CACHE, environment_for
from generators.site.template_cache import use_cache


def test_the_environment_names_the_folder_only_when_there_is_one(tmp_path: Path) -> None:
    assert environment_for(None) is None  # mkdocs inherits this process's environment as it is
    given = environment_for(tmp_path / "templates")
    assert given is not None and given[TEMPLATE_CACHE] == str((tmp_path / "templates").resolve())


def test_the_plugin_compiles_through_an_existing_folder_and_never_through_a_missing_one(tmp_path: Path) -> None:
    assert use_cache(Environment(), None).bytecode_cache is None
    assert use_cache(Environment(), str(tmp_path / "gone")).bytecode_cache is None
    env = use_cache(Environment(), str(tmp_path))
    assert isinstance(env.bytecode_cache, FileSystemBytecodeCache)


def test_a_template_edited_after_it_was_compiled_is_compiled_again(tmp_path: Path) -> None:
    """What makes a cache carried from build to build safe: jinja2 checks each compiled template's source."""
    sources = {"page.html": "old {{ x }}"}
    assert use_cache(Environment(loader=DictLoader(sources)), str(tmp_path)).get_template("page.html").render(x=1) \
        == "old 1"
    assert list(tmp_path.iterdir())  # compiled into the folder
    sources["page.html"] = "new {{ x }}"
    assert use_cache(Environment(loader=DictLoader(sources)), str(tmp_path)).get_template("page.html").render(x=1) \
        == "new 1"


def test_builds_with_a_cache_keep_the_compiled_templates_and_publish_a_clean_builds_bytes(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    cache = tmp_path / "cache"
    build(kb, tmp_path / "site", TODAY, cache=cache)
    compiled = {path.name for path in (cache / "templates").iterdir()}
    assert len(compiled) > 10  # Material's main.html, base.html and their partials, as mkdocs compiled them
    edit(kb / "models" / "gpt-4o.yaml", "name: GPT-4o", "name: GPT-4o (edited)")
    assert build(kb, tmp_path / "site", TODAY, cache=cache).reused is not None
    assert {path.name for path in (cache / "templates").iterdir()} == compiled  # carried into the new cache
    build(kb, tmp_path / "clean", TODAY)
    assert not (tmp_path / "clean" / "templates").exists()
    assert differing(tmp_path / "site", tmp_path / "clean") == []


def test_the_sites_own_templates_are_compiled_into_the_folder_and_the_environment_is_left_without_it(
        tmp_path: Path) -> None:
    environment.cache_clear()  # a fresh process's environment, nothing compiled yet
    try:
        compile_templates(tmp_path)
        assert len(list(tmp_path.iterdir())) == len(environment().list_templates())  # one compiled file each
        assert environment().bytecode_cache is None  # a later build may delete the folder
    finally:
        environment.cache_clear()


def test_every_environment_the_theme_makes_compiles_through_the_folder(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Material's search plugin reads its translations through environments of its own (theme.get_env): they
    compile through the cache's folder too."""
    from conftest import REPO
    from mkdocs.config import load_config

    from generators.site.template_cache import TemplateCache

    (tmp_path / "docs").mkdir()
    config = load_config(str(REPO / "mkdocs.yml"), docs_dir=str(tmp_path / "docs"))
    assert config.theme.get_env().bytecode_cache is None  # as mkdocs makes it
    monkeypatch.setenv(TEMPLATE_CACHE, str(tmp_path))
    TemplateCache().on_config(config)
    env = config.theme.get_env()
    assert isinstance(env.bytecode_cache, FileSystemBytecodeCache)
    assert env.get_template("partials/language.html", None, {"config": config}).module.t(  # as Material asks
        "search.config.lang") == "en"
    assert len(list(tmp_path.glob("*.cache"))) == 2  # language.html and the language it includes, compiled here
    assert config.theme.get_env() is not env  # a new environment each time, as before: only its cache is added
