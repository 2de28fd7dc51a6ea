"""Screenplay <-> YAML, with errors that name the field and what is allowed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from cinesim.errors import ScreenplayError
from cinesim.fileio import atomic_write_text
from cinesim.screenplay.models import ACTION_KINDS, Screenplay

MAX_FILE_BYTES = 10_000_000


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys instead of silently keeping the last one."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            mark = key_node.start_mark
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (line {mark.line + 1})", mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

# YAML 1.2 booleans only: in YAML 1.1 `on`, `off`, `yes` and `no` are booleans, which would turn
# `place: {on: table}` into `{True: table}`.
_UniqueKeyLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _UniqueKeyLoader.yaml_implicit_resolvers.setdefault(_first, []).append(
        ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")))


def _path(loc: tuple[Any, ...]) -> str:
    """('props', 2, 'material') -> 'props[2].material'; the action tag pydantic inserts is dropped."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ACTION_KINDS and out.startswith("actions[") and out.endswith("]"):
            continue
        else:
            out += f".{part}" if out else str(part)
    return out


def _message(error: dict[str, Any]) -> list[str]:
    kind, msg, loc = error["type"], error["msg"], tuple(error["loc"])
    msg = msg.removeprefix("Value error, ")
    if kind == "extra_forbidden":
        return [f"{_path(loc)}: unknown key (check its spelling and indentation)"]
    if kind == "missing":
        return [f"{_path(loc)}: required but missing"]
    if kind == "union_tag_invalid":
        return [f"{_path(loc)}.do: {msg.split(': ', 1)[-1]}"]
    if not loc:  # cross-field checks already carry their own paths
        return msg.split("\n")
    where = _path(loc)
    got = error.get("input")
    shown = "" if isinstance(got, dict | list) or kind.startswith("value_error") else f" (got {got!r})"
    return [f"{where}: " + m for m in msg.split("\n")] if "\n" in msg else [f"{where}: {msg}{shown}"]


def parse_screenplay(data: Any, source: str | None = None) -> Screenplay:
    """Validate plain data (from YAML or JSON) into a Screenplay, or raise ScreenplayError."""
    if not isinstance(data, dict):
        raise ScreenplayError("the screenplay must be a mapping of keys (title, duration, props, ...)", source)
    try:
        return Screenplay.model_validate(data)
    except ValidationError as exc:
        problems = [line for err in exc.errors() for line in _message(err)]
        raise ScreenplayError(problems, source) from None


def load_screenplay(path: str | Path) -> Screenplay:
    """Read and validate a YAML screenplay file."""
    path = Path(path)
    if not path.is_file():
        raise ScreenplayError("no such file", str(path))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ScreenplayError(f"file is larger than {MAX_FILE_BYTES // 1_000_000} MB", str(path))
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except UnicodeDecodeError:
        raise ScreenplayError("not a text file (expected UTF-8 YAML)", str(path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ScreenplayError(f"malformed YAML: {problem}", where) from None
    return parse_screenplay(data, str(path))


def screenplay_yaml(screenplay: Screenplay) -> str:
    """The screenplay as YAML that loads back to an equal Screenplay."""
    data = screenplay.model_dump(mode="json", exclude_defaults=True)
    data = {"duration": screenplay.duration, **data}
    return yaml.safe_dump(data, sort_keys=False, default_flow_style=None, allow_unicode=True)


def save_screenplay(screenplay: Screenplay, path: str | Path) -> None:
    atomic_write_text(Path(path), screenplay_yaml(screenplay))
