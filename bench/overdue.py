"""Overdue scan at scale: 1,000,000 rehab applications in a temporary SQLite file, 1% of
them past their state deadline.

Prints the first scan (creating the reminders through casework.services.reminders), the
idempotent re-scan, and a raw-SQL floor (the same INSERT ... SELECT statements written by
hand and run through sqlite3) measured in the same run; ends with `ratio: <first / floor>`.
Targets: ratio at most 2, re-scan under 20 ms.

    python bench/overdue.py [--cases 1000000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from casework.db import SQLITE_PRAGMAS, bind, db, migrate  # noqa: E402
from casework.reminders.rules import StateDeadlineRule, state_deadline_rules  # noqa: E402
from casework.services import reminders  # noqa: E402
from casework.workflows.rehab import REHAB  # noqa: E402

NOW = dt.datetime(2026, 3, 20, 2, 0)
STATES = ["submitted", "under_review", "referred", "accepted", "agreed", "in_rehabilitation",
          "completed", "closed", "rejected", "withdrawn"]  # fmt: skip
DEADLINE_STATES = set(REHAB.deadlines)
IN_CARE = ("referred", "accepted", "agreed", "in_rehabilitation")


def build(path: Path, cases: int) -> None:
    bind(f"sqlite:///{path}")
    migrate()
    con = sqlite3.connect(path)
    con.executescript(
        """
        PRAGMA journal_mode=wal; PRAGMA synchronous=off; PRAGMA cache_size=-262144;
        INSERT INTO place (id, name, level, code, path) VALUES (1, '县', 'county', '330127', '/1/');
        INSERT INTO institution (id, name, county_id, address, out_of_county, aid_items,
            capacity, active) VALUES (1, '康复中心', 1, '', 0, '[]', 1000000, 1);
        INSERT INTO user (id, username, name, role, place_id, institution_id, email,
            password_hash, active, created_at) VALUES
            (1, 'reviewer', '审核员', 'reviewer', 1, NULL, '', '', 1, '2026-01-01 00:00:00'),
            (2, 'leader', '领导', 'leader', 1, NULL, '', '', 1, '2026-01-01 00:00:00'),
            (3, 'staff', '机构', 'institution_staff', NULL, 1, '', '', 1, '2026-01-01 00:00:00');
        INSERT INTO child (id, id_number, name, sex, birth_date, place_id, disability_types,
            difficulty_categories, address, version, created_at, updated_at)
            VALUES (1, '330127202105010010', '儿童', 'M', '2021-05-01', 1, '[]', '[]', '', 1,
                    '2026-01-01 00:00:00', '2026-01-01 00:00:00');
        """
    )
    # Bulk load with the secondary indexes dropped, then build them once: far faster.
    indexes = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        " AND tbl_name = 'rehab_application'"
    ).fetchall()
    for name, _ in indexes:
        con.execute(f'DROP INDEX "{name}"')
    con.executemany(
        "INSERT INTO rehab_application (child_id, county_id, place_id, state, version, due_at,"
        " state_entered_at, applied_on, aid_year, applicant_name, applicant_relation,"
        " submitted_by_id, institution_id, diagnosis, eligibility, override_reason,"
        " created_at, updated_at) VALUES (1, 1, 1, ?, 1, ?, ?, '2026-01-05', 2026, '监护人',"
        " '母亲', 1, ?, '', '{}', '', ?, ?)",
        _rows(cases),
    )
    for _, sql in indexes:
        con.execute(sql)
    con.execute("ANALYZE")
    con.commit()
    con.close()


def _rows(cases: int):
    deadline_states = [s for s in STATES if s in DEADLINE_STATES]
    for i in range(cases):
        if i % 100 == 0:  # 1% overdue
            state = deadline_states[(i // 100) % len(deadline_states)]
            due = NOW - dt.timedelta(days=1 + i % 20)
        else:
            state = STATES[i % len(STATES)]
            due = NOW + dt.timedelta(days=1 + i % 20) if state in DEADLINE_STATES else None
        stamp = str(NOW - dt.timedelta(days=30))
        institution = (
            1 if state in ("referred", "accepted", "agreed", "in_rehabilitation") else None
        )
        yield state, None if due is None else str(due), stamp, institution, stamp, stamp


def floor_sql(rule: StateDeadlineRule) -> str:
    """The statement a person would write by hand for one state-deadline rule."""
    r = rule.responsible
    match = "u.place_id = a.county_id" if r.scope == "county" else (
        "u.institution_id = a.institution_id")  # fmt: skip
    states = ", ".join(f"'{s}'" for s in rule.states)
    return (
        "INSERT OR IGNORE INTO reminder (rule, entity, entity_id, instance, county_id,"
        " subject_state, due_at, severity, assignee_id, state, created_at, snooze_reason)"
        f" SELECT '{rule.name}', 'rehab', a.id, a.due_at, a.county_id, a.state, a.due_at,"
        f" '{r.severity}', (SELECT min(u.id) FROM user u WHERE u.role = '{r.role}'"
        f" AND u.active = 1 AND {match}), 'open', ?, ''"
        f" FROM rehab_application a WHERE a.state IN ({states}) AND a.due_at <= ?"
    )


def floor(path: Path, rules) -> tuple[float, int]:
    con = sqlite3.connect(path, isolation_level=None)
    for pragma, value in SQLITE_PRAGMAS.items():  # the same pragmas as the service's
        con.execute(f"PRAGMA {pragma}={value}")
    statements = [floor_sql(r) for r in rules]
    started, created = time.perf_counter(), 0
    for sql in statements:
        con.execute("BEGIN IMMEDIATE")
        created += con.execute(sql, (str(NOW), str(NOW))).rowcount
        con.execute("COMMIT")
    seconds = time.perf_counter() - started
    con.close()
    return seconds, created


def ours(rules) -> tuple[float, int]:
    started = time.perf_counter()
    with db.connection_context():
        created = reminders.create_only(NOW, rules)
    return time.perf_counter() - started, created


def clear(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("DELETE FROM reminder")
    con.commit()
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "overdue.db"
        started = time.perf_counter()
        build(path, args.cases)
        print(f"built {args.cases:,} cases in {time.perf_counter() - started:.1f} s")
        rules = tuple(state_deadline_rules(REHAB))
        floors, firsts, rescans, floor_rescans = [], [], [], []
        for _ in range(args.rounds):
            clear(path)
            seconds, floor_created = floor(path, rules)
            floors.append(seconds)
            floor_rescans.append(floor(path, rules)[0])
            clear(path)
            seconds, created = ours(rules)
            firsts.append(seconds)
            rescans.append(ours(rules)[0])
        assert created == floor_created == args.cases // 100, (created, floor_created)
        with db.connection_context():
            full = reminders.scan(NOW)
        print(f"overdue cases:   {created:,} ({created / args.cases:.0%})")
        print(f"first scan:      {min(firsts) * 1000:8.1f} ms (creates {created:,} reminders)")
        print(f"re-scan:         {min(rescans) * 1000:8.1f} ms (creates 0)")
        print(f"raw SQL floor:   {min(floors) * 1000:8.1f} ms first, "
              f"{min(floor_rescans) * 1000:.1f} ms re-run")  # fmt: skip
        print(f"full scan (all rules: resolve, create, escalate): {full.seconds * 1000:.1f} ms, "
              f"{full}")  # fmt: skip
        print(f"ratio: {min(firsts) / min(floors):.2f}")


if __name__ == "__main__":
    main()
