"""The README's state tables and diagrams, generated from the workflow definitions.

Each workflow's section sits in README.md between `<!-- state-table:NAME -->` and
`<!-- /state-table:NAME -->`. `python -m casework.workflows.docs` rewrites those sections;
`--check` only reports whether they are current (a test does the same, so the README cannot
drift from the code). The Mermaid text is built from the definition directly: a GraphMachine
would work too, but its output order and styling change between releases of `transitions`.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from casework.rules.deadlines import Deadline, Unit
from casework.settings import ROOT
from casework.vocabulary import Role
from casework.workflows.definition import Action, Workflow

README = ROOT / "README.md"
UNIT_WORDS = {Unit.WORKDAYS: "working days", Unit.DAYS: "calendar days", Unit.HOURS: "hours"}


def workflows() -> list[Workflow]:
    """Every workflow the service runs (the registry's list), each with a README section."""
    from casework.workflows.registry import WORKFLOWS

    return list(WORKFLOWS)


def _special_deadlines(workflow: Workflow) -> dict[str, list[str]]:
    """Per state, the notes on deadlines the definition gives beside `deadlines`: a deadline
    given only to some cases, or one counted from before the case entered."""
    notes: dict[str, list[str]] = {}
    for special in workflow.case_deadlines:
        for state in sorted(special.states):
            notes.setdefault(str(state), []).append(
                f"instead {describe_deadline(special.deadline)} for some cases: {special.doc}"
            )
    for state, deadline in workflow.deadlines.items():
        if deadline.name in workflow.counted_before_entry:
            notes.setdefault(str(state), []).append(
                "may be counted from before the case entered the state"
            )
    return notes


def describe_deadline(deadline: Deadline | None) -> str:
    if deadline is None:
        return "—"
    return f"{deadline.amount} {UNIT_WORDS[deadline.unit]} (`{deadline.name}`)"


def payload_fields(action: Action) -> str:
    """The payload's fields, required ones marked with an asterisk."""
    if action.payload is None:
        return "—"
    fields = action.payload().fields
    return ", ".join(
        f"`{name}`{'*' if field.required else ''}" for name, field in sorted(fields.items())
    )


def _roles(action: Action) -> str:
    names = [f"`{r}`" for r in sorted(action.roles, key=list(Role).index)]
    for key, roles in action.context_roles.items():
        names += [f"`{r}` (given `{key}`)" for r in sorted(roles, key=list(Role).index)]
    return ", ".join(names)


def _states(names: Iterable[str]) -> str:
    return ", ".join(f"`{s}`" for s in names)


def state_table(workflow: Workflow) -> str:
    """One row per action: where it starts and ends, who may take it and what it asks for."""
    lines = [
        "| action | from | to | roles | reason | payload | deadline in the new state | notes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for action in workflow.actions:
        sources = _states(action.sources) if action.sources else "(creates the case)"
        if action.dest is None:
            dest, deadline = "(state stays)", "—"
        else:
            dest = f"`{action.dest}`"
            deadline = describe_deadline(workflow.deadlines.get(action.dest))
        cells = [
            f"`{action.name}`",
            sources,
            dest,
            _roles(action),
            "required" if action.needs_reason else "—",
            payload_fields(action),
            deadline,
            action.doc or "",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def deadline_table(workflow: Workflow) -> str:
    """One row per state: its time limit, and which states share one running clock."""
    lines = ["| state | time limit | notes |", "|---|---|---|"]
    special = _special_deadlines(workflow)
    for state in workflow.states:
        deadline = workflow.deadlines.get(state)
        sharing = [
            s for s in workflow.states if s != state and workflow.deadlines.get(s) is deadline
        ]
        notes = []
        if state == workflow.initial:
            notes.append("first state")
        if state in workflow.terminal:
            notes.append("final")
        if deadline is not None and sharing:
            notes.append(f"one clock with {_states(sharing)}")
        notes.extend(special.get(str(state), []))
        lines.append(f"| `{state}` | {describe_deadline(deadline)} | {'; '.join(notes)} |")
    return "\n".join(lines)


def mermaid(workflow: Workflow) -> str:
    """A stateDiagram-v2 of the state changes; actions that keep the state are left out."""
    lines = ["stateDiagram-v2"]
    for action in workflow.actions:
        if action.dest is None:
            continue
        for source in action.sources or ("[*]",):
            lines.append(f"    {source} --> {action.dest}: {action.name}")
    lines.extend(f"    {state} --> [*]" for state in sorted(workflow.terminal))
    return "\n".join(lines)


def section(workflow: Workflow) -> str:
    """The generated README text for one workflow (between its markers)."""
    return "\n\n".join(
        [
            "<!-- generated by `python -m casework.workflows.docs`: do not edit by hand -->",
            state_table(workflow),
            "Time limits (办理时限), counted on China's official calendar from the day a case "
            "enters the state; moving between states on one clock keeps the running limit:",
            deadline_table(workflow),
            f"```mermaid\n{mermaid(workflow)}\n```",
        ]
    )


def _markers(name: str) -> re.Pattern[str]:
    key = re.escape(name)
    return re.compile(
        rf"<!-- state-table:{key} -->\n(.*?)\n?<!-- /state-table:{key} -->", re.DOTALL
    )


def current_section(text: str, name: str) -> str | None:
    """What the README holds between the markers of workflow `name`, or None without them."""
    match = _markers(name).search(text)
    return match.group(1) if match else None


def render(text: str, flows: list[Workflow] | None = None) -> str:
    """`text` with every workflow's section regenerated; a missing marker pair is an error."""
    for workflow in flows or workflows():
        pattern = _markers(workflow.name)
        if not pattern.search(text):
            raise ValueError(
                f"README has no <!-- state-table:{workflow.name} --> ... "
                f"<!-- /state-table:{workflow.name} --> section"
            )
        block = (
            f"<!-- state-table:{workflow.name} -->\n{section(workflow)}\n"
            f"<!-- /state-table:{workflow.name} -->"
        )
        text = pattern.sub(_literally(block), text)
    return text


def _literally(text: str) -> Callable[[re.Match[str]], str]:
    """A replacement put in as it is (a replacement string would read its backslashes)."""
    return lambda _match: text


def update_readme(path: Path = README, check: bool = False) -> bool:
    """Rewrite the sections (or with `check`, only compare); True when the file was current."""
    text = path.read_text(encoding="utf-8")
    fresh = render(text)
    if fresh == text:
        return True
    if not check:
        path.write_text(fresh, encoding="utf-8")
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("readme", nargs="?", type=Path, default=README)
    parser.add_argument("--check", action="store_true", help="fail if the README is stale")
    args = parser.parse_args(argv)
    try:
        current = update_readme(args.readme, check=args.check)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    if current:
        print(f"{args.readme}: state tables are current")
        return 0
    print(f"{args.readme}: state tables {'are stale' if args.check else 'regenerated'}")
    return 1 if args.check else 0


if __name__ == "__main__":
    sys.exit(main())
