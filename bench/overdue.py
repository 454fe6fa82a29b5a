"""Overdue scan at scale: 1,000,000 rehab applications in a temporary SQLite file, 1% of
them past their state deadline.

Prints the first scan (creating the reminders through casework.services.reminders), the
idempotent re-scan, and a raw-SQL floor (the same INSERT ... SELECT statements written by
hand and run through sqlite3) measured in the same run; ends with `ratio: <first / floor>`.
Targets: ratio at most 2, re-scan under 20 ms.

Then the visit rules over registered children (1,000,000 by default): the regular-visit
rule and the routing UPDATE that gives its reminders to people (casework/reminders/scope.py),
each with its own raw-SQL floor and ratio (bench/visit_scale.py). Target for the regular-visit
rule: ratio at most 2. `--cases 0` or `--children 0` skips a part; building a million
children takes a few minutes.

    python -m bench.overdue [--cases 1000000] [--children 1000000] [--rounds 3]
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

from bench import visit_scale  # noqa: E402
from bench.defaults import defaults  # noqa: E402
from casework.db import SQLITE_PRAGMAS, bind, db, migrate  # noqa: E402
from casework.models import Child  # noqa: E402
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
            password_hash, active, created_at, session_generation) VALUES
            (1, 'reviewer', '审核员', 'reviewer', 1, NULL, '', '', 1, '2026-01-01 00:00:00', 0),
            (2, 'leader', '领导', 'leader', 1, NULL, '', '', 1, '2026-01-01 00:00:00', 0),
            (3, 'staff', '机构', 'institution_staff', NULL, 1, '', '', 1, '2026-01-01 00:00:00',
             0);
        """
    )
    columns = ("id, id_number, name, sex, birth_date, place_id, disability_types, categories, "
               "address, version, created_at, updated_at")  # fmt: skip
    more_columns, more_values = defaults(Child, columns)
    con.execute(
        f"INSERT INTO child ({columns}{more_columns}) VALUES (1, '330127202105010010', '儿童', "
        f"'M', '2021-05-01', 1, '[]', '[]', '', 1, '2026-01-01 00:00:00', "
        f"'2026-01-01 00:00:00'{more_values})"
    )
    # Bulk load with the secondary indexes dropped, then build them once: far faster.
    indexes = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        " AND tbl_name = 'rehab_application'"
    ).fetchall()
    for name, _ in indexes:
        con.execute(f'DROP INDEX "{name}"')
    if cases:
        _insert_cases(con, cases)
    for _, sql in indexes:
        con.execute(sql)
    con.execute("ANALYZE")
    con.commit()
    con.close()


def _insert_cases(con: sqlite3.Connection, cases: int) -> None:
    """Generate the cases inside SQLite (a recursive CTE): every 100th is past its deadline,
    spread over the deadline states; the rest spread over all states, deadlines ahead."""
    deadline_states = [s for s in STATES if s in DEADLINE_STATES]
    con.execute("CREATE TEMP TABLE any_state (k INTEGER PRIMARY KEY, state TEXT)")
    con.execute("CREATE TEMP TABLE due_state (k INTEGER PRIMARY KEY, state TEXT)")
    con.executemany("INSERT INTO any_state VALUES (?, ?)", enumerate(STATES))
    con.executemany("INSERT INTO due_state VALUES (?, ?)", enumerate(deadline_states))
    quoted = lambda names: ", ".join(f"'{n}'" for n in names)  # noqa: E731
    con.execute(
        f"""
        WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ? - 1),
        picked AS (
            SELECT i, CASE WHEN i % 100 = 0
                THEN (SELECT state FROM due_state WHERE k = (i / 100) % {len(deadline_states)})
                ELSE (SELECT state FROM any_state WHERE k = i % {len(STATES)}) END AS state
            FROM seq)
        INSERT INTO rehab_application (child_id, county_id, place_id, state, version, due_at,
            state_entered_at, applied_on, aid_year, applicant_name, applicant_relation,
            submitted_by_id, institution_id, diagnosis, eligibility, override_reason,
            created_at, updated_at)
        SELECT 1, 1, 1, state, 1,
            CASE WHEN i % 100 = 0 THEN datetime(:now, printf('-%d hours', 25 * (1 + i % 20)))
                 WHEN state IN ({quoted(DEADLINE_STATES)})
                 THEN datetime(:now, printf('+%d hours', 25 * (1 + i % 20)))
            END,
            :stamp, '2026-01-05', 2026, '监护人', '母亲', 1,
            CASE WHEN state IN ({quoted(IN_CARE)}) THEN 1 END, '', '{{}}', '', :stamp, :stamp
        FROM picked
        """.replace("?", str(int(cases))),
        {"now": str(NOW), "stamp": str(NOW - dt.timedelta(days=30))},
    )


