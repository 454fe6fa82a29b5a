"""The workflow diagram as server-side SVG, laid out from the workflow definition itself:
states in columns by their distance from the initial state, the main path in the middle row."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from casework.workflows.definition import Workflow

COLUMN, ROW = 124, 104  # spacing of the boxes
BOX_W, BOX_H = 100, 52
MARGIN = 24
MANY_SOURCES = 3  # an action open from this many states is drawn faintly ("from any of")


@dataclass(frozen=True)
class Node:
    state: str
    x: int
    y: int


@dataclass(frozen=True)
class Edge:
    action: str
    path: str  # SVG path data
    label_x: int
    label_y: int
    faint: bool


def _moves(workflow: Workflow) -> list[tuple[str, str, str, int]]:
    """(action, from, to, number of sources) for every action that changes the state."""
    return [
        (a.name, str(s), str(a.dest), len(a.sources))
        for a in workflow.actions
        for s in a.sources
        if a.dest is not None and str(a.dest) != str(s)
    ]


def _layers(workflow: Workflow, moves) -> dict[str, int]:
    layer = {str(workflow.initial): 0}
    queue = deque([str(workflow.initial)])
    while queue:
        state = queue.popleft()
        for _, source, dest, _n in moves:
            if source == state and dest not in layer:
                layer[dest] = layer[state] + 1
                queue.append(dest)
    # then each state after every state that leads to it outside a loop, so that a side
    # branch rejoining the main path (dropped_out -> closed) does not pull its end back a
    # column; moves inside loops (returned -> resubmitted -> under_review) are left out
    forward = [(s, d) for _, s, d, _n in moves if s not in _reachable(d, moves)]
    for _ in range(len(layer)):
        for source, dest in forward:
            layer[dest] = max(layer[dest], layer[source] + 1)
    for state in workflow.states:  # states not reachable by an action: a last column
        layer.setdefault(str(state), max(layer.values()) + 1)
    return layer


def _reachable(state: str, moves) -> set[str]:
    seen, queue = {state}, deque([state])
    while queue:
        current = queue.popleft()
        for _, source, dest, _n in moves:
            if source == current and dest not in seen:
                seen.add(dest)
                queue.append(dest)
    return seen


def _heights(layer: dict[str, int], moves) -> dict[str, int]:
    """Length of the longest forward path from each state: the main path is the tallest."""
    heights: dict[str, int] = {}
    for state in sorted(layer, key=lambda s: -layer[s]):
        ahead = [heights[d] + 1 for _, s, d, _n in moves if s == state and layer[d] > layer[s]]
        heights[state] = max(ahead, default=0)
    return heights


def layout(workflow: Workflow) -> tuple[list[Node], list[Edge], int, int]:
    moves = _moves(workflow)
    # a move out of a terminal state (a case closed in error, reopened) is a correction: drawn
    # as a loop back, it does not place the states
    ended = {str(s) for s in workflow.terminal}
    flow = [m for m in moves if m[1] not in ended]
    layer = _layers(workflow, flow)
    heights = _heights(layer, flow)
    order = [str(s) for s in workflow.states]
    rows_for = (1, 2, 0)  # the main path in the middle, the next below, the third above
    nodes: dict[str, Node] = {}
    for column in sorted(set(layer.values())):
        states = [s for s in order if layer[s] == column]
        states.sort(key=lambda s: (-heights[s], -order.index(s)))
        for index, state in enumerate(states):
            row = rows_for[index] if index < len(rows_for) else index
            nodes[state] = Node(state, MARGIN + column * COLUMN, MARGIN + row * ROW)
    edges = [_edge(name, nodes[s], nodes[d], n >= MANY_SOURCES) for name, s, d, n in moves]
    width = MARGIN * 2 + max(n.x for n in nodes.values()) + BOX_W
    height = MARGIN * 2 + max(n.y for n in nodes.values()) + BOX_H
    return list(nodes.values()), edges, width, height


def _edge(action: str, a: Node, b: Node, faint: bool) -> Edge:
    if b.x > a.x:  # forward: right side of a to left side of b
        x1, y1, x2, y2 = a.x + BOX_W, a.y + BOX_H // 2, b.x, b.y + BOX_H // 2
        path = f"M{x1},{y1} C{x1 + 30},{y1} {x2 - 30},{y2} {x2},{y2}"
        return Edge(action, path, (x1 + x2) // 2, (y1 + y2) // 2 - 4, faint)
    # backward (or same column): a loop under the boxes
    x1, y1, x2, y2 = a.x + BOX_W // 2, a.y + BOX_H, b.x + BOX_W // 2, b.y + BOX_H
    low = max(y1, y2) + 40
    path = f"M{x1},{y1} C{x1},{low} {x2},{low} {x2},{y2}"
    return Edge(action, path, (x1 + x2) // 2, low - 6, faint)
