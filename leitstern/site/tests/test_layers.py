"""Apps in layers (``site/layers.py``), read from the source without importing it.

An app imports from its own layer and from lower layers only; the shell is imported by
nobody; no Python module imports itself round a circle; apps above the platform form no
circle either; engines import nothing of Leitstern but themselves; templates link and
include only what their app may import; and migrations keep no live code."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

import leitstern
from leitstern.site.layers import LAYERS, PLATFORM, SHELL

ROOT = Path(leitstern.__file__).parent
# Files of the package that are not an app: the command-line entry (it starts the shell or
# an engine) and the test suite's helpers.
TOP_LEVEL = {"cli": SHELL}
TEST_SUPPORT = {"testing", "conftest"}


@dataclass(frozen=True)
class Import:
    source: str  # dotted module importing
    target: str  # dotted module imported (as written)
    line: int
    typing_only: bool  # under ``if TYPE_CHECKING:``


def _is_test(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return "tests" in parts or path.stem in TEST_SUPPORT


def _module_name(path: Path) -> str:
    parts = ["leitstern", *path.relative_to(ROOT).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources(*, migrations: bool = False) -> Iterator[Path]:
    for path in sorted(ROOT.rglob("*.py")):
        if _is_test(path) or (path.parent == ROOT and path.stem == "__init__"):
            continue
        if ("migrations" in path.parts) == migrations:
            yield path


def _imports(path: Path) -> Iterator[Import]:
    tree = ast.parse(path.read_text(), str(path))
    source = _module_name(path)
    package = source if path.stem == "__init__" else source.rpartition(".")[0]
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only.update(id(child) for child in ast.walk(node))
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            # ``from package import name``: the module ``name`` if there is one, else the
            # package (``_resolve`` finds which).
            names = [f"{base}.{alias.name}" for alias in node.names]
        for name in names:
            if name == "leitstern" or name.startswith("leitstern."):
                yield Import(source, name, node.lineno, id(node) in typing_only)


def app_of(module: str) -> str:
    """``leitstern.strategy.views.okrs`` → ``strategy``; engines are ``engines/<name>``."""
    parts = module.split(".")
    if len(parts) < 2:
        return "leitstern"
    if parts[1] == "engines":
        return f"engines/{parts[2]}" if len(parts) > 2 else "engines"
    return parts[1]


def _layer(app: str) -> int | None:
    if app.startswith("engines"):
        return None
    return LAYERS.get(app, TOP_LEVEL.get(app))


@cache
def _all_imports() -> list[Import]:
    """Every import of the package's sources, read when a test first asks (not when the
    module is collected: each test process collects it, one runs it)."""
    return [found for path in _sources() for found in _imports(path)]


@cache
def _modules() -> set[str]:
    return {_module_name(path) for path in _sources()}


def _resolve(name: str) -> str | None:
    """The module of the package that ``name`` (a module or a name in one) lives in."""
    while name and name not in _modules():
        name = name.rpartition(".")[0]
    return name or None


def test_every_app_has_a_layer():
    apps = {app_of(module) for module in _modules()}
    unknown = sorted(app for app in apps if not app.startswith("engines") and _layer(app) is None)
    assert unknown == [], f"add these apps to site/layers.py (the design's table): {unknown}"


def test_no_app_imports_a_higher_layer():
    upward = []
    for found in _all_imports():
        source, target = app_of(found.source), app_of(found.target)
        if source.startswith("engines") or target.startswith("engines") or source == target:
            continue
        if _layer(target) > _layer(source):
            upward.append(
                f"{found.source}:{found.line} imports {found.target} "
                f"(layer {_layer(source)} → {_layer(target)})"
            )
    assert upward == []


def test_nobody_imports_the_shell():
    shell = {app for app, layer in LAYERS.items() if layer == SHELL}
    offenders = [
        f"{found.source}:{found.line} imports {found.target}"
        for found in _all_imports()
        if app_of(found.target) in shell
        and app_of(found.source) not in shell
        and app_of(found.source) not in TOP_LEVEL
    ]
    assert offenders == []


def test_engines_import_only_themselves():
    outside = [
        f"{found.source}:{found.line} imports {found.target}"
        for found in _all_imports()
        if app_of(found.source).startswith("engines/")
        and app_of(found.target) != app_of(found.source)
    ]
    assert outside == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected parts of ``graph`` with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            part = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                part.append(other)
                if other == node:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_round_a_circle():
    """Counting imports inside functions too: a deferred import hides a circle, it does not
    remove it. Imports only for type checkers run never and are left out."""
    graph: dict[str, set[str]] = defaultdict(set)
    for found in _all_imports():
        target = _resolve(found.target)
        if not found.typing_only and target and target != found.source:
            graph[found.source].add(target)
    assert _cycles(graph) == []


def test_no_apps_above_the_platform_import_each_other_round_a_circle():
    """Platform apps may use each other's pieces (people, workspaces, the activity log need
    each other); every app above them is a step in one direction."""
    graph: dict[str, set[str]] = defaultdict(set)
    for found in _all_imports():
        source, target = app_of(found.source), app_of(found.target)
        if source != target and (_layer(source) or 0) > PLATFORM:
            graph[source].add(target)
    assert _cycles(graph) == []


def test_the_test_finds_a_circle_and_an_upward_import():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert app_of("leitstern.engines.forecast.questions") == "engines/forecast"
    assert _layer("teams") < _layer("forecasts") < _layer("discovery") < _layer("site")
    assert sum(1 for found in _all_imports() if app_of(found.source) == "strategy") > 50


# --- Templates --------------------------------------------------------------------------

URL_TAG = re.compile(r"{%\s*url\s+['\"](\w+):")
INCLUDE_TAG = re.compile(r"{%\s*(?:include|extends)\s+['\"](\w+)/")


def _templates() -> Iterator[tuple[str, Path]]:
    for path in sorted(ROOT.glob("*/templates/**/*.html")):
        yield path.relative_to(ROOT).parts[0], path


def test_templates_use_only_what_their_app_may_import():
    """A page shows something of a higher module through a contribution
    (``core.contributions``), never by linking its URLs or including its templates. The
    shell's pages (``site:``) are everyone's way home."""
    upward = []
    for app, path in _templates():
        text = path.read_text()
        used = {name for name in URL_TAG.findall(text) if name != "site"}
        used |= {name for name in INCLUDE_TAG.findall(text) if name in LAYERS}
        for name in sorted(used):
            target = {"forecast_share": "forecasts"}.get(name, name)
            if target in LAYERS and LAYERS[target] > LAYERS[app]:
                upward.append(f"{path.relative_to(ROOT)} uses {name}")
    assert upward == []


# --- Migrations -------------------------------------------------------------------------


@pytest.mark.parametrize("path", list(_sources(migrations=True)), ids=lambda path: path.stem)
def test_migrations_keep_no_live_code(path: Path):
    """A migration runs the same in a year as today: it imports no application code. The
    one exception is what Django writes itself, ``import leitstern.<app>.models`` at the top
    for a field's callable default or a model manager."""
    tree = ast.parse(path.read_text())
    allowed = {
        id(node)
        for node in tree.body
        if isinstance(node, ast.Import)
        and all(re.fullmatch(r"leitstern\.\w+\.models", alias.name) for alias in node.names)
    }
    live = [
        f"line {found.line}: {found.target}"
        for found in _imports(path)
        if not any(
            id(node) in allowed for node in tree.body if getattr(node, "lineno", None) == found.line
        )
    ]
    assert live == []
