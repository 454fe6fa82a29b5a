"""All peewee models; ALL_MODELS is the list the migrations were generated from."""

from casework.models.audit import AuditEntry
from casework.models.base import BaseModel, JSONField
from casework.models.benefits import ChildBenefit
from casework.models.calendar import CalendarDay, CalendarYear
from casework.models.children import Child, Guardian, ParentContact, ParentFact
from casework.models.county_policy import PolicyVersion
from casework.models.documents import AccessEntry, Document, DocumentVersion, SignInFailure
from casework.models.idempotency import IdempotencyKey
from casework.models.places import Institution, Place, Province
from casework.models.protection import (
    GuardianshipMeasure,
    HomeEducation,
    ReportCase,
    Visit,
)
from casework.models.province import CountyFigures
from casework.models.rehab import (
    Agreement,
    ApplicationItem,
    Attendance,
    ChecklistItem,
    DropoutReport,
    Referral,
    RehabApplication,
    RehabPlan,
)
from casework.models.reminders import (
    DeadlinePolicy,
    EmailPreference,
    JobHeartbeat,
    Reminder,
    ReminderSnooze,
    ScanMark,
)
from casework.models.returns import NationalEntry, PeriodRatesSnapshot, ReturnSubmission
from casework.models.screening import Screening, ScreeningEntry, ScreeningVillage
from casework.models.settlement import (
    BilledUnit,
    Claim,
    ClaimLine,
    PolicyStandard,
    SettlementCycle,
)
from casework.models.transfer import Transfer
from casework.models.users import ApiToken, User

ALL_MODELS = [
    Place,
    Institution,
    User,
    ApiToken,
    Child,
    Guardian,
    RehabApplication,
    ApplicationItem,
    ChecklistItem,
    Referral,
    Agreement,
    RehabPlan,
    Attendance,
    DropoutReport,
    AuditEntry,
    SettlementCycle,
    PolicyStandard,
    Claim,
    ClaimLine,
    BilledUnit,
    ReportCase,
    GuardianshipMeasure,
    HomeEducation,
    Visit,
    DeadlinePolicy,
    Reminder,
    ReminderSnooze,
    ScanMark,
    EmailPreference,
    JobHeartbeat,
    Document,
    DocumentVersion,
    AccessEntry,
    SignInFailure,
    CalendarYear,
    CalendarDay,
    Transfer,
    PolicyVersion,
    ChildBenefit,
    ParentFact,
    ParentContact,
    Screening,
    ScreeningVillage,
    ScreeningEntry,
    IdempotencyKey,
    ReturnSubmission,
    NationalEntry,
    Province,
    CountyFigures,
    PeriodRatesSnapshot,
]

__all__ = [m.__name__ for m in ALL_MODELS] + ["ALL_MODELS", "BaseModel", "JSONField"]
