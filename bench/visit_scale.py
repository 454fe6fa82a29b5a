"""The visit rules and the reminders' routing at scale, for bench/overdue.py: registered
children in a county of 1,000 villages, each timed against a raw-SQL floor (the statement a
person would write by hand, run through sqlite3) in the same run.

The world: a tenth of the children have a guardianship difficulty (visited monthly), six
tenths another difficulty (quarterly), the rest none (not registered for visits); two thirds
have a regular visit on one of the last 120 days. Half the villages have a child director,
half the townships a supervisor, the county a case worker, so routing climbs every level.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from pathlib import Path

from bench.defaults import defaults
from casework.db import SQLITE_PRAGMAS, db
from casework.models import Child, Visit
from casework.reminders.rules import OPEN
from casework.reminders.scope import routing
from casework.reminders.visits import REGULAR_VISIT_OVERDUE
from casework.rules.deadlines import local_date
from casework.services import reminders

TOWNSHIPS, VILLAGES_EACH = 20, 50
RULE = REGULAR_VISIT_OVERDUE


def build(path: Path, children: int, now: dt.datetime) -> None:
    """Add the places, people, children and visits to the migrated database at `path`."""
    con = sqlite3.connect(path)
    con.executescript("PRAGMA journal_mode=wal; PRAGMA synchronous=off; PRAGMA cache_size=-262144;")
    townships = range(2, 2 + TOWNSHIPS)
    villages = range(100, 100 + TOWNSHIPS * VILLAGES_EACH)
    places = [(t, f"镇{t}", "township", 1, f"330127{t:03d}", f"/1/{t}/") for t in townships]
    places += [
        (v, f"村{v}", "village", 2 + (v - 100) // VILLAGES_EACH, f"330127{v:06d}",
         f"/1/{2 + (v - 100) // VILLAGES_EACH}/{v}/")
        for v in villages
    ]  # fmt: skip
    con.executemany(
        "INSERT OR IGNORE INTO place (id, name, level, parent_id, code, path)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        places,
    )
    people = [(f"director{v}", "child_director", v) for v in villages if v % 2]
    people += [(f"supervisor{t}", "child_supervisor", t) for t in townships if t % 2]
    people += [("caseworker", "case_worker", 1), ("admin", "admin", 1)]
    con.executemany(
        "INSERT INTO user (username, name, role, place_id, email, password_hash, active,"
        " created_at, session_generation) VALUES (?, ?, ?, ?, '', '', 1,"
        " '2025-01-01 00:00:00', 0)",
        [(name, name, role, place) for name, role, place in people],
    )
    indexes = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        " AND tbl_name IN ('child', 'visit')"
    ).fetchall()
    for name, _ in indexes:  # bulk load without the secondary indexes, then build them once
        con.execute(f'DROP INDEX "{name}"')
    first = con.execute("SELECT coalesce(max(id), 0) + 1 FROM child").fetchone()[0]
    columns = ("id, id_number, name, sex, birth_date, place_id, disability_types, categories, "
               "address, version, created_at, updated_at")  # fmt: skip
    more_columns, more_values = defaults(Child, columns)
    con.execute(
        f"""
        WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < :n - 1)
        INSERT INTO child ({columns}{more_columns})
        SELECT :first + i, printf('B%017d', i), '儿童', 'M', '2018-01-01',
            100 + i % :villages, '[]',
            CASE WHEN i % 10 = 0 THEN '["guardianship"]'
                 WHEN i % 10 <= 6 THEN '["left_behind"]' ELSE '[]' END,
            '', 1, '2025-06-01 00:00:00', '2025-06-01 00:00:00'{more_values}
        FROM seq
        """,
        {"n": children, "first": first, "villages": len(villages)},
    )
    today = local_date(now).isoformat()
    columns = ("visitor_id, visited_on, child_id, case_id, place_id, kind, findings, next_steps, "
               "class_hours, subject, created_at")  # fmt: skip
    more_columns, more_values = defaults(Visit, columns)
    con.execute(
        f"""
        INSERT INTO visit ({columns}{more_columns})
        SELECT (SELECT min(id) FROM user), date(:today, printf('-%d days', 1 + id % 120)),
            id, NULL, place_id, 'regular', '', '', NULL, '', :today{more_values}
        FROM child WHERE id >= :first AND id % 3 <> 0
        """,
        {"today": today, "first": first},
    )
    for _, sql in indexes:
        con.execute(sql)
    con.execute("ANALYZE")
    con.commit()
    con.close()


def _quarter_start(day: str) -> str:
    return f"date({day}, 'start of month', printf('-%d months', (strftime('%m', {day}) - 1) % 3))"


def floor_sql(now: dt.datetime) -> str:
    """The regular-visit rule by hand: each registered child's last regular visit (or the
    file's opening), overdue by its month or quarter, due at the end of the period after."""
    today = local_date(now)
    from casework.reminders.visits import _overdue_since, schedule

    by_month = _overdue_since(today, schedule.Period.MONTH).isoformat()
    by_quarter = _overdue_since(today, schedule.Period.QUARTER).isoformat()
    # the end of a China day as a UTC timestamp: the next day's midnight, 8 hours earlier
    month_due = "datetime(anchor, 'start of month', '+2 months', '-8 hours')"
    quarter_due = f"datetime({_quarter_start('anchor')}, '+6 months', '-8 hours')"
    return f"""
        INSERT OR IGNORE INTO reminder (rule, entity, entity_id, instance, county_id,
            subject_state, due_at, severity, assignee_id, state, created_at, snooze_reason,
            unreachable)
        SELECT '{RULE.name}', 'child', id, anchor, county, NULL,
            CASE WHEN monthly THEN {month_due} ELSE {quarter_due} END,
            '{RULE.responsible.severity}', NULL, '{OPEN}', :now, '', 0
        FROM (
            SELECT c.id, t.parent_id AS county,
                coalesce(v.last, date(c.created_at)) AS anchor,
                c.categories LIKE '%"guardianship"%' AS monthly
            FROM child c
            JOIN place p ON p.id = c.place_id JOIN place t ON t.id = p.parent_id
            LEFT JOIN (SELECT child_id, max(visited_on) AS last FROM visit
                       WHERE kind IN ('regular', 'monitoring') GROUP BY child_id) v
                ON v.child_id = c.id
            WHERE length(c.categories) > 2)
        WHERE (monthly AND anchor < '{by_month}') OR anchor < '{by_quarter}'
    """


