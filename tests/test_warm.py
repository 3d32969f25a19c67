"""mkdocs processes started ahead run the very build `python -m mkdocs build` runs, and none outlives its build
(warm.py)."""

from __future__ import annotations

import json
import shutil
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXTURE_KB, REPO, TODAY
from test_incremental import differing

from generators.site import build as build_module
from generators.site import warm
from generators.site.build import BuildError, build, write_config
from generators.site.shards import SHARD_CONFIG, owning, run
from generators.site.site_files import site_files


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture KB's docs folder, as a build renders it."""
    folder = tmp_path_factory.mktemp("warm")
    build(FIXTURE_KB, folder / "public", TODAY, docs=folder / "docs")
    return folder / "docs"


def test_a_waiting_process_builds_the_bytes_a_fresh_mkdocs_builds(docs: Path, tmp_path: Path) -> None:
    """With a shard's variables (its owned pages, the templates' folder), run both ways into two sites."""
    pages = ["index.md", "models/gpt-4o.md", "pricing/index.md"]
    with site_files(None) as found:
        base = found.base_in(tmp_path)
        config = write_config(docs, base, tmp_path / "mkdocs.yml", extra=SHARD_CONFIG)
        owned = owning(pages, tmp_path / "owned.json")
        (tmp_path / "templates").mkdir()
        fresh = run([config], [tmp_path / "fresh"], tmp_path / "templates", [owned])
        with warm.Warm(1) as waiting:
            process = waiting.waiting[0]
            ahead = run([config], [tmp_path / "ahead"], tmp_path / "templates", [owned], waiting)
            assert not waiting.waiting and process.returncode == 0  # the waiting process ran it
    assert fresh[0] == ahead[0] == []
    assert differing(tmp_path / "fresh", tmp_path / "ahead") == []
    assert (tmp_path / "ahead" / "models" / "gpt-4o.html").is_file()
    assert not (tmp_path / "ahead" / "models" / "gpt-4o-mini.html").exists()  # not owned: left out, as asked


def test_a_failing_job_reports_mkdocs_own_error(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ntheme: no-such-theme\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# x\n", encoding="utf-8")
    with warm.Warm(1) as waiting:
        failures, _ = run([tmp_path / "mkdocs.yml"], [tmp_path / "site"], None, None, waiting)
    fresh, _ = run([tmp_path / "mkdocs.yml"], [tmp_path / "site2"])
    assert len(failures) == 1 and "no-such-theme" in failures[0]
    assert failures[0].replace("site2", "site") == fresh[0].replace("site2", "site")


def test_the_job_line_carries_arguments_folder_and_variables() -> None:
    line = warm.job(["build", "--strict"], "/somewhere", {"FL_X": "1"})
    assert line.endswith("\n") and "\n" not in line[:-1]
    assert json.loads(line) == {"arguments": ["build", "--strict"], "folder": "/somewhere",
                                "environment": {"FL_X": "1"}}


def test_processes_given_no_job_are_stopped() -> None:
    waiting = warm.Warm(2)
    processes = list(waiting.waiting)
    taken = waiting.take()
    waiting.close()
    assert taken in processes and taken.poll() is None  # the one taken is the caller's to run
    taken.kill()
    taken.communicate()
    assert all(process.returncode is not None for process in processes)
    assert waiting.take() is None


def test_no_waiting_process_outlives_a_build_that_fails_or_needs_none(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[warm.Warm] = []

    class Recorded(warm.Warm):
        def __init__(self, count: int) -> None:
            super().__init__(count)
            made.append(self)
            self.all = list(self.waiting)

    monkeypatch.setattr(build_module, "Warm", Recorded)
    monkeypatch.setattr(warm, "WARM_FROM", 1)  # the fixture KB is small
    publishing: list[int] = []
    publish = build_module.publish

    def counted(*args: Any) -> Any:
        publishing.append(len(made[-1].waiting))
        return publish(*args)

    monkeypatch.setattr(build_module, "publish", counted)
    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    build(kb, tmp_path / "site", TODAY, cache=tmp_path / "cache", jobs=2)
    build(kb, tmp_path / "site", TODAY, cache=tmp_path / "cache", jobs=2)  # nothing changed: no mkdocs at all
    build(kb, tmp_path / "plain", TODAY)  # no cache: the KB is read in two processes, none idles, none waits
    (kb / "models" / "gpt-4o.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    with pytest.raises(BuildError):
        build(kb, tmp_path / "site", TODAY, cache=tmp_path / "cache", jobs=2)
    assert [len(pool.all) for pool in made] == [2, 2, 0, 2]  # type: ignore[attr-defined]
    # the second build changed no record: its processes were stopped before mkdocs' turn, which never came
    assert publishing == [2, 0, 0]
    assert all(process.poll() is not None for pool in made for process in pool.all)  # type: ignore[attr-defined]


def test_only_a_build_with_a_cache_of_a_large_kb_starts_processes_ahead(tmp_path: Path) -> None:
    for kind, count in (("models", warm.WARM_FROM - 1), ("prices", 1)):
        (tmp_path / kind).mkdir()
        for number in range(count):
            (tmp_path / kind / f"r{number}.yaml").touch()
    (tmp_path / "README.md").touch()  # a file at the top is no record
    assert warm.ahead(tmp_path, True, 2) == 2  # exactly WARM_FROM record files
    assert warm.ahead(tmp_path, False, 2) == 0
    (tmp_path / "prices" / "r0.yaml").unlink()
    assert warm.ahead(tmp_path, True, 2) == 0  # one fewer


def test_a_waiting_process_imports_every_plugin_and_extension_the_site_names() -> None:
    """A plugin or extension left out of warm.MODULES is imported by the build's own mkdocs run, on its clock."""
    plugins = {point.name: point.value.split(":")[0] for point in entry_points(group="mkdocs.plugins")}
    for config in (REPO / "mkdocs.yml", REPO / "generators" / "site" / "mkdocs.base.yml"):
        site = yaml.safe_load(config.read_text(encoding="utf-8"))
        names = [next(iter(p)) if isinstance(p, dict) else p for p in site["plugins"]]
        extensions = [next(iter(e)) if isinstance(e, dict) else e for e in site["markdown_extensions"]]
        # the theme's own plugin of a name comes first (mkdocs: "search" under Material is "material/search")
        wanted = ({plugins.get(f"material/{name}", plugins[name]) for name in names}
                  | {e if "." in e else f"markdown.extensions.{e}" for e in extensions})
        assert wanted <= set(warm.MODULES), (config.name, sorted(wanted - set(warm.MODULES)))
