"""Benchmark: one county period of 10,000 claim lines, drafted (proposed and computed),
costed, submitted (billed units reserved), audited, paid and exported, on a fresh SQLite file.

    .venv/bin/python bench/settlement.py [--lines 10000] [--database-url URL]

Prints each phase's seconds and ends with `seconds: <total>` (generation excluded: it stands
in for a year of the institution's own records). Target: at most 3 s on SQLite. Each phase
also shows the process's CPU time, which a busy shared machine does not inflate as much.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Run as a script, bench/ comes first on the path and bench/transitions.py would shadow the
# transitions package: take it off and put the project root in its place.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from casework.db import bind, db, execute_many, migrate  # noqa: E402
from casework.models import (  # noqa: E402
    Agreement,
    ApplicationItem,
    Attendance,
    Child,
    RehabApplication,
    RehabPlan,
)
from casework.rules.identity import compose_resident_id  # noqa: E402
from casework.rules.money import format_yuan  # noqa: E402
from casework.services import accounts, claims, places, settlement_export  # noqa: E402

NOW = dt.datetime(2026, 4, 2, 2, 0)
MONTHS = [dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)]
ITEMS = ["training_limb", "training_speech", "training_autism", "early_intervention"]


def insert(model, rows: list[dict]) -> None:
    """One prepared INSERT run for every row: peewee's insert_many spends longer building
    10,000-row statements than SQLite spends running them. Columns left out take the
    model's defaults."""
    fields = [f for f in model._meta.sorted_fields if f.name in rows[0] or f.default is not None]
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    marks = ", ".join([db.obj.param] * len(fields))
    sql = f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})'

    def value(field, row):
        if field.name in row:
            return field.db_value(row[field.name])
        return field.db_value(field.default() if callable(field.default) else field.default)

    execute_many(sql, [tuple(value(f, r) for f in fields) for r in rows])