ROUTE_FLOOR = f"""
    UPDATE reminder SET reached_at = :now, emailed_at = NULL,
        assignee_id = coalesce(
            (SELECT min(u.id) FROM user u JOIN child c ON u.place_id = c.place_id
             WHERE c.id = reminder.entity_id AND u.role = 'child_director' AND u.active),
            (SELECT min(u.id) FROM user u JOIN child c JOIN place p ON p.id = c.place_id
             WHERE c.id = reminder.entity_id AND u.place_id = p.parent_id
               AND u.role = 'child_supervisor' AND u.active),
            (SELECT min(u.id) FROM user u WHERE u.place_id = reminder.county_id
               AND u.role = 'case_worker' AND u.active),
            (SELECT min(u.id) FROM user u WHERE u.place_id = reminder.county_id
               AND u.role = 'admin' AND u.active))
    WHERE rule = '{RULE.name}' AND state = 'open'
"""


def _floor(path: Path, now: dt.datetime) -> tuple[float, float, int, float, float]:
    con = sqlite3.connect(path, isolation_level=None)
    for pragma, value in SQLITE_PRAGMAS.items():  # the same pragmas as the service's
        con.execute(f"PRAGMA {pragma}={value}")
    timings = []
    for sql in (floor_sql(now), ROUTE_FLOOR):
        started, cpu = time.perf_counter(), time.process_time()
        con.execute("BEGIN IMMEDIATE")
        count = con.execute(sql, {"now": str(now)}).rowcount
        con.execute("COMMIT")
        timings.append((time.perf_counter() - started, time.process_time() - cpu, count))
    con.close()
    (create, create_cpu, created), (route, route_cpu, _) = timings
    return create, create_cpu, created, route, route_cpu


def _ours(now: dt.datetime) -> tuple[float, float, int, float, float, int]:
    with db.connection_context():
        started, cpu = time.perf_counter(), time.process_time()
        created = reminders.create_only(now, (RULE,))
        create, create_cpu = time.perf_counter() - started, time.process_time() - cpu
        started, cpu = time.perf_counter(), time.process_time()
        with db.atomic():
            routed = sum(db.execute(q).rowcount for q in routing(RULE, now))
        route, route_cpu = time.perf_counter() - started, time.process_time() - cpu
    return create, create_cpu, created, route, route_cpu, routed


def _clear(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("DELETE FROM reminder WHERE rule = ?", (RULE.name,))
    con.commit()
    con.close()


def measure(path: Path, now: dt.datetime, rounds: int) -> list[str]:
    """Best-of-`rounds` timings of the regular-visit rule and its routing against the floor."""
    best: dict[str, tuple[float, float]] = {}

    def keep(name, wall, cpu):
        best[name] = min(best.get(name, (wall, cpu)), (wall, cpu))

    for _ in range(rounds):
        _clear(path)
        create, create_cpu, floor_created, route, route_cpu = _floor(path, now)
        keep("floor", create, create_cpu)
        keep("route_floor", route, route_cpu)
        _clear(path)
        create, create_cpu, created, route, route_cpu, routed = _ours(now)
        keep("rule", create, create_cpu)
        keep("route", route, route_cpu)
    assert created == floor_created, (created, floor_created)
    assert routed == created, (routed, created)

    def show(name):
        wall, cpu = best[name]
        return f"{wall * 1000:8.1f} ms (cpu {cpu * 1000:.1f} ms)"

    return [
        f"regular-visit rule: {show('rule')}, creates {created:,} reminders",
        f"its raw SQL floor:  {show('floor')}",
        f"ratio (regular visits): {best['rule'][0] / best['floor'][0]:.2f}",
        f"routing UPDATE:     {show('route')}, routes {routed:,}",
        f"its raw SQL floor:  {show('route_floor')}",
        f"ratio (routing): {best['route'][0] / best['route_floor'][0]:.2f}",
    ]
