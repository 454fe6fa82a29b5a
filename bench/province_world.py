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
  reminders (a tenth still open, the rest resolved);
- the history (world_history): monthly attendance of every application in care (six months
  of its aid year, three for a dropout or a 2026 case already out of care), an audit row per
  step each case took to its state and per month of attendance recorded, per claim and report
  too, and per child its registration and a few edits over the years (the leaving of the
  register for those off it); the papers: the three an application needs at review (and its
  agreement once in care), an invoice per claim line, one per report, each with its stored
  version (a second for a tenth of them).
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
              "claim_line", "report_case", "visit", "reminder", "audit_log", "attendance",
              "document", "document_version")  # fmt: skip


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

    def least(self, a: str, b: str) -> str:
        return f"least({a}, {b})" if self.postgres else f"min({a}, {b})"

    def plus(self, moment: str, days: str) -> str:
        """The timestamp `days` days after the date or timestamp `moment` (a column)."""
        if self.postgres:
            return f"(({moment})::timestamp + ({days}) * INTERVAL '1 day')"
        return f"datetime({moment}, ({days}) || ' days')"

    def month(self, year: str, month: str) -> str:
        """The first day of month `month` (1-12) of `year`."""
        if self.postgres:
            return f"make_date({year}, {month}, 1)"
        return f"printf('%04d-%02d-01', {year}, {month})"


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
        # VACUUM too, as autovacuum would have by then: the visibility map it sets lets an
        # index-only scan (a county's children counted) skip the heap
        db.execute_sql("VACUUM ANALYZE" if d.postgres else "ANALYZE")


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
    applied = d.day(dt.date(2024, 1, 15), applied_days(C, "i"))
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
    return out + world_history(shape, d)


# The steps each case took to the state it is in: (action, from, to, role). A case's history is
# the path of its state; the steps after leaving care (complete, settle, close, dropout) are
# dated from the end of its months of attendance, the ones before from its application.
REHAB_MAIN = (
    ("submit", None, "submitted", "intake_clerk"),
    ("start_review", "submitted", "under_review", "reviewer"),
    ("approve", "under_review", "approved", "reviewer"),
    ("refer", "approved", "referred", "reviewer"),
    ("accept_referral", "referred", "accepted", "institution_staff"),
    ("sign_agreement", "accepted", "agreed", "institution_staff"),
    ("record_plan", "agreed", "in_rehabilitation", "institution_staff"),
    ("complete", "in_rehabilitation", "completed", "institution_staff"),
    ("settle", "completed", "settled", "finance_officer"),
    ("close", "settled", "closed", "reviewer"),
)
IN_CARE = ("in_rehabilitation", "dropped_out", "completed", "settled", "closed")
CARE_STEPS = 7  # the steps up to record_plan, taken before the months of care


def _rehab_paths() -> dict[str, tuple]:
    paths = {step[2]: REHAB_MAIN[: n + 1] for n, step in enumerate(REHAB_MAIN)}
    review = REHAB_MAIN[:2]
    paths["returned"] = (*review, ("return_for_correction", "under_review", "returned",
                                   "reviewer"))  # fmt: skip
    paths["resubmitted"] = (*paths["returned"], ("resubmit", "returned", "resubmitted",
                                                 "intake_clerk"))  # fmt: skip
    paths["rejected"] = (*review, ("reject", "under_review", "rejected", "reviewer"))
    paths["withdrawn"] = (*review, ("withdraw", "under_review", "withdrawn", "intake_clerk"))
    paths["dropped_out"] = (
        *REHAB_MAIN[:CARE_STEPS],
        ("report_dropout", "in_rehabilitation", "dropped_out", "institution_staff"),
    )
    return paths


REPORT_MAIN = (
    ("file", None, "reported"),
    ("accept", "reported", "accepted"),
    ("respond", "accepted", "emergency_response"),
    ("start_assessment", "emergency_response", "assessment"),
    ("record_assessment", "assessment", "assistance"),
    ("record_assistance_plan", "assistance", "monitoring"),
)


