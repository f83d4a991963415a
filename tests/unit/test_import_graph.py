"""The import graph has no cycle: not between two modules, and not between two of chalicelib's packages.

A cycle is how a code base stops having layers: each module of one can no longer be read, tested or moved
without the other. grimp (import-linter's graph) counts imports inside functions too, so a cycle hidden in
a lazy import is one here as well.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import grimp


def _cycles(nodes: Iterable[str], edges: Callable[[str], set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(edges(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def _graph() -> grimp.ImportGraph:
    return grimp.build_graph("chalicelib")


def test_no_two_modules_import_each_other_even_through_others() -> None:
    graph = _graph()
    assert _cycles(graph.modules, graph.find_modules_directly_imported_by) == []


def test_no_two_packages_of_chalicelib_import_each_other() -> None:
    graph = _graph()

    def package(module: str) -> str:
        parts = module.split(".")
        return ".".join(parts[:2])

    packages = {package(m) for m in graph.modules if m.count(".") >= 1}
    edges: dict[str, set[str]] = {p: set() for p in packages}
    for module in graph.modules:
        if module.count(".") < 1:
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.count(".") >= 1 and package(imported) != package(module):
                edges[package(module)].add(package(imported))
    assert _cycles(packages, lambda p: edges[p]) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(edges, lambda n: edges[n]) == [["a", "b", "c"]]
