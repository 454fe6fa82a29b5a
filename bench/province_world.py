"""The province of bench/province.py, built by bulk SQL on a migrated, empty database.

One statement per table, `INSERT ... SELECT` over a sequence of integers (PostgreSQL's
`generate_series`; on SQLite a table of integers made once by a recursive CTE), with the
secondary indexes of the big tables dropped during the load and built again from their own
definitions afterwards, then ANALYZE. Every figure is derived from the row's number, so two
builds of one shape are identical.

The shape (`Shape.of(scale, counties)`), at scale 1 and 100 counties:

- one province holding every county, and its officer;
- per county 10 townships of 10 villages; 3 designated institutions; a reviewer, an intake
  clerk, a leader, an admin, a case worker, a settlement auditor and a finance officer; a child
  supervisor per township, a child director per village, an institution's staff member each;
- 1,000,000 children (10,000 a county), 4 in 10 with a category (left-behind, family or
  guardianship), each with a father and a mother recorded;
- 300,000 rehab applications over the aid years 2024-2026, in every state (the older years'
  mostly settled, closed or rejected), one aid item each, the ones in care or past it placed
  with an institution;
- a quarterly claim per institution over the three years and a claim line per aided
  application per quarter of its year in which it was in care (two quarters);
- 50,000 mandatory-report cases in every state;
- a year of visits (a quarterly regular visit of every child with a category) and of
  reminders (a tenth still open, the rest resolved).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casework.db import db, is_sqlite
from casework.services.accounts import hash_password

NOW = dt.datetime(2026, 6, 10, 2, 0)  # 10:00 in China, a Wednesday of the second quarter
TOWNSHIPS, VILLAGES, INSTITUTIONS = 10, 10, 3
PASSWORD = "bench-password"
PROVINCE, PROVINCE_OFFICER = 1, "province-officer"  # the province of every county, its officer
COUNTY_ROLES = ("reviewer", "intake_clerk", "leader", "admin", "case_worker",
                "settlement_auditor", "finance_officer")  # fmt: skip
REHAB_STATES = ("submitted", "under_review", "returned", "resubmitted", "rejected", "approved",
                "referred", "accepted", "agreed", "in_rehabilitation", "dropped_out",
                "completed", "settled", "closed", "withdrawn")  # fmt: skip
PAST_YEAR_STATES = ("settled", "closed", "rejected", "completed", "withdrawn")
OPEN_REHAB = ("submitted", "under_review", "returned", "resubmitted", "approved", "referred",
              "accepted", "agreed", "in_rehabilitation")  # fmt: skip
WITH_INSTITUTION = ("referred", "accepted", "agreed", "in_rehabilitation", "dropped_out",
                    "completed", "settled", "closed")  # fmt: skip
REPORT_STATES = ("reported", "accepted", "screened_out", "emergency_response", "assessment",
                 "assistance", "guardianship_intervention", "monitoring", "closed")  # fmt: skip
HARMS = ("abuse", "abandonment", "accidental_injury", "unlawful_harm", "guardianship_absent",
         "street_child")  # fmt: skip
ITEMS = ("training_limb", "training_intellectual", "training_autism", "training_speech",
         "hearing_aids", "cochlear_implant")  # fmt: skip
DISABILITY = ("limb", "intellectual", "autism", "speech", "hearing", "hearing")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鑫宇浩然子轩欣怡佳琪梓涵雨"
BIG_TABLES = ("child", "parent_fact", "rehab_application", "application_item", "claim",
              "claim_line", "report_case", "visit", "reminder")  # fmt: skip


@dataclass(frozen=True)
class Shape:
    counties: int
    children: int
    applications: int
    reports: int

    @classmethod
    def of(cls, scale: float, counties: int = 100) -> Shape:
        """The province at `scale` (1: 10,000 children a county), `counties` counties."""
        each = max(int(10_000 * scale), 20)
        return cls(counties, each * counties, max(each * 3 // 10, 15) * counties,
                   max(each // 20, 9) * counties)  # fmt: skip


def county_place(c: int) -> int:
    return 1 + c


def township_place(c: int, t: int) -> int:
    return 1_000 + c * TOWNSHIPS + t


def village_place(c: int, v: int) -> int:
    """The v-th village (0-99) of county c; township v // 10."""
    return 100_000 + c * TOWNSHIPS * VILLAGES + v