def floor_sql(rule: StateDeadlineRule) -> str:
    """The statement a person would write by hand for one state-deadline rule."""
    r = rule.responsible
    match = "u.place_id = a.county_id" if r.scope == "county" else (
        "u.institution_id = a.institution_id")  # fmt: skip
    states = ", ".join(f"'{s}'" for s in rule.states)
    return (
        "INSERT OR IGNORE INTO reminder (rule, entity, entity_id, instance, county_id,"
        " subject_state, due_at, severity, assignee_id, state, created_at, snooze_reason,"
        " unreachable)"
        f" SELECT '{rule.name}', 'rehab', a.id, a.due_at, a.county_id, a.state, a.due_at,"
        f" '{r.severity}', (SELECT min(u.id) FROM user u WHERE u.role = '{r.role}'"
        f" AND u.active = 1 AND {match}), 'open', ?, '', 0"
        f" FROM rehab_application a WHERE a.state IN ({states}) AND a.due_at <= ?"
    )


def floor(path: Path, rules) -> tuple[float, int]:
    con = sqlite3.connect(path, isolation_level=None)
    for pragma, value in SQLITE_PRAGMAS.items():  # the same pragmas as the service's
        con.execute(f"PRAGMA {pragma}={value}")
    statements = [floor_sql(r) for r in rules]
    started, cpu, created = time.perf_counter(), time.process_time(), 0
    for sql in statements:
        con.execute("BEGIN IMMEDIATE")
        created += con.execute(sql, (str(NOW), str(NOW))).rowcount
        con.execute("COMMIT")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    con.close()
    return seconds, cpu, created


def ours(rules) -> tuple[float, int]:
    with db.connection_context():  # connected before the clock starts, as the floor is
        started, cpu = time.perf_counter(), time.process_time()
        created = reminders.create_only(NOW, rules)
        return time.perf_counter() - started, time.process_time() - cpu, created


def clear(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("DELETE FROM reminder")
    con.execute("DELETE FROM scan_mark")  # each round's first scan starts from nothing
    con.commit()
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "overdue.db"
        if args.cases:
            started = time.perf_counter()
            build(path, args.cases)
            print(f"built {args.cases:,} cases in {time.perf_counter() - started:.1f} s")
            cases(path, args)
        if args.children:
            if not args.cases:
                build(path, 0)
            started = time.perf_counter()
            visit_scale.build(path, args.children, NOW)
            print(f"built {args.children:,} children in {time.perf_counter() - started:.1f} s")
            for line in visit_scale.measure(path, NOW, args.rounds):
                print(line)


def cases(path: Path, args) -> None:
    """The state-deadline rules over the rehab cases, against their floor."""
    rules = tuple(state_deadline_rules(REHAB))
    timings: dict[str, list[tuple[float, float]]] = {}
    for _ in range(args.rounds):
        clear(path)
        *floor_first, floor_created = floor(path, rules)
        *floor_again, _ = floor(path, rules)
        clear(path)
        *first, created = ours(rules)
        *again, _ = ours(rules)
        for name, value in (("floor", floor_first), ("floor_again", floor_again),
                            ("first", first), ("again", again)):  # fmt: skip
            timings.setdefault(name, []).append(tuple(value))
    assert created == floor_created == args.cases // 100, (created, floor_created)
    best = {name: min(values) for name, values in timings.items()}  # by wall time
    with db.connection_context():
        full = reminders.scan(NOW)

    def show(name):
        wall, cpu = best[name]
        return f"{wall * 1000:8.1f} ms (cpu {cpu * 1000:.1f} ms)"

    print(f"overdue cases:   {created:,} ({created / args.cases:.0%}), best of {args.rounds}")
    print(f"first scan:      {show('first')}, creates {created:,} reminders")
    print(f"re-scan:         {show('again')}, creates 0")
    print(f"raw SQL floor:   {show('floor')}; its re-run {show('floor_again')}")
    print(f"full scan, every rule (resolve, create, escalate): {full}")
    print(f"ratio (cpu): {best['first'][1] / best['floor'][1]:.2f}")
    print(f"ratio: {best['first'][0] / best['floor'][0]:.2f}")


if __name__ == "__main__":
    main()
