"""The child's family (services/family.py): the facts recorded with their papers, the
categories that follow, kept in the file's history; contradictory facts refused naming the
field with nothing written; a clerk's category flagged until the supervisor confirms it; and
files opened without an ID number."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import Conflict, Invalid, NotPermitted
from casework.models import AuditEntry, Child, ParentFact
from casework.rules.deadlines import local_date
from casework.rules.identity import compose_resident_id, is_placeholder
from casework.services import children, documents, family, registry

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def left_behind(**changes) -> dict:
    data = {
        "parents": [
            {"role": "father", "name": "王大", "phone": "13800000001",
             "situation": "working_away", "since": dt.date(2024, 2, 1),
             "away_place": "浙江省杭州市"},
            {"role": "mother", "name": "李二", "phone": "13800000002",
             "situation": "working_away", "since": dt.date(2025, 3, 1),
             "away_place": "广东省东莞市"},
        ],
        "carer_name": "王奶奶", "carer_relation": "祖母", "carer_phone": "13800000003",
    }  # fmt: skip
    return {**data, **changes}


def snapshot(child_id: int) -> dict:
    child = Child.get_by_id(child_id)
    parents = [p.__data__ for p in ParentFact.select().where(ParentFact.child == child_id)]
    audit = AuditEntry.select().where(
        AuditEntry.entity == "child", AuditEntry.entity_id == child_id
    )
    return {"child": dict(child.__data__), "parents": parents, "audit": audit.count()}


def test_a_left_behind_family_and_what_follows(world):
    child = world.child()  # disabled (limb): own difficulty
    director = world.a.actor("child_director")
    saved = family.record_family(director, child.id, left_behind(), world.now, child.version)
    assert saved.categories == ["left_behind", "self"]
    assert saved.version == child.version + 1
    explained = family.explain(saved, local_date(world.now))
    assert [(d.category, d.because) for d in explained.derived] == [
        ("left_behind", "both_parents_away"), ("self", "disabled")]  # fmt: skip
    assert explained.flagged == []
    history = registry.history(world.a.actor("case_worker"), child.id)
    fields = {c.field for c in history if c.action == "record_family"}
    assert {"parents", "carer_name", "categories"} <= fields
    parents = next(c for c in history if c.field == "parents").new
    assert parents[0]["phone"] != "13800000001"  # masked in a history


def test_the_facts_change_and_the_history_keeps_the_earlier_ones(world):
    child = world.child(disabilities=())
    director = world.a.actor("child_director")
    child = family.record_family(director, child.id, left_behind(), world.now, child.version)
    later = world.now + dt.timedelta(days=1)
    died = left_behind()
    died["parents"][0] = {"role": "father", "situation": "deceased", "since": dt.date(2026, 2, 1)}
    died["parents"][1] = {**died["parents"][1], "situation": "imprisoned", "away_place": ""}
    child = family.record_family(director, child.id, died, later, child.version)
    assert child.categories == ["unsupported"]
    assert [p.situation for p in child.parents.order_by(ParentFact.id)] == ["deceased",
                                                                         "imprisoned"]  # fmt: skip
    before = registry.file_as_of(world.a.actor("case_worker"), child.id, world.now)
    assert before["categories"] == ["left_behind"]
    assert [p["situation"] for p in before["parents"]] == ["working_away", "working_away"]


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"carer_parent": "father", "carer_name": "王大",
          "parents": [{"role": "father", "situation": "deceased"}]},
         "carer_parent", "carer_cannot_care"),
        ({"parents": [{"role": "father", "situation": "working_away"}]},
         "parents.0.away_place", "away_place_required"),
        ({"parents": [{"role": "mother", "situation": "missing", "since": dt.date(2027, 1, 1)}]},
         "parents.0.since", "date_in_future"),
        ({"parents": [{"role": "father", "situation": "present", "evidence_id": 999}]},
         "parents.0.evidence_id", "no_such_paper"),
    ],
)  # fmt: skip
def test_contradictory_facts_are_refused_naming_the_field(world, change, field, code):
    child = world.child()
    before = snapshot(child.id)
    with pytest.raises(Invalid) as caught:
        family.record_family(world.a.actor("child_director"), child.id, left_behind(**change),
                             world.now, child.version)  # fmt: skip
    assert caught.value.code == "contradictory_family"
    assert [e.code for e in caught.value.fields[field]] == [code]
    assert snapshot(child.id) == before


def test_the_evidence_paper_is_a_paper_on_the_childs_file(world, tmp_path):
    child, other = world.child(), world.child()
    director = world.a.actor("child_director")
    paper = documents.upload(director, "child", child.id, "family_situation", "判决书.png", PNG,
                             world.now, directory=tmp_path, max_bytes=10_000)  # fmt: skip
    on_other = documents.upload(director, "child", other.id, "family_situation", "x.png", PNG,
                                world.now, directory=tmp_path, max_bytes=10_000)  # fmt: skip
    facts = {"parents": [{"role": "father", "situation": "imprisoned", "evidence_id": paper.id,
                          "since": dt.date(2025, 1, 1)}]}  # fmt: skip
    saved = family.record_family(director, child.id, facts, world.now, child.version)
    assert ParentFact.get(ParentFact.child == saved.id).evidence_id == paper.id
    facts["parents"][0]["evidence_id"] = on_other.id
    with pytest.raises(Invalid):
        family.record_family(director, child.id, facts, world.now, saved.version)
    # a file outside the uploader's scope takes no papers from them
    with pytest.raises(NotPermitted):
        documents.upload(world.b.actor("case_worker"), "child", child.id, "family_situation",
                         "x.png", PNG, world.now, directory=tmp_path, max_bytes=10_000)  # fmt: skip


def test_a_stale_version_writes_nothing(world):
    child = world.child()
    before = snapshot(child.id)
    with pytest.raises(Conflict):
        family.record_family(world.a.actor("child_director"), child.id, left_behind(), world.now,
                             child.version - 1)  # fmt: skip
    assert snapshot(child.id) == before


def test_a_clerks_category_is_flagged_until_the_supervisor_confirms_it(world):
    child = world.child(disabilities=())
    director, supervisor = world.a.actor("child_director"), world.a.actor("child_supervisor")
    today = local_date(world.now)
    with pytest.raises(Invalid) as caught:
        family.claim_category(director, child.id, "temporary", "  ", world.now, child.version)
    assert list(caught.value.fields) == ["reason"]
    child = family.claim_category(director, child.id, "temporary", "县定：父亲重病住院",
                                  world.now, child.version)  # fmt: skip
    assert child.categories == ["temporary"]
    assert family.explain(child, today).flagged == ["temporary"]
    assert [(c.id, f) for c, f in family.flagged_children(supervisor, today)] == [
        (child.id, ["temporary"])]  # fmt: skip
    with pytest.raises(NotPermitted):
        family.review_claim(director, child.id, "temporary", True, "", world.now, child.version)
    child = family.review_claim(supervisor, child.id, "temporary", True, "核实属实", world.now,
                                child.version)  # fmt: skip
    assert family.explain(child, today).flagged == []
    assert child.categories == ["temporary"]
    child = family.review_claim(supervisor, child.id, "temporary", False, "已出院", world.now,
                                child.version)  # fmt: skip
    assert child.categories == []
    rows = AuditEntry.select().where(AuditEntry.entity_id == child.id, AuditEntry.entity == "child")
    actions = [e.action for e in rows]
    assert actions[-3:] == ["claim_category", "confirm_category", "withdraw_category"]


def test_a_claim_the_facts_show_is_not_flagged(world):
    child = world.child()  # disabled
    director = world.a.actor("child_director")
    child = family.claim_category(director, child.id, "self", "残疾证", world.now, child.version)
    assert family.explain(child, local_date(world.now)).flagged == []


def test_a_file_without_an_id_number_and_the_number_later(world):
    clerk = world.a.actor("intake_clerk")
    data = {"name": "无名男童", "sex": "M", "birth_date": dt.date(2019, 6, 1),
            "place_id": world.a.villages[0].id,
            "description": "约7岁，左眉有疤，2026年2月在镇汽车站发现"}  # fmt: skip
    child = children.register_without_id(clerk, data, world.now)
    assert child.id_pending and is_placeholder(child.id_number) and len(child.id_number) == 18
    listed, total = children.list_children(clerk, id_pending=True)
    assert [c.id for c in listed] == [child.id] and total == 1
    number = compose_resident_id("330127", dt.date(2019, 5, 20), 7)
    with pytest.raises(Invalid):
        wrong_check = number[:-1] + ("1" if number[-1] != "1" else "2")
        children.assign_id_number(clerk, child.id, wrong_check, world.now, child.version)
    child = children.assign_id_number(clerk, child.id, number, world.now, child.version)
    assert (child.id_pending, child.id_number, child.birth_date, child.sex) == (
        False, number, dt.date(2019, 5, 20), "M")  # fmt: skip
    with pytest.raises(Invalid) as caught:
        children.assign_id_number(clerk, child.id, number, world.now, child.version)
    assert caught.value.code == "id_number_known"
    history = registry.history(world.a.actor("case_worker"), child.id)
    assert [c.action for c in history][0] == "register_without_id"


@pytest.mark.parametrize(
    ("change", "field"),
    [({"description": ""}, "description"), ({"sex": "X"}, "sex"),
     ({"birth_date": dt.date(2027, 1, 1)}, "birth_date"),
     ({"birth_date": dt.date(2000, 1, 1)}, "birth_date")],
)  # fmt: skip
def test_a_file_without_an_id_number_needs_what_tells_the_child_apart(world, change, field):
    data = {"name": "无名", "sex": "F", "birth_date": dt.date(2020, 1, 1),
            "place_id": world.a.villages[0].id, "description": "约6岁"}  # fmt: skip
    count = Child.select().count()
    with pytest.raises(Invalid) as caught:
        children.register_without_id(world.a.actor("intake_clerk"), {**data, **change}, world.now)
    assert field in caught.value.fields
    assert Child.select().count() == count


def test_an_id_number_already_on_another_file_is_a_conflict(world):
    other = world.child()
    clerk = world.a.actor("intake_clerk")
    data = {"name": "无名", "sex": "F", "birth_date": dt.date(2020, 1, 1),
            "place_id": world.a.villages[0].id, "description": "约6岁"}  # fmt: skip
    child = children.register_without_id(clerk, data, world.now)
    with pytest.raises(Conflict) as caught:
        children.assign_id_number(clerk, child.id, other.id_number, world.now, child.version)
    assert caught.value.extra["existing_id"] == other.id
