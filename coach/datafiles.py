"""Loading YAML data files (personas, rubrics, eval cases) into pydantic models with errors that a
trainer editing the file can act on: the file, the field and what was expected, on one line."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)
# libyaml's C parser when it is there (several times faster on persona files), else the pure-Python one.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DataFileError(ValueError):
    """A data file that cannot be used. str() is one line: file, field, what was expected."""

    def __init__(self, path: Path | str, field: str | None, problem: str) -> None:
        self.path = Path(path)
        self.field = field
        self.problem = problem
        where = f"{self.path}" + (f": field '{field}'" if field else "")
        super().__init__(f"{where}: {problem}")


def _field_path(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts) or "(top level)"


def validation_error(path: Path | str, err: ValidationError) -> DataFileError:
    """The first problem of a ValidationError, as a DataFileError (with a count of any others)."""
    errors = err.errors(include_url=False)
    first = errors[0]
    problem = first["msg"]
    if first["type"] == "missing":
        problem = "is required but missing"
    elif first["type"] == "extra_forbidden":
        problem = "is not a known field (check the spelling)"
    if len(errors) > 1:
        problem += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return DataFileError(path, _field_path(first["loc"]), problem)


def one_line(err: ValidationError) -> str:
    """The first problem of a ValidationError as one line, `field 'a.b': message`, for a record that is
    not a file of its own (a line of JSON, a stance block)."""
    first = err.errors(include_url=False)[0]
    field = ".".join(str(p) for p in first["loc"]) or "(line)"
    if first["type"] == "finite_number":
        # JSON has no NaN or Infinity, but Python's reader takes them; range checks then mislead.
        return f"field '{field}': is not a number (NaN and Infinity are not numbers here)"
    return f"field '{field}': {first['msg']}"


def read_text(path: Path | str) -> str:
    """A data file's text; a missing or non-UTF-8 file is a DataFileError naming it."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(path, None, "file not found") from None
    except IsADirectoryError:
        raise DataFileError(path, None, "is a folder, not a file") from None
    except UnicodeDecodeError:
        raise DataFileError(path, None, "is not UTF-8 text") from None
    except OSError as exc:  # unreadable: permissions, a device, a broken mount
        raise DataFileError(path, None, f"cannot be read ({exc.strerror or exc})") from None


def read_yaml(path: Path | str) -> Any:
    return parse_yaml(path, read_text(path))


def parse_yaml(path: Path | str, text: str) -> Any:
    """YAML `text` read from `path` (which errors name)."""
    try:
        return yaml.load(text, Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise DataFileError(path, None, f"is not valid YAML{where}: {problem}") from None


def load_model(path: Path | str, model: type[M], **fixed: Any) -> M:
    """Read a YAML mapping from `path` and validate it as `model`; `fixed` fields override the file."""
    return model_from_text(path, read_text(path), model, **fixed)


def model_from_text(path: Path | str, text: str, model: type[M], **fixed: Any) -> M:
    """`load_model` for text already read from `path` (which errors name)."""
    data = parse_yaml(path, text)
    if not isinstance(data, dict):
        raise DataFileError(
            path, None, f"expected a mapping of fields at the top level, got {type(data).__name__}"
        )
    for key in fixed:
        if key in data:
            raise DataFileError(path, key, "must not be set in the file: it comes from the file name")
    data.update(fixed)
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise validation_error(path, err) from None
