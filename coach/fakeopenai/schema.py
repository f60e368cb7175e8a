"""A valid, minimal instance of a JSON schema: what the fake server answers to a structured-output request
when no reply is scripted. Covers what pydantic and the OpenAI SDK emit: objects, arrays, enums, consts,
anyOf/oneOf, $ref into $defs, numeric and length bounds."""

from __future__ import annotations

from typing import Any


def minimal_instance(schema: dict[str, Any], root: dict[str, Any] | None = None) -> Any:
    """The smallest value that `schema` accepts (null where allowed, else the lower bound of each field)."""
    root = schema if root is None else root
    if "$ref" in schema:
        return minimal_instance(_resolve(schema["$ref"], root), root)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = schema[key]
            nullable = [o for o in options if o.get("type") == "null"]
            return None if nullable else minimal_instance(options[0], root)
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            merged.update(_resolve(part["$ref"], root) if "$ref" in part else part)
        return minimal_instance(merged, root)
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = "null" if "null" in kind else kind[0]
    if kind == "object":
        properties = schema.get("properties", {})
        required = schema.get("required", list(properties))
        return {name: minimal_instance(properties[name], root) for name in required if name in properties}
    if kind == "array":
        return [minimal_instance(schema.get("items", {}), root) for _ in range(schema.get("minItems", 0))]
    if kind == "string":
        return "x" * schema.get("minLength", 0)
    if kind in ("integer", "number"):
        low = schema.get("minimum", schema.get("exclusiveMinimum", -1) + 1)
        return int(low) if kind == "integer" else float(low)
    if kind == "boolean":
        return False
    return None


def _resolve(ref: str, root: dict[str, Any]) -> dict[str, Any]:
    if not ref.startswith("#/"):
        raise ValueError(f"only local $ref is supported, got {ref!r}")
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def strict_schema_problem(schema: dict[str, Any]) -> str | None:
    """Why OpenAI would reject `schema` for strict structured output, or None: every object must list
    all its properties as required and forbid additional ones."""
    nodes: list[tuple[str, Any]] = [("#", schema)]
    while nodes:
        path, node = nodes.pop()
        if isinstance(node, list):
            nodes += [(f"{path}/{i}", item) for i, item in enumerate(node)]
            continue
        if not isinstance(node, dict):
            continue
        if node.get("type") == "object" or "properties" in node:
            missing = set(node.get("properties", {})) - set(node.get("required", []))
            if missing:
                return f"{path}: strict mode needs every property required; not required: {sorted(missing)}"
            if node.get("additionalProperties") is not False:
                return f"{path}: strict mode needs additionalProperties false"
        nodes += [(f"{path}/{key}", value) for key, value in node.items() if isinstance(value, dict | list)]
    return None
