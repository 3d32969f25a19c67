"""The site's own configuration and hand-written material, found beside the KB, else the package's defaults.

A repository holding a KB keeps its site's configuration at its top level, where anyone who knows mkdocs looks:
`mkdocs.yml` (name, address, theme, navigation, extensions) and `site/` (theme overrides in `site/overrides/`,
hand-written pages in `site/pages/`, extra assets in `site/assets/`). `kb build` and `kb serve` read them; another
KB repository without them builds with the defaults shipped in the package (`mkdocs.base.yml`), so a
non-editable install still builds.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

CONFIG = "mkdocs.yml"
MATERIAL = "site"


@dataclass(frozen=True)
class SiteFiles:
    """Where this build's configuration and hand-written material are."""

    config: Path
    material: Path | None
    """The `site/` folder beside the KB, if there is one."""

    @property
    def overrides(self) -> Path | None:
        folder = self.material / "overrides" if self.material else None
        return folder if folder and folder.is_dir() else None

    def base_in(self, private: Path) -> Path:
        """The configuration every mkdocs run of a build INHERITs: this one, plus the theme overrides as an
        absolute path (the written configs live in a private folder, and mkdocs reads a relative custom_dir from
        there)."""
        if self.overrides is None:
            return self.config
        layered = private / "site.yml"
        layered.write_text(f"INHERIT: {self.config.resolve()}\ntheme: {{name: material, custom_dir: "
                           f"{json.dumps(self.overrides.resolve().as_posix())}}}\n", encoding="utf-8")
        return layered

    def fingerprint(self) -> str:
        """Everything here a page's HTML depends on: the configuration's text and the theme overrides."""
        digest = hashlib.sha256(self.config.read_bytes())
        if self.overrides is not None:
            for file in sorted(p for p in self.overrides.rglob("*") if p.is_file()):
                digest.update(file.relative_to(self.overrides).as_posix().encode() + b"\0" + file.read_bytes())
        return digest.hexdigest()

    def copy_into(self, docs: Path) -> None:
        """The hand-written pages and assets, into the rendered docs folder (beside the generated pages; a
        hand-written page may not take a generated page's place)."""
        if self.material is None:
            return
        for folder in ("pages", "assets"):
            source = self.material / folder
            if not source.is_dir():
                continue
            target = docs if folder == "pages" else docs / "assets"
            for file in sorted(p for p in source.rglob("*") if p.is_file()):
                destination = target / file.relative_to(source)
                if destination.exists():
                    raise FileExistsError(f"{file} would replace the generated {destination.relative_to(docs)}; "
                                          "rename it")
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(file, destination)


@contextmanager
def site_files(kb_root: Path | None = None) -> Iterator[SiteFiles]:
    """The configuration beside `kb_root` (its repository's top level), else the package's default."""
    top = kb_root.resolve().parent if kb_root is not None else None
    if top is not None and (top / CONFIG).is_file():
        material = top / MATERIAL
        yield SiteFiles(top / CONFIG, material if material.is_dir() else None)
        return
    with resources.as_file(resources.files("generators.site") / "mkdocs.base.yml") as path:
        yield SiteFiles(path, None)
