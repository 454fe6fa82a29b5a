"""Every refusal names a stable code, and every code has a Chinese message. The source is
parsed, not run, so a refusal in a rarely run branch counts too: each construction of a domain
error or a FieldError in casework/ and web/ names its code, a snake_case literal (or the code
of the FieldError it passes on), and each such code has a message in the pages' catalogue
(web/pages/messages.py) that the zh_CN catalogue translates."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from casework import errors
from casework.rules import eligibility
from web.pages import messages

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "web" / "translations" / "zh_CN" / "LC_MESSAGES" / "messages.po"
CODE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
ERRORS = {
    name
    for name, value in vars(errors).items()
    if isinstance(value, type) and issubclass(value, errors.DomainError | errors.FieldError)
}


@functools.cache  # both tests read every source file
def constructions(source: str) -> list[ast.Call]:
    """Every call of a domain error's class or of FieldError in `source`."""
    return [
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and _called(node.func) in ERRORS
    ]


def _called(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None


def named_code(call: ast.Call) -> str | None:
    """The literal code `call` names; "" when it passes another error's code on; None when it
    names none (or builds one, which no catalogue could know)."""
    value = next((k.value for k in call.keywords if k.arg == "code"), None)
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return value.value if CODE.fullmatch(value.value) else None
    if isinstance(value, ast.Attribute) and value.attr == "code":
        return ""
    return None


def sources():
    for layer in ("casework", "web"):
        for path in sorted((ROOT / layer).rglob("*.py")):
            yield path.relative_to(ROOT), path.read_text("utf-8")


def raised_codes() -> dict[str, str]:
    """{code: where it is first named} over casework/ and web/."""
    found: dict[str, str] = {}
    for path, source in sources():
        for call in constructions(source):
            code = named_code(call)
            if code:
                found.setdefault(code, f"{path}:{call.lineno}")
    return found


def test_every_refusal_names_a_code():
    missing = [
        f"{path}:{call.lineno}"
        for path, source in sources()
        for call in constructions(source)
        if named_code(call) is None
    ]
    assert missing == []


@pytest.mark.parametrize(
    "source, named",
    [
        ('raise Invalid("bad", {"x": ["required"]})', [None]),
        ('raise errors.NotFound(f"{kind} {i} does not exist")', [None]),
        ('raise Conflict("late", code=f"{kind}_late")', [None]),
        ('raise Conflict("late", code="Late Now")', [None]),
        ('raise Conflict("late", code="too_late")', ["too_late"]),
        ('raise Invalid(str(p), {"f": [p]}, code=p.code)', [""]),
        ('FieldError("before assessed_on", code="before_assessment")', ["before_assessment"]),
        ('raise ValueError("not a domain error")', []),
    ],
)
def test_a_refusal_without_a_literal_code_is_found(source, named):
    assert [named_code(call) for call in constructions(source)] == named


def test_a_refusal_without_a_code_cannot_be_raised():
    with pytest.raises(TypeError):
        errors.Invalid("the payload is not valid", {})
    with pytest.raises(TypeError):
        errors.FieldError("required")


def message_ids(message) -> list[str]:
    """The English message ids of a catalogue entry (a message, or one per workflow)."""
    found = message.values() if isinstance(message, dict) else [message]
    return [m._args[0] for m in found]  # a lazy string keeps its message id


def chinese() -> dict[str, str]:
    with PO.open("rb") as source:
        return {m.id: m.string for m in read_po(source, locale="zh_CN") if m.id}


def test_every_code_raised_has_a_chinese_message():
    translated = chinese()
    without = [
        f"{code} ({where})"
        for code, where in sorted(raised_codes().items())
        if code not in messages.MESSAGES
        or not all(translated.get(i) for i in message_ids(messages.MESSAGES[code]))
    ]
    assert without == []
    assert len(raised_codes()) > 150  # the walk finds the refusals: it is not looking elsewhere


def test_every_workflow_refusing_an_action_has_its_message():
    from casework.workflows.registry import WORKFLOWS

    for workflow in WORKFLOWS:
        assert workflow.name in messages.NOT_POSSIBLE_WHILE, workflow.name


def test_every_eligibility_reason_has_a_chinese_message():
    source = Path(eligibility.__file__).read_text("utf-8")
    codes = {
        call.args[0].value
        for call in ast.walk(ast.parse(source))
        if isinstance(call, ast.Call) and _called(call.func) == "Shortfall"
    }
    translated = chinese()
    assert codes == set(messages.REASONS)
    assert all(translated.get(i) for c in codes for i in message_ids(messages.REASONS[c]))
