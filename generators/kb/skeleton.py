"""`kb new`: a new record file holding every required field, ready to fill in.

Every value a contributor must supply is the placeholder `TODO`, which the validator rejects ("replace the
placeholder") wherever it stands, so a skeleton never validates until it is filled in. References are never
pointed at an existing record the contributor did not name: only the parts of the id itself are used (a price
history names its offering, an offering id is `<provider>--<model>`).
"""

from __future__ import annotations

import datetime
import types
import typing
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from .issues import KBUsageError, display_path
from .load import is_kb_root
from .records import KINDS, SINGULAR
from .records.base import ProviderId, Slug
from .schemas import header
from .yaml_typing import PLACEHOLDER

ALSO_WRITE = {"Source": ["url", "publisher", "published", "accessed"],
              "Model": ["released", "context_window", "max_output", "modalities", "capabilities"],
              "BenchmarkClaim": ["score"], "Pick": ["model"], "Provider": ["headquarters", "website"],
              "Capabilities": ["reasoning_mode", "tool_use", "structured_output", "vision"],
              "Lifecycle": ["announced"], "Snapshot": ["basis", "checked"]}
"""Optional fields a skeleton writes out, by model class: the ones almost every record has, and one side of
each either/or rule (a claim needs a score or a qualitative claim; a pick names a model or a family)."""
REQUIRED_FOLDERS = ("sources", "providers")
"""Every KB has these: every fact cites a source, every model names its lab."""


def kind_from_name(name: str) -> str:
    for kind, singular in SINGULAR.items():
        if name in (kind, singular):
            return kind
    raise KBUsageError(f"unknown kind `{name}`; use one of: {', '.join(SINGULAR.values())}")


def new_record(root: Path, kind_name: str, record_id: str, schemas_folder: Path,
               today: datetime.date) -> Path:
    kind = kind_from_name(kind_name)
    try:
        TypeAdapter(ProviderId if kind == "providers" else Slug).validate_python(record_id)
    except ValidationError as error:
        raise KBUsageError(f"`{record_id}` is not a valid {SINGULAR[kind]} id: use lower-case letters, digits, "
                           "'.', '_' and '-'" + (", starting with a letter" if kind == "providers" else "")) from error
    missing = [folder for folder in REQUIRED_FOLDERS if not (root / folder).is_dir()]
    if not is_kb_root(root) or missing:
        raise KBUsageError(f"{display_path(root)} is not a knowledge base (it has no {'/ or '.join(missing)}/ "
                           "folder); pass --kb with the folder that holds sources/, providers/, models/ ...")
    path = root / kind / f"{record_id}.yaml"
    existing = {k: sorted((p.stem, p) for p in (root / k).rglob("*.yaml")) if (root / k).is_dir() else []
                for k in KINDS}
    same = [p for stem, p in existing[kind] if stem == record_id]
    if path.exists() or same:
        where = display_path(same[0] if same else path)
        raise KBUsageError(f"{where} already exists; edit it instead (kb new never overwrites, and ids are "
                           "unique across subfolders)")
    text = header(kind, path, schemas_folder) + "\n" + with_choices(
        yaml.safe_dump(skeleton(kind, record_id, today), sort_keys=False, allow_unicode=True), kind)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return path


def skeleton(kind: str, record_id: str, today: datetime.date) -> dict[str, Any]:
    cls = KINDS[kind]
    data = fields_of(cls)
    data["schema_version"], data["id"] = cls.current_version(), record_id
    if kind == "prices":
        data["offering"] = record_id  # a price history is named after its offering
    if kind == "offerings" and "--" in record_id:
        data["provider"], data["model"] = record_id.split("--", 1)  # offering ids are <provider>--<model>
    return data


def fields_of(model: type[BaseModel]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    also = ALSO_WRITE.get(model.__name__, [])
    for name, info in model.model_fields.items():
        if info.is_required() or name in also:
            out[name] = value_for(info.annotation)
    return out


def value_for(annotation: Any) -> Any:
    """The placeholder for a value of this type: a list of one placeholder, a mapping of its required fields, or
    `TODO` (for text, numbers, dates, references and choices alike: none of them is a valid value)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return value_for(args[0])
    if origin in (typing.Union, types.UnionType):
        return value_for(next(a for a in args if a is not type(None)))
    if origin is list:
        return [value_for(args[0])]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return fields_of(annotation)
    return PLACEHOLDER


def choices(model: type[BaseModel], found: dict[str, str] | None = None) -> dict[str, str]:
    """Field name -> its allowed values, for every choice field a skeleton of `model` may write."""
    found = {} if found is None else found
    for name, info in model.model_fields.items():
        stack = [info.annotation]
        while stack:
            annotation = stack.pop()
            args = typing.get_args(annotation)
            if typing.get_origin(annotation) is Literal:
                found.setdefault(name, ", ".join(map(str, args)))
            elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
                choices(annotation, found)
            else:
                stack.extend(a for a in args if not isinstance(a, str | int | float))
    return found


def with_choices(text: str, kind: str) -> str:
    """Say beside each placeholder of a choice field what it may be."""
    allowed = choices(KINDS[kind])
    lines = []
    for line in text.splitlines():
        key = line.strip().removeprefix("- ").split(":", 1)[0]
        if line.endswith(f": {PLACEHOLDER}") and key in allowed:
            line += f"  # one of: {allowed[key]}"
        lines.append(line)
    return "\n".join(lines) + "\n"
