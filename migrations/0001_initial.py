"""Initial schema: places, institutions, users, children, rehab applications, audit log."""
from peewee import *


def up(migrator, db):
    class Place(Model):
        name = CharField()
        level = CharField()
        parent = ForeignKeyField('self', null=True, on_delete='RESTRICT')
        code = CharField(unique=True)
        path = CharField(index=True)
        latitude = DoubleField(null=True)
        longitude = DoubleField(null=True)
        class Meta:
            database = db
            table_name = 'place'
    db.create_tables([Place])

    class Child(Model):
        id_number = CharField(unique=True)
        name = CharField(index=True)
        sex = CharField()
        birth_date = DateField()
        place = ForeignKeyField(Place, on_delete='RESTRICT')
        residence_basis = CharField(null=True)
        disability_types = TextField(default=list)
        difficulty_categories = TextField(default=list)
        address = CharField(default='')
        version = IntegerField(default=1)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'child'
    db.create_tables([Child])

    class Institution(Model):
        name = CharField()
        county = ForeignKeyField(Place, on_delete='RESTRICT')
        address = CharField(default='')
        out_of_county = BooleanField(default=False)
        latitude = DoubleField(null=True)
        longitude = DoubleField(null=True)
        aid_items = TextField(default=list)
        capacity = IntegerField(default=0)
        active = BooleanField(default=True)
        class Meta:
            database = db
            table_name = 'institution'
    db.create_tables([Institution])

    class User(Model):
        username = CharField(unique=True)
        name = CharField()
        role = CharField()
        place = ForeignKeyField(Place, null=True, on_delete='RESTRICT')
        institution = ForeignKeyField(Institution, null=True, on_delete='RESTRICT')
        email = CharField(default='')
        password_hash = CharField(default='')
        active = BooleanField(default=True)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'user'
    db.create_tables([User])

    class RehabApplication(Model):
        child = ForeignKeyField(Child, on_delete='RESTRICT')
        county = ForeignKeyField(Place, on_delete='RESTRICT')
        place = ForeignKeyField(Place, on_delete='RESTRICT')
        state = CharField()
        version = IntegerField(default=1)
        due_at = DateTimeField(null=True)
        state_entered_at = DateTimeField()
        applied_on = DateField()
        aid_year = IntegerField()
        applicant_name = CharField()
        applicant_relation = CharField()
        submitted_by = ForeignKeyField(User, on_delete='RESTRICT')
        submitted_by_institution = ForeignKeyField(Institution, null=True, on_delete='RESTRICT')
        preferred_institution = ForeignKeyField(Institution, null=True, on_delete='RESTRICT')
        institution = ForeignKeyField(Institution, null=True, on_delete='RESTRICT')
        diagnosis = TextField(default='')
        eligibility = TextField(default=dict)
        override_reason = TextField(default='')
        completed_on = DateField(null=True)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'rehab_application'
            indexes = ((('state', 'due_at'), False), (('county', 'state'), False), (('institution', 'state'), False), (('child', 'aid_year'), False))
    db.create_tables([RehabApplication])

    class Agreement(Model):
        application = ForeignKeyField(RehabApplication, unique=True)
        institution = ForeignKeyField(Institution, on_delete='RESTRICT')
        signed_on = DateField()
        guardian_name = CharField()
        terms = TextField(default='')
        class Meta:
            database = db
            table_name = 'agreement'
    db.create_tables([Agreement])

    class ApiToken(Model):
        user = ForeignKeyField(User, on_delete='CASCADE')
        token_hash = CharField(unique=True)
        label = CharField(default='')
        created_at = DateTimeField()
        expires_at = DateTimeField()
        revoked_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'api_token'
    db.create_tables([ApiToken])

    class ApplicationItem(Model):
        application = ForeignKeyField(RehabApplication, on_delete='CASCADE')
        aid_item = CharField()
        free_device = BooleanField(default=False)
        class Meta:
            database = db
            table_name = 'application_item'
            indexes = ((('application', 'aid_item'), True),)
    db.create_tables([ApplicationItem])

    class Attendance(Model):
        application = ForeignKeyField(RehabApplication, on_delete='CASCADE')
        month = DateField()
        days_attended = IntegerField()
        sessions = IntegerField(default=0)
        note = CharField(default='')
        recorded_by = ForeignKeyField(User, on_delete='RESTRICT')
        recorded_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'attendance'
            indexes = ((('application', 'month'), True),)
    db.create_tables([Attendance])

    class AuditEntry(Model):
        entity = CharField()
        entity_id = IntegerField()
        action = CharField()
        from_state = CharField(null=True)
        to_state = CharField(null=True)
        version = IntegerField()
        actor = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        actor_role = CharField()
        at = DateTimeField()
        reason = TextField(default='')
        changes = TextField(default=dict)
        class Meta:
            database = db
            table_name = 'audit_log'
            indexes = ((('entity', 'entity_id', 'id'), False),)
    db.create_tables([AuditEntry])

    class ChecklistItem(Model):
        application = ForeignKeyField(RehabApplication, on_delete='CASCADE')
        kind = CharField()
        received = BooleanField(default=False)
        note = CharField(default='')
        class Meta:
            database = db
            table_name = 'checklist_item'
            indexes = ((('application', 'kind'), True),)
    db.create_tables([ChecklistItem])

    class DropoutReport(Model):
        application = ForeignKeyField(RehabApplication, unique=True)
        dropped_on = DateField()
        last_month = DateField()
        reason = TextField()
        reported_by = ForeignKeyField(User, on_delete='RESTRICT')
        reported_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'dropout_report'
    db.create_tables([DropoutReport])

    class Guardian(Model):
        child = ForeignKeyField(Child, on_delete='CASCADE')
        name = CharField()
        relation = CharField()
        phone = CharField(default='')
        class Meta:
            database = db
            table_name = 'guardian'
    db.create_tables([Guardian])

    class Referral(Model):
        application = ForeignKeyField(RehabApplication, on_delete='CASCADE')
        institution = ForeignKeyField(Institution, on_delete='RESTRICT')
        basis = CharField()
        distance_km = DoubleField(null=True)
        referred_at = DateTimeField()
        answer = CharField(null=True)
        answered_at = DateTimeField(null=True)
        decline_reason = TextField(default='')
        class Meta:
            database = db
            table_name = 'referral'
    db.create_tables([Referral])

    class RehabPlan(Model):
        application = ForeignKeyField(RehabApplication, unique=True)
        assessed_on = DateField()
        assessment = TextField()
        goals = TextField()
        starts_on = DateField()
        planned_months = IntegerField()
        class Meta:
            database = db
            table_name = 'rehab_plan'
    db.create_tables([RehabPlan])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('rehab_plan'))
    migrator.migrate(migrator.drop_table('referral'))
    migrator.migrate(migrator.drop_table('guardian'))
    migrator.migrate(migrator.drop_table('dropout_report'))
    migrator.migrate(migrator.drop_table('checklist_item'))
    migrator.migrate(migrator.drop_table('audit_log'))
    migrator.migrate(migrator.drop_table('attendance'))
    migrator.migrate(migrator.drop_table('application_item'))
    migrator.migrate(migrator.drop_table('api_token'))
    migrator.migrate(migrator.drop_table('agreement'))
    migrator.migrate(migrator.drop_table('rehab_application'))
    migrator.migrate(migrator.drop_table('user'))
    migrator.migrate(migrator.drop_table('institution'))
    migrator.migrate(migrator.drop_table('child'))
    migrator.migrate(migrator.drop_table('place'))
