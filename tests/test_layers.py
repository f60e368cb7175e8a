"""The layers read top-down (docs/architecture.md, "Layers"): the core never imports the sign-in, the
trainer's features, the evals, the UI or the command line, and no layer imports one above it.

Every module's imports are read from its source (ast), including imports inside functions, so a lazy
import that goes the wrong way is caught as well as one at the top."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "coach"

# Each layer and the layers it may import besides itself. The core is everything not named here.
MAY_IMPORT: dict[str, set[str]] = {
    "core": set(),
    "access": {"core"},
    "evaluation": {"core"},
    "trainer": {"core", "access", "evaluation"},
    "ui": {"core", "access", "trainer"},
    "cli": {"core", "access", "evaluation", "trainer", "ui"},  # `coach serve` starts the app
    "fakeopenai": set(),  # the loopback test server stands alone: it speaks the protocol, not coach
}
LAYER_OF_PREFIX = {
    "coach.access": "access",
    "coach.evaluation": "evaluation",
    "coach.trainer": "trainer",
    "coach.ui": "ui",
    "coach.cli": "cli",
    "coach.terminal_chat": "cli",
    "coach.fakeopenai": "fakeopenai",
}


def layer_of(module: str) -> str:
    for prefix, layer in LAYER_OF_PREFIX.items():
        if module == prefix or module.startswith(prefix + "."):
            return layer
    return "core"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every coach module `path` imports; `from coach.x import y` counts as coach.x.y
    when y is a module (so `from coach.ui import chart` is an import of coach.ui.chart)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.startswith("coach")]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("coach"):
            base = node.module or ""
            for alias in node.names:
                target = f"{base}.{alias.name}"
                is_module = (PACKAGE.parent / target.replace(".", "/")).with_suffix(".py").exists() or (
                    PACKAGE.parent / target.replace(".", "/") / "__init__.py"
                ).exists()
                found.append((node.lineno, target if is_module else base))
    return found


def wrong_way_imports() -> list[tuple[str, int, str]]:
    """(importing file, line, imported module) for each import that goes up or across the layers."""
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        importer = module_name(path)
        mine = layer_of(importer)
        for line, imported in sorted(set(imports_of(path))):
            theirs = layer_of(imported)
            if theirs != mine and theirs not in MAY_IMPORT[mine]:
                wrong.append((importer, line, imported))
    return wrong


def test_no_module_imports_a_layer_above_its_own() -> None:
    wrong = [
        f"{path_of(importer)}:{line} imports {imported} ({layer_of(importer)} -> {layer_of(imported)})"
        for importer, line, imported in wrong_way_imports()
    ]
    assert not wrong, "imports that go the wrong way:\n" + "\n".join(wrong)


def path_of(module: str) -> str:
    relative = Path(*module.split("."))
    file = PACKAGE.parent / relative.with_suffix(".py")
    return str(
        (file if file.exists() else PACKAGE.parent / relative / "__init__.py").relative_to(PACKAGE.parent)
    )


@pytest.mark.parametrize(
    "source, layer, wrong",
    [
        ("from coach.ui.chart import agitation_svg\n", "core", True),
        ("def f():\n    from coach.cli import app\n", "core", True),
        ("from coach.trainer import review\n", "core", True),
        ("import coach.evaluation.kappa\n", "access", True),
        ("from coach.trainer.review import Review\n", "ui", False),
        ("from coach.models import Grade\n", "trainer", False),
    ],
)
def test_the_check_reads_every_form_of_import(tmp_path: Path, source: str, layer: str, wrong: bool) -> None:
    """The reading itself: top-level and lazy imports, `import a.b` and `from a import module`."""
    path = tmp_path / "module.py"
    path.write_text(source, encoding="utf-8")
    layers = {layer_of(imported) for _, imported in imports_of(path)}
    assert any(theirs != layer and theirs not in MAY_IMPORT[layer] for theirs in layers) is wrong
