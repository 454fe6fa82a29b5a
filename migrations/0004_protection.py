# Generated from a schema diff on 2026-11-28 14:47.
from peewee import *

def up(migrator, db):
    class Child(Model):
        class Meta:
            database = db
            table_name = 'child'

    class Place(Model):
        class Meta:
            database = db
            table_name = 'place'

    class RehabApplication(Model):
        class Meta:
            database = db
            table_name = 'rehab_application'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class ReportCase(Model):
        state = CharField()
        version = IntegerField(default=1)
        due_at = DateTimeField(null=True)
        state_entered_at = DateTimeField()
        county = ForeignKeyField(Place, on_delete='RESTRICT')
        place = ForeignKeyField(Place, on_delete='RESTRICT')
        child = ForeignKeyField(Child, null=True, on_delete='RESTRICT')
        child_description = TextField(default='')
        reporter_name = CharField()
        reporter_organisation = CharField(default='')
        reporter_phone = CharField(default='')
        reported_by = ForeignKeyField(User, on_delete='RESTRICT')
        harm_type = CharField()
        urgent = BooleanField(default=False)
        facts = TextField()
        screen_out_ground = CharField(null=True)
        duplicate_of = ForeignKeyField('self', null=True, on_delete='RESTRICT')
        police_involved = BooleanField(null=True)
        police_note = TextField(default='')
        placement = CharField(null=True)
        placement_where = CharField(default='')
        assessment = TextField(default='')
        risk_level = CharField(null=True)
        assistance_plan = TextField(default='')
        rehab_application = ForeignKeyField(RehabApplication, null=True, on_delete='RESTRICT')
        outcome = CharField(null=True)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'report_case'
            indexes = ((('state', 'due_at'), False), (('county', 'state'), False), (('place', 'state'), False), (('child', 'state'), False))
    db.create_tables([ReportCase])

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

    class GuardianshipMeasure(Model):
        case = ForeignKeyField(ReportCase, on_delete='CASCADE')
        kind = CharField()
        taken_on = DateField()
        detail = TextField()
        entrusted_to = CharField(default='')
        recorded_by = ForeignKeyField(User, on_delete='RESTRICT')
        recorded_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'guardianship_measure'
    db.create_tables([GuardianshipMeasure])

    class HomeEducation(Model):
        child = ForeignKeyField(Child, on_delete='CASCADE')
        teacher = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        school = CharField(default='')
        started_on = DateField()
        ended_on = DateField(null=True)
        class Meta:
            database = db
            table_name = 'home_education'
            indexes = ((('child', 'ended_on'), False),)
    db.create_tables([HomeEducation])

    class Visit(Model):
        visitor = ForeignKeyField(User, on_delete='RESTRICT')
        visited_on = DateField()
        child = ForeignKeyField(Child, null=True, on_delete='RESTRICT')
        case = ForeignKeyField(ReportCase, null=True, on_delete='RESTRICT')
        place = ForeignKeyField(Place, on_delete='RESTRICT')
        kind = CharField()
        findings = TextField()
        next_steps = TextField(default='')
        class_hours = IntegerField(null=True)
        subject = CharField(default='')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'visit'
            indexes = ((('child', 'kind', 'visited_on'), False), (('case', 'visited_on'), False), (('place', 'visited_on'), False))
    db.create_tables([Visit])

    migrator.migrate(migrator.add_index('child', ('place_id', 'name')))


def down(migrator, db):
    migrator.migrate(migrator.drop_index('child', 'child_place_id_name'))
    migrator.migrate(migrator.drop_table('visit'))
    migrator.migrate(migrator.drop_table('home_education'))
    migrator.migrate(migrator.drop_table('guardianship_measure'))
    migrator.migrate(migrator.drop_table('benefit_link'))
    migrator.migrate(migrator.drop_table('report_case'))
