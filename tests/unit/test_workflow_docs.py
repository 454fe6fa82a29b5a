"""The README's state tables are generated from the workflow definitions and must match them."""

from __future__ import annotations

import pytest

from casework.services.demo_county import COUNTIES, DEMO_PASSWORD, demo_token
from casework.workflows import docs
from casework.workflows.rehab import REHAB, RehabState


def test_readme_state_table_is_the_generated_one():
    text = docs.README.read_text(encoding="utf-8")
    for workflow in docs.workflows():
        assert docs.current_section(text, workflow.name) == docs.section(workflow), (
            "README.md is stale: run `flask --app web docs`"
        )


def test_state_table_has_one_row_per_action_with_its_roles_and_deadline():
    rows = docs.state_table(REHAB).splitlines()[2:]
    assert [row.split(" | ")[0] for row in rows] == [f"| `{a.name}`" for a in REHAB.actions]
    refer = next(row for row in rows if row.startswith("| `refer`"))
    assert "`approved`" in refer and "`referred`" in refer and "`reviewer`" in refer
    assert "5 working days (`referral_answer`)" in refer and "`institution_id`" in refer
    reject = next(row for row in rows if row.startswith("| `reject`"))
    assert "| required |" in reject
    agreement = next(row for row in rows if row.startswith("| `sign_agreement`"))
    assert "`signed_on`*" in agreement and "`terms`" in agreement and "`terms`*" not in agreement
    assert "30 calendar days" in agreement


def test_deadline_table_lists_every_state_and_the_shared_review_clock():
    rows = docs.deadline_table(REHAB).splitlines()[2:]
    assert [row.split(" | ")[0] for row in rows] == [f"| `{s}`" for s in RehabState]
    under_review = next(row for row in rows if row.startswith("| `under_review`"))
    assert "15 working days (`review`)" in under_review
    assert "one clock with `submitted`, `resubmitted`" in under_review
    closed = next(row for row in rows if row.startswith("| `closed`"))
    assert "| — |" in closed and "final" in closed


def test_mermaid_diagram_has_every_state_change_and_no_self_loops():
    diagram = docs.mermaid(REHAB)
    assert diagram.startswith("stateDiagram-v2\n")
    assert "    [*] --> submitted: submit" in diagram
    assert "    referred --> approved: decline_referral" in diagram
    assert "record_attendance" not in diagram and "record_documents" not in diagram
    mentioned = set()
    for line in diagram.splitlines()[1:]:
        source, _, rest = line.strip().partition(" --> ")
        mentioned |= {source, rest.split(":")[0]}
    assert mentioned == {str(s) for s in RehabState} | {"[*]"}
    for state in REHAB.terminal:
        assert f"    {state} --> [*]" in diagram


def test_render_replaces_only_the_marked_section_and_is_stable():
    text = "intro\n<!-- state-table:rehab -->\nold table\n<!-- /state-table:rehab -->\noutro\n"
    fresh = docs.render(text, [REHAB])
    assert fresh.startswith("intro\n<!-- state-table:rehab -->\n")
    assert fresh.endswith("\n<!-- /state-table:rehab -->\noutro\n")
    assert "old table" not in fresh
    assert docs.current_section(fresh, "rehab") == docs.section(REHAB)
    assert docs.render(fresh, [REHAB]) == fresh


def test_render_refuses_a_readme_without_the_markers():
    with pytest.raises(ValueError, match="state-table:rehab"):
        docs.render("a README with no table\n")


def test_update_readme_check_reports_stale_without_writing(tmp_path):
    readme = tmp_path / "README.md"
    stale = "".join(
        f"<!-- state-table:{w.name} -->\nstale\n<!-- /state-table:{w.name} -->\n"
        for w in docs.workflows()
    )
    readme.write_text(stale, encoding="utf-8")
    assert docs.update_readme(readme, check=True) is False
    assert readme.read_text(encoding="utf-8") == stale
    assert docs.main([str(readme), "--check"]) == 1
    assert docs.main([str(readme)]) == 0
    assert docs.update_readme(readme, check=True) is True


def test_readme_publishes_every_demo_user_and_the_demo_password():
    text = docs.README.read_text(encoding="utf-8")
    assert f"`{DEMO_PASSWORD}`" in text
    for county in COUNTIES:
        for user in county.users:
            assert f"| `{user.username}` |" in text and f"`{demo_token(user.username)}`" in text


def test_every_registered_workflow_has_its_readme_section():
    from casework.workflows.registry import WORKFLOWS

    assert docs.workflows() == list(WORKFLOWS)
    text = docs.README.read_text(encoding="utf-8")
    for workflow in WORKFLOWS:
        section = docs.current_section(text, workflow.name)
        assert section is not None, f"README has no section for {workflow.name}"
        assert docs.mermaid(workflow) in section and docs.deadline_table(workflow) in section


def test_deadline_table_notes_the_deadlines_the_registry_declares():
    from casework.workflows.claim import CLAIM
    from casework.workflows.report import REPORT

    accepted = next(r for r in docs.deadline_table(REPORT).splitlines() if "| `accepted`" in r)
    assert "instead 1 calendar days (`emergency_response`) for some cases: An urgent" in accepted
    draft = next(r for r in docs.deadline_table(CLAIM).splitlines() if "| `draft`" in r)
    assert "counted from before the case entered the state" in draft
