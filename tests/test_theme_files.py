"""mkdocs lists the theme's static files without walking hidden folders, and finds the same files (theme_files.py)."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Environment, FileSystemLoader
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from generators.site.theme_files import ThemeFiles, listing, visible_files

REPO = Path(__file__).resolve().parents[1]


def theme_files(docs: Path, plugin: bool) -> list[tuple[str, str]]:
    """What mkdocs adds from the site's real theme (Material, with this repository's overrides), as mkdocs' build
    does it: the theme's environment, then Files.add_files_from_theme."""
    config = load_config(str(REPO / "mkdocs.yml"), docs_dir=str(docs))
    if plugin:
        ThemeFiles().on_config(config)
    files = Files([])
    files.add_files_from_theme(config.theme.get_env(), config)
    return sorted((file.src_uri, file.abs_src_path or "") for file in files)


def test_mkdocs_adds_the_same_theme_files_with_and_without_the_plugin(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    stock, walked = theme_files(tmp_path / "docs", False), theme_files(tmp_path / "docs", True)
    assert walked == stock
    names = {name for name, _ in stock}
    # Material's stylesheet and script are among them; its icons (templates/.icons) never are
    assert any(name.startswith("assets/stylesheets/main.") for name in names)
    assert any(name.startswith("assets/javascripts/bundle.") for name in names)
    assert not any(".icons" in name for name in names)


def test_the_sites_configurations_use_the_plugin_and_it_gives_the_theme_the_shorter_walk(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    for file in (REPO / "mkdocs.yml", REPO / "generators" / "site" / "mkdocs.base.yml"):
        config = load_config(str(file), docs_dir=str(tmp_path / "docs"))
        assert "fl-theme-files" in config.plugins
        config.plugins.on_config(config)
        assert "listing" in config.theme.get_env().list_templates.__qualname__


def hidden_rejected(name: str) -> bool:
    """mkdocs' own rule for the theme's files, as far as hidden names go: its patterns `.*` and `*/.*`."""
    return not any(part.startswith(".") for part in name.split("/"))


segment = st.sampled_from(["a", "b", ".icons", ".git", "css", ".x", "main.css", ".hidden.js", "img"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(segment, min_size=1, max_size=4), max_size=12),
       st.sets(st.sampled_from(["a", "css", "main.css", "img/b"])))
def test_the_walk_offers_the_filter_every_name_it_would_keep(tmp_path_factory: object, paths: list[list[str]],
                                                            refused: set[str]) -> None:
    """Any tree of visible and hidden folders and files, and any filter that (like mkdocs') rejects hidden names:
    the shorter walk gives what jinja2's full listing gives."""
    root = Path(tmp_path_factory.mktemp("theme"))  # type: ignore[attr-defined]
    for parts in paths:
        target = root.joinpath(*parts)
        if any(parent.is_file() for parent in target.parents) or target.is_dir():
            continue  # a name already taken by a file or a folder
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("x", encoding="utf-8")

    def keep(name: str) -> bool:
        return hidden_rejected(name) and name not in refused

    env = Environment(loader=FileSystemLoader([str(root)]))
    assert listing(env)(filter_func=keep) == env.list_templates(filter_func=keep)
    assert sorted(visible_files(str(root))) == [name for name in env.list_templates() if hidden_rejected(name)]


def test_calls_without_mkdocs_filter_get_jinja2s_own_listing(tmp_path: Path) -> None:
    (tmp_path / ".icons").mkdir()
    (tmp_path / ".icons" / "x.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "main.html").write_text("", encoding="utf-8")
    env = Environment(loader=FileSystemLoader([str(tmp_path)]))
    assert listing(env)() == [".icons/x.svg", "main.html"]
    assert listing(env)(extensions=["svg"]) == [".icons/x.svg"]


def test_a_theme_folder_reached_by_a_link_is_walked_as_jinja2_walks_it(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.css").write_text("", encoding="utf-8")
    (tmp_path / "theme").mkdir()
    os.symlink(tmp_path / "real", tmp_path / "theme" / "linked")
    for follow in (False, True):
        env = Environment(loader=FileSystemLoader([str(tmp_path / "theme")], followlinks=follow))
        assert listing(env)(filter_func=hidden_rejected) == env.list_templates(filter_func=hidden_rejected)
