"""The fixed vocabulary of the domain: roles, disability types, aid items and categories.

Values are stable lowercase codes stored in the database; human labels live in the pages'
translations (web/pages/labels.py), and the Chinese names the spreadsheets use beside the
codes they name (DEPARTMENT_NAMES here, a workflow's STATE_NAMES).
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    INTAKE_CLERK = "intake_clerk"
    REVIEWER = "reviewer"
    SETTLEMENT_AUDITOR = "settlement_auditor"
    FINANCE_OFFICER = "finance_officer"
    INSTITUTION_STAFF = "institution_staff"
    CASE_WORKER = "case_worker"
    CHILD_SUPERVISOR = "child_supervisor"
    CHILD_DIRECTOR = "child_director"
    TEACHER = "teacher"
    # a department's officer (民政, 教育, ...), at the county's or a township's office: sees and
    # answers only the requests transferred to their department (docs/one-window.md)
    DEPARTMENT_STAFF = "department_staff"
    LEADER = "leader"
    ADMIN = "admin"
    # a province's officer (省级工作人员): bound to a province, no place; reads only the
    # figures of the province's counties (services/province.py), no county's case data
    PROVINCE_OFFICER = "province_officer"
    SYSTEM = "system"


# The roles a person may hold: the system acts only for the scheduler and never signs in.
PERSON_ROLES = tuple(r for r in Role if r != Role.SYSTEM)


class PlaceLevel(StrEnum):
    COUNTY = "county"
    TOWNSHIP = "township"
    VILLAGE = "village"


class DisabilityType(StrEnum):
    VISUAL = "visual"
    HEARING = "hearing"
    SPEECH = "speech"
    LIMB = "limb"
    INTELLECTUAL = "intellectual"
    AUTISM = "autism"


class DifficultyCategory(StrEnum):
    FAMILY = "family"
    SELF = "self"
    GUARDIANSHIP = "guardianship"
    TEMPORARY = "temporary"


class ResidenceBasis(StrEnum):
    PERMANENT_HUKOU = "permanent_hukou"
    TEMPORARY_HUKOU = "temporary_hukou"
    RESIDENCE_PERMIT = "residence_permit"


class AidKind(StrEnum):
    SURGERY = "surgery"
    TRAINING = "training"
    EARLY_INTERVENTION = "early_intervention"
    DEVICE = "device"


class AidItem(StrEnum):
    COCHLEAR_IMPLANT = "cochlear_implant"
    LIMB_SURGERY = "limb_surgery"
    TRAINING_VISUAL = "training_visual"
    TRAINING_HEARING = "training_hearing"
    TRAINING_SPEECH = "training_speech"
    TRAINING_LIMB = "training_limb"
    TRAINING_INTELLECTUAL = "training_intellectual"
    TRAINING_AUTISM = "training_autism"
    EARLY_INTERVENTION = "early_intervention"
    HEARING_AIDS = "hearing_aids"
    PROSTHESIS_ORTHOSIS = "prosthesis_orthosis"
    MOBILITY_AID = "mobility_aid"

    @property
    def kind(self) -> AidKind:
        return AID_ITEM_KIND[self]

    @property
    def disability(self) -> DisabilityType | None:
        """The disability type the item serves; None where any type qualifies."""
        return AID_ITEM_DISABILITY[self]


AID_ITEM_KIND = {
    AidItem.COCHLEAR_IMPLANT: AidKind.SURGERY,
    AidItem.LIMB_SURGERY: AidKind.SURGERY,
    AidItem.TRAINING_VISUAL: AidKind.TRAINING,
    AidItem.TRAINING_HEARING: AidKind.TRAINING,
    AidItem.TRAINING_SPEECH: AidKind.TRAINING,
    AidItem.TRAINING_LIMB: AidKind.TRAINING,
    AidItem.TRAINING_INTELLECTUAL: AidKind.TRAINING,
    AidItem.TRAINING_AUTISM: AidKind.TRAINING,
    AidItem.EARLY_INTERVENTION: AidKind.EARLY_INTERVENTION,
    AidItem.HEARING_AIDS: AidKind.DEVICE,
    AidItem.PROSTHESIS_ORTHOSIS: AidKind.DEVICE,
    AidItem.MOBILITY_AID: AidKind.DEVICE,
}

AID_ITEM_DISABILITY = {
    AidItem.COCHLEAR_IMPLANT: DisabilityType.HEARING,
    AidItem.LIMB_SURGERY: DisabilityType.LIMB,
    AidItem.TRAINING_VISUAL: DisabilityType.VISUAL,
    AidItem.TRAINING_HEARING: DisabilityType.HEARING,
    AidItem.TRAINING_SPEECH: DisabilityType.SPEECH,
    AidItem.TRAINING_LIMB: DisabilityType.LIMB,
    AidItem.TRAINING_INTELLECTUAL: DisabilityType.INTELLECTUAL,
    AidItem.TRAINING_AUTISM: DisabilityType.AUTISM,
    AidItem.EARLY_INTERVENTION: None,
    AidItem.HEARING_AIDS: DisabilityType.HEARING,
    AidItem.PROSTHESIS_ORTHOSIS: DisabilityType.LIMB,
    AidItem.MOBILITY_AID: DisabilityType.LIMB,
}


class DocumentKind(StrEnum):
    """Papers on the application checklist (docs/domain.md, "Workflow 1")."""

    IDENTITY = "identity"  # hukou booklet or ID card
    RESIDENCE = "residence"  # hukou or residence permit proving residence in the county
    DIAGNOSIS = "diagnosis"  # diagnosis / assessment certificate
    AGREEMENT = "agreement"  # signed rehab agreement (added by the institution)


REQUIRED_AT_REVIEW = (DocumentKind.IDENTITY, DocumentKind.RESIDENCE, DocumentKind.DIAGNOSIS)


class LineStatus(StrEnum):
    """Where the federation's audit left one claim line."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class RejectionCode(StrEnum):
    """Why the federation rejects a claim line; the reason text says the particulars."""

    NO_ATTENDANCE = "no_attendance"  # months billed without attendance on file
    RECEIPTS_MISSING = "receipts_missing"  # invoices or receipts missing or unreadable
    INSURANCE_NOT_DEDUCTED = "insurance_not_deducted"  # an insurance payment is missing
    COST_NOT_SUPPORTED = "cost_not_supported"  # the cost does not match the service
    OUTSIDE_AGREEMENT = "outside_agreement"  # not in the signed agreement or plan
    NOT_ELIGIBLE = "not_eligible"  # the child or item is not eligible
    OTHER = "other"