class Dialect:
    """The few expressions that differ between PostgreSQL and SQLite."""

    def __init__(self, postgres: bool):
        self.postgres = postgres

    def seq(self, n: int) -> str:
        if self.postgres:
            return f"generate_series(0, {n - 1}) AS s(i)"
        return f"(SELECT i FROM bench_seq WHERE i < {n}) AS s"

    def pad(self, expr: str, width: int) -> str:
        if self.postgres:
            return f"lpad(({expr})::text, {width}, '0')"
        return f"printf('%0{width}d', {expr})"

    def day(self, base: dt.date, days: str) -> str:
        if self.postgres:
            return f"(DATE '{base}' + ({days})::int)"
        return f"date('{base}', ({days}) || ' days')"

    def at(self, base: dt.datetime, days: str) -> str:
        if self.postgres:
            return f"(TIMESTAMP '{base}' + ({days}) * INTERVAL '1 day')"
        return f"datetime('{base}', ({days}) || ' days')"

    def pick(self, expr: str, values: tuple[str, ...]) -> str:
        whens = " ".join(f"WHEN {n} THEN '{v}'" for n, v in enumerate(values))
        return f"(CASE ({expr}) % {len(values)} {whens} END)"

    def text(self, expr: str) -> str:
        return f"CAST({expr} AS TEXT)" if not self.postgres else f"({expr})::text"


def build(shape: Shape) -> None:
    """Fill the migrated, empty database `db` is bound to with the province of `shape`."""
    d = Dialect(not is_sqlite())
    with db.connection_context():
        if not d.postgres:
            db.execute_sql("PRAGMA synchronous=off")
            top = 2 * shape.children + shape.counties * TOWNSHIPS * VILLAGES
            db.execute_sql("CREATE TABLE bench_seq (i INTEGER PRIMARY KEY)")
            db.execute_sql(
                "WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ?)"
                " INSERT INTO bench_seq SELECT i FROM s", (top,))  # fmt: skip
        with db.atomic():
            indexes = _drop_indexes(d)  # the people's stay: the loads look them up
            for sql in statements(shape, d):
                db.execute_sql(sql.replace("%", "%%") if d.postgres else sql)
            for sql in indexes:
                db.execute_sql(sql)
            if d.postgres:  # the sequences behind the ids given explicitly
                for table in ("province", "place", "user", "institution", "child"):
                    db.execute_sql(
                        f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'),"
                        f' (SELECT max(id) FROM "{table}"))'
                    )
        if not d.postgres:
            db.execute_sql("DROP TABLE bench_seq")
        db.execute_sql("ANALYZE")


def _drop_indexes(d: Dialect) -> list[str]:
    """Drop the secondary indexes of the big tables; returns the statements that rebuild them."""
    names = ", ".join(f"'{t}'" for t in BIG_TABLES)
    if d.postgres:
        rows = db.execute_sql(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public'"
            f" AND i.tablename IN ({names}) AND i.indexname NOT IN"
            " (SELECT conname FROM pg_constraint)"
        ).fetchall()
    else:
        rows = db.execute_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            f" AND tbl_name IN ({names})"
        ).fetchall()
    for name, _ in rows:
        db.execute_sql(f'DROP INDEX "{name}"')
    return [sql for _, sql in rows]


