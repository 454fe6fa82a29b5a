"""Reminders, scan marks, the county deadline policy, e-mail preferences and the job heartbeat.
Generated with pwmigrate from a database at 0002; only the tables of
casework/models/reminders.py."""
from peewee import *

def up(migrator, db):
    class Place(Model):
        class Meta:
            database = db
            table_name = 'place'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class DeadlinePolicy(Model):
        county = ForeignKeyField(Place, on_delete='CASCADE')
        name = CharField()
        amount = IntegerField()
        unit = CharField()
        updated_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'deadline_policy'
            indexes = ((('county', 'name'), True),)
    db.create_tables([DeadlinePolicy])

    class EmailPreference(Model):
        user = ForeignKeyField(User, unique=True, on_delete='CASCADE')
        digest = BooleanField(default=False)
        last_digest_on = DateField(null=True)
        class Meta:
            database = db
            table_name = 'email_preference'
    db.create_tables([EmailPreference])

    class JobHeartbeat(Model):
        job = CharField(unique=True)
        started_at = DateTimeField()
        finished_at = DateTimeField(null=True)
        ok = BooleanField(default=True)
        summary = TextField(default='')
        seconds = FloatField(default=0.0)
        host = CharField(default='')
        class Meta:
            database = db
            table_name = 'job_heartbeat'
    db.create_tables([JobHeartbeat])

    class Reminder(Model):
        rule = CharField()
        entity = CharField()
        entity_id = IntegerField()
        instance = CharField()
        county = ForeignKeyField(Place, null=True, on_delete='CASCADE')
        subject_state = CharField(null=True)
        due_at = DateTimeField()
        severity = CharField()
        assignee = ForeignKeyField(User, null=True, on_delete='SET NULL')
        state = CharField(default='open')
        created_at = DateTimeField()
        resolved_at = DateTimeField(null=True)
        read_at = DateTimeField(null=True)
        snoozed_until = DateTimeField(null=True)
        snooze_reason = TextField(default='')
        escalated_at = DateTimeField(null=True)
        escalated_to = ForeignKeyField(User, null=True, on_delete='SET NULL')
        emailed_at = DateTimeField(null=True)
        escalation_emailed_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'reminder'
            indexes = ((('rule', 'entity', 'entity_id', 'instance'), True), (('state', 'rule'), False), (('assignee', 'state'), False), (('escalated_to', 'state'), False))
    db.create_tables([Reminder])

    class ScanMark(Model):
        rule = CharField(unique=True)
        scanned_until = DateTimeField()
        class Meta:
            database = db
            table_name = 'scan_mark'
    db.create_tables([ScanMark])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('scan_mark'))
    migrator.migrate(migrator.drop_table('reminder'))
    migrator.migrate(migrator.drop_table('job_heartbeat'))
    migrator.migrate(migrator.drop_table('email_preference'))
    migrator.migrate(migrator.drop_table('deadline_policy'))
