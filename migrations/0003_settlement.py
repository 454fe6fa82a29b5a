"""Settlement: county cycles, subsidy standards by aid year, claims, claim lines, and billed
units whose unique index makes a case-item-month impossible to bill twice."""
from peewee import *

def up(migrator, db):
    class Child(Model):
        class Meta:
            database = db
            table_name = 'child'

    class Institution(Model):
        class Meta:
            database = db
            table_name = 'institution'

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

    class Claim(Model):
        county = ForeignKeyField(Place, on_delete='RESTRICT')
        institution = ForeignKeyField(Institution, on_delete='RESTRICT')
        cycle = CharField()
        period = CharField()
        period_start = DateField()
        period_end = DateField()
        state = CharField()
        version = IntegerField(default=1)
        due_at = DateTimeField(null=True)
        state_entered_at = DateTimeField()
        created_by = ForeignKeyField(User, on_delete='RESTRICT')
        created_at = DateTimeField()
        updated_at = DateTimeField()
        attestation = TextField(default='')
        attested_by = CharField(default='')
        paid_on = DateField(null=True)
        voucher_number = CharField(null=True)
        paid_fen = BigIntegerField(null=True)
        class Meta:
            database = db
            table_name = 'claim'
            indexes = ((('county', 'period'), False), (('institution', 'state'), False), (('state', 'due_at'), False))
    db.create_tables([Claim])

    class ClaimLine(Model):
        claim = ForeignKeyField(Claim, on_delete='CASCADE')
        application = ForeignKeyField(RehabApplication, on_delete='RESTRICT')
        child = ForeignKeyField(Child, on_delete='RESTRICT')
        aid_item = CharField()
        aid_year = IntegerField()
        months = TextField(default=list)
        month_count = IntegerField(default=0)
        service_on = DateField(null=True)
        free_device = BooleanField(default=False)
        total_fen = BigIntegerField(default=0)
        basic_medical_fen = BigIntegerField(default=0)
        critical_illness_fen = BigIntegerField(default=0)
        supplementary_fen = BigIntegerField(default=0)
        medical_aid_fen = BigIntegerField(default=0)
        standard_fen = BigIntegerField()
        monthly_fen = BigIntegerField(null=True)
        cap_fen = BigIntegerField()
        subsidy_fen = BigIntegerField(default=0)
        status = CharField(default='pending')
        rejection_code = CharField(null=True)
        rejection_reason = TextField(default='')
        decided_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        decided_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'claim_line'
            indexes = ((('claim', 'application', 'aid_item'), True), (('application', 'aid_item', 'aid_year', 'status'), False))
    db.create_tables([ClaimLine])

    class BilledUnit(Model):
        application = ForeignKeyField(RehabApplication, on_delete='RESTRICT')
        aid_item = CharField()
        unit = CharField()
        line = ForeignKeyField(ClaimLine, on_delete='CASCADE')
        class Meta:
            database = db
            table_name = 'billed_unit'
            indexes = ((('application', 'aid_item', 'unit'), True),)
    db.create_tables([BilledUnit])

    class PolicyStandard(Model):
        county = ForeignKeyField(Place, on_delete='RESTRICT')
        aid_year = IntegerField()
        aid_item = CharField()
        amount_fen = BigIntegerField()
        monthly_fen = BigIntegerField(null=True)
        updated_at = DateTimeField()
        updated_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'policy_standard'
            indexes = ((('county', 'aid_year', 'aid_item'), True),)
    db.create_tables([PolicyStandard])

    class SettlementCycle(Model):
        county = ForeignKeyField(Place, unique=True, on_delete='RESTRICT')
        cycle = CharField()
        updated_at = DateTimeField()
        updated_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'settlement_cycle'
    db.create_tables([SettlementCycle])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('settlement_cycle'))
    migrator.migrate(migrator.drop_table('policy_standard'))
    migrator.migrate(migrator.drop_table('billed_unit'))
    migrator.migrate(migrator.drop_table('claim_line'))
    migrator.migrate(migrator.drop_table('claim'))
