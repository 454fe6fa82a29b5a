"""One window, many departments: a department's staff sign in with their department
(user.department); a request transferred may come from a visit's needs or a rehab-aid
application (transfer.visit, transfer.rehab_application), and go to several departments at once, each
its own sub-case (transfer.parent); the benefits a child gets, with department, amount and dates, on the
child's file (child_benefit). The benefits report cases linked (benefit_link) move there, each
with the department that grants it, and that table goes."""

from peewee import *

# the department granting each benefit a report case could link (vocabulary.BENEFIT_DEPARTMENT)
LINKED = {
    "orphan_allowance": "civil_affairs",
    "subsistence_allowance": "civil_affairs",
    "medical_aid": "medical_insurance",
    "education_aid": "education",
}


def up(migrator, db):
    class Child(Model):
        class Meta:
            database = db
            table_name = 'child'

    class Place(Model):
        class Meta:
            database = db
            table_name = 'place'

    class ReportCase(Model):
        class Meta:
            database = db
            table_name = 'report_case'

    class Transfer(Model):
        class Meta:
            database = db
            table_name = 'transfer'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class ChildBenefit(Model):
        county = ForeignKeyField(Place, on_delete='RESTRICT')
        child = ForeignKeyField(Child, on_delete='RESTRICT')
        benefit = CharField()
        department = CharField()
        status = CharField()
        amount = IntegerField(null=True)
        period = CharField(null=True)
        starts_on = DateField(null=True)
        ends_on = DateField(null=True)
        note = TextField(default='')
        report_case = ForeignKeyField(ReportCase, null=True, on_delete='RESTRICT')
        transfer = ForeignKeyField(Transfer, null=True, on_delete='RESTRICT')
        recorded_by = ForeignKeyField(User, on_delete='RESTRICT')
        recorded_at = DateTimeField()
        updated_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'child_benefit'
            indexes = ((('child', 'benefit'), False), (('county', 'benefit', 'status'), False), (('report_case', 'benefit'), False))

    class Visit(Model):
        class Meta:
            database = db
            table_name = 'visit'

    class RehabApplication(Model):
        class Meta:
            database = db
            table_name = 'rehab_application'

    migrator.migrate(
        migrator.add_column("user", "department", CharField(null=True)),
        migrator.add_column("transfer", "visit_id", ForeignKeyField(
            Visit, null=True, field=Visit.id, on_delete='RESTRICT')),
        migrator.add_column("transfer", "rehab_application_id", ForeignKeyField(
            RehabApplication, null=True, field=RehabApplication.id, on_delete='RESTRICT')),
        migrator.add_column("transfer", "parent_id", ForeignKeyField(
            Transfer, null=True, field=Transfer.id, on_delete='RESTRICT')),
    )
    db.create_tables([ChildBenefit])
    department = " ".join(f"WHEN '{b}' THEN '{d}'" for b, d in LINKED.items())
    db.execute_sql(
        "INSERT INTO child_benefit (county_id, child_id, benefit, department, status, note,"
        " report_case_id, recorded_by_id, recorded_at, updated_at)"
        f" SELECT r.county_id, r.child_id, l.benefit, CASE l.benefit {department}"
        " ELSE 'civil_affairs' END, l.status, l.note, l.case_id, l.linked_by_id, l.linked_at,"
        " l.linked_at FROM benefit_link l JOIN report_case r ON r.id = l.case_id"
        " WHERE r.child_id IS NOT NULL ORDER BY l.id"
    )
    migrator.migrate(migrator.drop_table("benefit_link"))


def down(migrator, db):
    class ReportCase(Model):
        class Meta:
            database = db
            table_name = 'report_case'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class BenefitLink(Model):
        case = ForeignKeyField(ReportCase, on_delete='CASCADE')
        benefit = CharField()
        status = CharField()
        note = TextField(default='')
        linked_by = ForeignKeyField(User, on_delete='RESTRICT')
        linked_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'benefit_link'
            indexes = ((('case', 'benefit'), True),)

    db.create_tables([BenefitLink])
    # the latest record of each report case's benefit, as the case linked it
    db.execute_sql(
        "INSERT INTO benefit_link (case_id, benefit, status, note, linked_by_id, linked_at)"
        " SELECT report_case_id, benefit, status, note, recorded_by_id, recorded_at"
        " FROM child_benefit b WHERE report_case_id IS NOT NULL AND status != 'ended'"
        " AND id = (SELECT MAX(id) FROM child_benefit o WHERE o.report_case_id ="
        " b.report_case_id AND o.benefit = b.benefit)"
    )
    migrator.migrate(migrator.drop_table("child_benefit"))
    migrator.migrate(
        migrator.drop_index("transfer", "transfer_visit_id"),
        migrator.drop_index("transfer", "transfer_rehab_application_id"),
        migrator.drop_index("transfer", "transfer_parent_id"),
        migrator.drop_column("user", "department"),
        migrator.drop_column("transfer", "visit_id"),
        migrator.drop_column("transfer", "rehab_application_id"),
        migrator.drop_column("transfer", "parent_id"),
    )