def _report_paths() -> dict[str, tuple]:
    paths = {step[2]: REPORT_MAIN[: n + 1] for n, step in enumerate(REPORT_MAIN)}
    paths["screened_out"] = (REPORT_MAIN[0], ("screen_out", "reported", "screened_out"))
    paths["closed"] = (*REPORT_MAIN, ("close", "monitoring", "closed"))
    paths["guardianship_intervention"] = (
        *REPORT_MAIN, ("intervene", "monitoring", "guardianship_intervention"))  # fmt: skip
    return {state: tuple((*step, "case_worker") for step in path) for state, path in paths.items()}


CLAIM_MAIN = (
    ("draft", None, "draft", "institution_staff"),
    ("submit", "draft", "self_audited", "institution_staff"),
    ("complete_audit", "self_audited", "federation_audited", "settlement_auditor"),
    ("send_to_finance", "federation_audited", "sent_to_finance", "settlement_auditor"),
    ("record_payment", "sent_to_finance", "paid", "finance_officer"),
)


def _timed() -> dict[str, frozenset[str]]:
    """Per workflow, the states that give a case a deadline (rates_as_of reads them)."""
    from casework.workflows.registry import WORKFLOWS

    out = {}
    for workflow in WORKFLOWS:
        states = set(workflow.deadlines)
        for special in workflow.case_deadlines:
            states |= set(special.states)
        out[workflow.name] = frozenset(str(s) for s in states)
    return out


def _steps(paths: dict[str, tuple], timed: frozenset[str], care: bool = False) -> str:
    """The paths as a common table `p`: one row per step of each final state, with whether
    the state it led to has a deadline and (`after`) its number after the months of care."""
    rows = []
    for final, path in paths.items():
        for n, (action, source, dest, role) in enumerate(path):
            after = n - CARE_STEPS if care and final in IN_CARE and n >= CARE_STEPS else -1
            src = "NULL" if source is None else f"'{source}'"
            rows.append(f"('{final}', {n}, {after}, '{action}', {src}, '{dest}', '{role}',"
                        f" {int(dest in timed)}, {int(n == len(path) - 1)})")  # fmt: skip
    return ("WITH p(final, step, after, action, from_state, to_state, role, timed, last) AS"
            f" (VALUES {', '.join(rows)})")  # fmt: skip


AUDIT_COLUMNS = ("INSERT INTO audit_log (entity, entity_id, action, from_state, to_state,"
                 " version, actor_id, actor_role, at, reason, changes, due_at)")  # fmt: skip