def generate(lines: int):
    """A county, an institution with its staff, and `lines` children in rehabilitation with
    attendance for January to March."""
    county = places.create_place(None, name="淳安县", code="330127", now=NOW)
    village = places.create_place(
        None, name="千岛湖镇1村", code="330127001001", parent_id=county.id, now=NOW
    )
    institution = places.save_institution(
        None,
        # the largest capacity allowed: the children are inserted directly, never referred
        {
            "county_id": county.id,
            "name": "县康复中心",
            "capacity": places.MAX_CAPACITY,
            "aid_items": ITEMS,
        },
        NOW,
    )
    users = {}
    for role, binding in [
        ("institution_staff", {"institution_id": institution.id}),
        ("settlement_auditor", {"place_id": county.id}),
        ("finance_officer", {"place_id": county.id}),
    ]:
        user = accounts.create_user(
            None, username=role, name=role, role=role, password="password-1", now=NOW, **binding
        )
        users[role] = accounts.actor_for(user)
    staff = users["institution_staff"].id
    with db.atomic():
        insert(
            Child,
            [
                {
                    "id_number": compose_resident_id(
                        "330127", dt.date(2020, 1, 1) + dt.timedelta(days=n // 900), n % 900
                    ),
                    "name": f"儿童{n:05d}",
                    "sex": "M",
                    "birth_date": dt.date(2020, 1, 1),
                    "place": village.id,
                    "residence_basis": "permanent_hukou",
                    "disability_types": ["limb"],
                    "created_at": NOW,
                    "updated_at": NOW,
                }
                for n in range(lines)
            ],
        )
        children = [c.id for c in Child.select(Child.id).order_by(Child.id)]
        insert(
            RehabApplication,
            [
                {
                    "child": c,
                    "county": county.id,
                    "place": village.id,
                    "state": "in_rehabilitation",
                    "state_entered_at": NOW,
                    "applied_on": dt.date(2026, 1, 2),
                    "aid_year": 2026,
                    "applicant_name": "监护人",
                    "applicant_relation": "母亲",
                    "submitted_by": staff,
                    "institution": institution.id,
                    "created_at": NOW,
                    "updated_at": NOW,
                }
                for c in children
            ],
        )
        apps = [a.id for a in RehabApplication.select(RehabApplication.id)]
        insert(
            ApplicationItem, [{"application": a, "aid_item": ITEMS[a % len(ITEMS)]} for a in apps]
        )
        insert(
            Agreement,
            [
                {
                    "application": a,
                    "institution": institution.id,
                    "guardian_name": "监护人",
                    "signed_on": dt.date(2026, 1, 4),
                }
                for a in apps
            ],
        )
        insert(
            RehabPlan,
            [
                {
                    "application": a,
                    "assessed_on": dt.date(2026, 1, 5),
                    "assessment": "评估",
                    "goals": "目标",
                    "starts_on": dt.date(2026, 1, 5),
                    "planned_months": 10,
                }
                for a in apps
            ],
        )
        insert(
            Attendance,
            [
                {
                    "application": a,
                    "month": m,
                    "days_attended": 18,
                    "recorded_by": staff,
                    "recorded_at": NOW,
                }
                for a in apps
                for m in MONTHS
            ],
        )
    return users


def run(lines: int, profile: bool = False) -> dict[str, float]:
    timings: dict[str, float] = {}
    cpus: dict[str, float] = {}  # the process's own CPU time: on a shared, busy machine the
    # wall clock also counts the time other processes held the cores

    def phase(name, call):
        profiler = cProfile.Profile() if profile and name != "generate" else None
        start, cpu = time.perf_counter(), time.process_time()
        result = profiler.runcall(call) if profiler else call()
        timings[name] = time.perf_counter() - start
        cpus[name] = time.process_time() - cpu
        print(f"{name:<10} {timings[name]:7.3f} s  (cpu {cpus[name]:.3f} s)", flush=True)
        if profiler:
            stats = pstats.Stats(profiler, stream=sys.stdout)  # SORT=cumulative TOP=40 ...
            stats.sort_stats(os.environ.get("SORT", "tottime"))
            stats.print_stats(int(os.environ.get("TOP", 15)))
        return result

    users = phase("generate", lambda: generate(lines))
    staff, auditor = users["institution_staff"], users["settlement_auditor"]
    claim = phase("draft", lambda: claims.draft_claim(staff, {"period": "2026-Q1"}, NOW))
    ids = [line.id for line in claims.lines_of(claim.id)]
    assert len(ids) == lines, len(ids)
    edits = [
        {
            "line_id": i,
            "total_cost": f"{4000 + i % 3000}.50",
            "basic_medical": "800.00",
            "medical_aid": "100.25",
        }
        for i in ids
    ]

    def act(actor, action, payload=None, reason=""):
        return claims.act(actor, claim.id, action, now=NOW, payload=payload, reason=reason)

    phase("costs", lambda: act(staff, "edit_lines", {"lines": edits}))
    attest = {"attestation": "本机构承诺所报费用真实", "attested_by": "院长"}
    phase("submit", lambda: act(staff, "submit", attest))
    rejects = [
        {"line_id": i, "decision": "reject", "code": "receipts_missing", "reason": "缺少发票"}
        for i in ids[:: max(1, lines // 20)]
    ]

    def audit():
        act(auditor, "decide_lines", {"decisions": rejects, "approve_others": True})
        act(auditor, "complete_audit")
        act(auditor, "send_to_finance")

    phase("audit", audit)
    total = claims.totals(claim.id).approved
    pay = {"paid_on": "2026-04-02", "voucher_number": "记-2026-0402", "amount": format_yuan(total)}
    phase("pay", lambda: act(users["finance_officer"], "record_payment", pay))

    def export():
        statement = settlement_export.county_statement(auditor, None, "2026-Q1")
        assert statement.approved_total == total and len(statement.rows) == lines
        return len(settlement_export.to_xlsx(statement)) + len(settlement_export.to_csv(statement))

    size = phase("export", export)
    print(f"lines: {lines}, approved: {format_yuan(total)} yuan, files: {size / 1e6:.1f} MB")
    timed = [k for k in timings if k != "generate"]
    print(f"cpu seconds: {sum(cpus[k] for k in timed):.3f}")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--database-url", help="default: a new SQLite file in a temp directory")
    parser.add_argument("--profile", action="store_true", help="print each phase's hot spots")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bind(args.database_url or f"sqlite:///{tmp}/bench.db")
        migrate()
        with db.connection_context():
            timings = run(args.lines, args.profile)
    print(f"seconds: {sum(v for k, v in timings.items() if k != 'generate'):.3f}")


if __name__ == "__main__":
    main()