class HarmType(StrEnum):
    """What a mandatory report (强制报告) is about (docs/domain.md, "Workflow 2")."""

    ABUSE = "abuse"  # 虐待
    ABANDONMENT = "abandonment"  # 遗弃
    ACCIDENTAL_INJURY = "accidental_injury"  # 意外伤害
    UNLAWFUL_HARM = "unlawful_harm"  # 不法侵害
    GUARDIANSHIP_ABSENT = "guardianship_absent"  # 监护缺失
    STREET_CHILD = "street_child"  # 流浪


class ScreenOutGround(StrEnum):
    UNFOUNDED = "unfounded"
    DUPLICATE = "duplicate"


class Placement(StrEnum):
    """Where a child stays during an emergency response."""

    NONE = "none"  # stays where they are
    CHILD_WELFARE_INSTITUTION = "child_welfare_institution"  # 儿童福利机构
    RESCUE_PROTECTION_INSTITUTION = "rescue_protection_institution"  # 未成年人救助保护机构
    RELATIVES = "relatives"  # 亲属临时照料


class RiskLevel(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Benefit(StrEnum):
    """The benefits every county offers; a county adds its own to its benefit list (a county
    policy, rules/county_policy.py)."""

    SUBSISTENCE_ALLOWANCE = "subsistence_allowance"  # 最低生活保障 (低保)
    EXTREME_POVERTY_SUPPORT = "extreme_poverty_support"  # 特困人员救助供养
    ORPHAN_ALLOWANCE = "orphan_allowance"  # 孤儿基本生活保障
    UNSUPPORTED_CHILD_ALLOWANCE = "unsupported_child_allowance"  # 事实无人抚养儿童基本生活补贴
    TEMPORARY_ASSISTANCE = "temporary_assistance"  # 临时救助
    DISABILITY_LIVING_SUBSIDY = "disability_living_subsidy"  # 困难残疾人生活补贴
    DISABILITY_CARE_SUBSIDY = "disability_care_subsidy"  # 重度残疾人护理补贴
    MEDICAL_AID = "medical_aid"  # 医疗救助
    INSURANCE_PREMIUM_SUPPORT = "insurance_premium_support"  # 城乡居民医保参保资助
    EDUCATION_AID = "education_aid"  # 教育资助 (助学金)
    TWO_EXEMPTIONS_ONE_SUBSIDY = "two_exemptions_one_subsidy"  # 两免一补


# The department that grants each benefit, unless a record says otherwise.
BENEFIT_DEPARTMENT = {
    Benefit.SUBSISTENCE_ALLOWANCE: "civil_affairs",
    Benefit.EXTREME_POVERTY_SUPPORT: "civil_affairs",
    Benefit.ORPHAN_ALLOWANCE: "civil_affairs",
    Benefit.UNSUPPORTED_CHILD_ALLOWANCE: "civil_affairs",
    Benefit.TEMPORARY_ASSISTANCE: "civil_affairs",
    Benefit.DISABILITY_LIVING_SUBSIDY: "disabled_persons_federation",
    Benefit.DISABILITY_CARE_SUBSIDY: "disabled_persons_federation",
    Benefit.MEDICAL_AID: "medical_insurance",
    Benefit.INSURANCE_PREMIUM_SUPPORT: "medical_insurance",
    Benefit.EDUCATION_AID: "education",
    Benefit.TWO_EXEMPTIONS_ONE_SUBSIDY: "education",
}


class BenefitStatus(StrEnum):
    APPLIED = "applied"
    GRANTED = "granted"
    REFUSED = "refused"
    ENDED = "ended"  # granted, and no longer paid


class BenefitPeriod(StrEnum):
    """What an amount is counted per."""

    MONTH = "month"
    ONCE = "once"


class GuardianshipMeasureKind(StrEnum):
    WARNING = "warning"  # 训诫/警告
    ENTRUSTED_TEMPORARY_GUARDIANSHIP = "entrusted_temporary_guardianship"  # 委托临时监护
    COURT_PETITION = "court_petition"  # 申请撤销监护资格


class CaseOutcome(StrEnum):
    """Why a report case could be closed."""

    SAFE_WITH_FAMILY = "safe_with_family"
    PLACED_WITH_RELATIVES = "placed_with_relatives"
    GUARDIAN_CHANGED = "guardian_changed"
    INSTITUTIONAL_CARE = "institutional_care"
    MOVED_AWAY = "moved_away"
    CAME_OF_AGE = "came_of_age"
    DECEASED = "deceased"


class VisitKind(StrEnum):
    REGULAR = "regular"  # 定期走访 of a registered child
    MONITORING = "monitoring"  # follow-up of a report case in monitoring
    HOME_EDUCATION = "home_education"  # 送教上门


class Schooling(StrEnum):
    """What a visit found of a child's schooling."""

    NOT_SCHOOL_AGE = "not_school_age"  # 未到学龄 (or past it)
    ATTENDING = "attending"  # 在校就读
    ENROLLED_NOT_ATTENDING = "enrolled_not_attending"  # 在籍但未正常到校
    DROPPED_OUT = "dropped_out"  # 辍学


class ParentsContact(StrEnum):
    """How often a visit found the parents in touch with the child."""

    LIVES_WITH_PARENTS = "lives_with_parents"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    RARELY = "rarely"  # less than monthly
    NONE = "none"  # no contact at all


class RiskFlag(StrEnum):
    """A risk a visitor saw; those of rules/visit_risks.REPORTED_AS open a mandatory report."""

    NO_CARER = "no_carer"  # 无人照料
    IMPROPER_CARE = "improper_care"  # 监护不当
    SUSPECTED_ABUSE = "suspected_abuse"  # 疑似遭受虐待或侵害
    ABANDONED = "abandoned"  # 被遗弃
    INJURY = "injury"  # 有伤情
    WANDERING = "wandering"  # 流浪、离家出走
    DROPPED_OUT = "dropped_out"  # 辍学
    UNTREATED_ILLNESS = "untreated_illness"  # 患病未就医
    UNSAFE_HOME = "unsafe_home"  # 居住不安全


class ScreeningResult(StrEnum):
    """What a village screening (排查) found of one child or family."""

    NO_CONCERN = "no_concern"  # 无异常
    FOLLOW_UP = "follow_up"  # 需跟进
    NEW_FILE = "new_file"  # 新建档
    REPORT_FILED = "report_filed"  # 已强制报告
class VisitFlag(StrEnum):
    """Why a visit captured offline needs the township supervisor's eye: the child had, by the
    time the phone sent it, moved to a village outside the visitor's area, or left the register
    (on this register: no longer resident, `Child.residence_basis` empty)."""

    CHILD_MOVED = "child_moved"
    CHILD_LEFT_REGISTER = "child_left_register"


class DocumentTarget(StrEnum):
    """The records papers are kept on."""

    REHAB = "rehab"  # a rehab-aid application
    REPORT = "report"  # a mandatory-report case
    AGREEMENT = "agreement"  # the signed rehab agreement of an application
    CLAIM_LINE = "claim_line"  # one line of an institution's claim (its invoices)
    CHILD = "child"  # a child's file: the papers behind its family situation


class PaperKind(StrEnum):
    """What an uploaded paper is: the checklist's kinds, plus invoices and anything else."""

    IDENTITY = "identity"
    RESIDENCE = "residence"
    DIAGNOSIS = "diagnosis"
    AGREEMENT = "agreement"
    INVOICE = "invoice"
    FAMILY_SITUATION = "family_situation"  # death certificate, judgment, police record ...
    OTHER = "other"


class AccessAction(StrEnum):
    """What the access log records."""

    VIEW_ID = "view_id"  # a whole (unmasked) ID number, phone or address was shown
    DOWNLOAD = "download"  # a document's content was sent
    EXPORT = "export"  # a spreadsheet or CSV left the service
    DENIED = "denied"  # a record or document outside the user's scope was asked for


class Department(StrEnum):
    """The county's departments a request received at the window may be transferred to
    (一门受理、协同办理)."""

    CIVIL_AFFAIRS = "civil_affairs"
    EDUCATION = "education"
    HEALTH = "health"
    MEDICAL_INSURANCE = "medical_insurance"
    HUMAN_RESOURCES = "human_resources"
    PUBLIC_SECURITY = "public_security"
    JUSTICE = "justice"
    DISABLED_PERSONS_FEDERATION = "disabled_persons_federation"
    WOMENS_FEDERATION = "womens_federation"
    YOUTH_LEAGUE = "youth_league"


# The departments' Chinese names, written here only: the ledgers use them, and the pages show
# them in Chinese (web/pages/case_labels.py holds only the English).
DEPARTMENT_NAMES: dict[str, str] = {
    Department.CIVIL_AFFAIRS: "民政",
    Department.EDUCATION: "教育",
    Department.HEALTH: "卫生健康",
    Department.MEDICAL_INSURANCE: "医疗保障",
    Department.HUMAN_RESOURCES: "人力资源和社会保障",
    Department.PUBLIC_SECURITY: "公安",
    Department.JUSTICE: "司法",
    Department.DISABLED_PERSONS_FEDERATION: "残联",
    Department.WOMENS_FEDERATION: "妇联",
    Department.YOUTH_LEAGUE: "共青团",
}


class ParentRole(StrEnum):
    """Whose situation a family fact records."""

    FATHER = "father"
    MOTHER = "mother"
    GUARDIAN = "guardian"  # another legal guardian


class ParentSituation(StrEnum):
    """A parent's situation as it matters to protection and benefits."""

    PRESENT = "present"  # at home and able to care
    DECEASED = "deceased"  # 死亡 (or declared dead)
    MISSING = "missing"  # 失联 (or declared missing)
    IMPRISONED = "imprisoned"  # 服刑在押
    DRUG_REHAB = "drug_rehab"  # 强制隔离戒毒
    SERIOUSLY_ILL = "seriously_ill"  # 重病
    SEVERELY_DISABLED = "severely_disabled"  # 重残
    WORKING_AWAY = "working_away"  # 外出务工 (where, and since when)
    GUARDIANSHIP_REVOKED = "guardianship_revoked"  # 被撤销监护资格
    DEPORTED = "deported"  # 被遣送出境
    UNKNOWN = "unknown"  # not known


class Subsistence(StrEnum):
    """The family's social-assistance status."""

    NONE = "none"
    DIBAO = "dibao"  # 最低生活保障
    TEKUN = "tekun"  # 特困人员供养


class ChildCategory(StrEnum):
    """What a child is counted as: the protection categories and the four difficulty ones
    (the last four are DifficultyCategory's codes)."""

    ORPHAN = "orphan"  # 孤儿
    UNSUPPORTED = "unsupported"  # 事实无人抚养儿童
    LEFT_BEHIND = "left_behind"  # 留守儿童
    FAMILY = "family"  # 家庭困难
    SELF = "self"  # 自身困难
    GUARDIANSHIP = "guardianship"  # 监护缺失或不当
    TEMPORARY = "temporary"  # 其他（县定）


class LeaveReason(StrEnum):
    """Why a child left the register."""

    CAME_OF_AGE = "came_of_age"  # turned 18
    MOVED_OUT = "moved_out"  # moved out of the county
    DIED = "died"
    OUT_OF_DIFFICULTY = "out_of_difficulty"  # no longer in difficulty, on the supervisor's review