def world_history(shape: Shape, d: Dialect) -> list[str]:
    """Attendance, the audit log and the papers of the world built by `statements` (the
    ids are written in the order of time within each record, as the service writes them)."""
    C = shape.counties
    start = dt.datetime(2024, 1, 1, 2, 0)  # 10:00 in China; days counted from it
    year_start = "(CASE a.aid_year WHEN 2024 THEN 0 WHEN 2025 THEN 366 ELSE 731 END)"
    # months in care: six of the aid year, three for a dropout and for a 2026 case already
    # out of care (its completion before the day the world stands on), five for one in care
    months = ("(CASE WHEN a.state = 'dropped_out' OR (a.aid_year = 2026 AND a.state <>"
              " 'in_rehabilitation') THEN 3 WHEN a.aid_year = 2026 THEN 5 ELSE 6 END)")  # fmt: skip
    in_care = ", ".join(f"'{s}'" for s in IN_CARE)
    timed = _timed()
    staff = '(SELECT min(u.id) FROM "user" u WHERE u.institution_id = {})'
    out = [
        f"""INSERT INTO attendance (application_id, month, days_attended, sessions, note,
                recorded_by_id, recorded_at)
            SELECT a.id, {d.month("a.aid_year", "m.i + 1")}, 15 + (a.id + m.i) % 8,
                2 * (15 + (a.id + m.i) % 8), '', s.id,
                {d.at(start, f"{year_start} + m.i * 31 + 33")}
            FROM rehab_application a
            JOIN "user" s ON s.institution_id = a.institution_id
            CROSS JOIN (SELECT i FROM {d.seq(6)}) AS m
            WHERE a.state IN ({in_care}) AND m.i < {months}
            ORDER BY a.id, m.i"""
    ]
    # a case's step before care: from its application (a case in care: from 50 days before
    # its aid year); after care: from the end of its months of attendance; a step leading to
    # a state with a deadline is given ten days (five for a quarter of them, so that some
    # steps come late), the last one of a case the deadline the case has now
    before = (f"CASE WHEN a.state IN ({in_care}) THEN {year_start} - 50"
              f" ELSE 14 + {d.least(applied_days(C, '(a.id - 1)'), '800')} END"
              " + p.step * 7")  # fmt: skip
    after = f"{year_start} + {months} * 31 + 5 + p.after * 7"
    at = f"CASE WHEN p.after >= 0 THEN {d.at(start, after)} ELSE {d.at(start, before)} END"
    due = "CASE WHEN p.timed = 0 THEN NULL WHEN p.last = 1 THEN {case}.due_at ELSE {plus} END"
    rehab_due = due.format(
        case="a", plus=d.plus(at, "CASE WHEN (a.id + p.step) % 4 = 0 THEN 5 ELSE 10 END")
    )
    out.append(
        f"""{_steps(_rehab_paths(), timed["rehab"], care=True)}
            {AUDIT_COLUMNS}
            SELECT 'rehab', h.entity_id, h.action, h.from_state, h.to_state, h.version,
                h.actor_id, h.role, h.at, '', h.changes, h.due_at
            FROM (SELECT a.id AS entity_id, p.action, p.from_state, p.to_state,
                      p.step + 1 AS version, coalesce(u.id, s.id) AS actor_id, p.role,
                      {at} AS at, '{{}}' AS changes, {rehab_due} AS due_at, p.step AS n
                  FROM rehab_application a JOIN p ON p.final = a.state
                  LEFT JOIN "user" u ON u.place_id = a.county_id AND u.role = p.role
                  LEFT JOIN "user" s ON s.institution_id = a.institution_id
                      AND p.role = 'institution_staff'
                  UNION ALL
                  SELECT t.application_id, 'record_attendance', 'in_rehabilitation',
                      'in_rehabilitation', {CARE_STEPS} + 1, t.recorded_by_id,
                      'institution_staff', t.recorded_at,
                      '{{"days_attended": [null, ' || {d.text("t.days_attended")} || ']}}',
                      NULL, {CARE_STEPS}
                  FROM attendance t) AS h
            ORDER BY h.entity_id, h.at, h.n"""
    )
    report_base = d.least(
        "r.created_at",
        f"TIMESTAMP '{NOW - dt.timedelta(days=40)}'"
        if d.postgres
        else f"'{NOW - dt.timedelta(days=40)}'",
    )
    report_at = d.plus(report_base, "p.step * 4")
    report_due = due.format(
        case="r", plus=d.plus(report_at, "CASE WHEN (r.id + p.step) % 4 = 0 THEN 3 ELSE 6 END")
    )
    out.append(
        f"""{_steps(_report_paths(), timed["report"])}
            {AUDIT_COLUMNS}
            SELECT 'report', r.id, p.action, p.from_state, p.to_state, p.step + 1,
                u.id, p.role, {report_at}, '', '{{}}', {report_due}
            FROM report_case r JOIN p ON p.final = r.state
            JOIN "user" u ON u.place_id = r.county_id AND u.role = p.role
            ORDER BY r.id, p.step"""
    )
    claim_at = d.plus("c.period_end", "p.step * 10")  # paid on the 40th day, as paid_on
    claim_paths = {step[2]: CLAIM_MAIN[: n + 1] for n, step in enumerate(CLAIM_MAIN)}
    claim_due = due.format(case="c", plus=d.plus(claim_at, "10"))
    out.append(
        f"""{_steps(claim_paths, timed["claim"])}
            {AUDIT_COLUMNS}
            SELECT 'claim', c.id, p.action, p.from_state, p.to_state, p.step + 1,
                coalesce(u.id, s.id), p.role, {claim_at}, '', '{{}}', {claim_due}
            FROM claim c JOIN p ON p.final = c.state
            LEFT JOIN "user" u ON u.place_id = c.county_id AND u.role = p.role
            LEFT JOIN "user" s ON s.institution_id = c.institution_id
                AND p.role = 'institution_staff'
            ORDER BY c.id, p.step"""
    )
    # a child: its registration, then an edit of its address or its carer's phone every
    # twenty days for up to three (child id % 4), and its leaving the register if it left
    county = f"1 + (c.id - 1) % {C}"
    address = f"""'{{"address": ["", "' || {d.text("k.i + 1")} || '号"]}}'"""
    phone = f"""'{{"carer_phone": ["", "1380000' || {d.text("c.id % 10000")} || '"]}}'"""
    edit = f"CASE WHEN k.i % 2 = 0 THEN {address} ELSE {phone} END"
    out.append(
        f"""{AUDIT_COLUMNS}
            SELECT 'child', h.id, h.action, h.from_state, h.to_state, h.version, u.id,
                'intake_clerk', h.at, '', h.changes, NULL
            FROM (SELECT c.id, 'register' AS action, NULL AS from_state, NULL AS to_state,
                      1 AS version, c.created_at AS at, '{{}}' AS changes, 0 AS n
                  FROM child c
                  UNION ALL
                  SELECT c.id, 'update', NULL, NULL, k.i + 2,
                      {d.plus("c.created_at", "(k.i + 1) * 20")}, {edit}, k.i + 1
                  FROM child c CROSS JOIN (SELECT i FROM {d.seq(3)}) AS k
                  WHERE k.i < c.id % 4
                  UNION ALL
                  SELECT c.id, 'leave_moved_out', 'on_register', 'off_register', 5,
                      {d.plus("c.created_at", "80")}, '{{}}', 4
                  FROM child c WHERE c.state = 'off_register') AS h
            JOIN child c ON c.id = h.id
            JOIN "user" u ON u.place_id = {county} AND u.role = 'intake_clerk'
            ORDER BY h.id, h.at, h.n"""
    )
    # papers: the three an application needs at review and, once in care, its agreement; an
    # invoice per claim line; one per report; a tenth of them replaced once
    kinds = ("WITH k(n, kind) AS (VALUES (0, 'identity'), (1, 'residence'), (2, 'diagnosis'),"
             " (3, 'agreement'))")  # fmt: skip
    columns = ("INSERT INTO document (target, target_id, county_id, kind, title, version,"
               " created_by_id, created_at, updated_at)")  # fmt: skip
    out += [
        f"""{kinds}
            {columns}
            SELECT 'rehab', a.id, a.county_id, k.kind, k.kind || '.pdf',
                CASE WHEN (a.id * 4 + k.n) % 10 = 0 THEN 2 ELSE 1 END, u.id, a.created_at,
                a.created_at
            FROM rehab_application a CROSS JOIN k
            JOIN "user" u ON u.place_id = a.county_id AND u.role = 'intake_clerk'
            WHERE k.n < 3 OR a.state IN ({in_care})
            ORDER BY a.id, k.n""",
        f"""{columns}
            SELECT 'claim_line', l.id, c.county_id, 'invoice', '发票.pdf',
                CASE WHEN l.id % 10 = 0 THEN 2 ELSE 1 END, {staff.format("c.institution_id")},
                c.created_at, c.created_at
            FROM claim_line l JOIN claim c ON c.id = l.claim_id
            ORDER BY l.id""",
        f"""{columns}
            SELECT 'report', r.id, r.county_id, 'other', '情况说明.pdf',
                CASE WHEN r.id % 10 = 0 THEN 2 ELSE 1 END, r.reported_by_id, r.created_at,
                r.created_at
            FROM report_case r
            ORDER BY r.id""",
        f"""INSERT INTO document_version (document_id, number, storage_name, sha256, size,
                content_type, original_name, uploaded_by_id, uploaded_at)
            SELECT o.id, v.i + 1, 'bench-' || {d.text("o.id")} || '-' || {d.text("v.i + 1")},
                '', 100000 + o.id % 50000, 'application/pdf', o.title, o.created_by_id,
                {d.plus("o.created_at", "v.i * 3")}
            FROM document o CROSS JOIN (SELECT i FROM {d.seq(2)}) AS v
            WHERE v.i < o.version""",
    ]
    return out


def applied_days(counties: int, i: str) -> str:
    """Days from 2024-01-15 to the day application `i` (its id less one) was made."""
    return f"365 * (({i} / {counties}) % 3) + ({i} / {counties * 3}) % 300"


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
    "attendance",
    "audit_log",
    "document",
    "document_version",
)


def counts() -> dict[str, int]:
    """Rows per table of the world (the smoke test checks them against the shape)."""
    with db.connection_context():
        return {t: db.execute_sql(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in COUNTED}