def statements(shape: Shape, d: Dialect) -> list[str]:
    C = shape.counties
    now = NOW
    today = now.date()
    pw = hash_password(PASSWORD)
    TV = TOWNSHIPS * VILLAGES
    out = [
        # the province holding every county
        f"""INSERT INTO province (id, name, code) VALUES ({PROVINCE}, '浙江省', '330000')""",
        # places: counties, townships, villages
        f"""INSERT INTO place (id, name, level, parent_id, code, path, province_id)
            SELECT 1 + i, '第' || {d.text("i + 1")} || '县', 'county', NULL,
                '33' || {d.pad("i", 4)}, '/' || {d.text("1 + i")} || '/', {PROVINCE}
            FROM {d.seq(C)}""",
        f"""INSERT INTO place (id, name, level, parent_id, code, path)
            SELECT 1000 + i, '第' || {d.text(f"i % {TOWNSHIPS} + 1")} || '镇', 'township',
                1 + i / {TOWNSHIPS},
                '33' || {d.pad(f"i / {TOWNSHIPS}", 4)} || {d.pad(f"i % {TOWNSHIPS}", 3)},
                '/' || {d.text(f"1 + i / {TOWNSHIPS}")} || '/' || {d.text("1000 + i")} || '/'
            FROM {d.seq(C * TOWNSHIPS)}""",
        f"""INSERT INTO place (id, name, level, parent_id, code, path)
            SELECT 100000 + i, '第' || {d.text(f"i % {VILLAGES} + 1")} || '村', 'village',
                1000 + i / {VILLAGES},
                '33' || {d.pad(f"i / {TV}", 4)} || {d.pad(f"i % {TV}", 6)},
                '/' || {d.text(f"1 + i / {TV}")} || '/' || {d.text(f"1000 + i / {VILLAGES}")}
                    || '/' || {d.text("100000 + i")} || '/'
            FROM {d.seq(C * TV)}""",
        f"""INSERT INTO institution (id, name, county_id, address, out_of_county, aid_items,
                capacity, active)
            SELECT 1 + i, '康复机构' || {d.text("i")}, 1 + i / {INSTITUTIONS}, '', false,
                '["training_limb", "training_intellectual", "training_autism",
                  "training_speech", "hearing_aids", "cochlear_implant"]', 100000, true
            FROM {d.seq(C * INSTITUTIONS)}""",
    ]
    # people: the county's offices, a supervisor per township, a director per village, an
    # institution's staff member per institution; usernames tell the place (r3: county 3's
    # reviewer, s3-2, d3-17, i7)
    roles = d.pick(f"i % {len(COUNTY_ROLES)}", COUNTY_ROLES)
    people = [
        (f"{roles} || {d.text(f'i / {len(COUNTY_ROLES)}')}", roles,
         f"1 + i / {len(COUNTY_ROLES)}", "NULL", C * len(COUNTY_ROLES)),
        (f"'s' || {d.text(f'i / {TOWNSHIPS}')} || '-' || {d.text(f'i % {TOWNSHIPS}')}",
         "'child_supervisor'", "1000 + i", "NULL", C * TOWNSHIPS),
        (f"'d' || {d.text(f'i / {TV}')} || '-' || {d.text(f'i % {TV}')}",
         "'child_director'", "100000 + i", "NULL", C * TV),
        (f"'i' || {d.text('i + 1')}", "'institution_staff'", "NULL", "1 + i", C * INSTITUTIONS),
    ]  # fmt: skip
    for username, role, place, institution, n in people:
        out.append(
            f"""INSERT INTO "user" (username, name, role, place_id, institution_id, email,
                    password_hash, active, created_at, session_generation)
                SELECT {username}, '员工' || {d.text("i")}, {role}, {place}, {institution}, '',
                    '{pw}', true, '2024-01-01 00:00:00', 0
                FROM {d.seq(n)}"""
        )
    out.append(
        f"""INSERT INTO "user" (username, name, role, province_id, email, password_hash, active,
                created_at, session_generation)
            VALUES ('{PROVINCE_OFFICER}', '省级工作人员', 'province_officer', {PROVINCE}, '',
                '{pw}', true, '2024-01-01 00:00:00', 0)"""
    )
    n = shape.children
    village = f"100000 + (i % {C}) * {TV} + (i / {C}) % {TV}"
    birth = d.day(dt.date(2008, 7, 1), f"(i / {C}) % 6570")
    name = (f"substr('{SURNAMES}', 1 + (i * 7) % 40, 1) || substr('{GIVEN}', 1 + (i * 13) % 48, 1)"
            f" || substr('{GIVEN}', 1 + (i * 31) % 48, 1)")  # fmt: skip
    birth_digits = (
        f"replace({d.text(birth)}, '-', '')" if d.postgres else f"replace({birth}, '-', '')"
    )
    out.append(
        f"""INSERT INTO child (id, id_number, name, sex, birth_date, place_id, residence_basis,
                disability_types, address, version, created_at,
                updated_at, id_pending, description, carer_name, carer_relation, carer_phone,
                subsistence, seriously_ill, school, categories, category_claims, state,
                moved_to)
            SELECT 1 + i,
                '33' || {d.pad(f"i % {C}", 4)} || {birth_digits}
                    || {d.pad(f"(i / {C}) / 6570", 3)} || '0',
                {name}, CASE WHEN i % 2 = 0 THEN 'M' ELSE 'F' END, {birth}, {village},
                'permanent_hukou',
                CASE WHEN (i / {C}) % 10 < 3 THEN '["' || {d.pick("i / 7", DISABILITY)} || '"]'
                     ELSE '[]' END,
                '', 1, {d.at(now, f"-400 + (i / {C}) % 300")},
                {d.at(now, f"-400 + (i / {C}) % 300")}, false, '', '', '', '',
                CASE WHEN (i / {C}) % 10 = 3 THEN 'dibao' ELSE 'none' END, false, '',
                CASE WHEN (i / {C}) % 10 = 3 THEN '["family"]'
                     WHEN (i / {C}) % 10 = 4 THEN '["guardianship"]'
                     WHEN (i / {C}) % 10 IN (5, 6) THEN '["left_behind"]' ELSE '[]' END,
                '[]', CASE WHEN i % 97 = 0 THEN 'off_register' ELSE 'on_register' END, ''
            FROM {d.seq(n)}"""
    )
    out.append(
        f"""INSERT INTO parent_fact (child_id, role, name, phone, situation, away_place, note)
            SELECT 1 + i / 2, CASE WHEN i % 2 = 0 THEN 'father' ELSE 'mother' END,
                '家长', '',
                CASE WHEN ((i / 2) / {C}) % 10 IN (5, 6) THEN 'working_away'
                     WHEN ((i / 2) / {C}) % 10 = 4 AND i % 2 = 0 THEN 'imprisoned'
                     ELSE 'present' END,
                CASE WHEN ((i / 2) / {C}) % 10 IN (5, 6) THEN '浙江省杭州市' ELSE '' END, ''
            FROM {d.seq(2 * n)}"""
    )
    # rehab applications: the child (i * 3 + 7) spread over the counties, as the child's
    a = shape.applications
    per = n // C  # children a county: child (county c, j-th) is c + C * j
    child = f"(i % {C} + {C} * (((i / {C}) * 3) % {per}))"
    year = f"(2024 + (i / {C}) % 3)"
    state = (f"CASE WHEN {year} < 2026 THEN {d.pick(f'i / {C * 3}', PAST_YEAR_STATES)}"
             f" ELSE {d.pick(f'i / {C * 3}', REHAB_STATES)} END")  # fmt: skip
    institution = f"1 + (ci % {C}) * {INSTITUTIONS} + (i / 11) % {INSTITUTIONS}"
    with_inst = ", ".join(f"'{s}'" for s in WITH_INSTITUTION)
    open_states = ", ".join(f"'{s}'" for s in OPEN_REHAB)
    applied = d.day(dt.date(2024, 1, 15), f"365 * ((i / {C}) % 3) + (i / {C * 3}) % 300")
    out.append(
        f"""INSERT INTO rehab_application (id, child_id, county_id, place_id, state, version,
                due_at, state_entered_at, applied_on, aid_year, applicant_name,
                applicant_relation, submitted_by_id, institution_id, diagnosis, eligibility,
                override_reason, completed_on, created_at, updated_at)
            SELECT 1 + i, 1 + ci, 1 + ci % {C}, 100000 + (ci % {C}) * {TV} + (ci / {C}) % {TV},
                st, 1 + i % 5,
                CASE WHEN st IN ({open_states}) THEN {d.at(now, "(i % 90) - 30")} END,
                {d.at(now, "-(i % 200)")}, {applied}, {year}, '监护人', '母亲',
                (SELECT min(u.id) FROM "user" u
                 WHERE u.place_id = 1 + ci % {C} AND u.role = 'intake_clerk'),
                CASE WHEN st IN ({with_inst}) THEN {institution} END,
                '', '{{"eligible": true, "reasons": []}}', '',
                CASE WHEN st IN ('completed', 'settled', 'closed')
                     THEN {d.day(dt.date(2024, 12, 20), f"365 * ({year} - 2024)")} END,
                {d.at(now, "-(i % 700)")}, {d.at(now, "-(i % 200)")}
            FROM (SELECT i, {child} AS ci, {state} AS st FROM {d.seq(a)}) AS s"""
    )
    out.append(
        f"""INSERT INTO application_item (application_id, aid_item, free_device)
            SELECT id, {d.pick("id", ITEMS)}, false FROM rehab_application"""
    )
    # claims: an institution's quarter, 2024-Q1 .. 2026-Q1, paid but for the last two
    quarters = [(y, q) for y in (2024, 2025, 2026) for q in (1, 2, 3, 4) if (y, q) <= (2026, 1)]
    for n_q, (y, q) in enumerate(quarters):
        start = dt.date(y, 3 * q - 2, 1)
        end = (dt.date(y + (q == 4), (3 * q) % 12 + 1, 1)) - dt.timedelta(days=1)
        left = len(quarters) - n_q  # the last quarter self-audited, the one before it sent
        state = "paid" if left > 2 else "sent_to_finance" if left == 2 else "self_audited"
        out.append(
            f"""INSERT INTO claim (county_id, institution_id, cycle, period, period_start,
                    period_end, state, version, due_at, state_entered_at, created_by_id,
                    created_at, updated_at, attestation, attested_by, paid_on, paid_fen)
                SELECT county_id, id, 'quarterly', '{y}q{q}', '{start}', '{end}', '{state}', 3,
                    NULL, '{end} 08:00:00',
                    (SELECT min(u.id) FROM "user" u WHERE u.institution_id = institution.id),
                    '{end} 08:00:00', '{end} 08:00:00', '', '',
                    {f"'{end + dt.timedelta(days=40)}'" if state == "paid" else "NULL"}, NULL
                FROM institution"""
        )
    # claim lines: an aided application, in the two quarters of its year it was in care
    out.append(
        """INSERT INTO claim_line (claim_id, application_id, child_id, aid_item, aid_year,
                months, month_count, free_device, total_fen, basic_medical_fen,
                critical_illness_fen, supplementary_fen, medical_aid_fen, standard_fen,
                monthly_fen, cap_fen, subsidy_fen, status, rejection_reason, ytd_remainder_fen,
                ytd_months, ytd_cap_fen, ytd_approved_fen, adjustment_reason)
            SELECT cl.id, a.id, a.child_id, it.aid_item, a.aid_year, '[]', 3, false, 600000, 0,
                0, 0, 0, 600000, 200000, 2400000, 600000,
                CASE WHEN a.id % 23 = 0 THEN 'rejected' ELSE 'approved' END, '', 0, 3,
                2400000, 600000, ''
            FROM rehab_application a
            JOIN application_item it ON it.application_id = a.id
            JOIN claim cl ON cl.institution_id = a.institution_id
                AND cl.period IN (a.aid_year || 'q1', a.aid_year || 'q2')
            WHERE a.state IN ('in_rehabilitation', 'completed', 'settled', 'closed',
                              'dropped_out')"""
    )
    rep = shape.reports
    rchild = f"(i % {C} + {C} * (((i / {C}) * 7 + 3) % {per}))"
    out.append(
        f"""INSERT INTO report_case (state, version, due_at, state_entered_at, county_id,
                place_id, child_id, child_description, reporter_name, reporter_organisation,
                reporter_phone, reported_by_id, harm_type, urgent, facts, police_note,
                placement_where, assessment, assistance_plan, created_at, updated_at)
            SELECT st, 2, CASE WHEN st NOT IN ('screened_out', 'closed')
                               THEN {d.at(now, "(i % 40) - 10")} END,
                {d.at(now, "-(i % 300)")}, 1 + ci % {C},
                100000 + (ci % {C}) * {TV} + (ci / {C}) % {TV}, 1 + ci, '', '学校老师', '学校',
                '', (SELECT min(u.id) FROM "user" u WHERE u.place_id = 1 + ci % {C}
                     AND u.role = 'case_worker'),
                {d.pick("i / 5", HARMS)}, i % 9 = 0, '报告事实', '', '', '', '',
                {d.at(now, "-(i % 365)")}, {d.at(now, "-(i % 300)")}
            FROM (SELECT i, {rchild} AS ci, {d.pick(f"i / {C}", REPORT_STATES)} AS st
                  FROM {d.seq(rep)}) AS s"""
    )
    # a year of visits: every child with a category, once a quarter, by the village's director
    out.append(
        f"""INSERT INTO visit (visitor_id, visited_on, child_id, place_id, kind, findings,
                next_steps, subject, created_at, carer, health, safety, needs, risk_flags,
                flag)
            SELECT u.id, {d.day(today, "-(q * 91 + c.id % 80) - 5")}, c.id, c.place_id,
                'regular', '', '', '', {d.at(now, "-(q * 91 + c.id % 80) - 5")}, '', '', '',
                '', '[]', ''
            FROM child c
            JOIN "user" u ON u.place_id = c.place_id AND u.role = 'child_director'
            CROSS JOIN (SELECT i AS q FROM {d.seq(4)}) AS quarters
            WHERE c.categories <> '[]' AND (q < 3 OR c.id % 5 <> 0)"""
    )
    # a year of reminders: one per open application and report past or near its deadline
    # (a tenth open), and a visit reminder per tenth registered child, resolved
    out.append(
        f"""INSERT INTO reminder (rule, entity, entity_id, instance, county_id, subject_state,
                due_at, severity, assignee_id, state, created_at, resolved_at, snooze_reason,
                unreachable, reached_at)
            SELECT 'rehab.review', 'rehab', a.id, {d.text("a.due_at")}, a.county_id,
                a.state, a.due_at, 'warning',
                (SELECT min(u.id) FROM "user" u WHERE u.place_id = a.county_id
                 AND u.role = 'reviewer'),
                CASE WHEN (a.id / {C}) % 10 = 0 THEN 'open' ELSE 'resolved' END,
                {d.at(now, "-(a.id % 365)")},
                CASE WHEN (a.id / {C}) % 10 = 0 THEN NULL ELSE {d.at(now, "-(a.id % 365) + 3")} END,
                '', false, {d.at(now, "-(a.id % 365)")}
            FROM rehab_application a WHERE a.due_at IS NOT NULL"""
    )
    out.append(
        f"""INSERT INTO reminder (rule, entity, entity_id, instance, county_id, subject_state,
                due_at, severity, assignee_id, state, created_at, resolved_at, snooze_reason,
                unreachable, reached_at)
            SELECT 'visit.regular_overdue', 'child', c.id, {d.text(d.day(today, "-(c.id % 365)"))},
                p.parent_id / 1 - 999 + 0 * p.id, NULL, {d.at(now, "-(c.id % 365) + 30")},
                'warning', u.id,
                CASE WHEN (c.id / {C}) % 10 = 0 THEN 'open' ELSE 'resolved' END,
                {d.at(now, "-(c.id % 365)")},
                CASE WHEN (c.id / {C}) % 10 = 0 THEN NULL
                     ELSE {d.at(now, "-(c.id % 365) + 20")} END,
                '', false, {d.at(now, "-(c.id % 365)")}
            FROM child c JOIN place p ON p.id = c.place_id
            JOIN "user" u ON u.place_id = c.place_id AND u.role = 'child_director'
            WHERE c.categories <> '[]' AND c.id % 4 = 0"""
    )
    # the township's parent is the county: its id is (township - 1000) / 10 + 1
    out[-1] = out[-1].replace(
        "p.parent_id / 1 - 999 + 0 * p.id", f"(p.parent_id - 1000) / {TOWNSHIPS} + 1"
    )
    return out


COUNTED = (
    "province",
    "place",
    "user",
    "institution",
    "child",
    "parent_fact",
    "rehab_application",
    "application_item",
    "claim",
    "claim_line",
    "report_case",
    "visit",
    "reminder",
)


def counts() -> dict[str, int]:
    """Rows per table of the world (the smoke test checks them against the shape)."""
    with db.connection_context():
        return {t: db.execute_sql(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in COUNTED}
