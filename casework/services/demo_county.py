"""The demo's fixed data: two counties of Zhejiang, their designated institutions and users.

Region codes 330127 (淳安县) and 330122 (桐庐县) are real, so the demo's resident ID numbers
look like real ones; township and village codes, village names, coordinates and institution
names are illustrative. Everything here is demo-only: the passwords and tokens are published.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEMO_PASSWORD = "casework-demo"
TOKEN_DAYS = 3650


def demo_token(username: str) -> str:
    """The published bearer token of a demo user (never issued outside the demo loader)."""
    return f"demo-{username}-token"


@dataclass(frozen=True)
class Township:
    name: str
    latitude: float
    longitude: float
    villages: tuple[str, ...]


@dataclass(frozen=True)
class DemoInstitution:
    key: str
    name: str
    address: str
    latitude: float
    longitude: float
    capacity: int
    aid_items: tuple[str, ...]
    out_of_county: bool = False


@dataclass(frozen=True)
class DemoUser:
    username: str
    name: str
    role: str
    # "county", "township:<index>", "village:<township>.<village>", "institution:<key>" or
    # "province" (the demo's province: PROVINCE_CODE)
    at: str = "county"
    department: str = ""  # a department's staff: which (vocabulary.Department)


# One officer of each department in 淳安县, by the department's code.
DEPARTMENT_STAFF = (
    ("civil_affairs", "叶国华"),
    ("education", "洪丽君"),
    ("health", "项建明"),
    ("medical_insurance", "童慧芳"),
    ("human_resources", "邵志刚"),
    ("public_security", "方晓东"),
    ("justice", "王海燕"),
    ("disabled_persons_federation", "汪志明"),
    ("womens_federation", "徐月英"),
    ("youth_league", "程晓宇"),
)


@dataclass(frozen=True)
class DemoCounty:
    code: str
    name: str
    latitude: float
    longitude: float
    townships: tuple[Township, ...]
    institutions: tuple[DemoInstitution, ...]
    users: tuple[DemoUser, ...]
    children: int
    # how many applications end in each state
    applications: dict[str, int] = field(default_factory=dict)


CHUN_AN = DemoCounty(
    code="330127",
    name="淳安县",
    latitude=29.605,
    longitude=119.042,
    townships=(
        Township(
            "千岛湖镇", 29.605, 119.042, ("进贤村", "阳光社区", "梦姑塘村", "金腾村", "鼓山村")
        ),
        Township("文昌镇", 29.547, 118.896, ("文昌村", "王家源村", "光昌村", "下坊村")),
        Township("石林镇", 29.525, 119.145, ("石林村", "港口村", "毛竹源村", "富塘村", "坪山村")),
        Township(
            "威坪镇", 29.747, 118.751, ("威坪村", "叶家村", "唐村", "洞源村", "茶山村", "屏源村")
        ),
        Township("汾口镇", 29.551, 118.569, ("汾口村", "赤川口村", "宋京村", "红星村")),
        Township("临岐镇", 29.781, 118.962, ("临岐村", "审岭村", "仰韶村", "鲁家田村", "夏家村")),
    ),  # fmt: skip
    institutions=(
        DemoInstitution(
            "center",
            "淳安县残疾人康复中心",
            "千岛湖镇新安东路 18 号",
            29.612,
            119.051,
            90,
            (
                "training_limb",
                "training_speech",
                "training_intellectual",
                "training_autism",
                "training_hearing",
                "training_visual",
                "early_intervention",
                "mobility_aid",
            ),
        ),  # fmt: skip
        DemoInstitution(
            "hospital",
            "淳安县第一人民医院康复医学科",
            "千岛湖镇环湖北路 1 号",
            29.598,
            119.030,
            50,
            (
                "training_limb",
                "training_hearing",
                "hearing_aids",
                "prosthesis_orthosis",
                "mobility_aid",
            ),
        ),  # fmt: skip
        DemoInstitution(
            "school",
            "淳安县特殊教育学校",
            "文昌镇文昌路 66 号",
            29.550,
            118.900,
            50,
            ("training_intellectual", "training_autism", "training_speech", "training_visual"),
        ),
        DemoInstitution(
            "hangzhou",
            "杭州市儿童康复医院（县外定点）",
            "杭州市上城区康复路 9 号",
            30.274,
            120.155,
            50,
            (
                "cochlear_implant",
                "limb_surgery",
                "hearing_aids",
                "training_hearing",
                "training_autism",
                "prosthesis_orthosis",
            ),
            out_of_county=True,
        ),  # fmt: skip
    ),
    users=(
        DemoUser("admin", "周建华", "admin"),
        DemoUser("intake-clerk", "王丽萍", "intake_clerk"),
        DemoUser("reviewer", "陈志明", "reviewer"),
        DemoUser("settlement-auditor", "刘芳", "settlement_auditor"),
        DemoUser("finance-officer", "徐海燕", "finance_officer"),
        DemoUser("case-worker", "方国强", "case_worker"),
        DemoUser("leader", "汪卫东", "leader"),
        DemoUser("child-supervisor", "余秀英", "child_supervisor", "township:0"),
        DemoUser("teacher", "吴晓红", "teacher", "township:0"),
        DemoUser("child-director", "姜美玲", "child_director", "village:0.0"),
        DemoUser("staff-center", "程静", "institution_staff", "institution:center"),
        DemoUser("staff-hospital", "鲍文斌", "institution_staff", "institution:hospital"),
        DemoUser("staff-school", "邵丽娟", "institution_staff", "institution:school"),
        DemoUser("staff-hangzhou", "孙卫国", "institution_staff", "institution:hangzhou"),
        # the departments the window transfers requests to, at the county; and 千岛湖镇's
        # civil-affairs office, which answers for its township's families
        *(
            DemoUser(f"dept-{d.replace('_', '-')}", name, "department_staff", department=d)
            for d, name in DEPARTMENT_STAFF
        ),
        DemoUser(
            "dept-civil-affairs-qdh",
            "胡晓军",
            "department_staff",
            "township:0",
            department="civil_affairs",
        ),
    ),
    children=300,
    applications={
        "submitted": 24,
        "under_review": 24,
        "returned": 10,
        "resubmitted": 8,
        "rejected": 10,
        "approved": 14,
        "referred": 14,
        "accepted": 12,
        "agreed": 12,
        "in_rehabilitation": 56,
        "dropped_out": 10,
        "completed": 24,
        "settled": 14,
        "closed": 20,
        "withdrawn": 8,
    },
)

TONG_LU = DemoCounty(
    code="330122",
    name="桐庐县",
    latitude=29.797,
    longitude=119.691,
    townships=(
        Township("分水镇", 29.913, 119.438, ("分水村", "儒桥村")),
        Township("富春江镇", 29.733, 119.622, ("芦茨村", "石舍村")),
    ),
    institutions=(
        DemoInstitution(
            "tonglu-center",
            "桐庐县残疾人康复中心",
            "桐君街道迎春南路 5 号",
            29.797,
            119.691,
            30,
            (
                "training_limb",
                "training_speech",
                "training_intellectual",
                "training_autism",
                "training_hearing",
                "hearing_aids",
                "mobility_aid",
            ),
        ),  # fmt: skip
    ),
    users=(
        DemoUser("tonglu-admin", "蒋立新", "admin"),
        DemoUser("tonglu-clerk", "申屠慧", "intake_clerk"),
        DemoUser("tonglu-reviewer", "袁建平", "reviewer"),
        # the county's children have visits due: somebody must answer for them
        DemoUser("tonglu-case-worker", "钟国平", "case_worker"),
        DemoUser("tonglu-staff", "俞小燕", "institution_staff", "institution:tonglu-center"),
    ),
    children=20,
    applications={"submitted": 3, "under_review": 3, "approved": 2, "in_rehabilitation": 4},
)

COUNTIES = (CHUN_AN, TONG_LU)
# the province holding both counties, and its officer, who reads their figures only
PROVINCE_CODE, PROVINCE_NAME = "330000", "浙江省"
PROVINCE_OFFICER = DemoUser("province-officer", "沈建华", "province_officer", "province")

SURNAMES = "王李张刘陈杨黄赵吴周徐孙朱胡郭何方汪余程姜邵洪鲍叶潘宋江童章"
GIVEN = "子浩宇轩涵欣怡梓萱一诺雨辰思远佳琪俊杰若曦嘉豪语桐明轩可馨浩然欣妍晨阳"
FATHER_GIVEN = ("建国", "志强", "海军", "卫东", "国平", "永明", "小军", "建新", "伟", "勇")
MOTHER_GIVEN = ("丽华", "秀英", "美玲", "小红", "慧", "燕", "春梅", "晓敏", "彩霞", "金凤")

REJECT_REASONS = {
    "residence": "户籍及居住证明均不在本县，不符合救助条件",
    "age": "申请时年龄已超过该救助项目的上限",
}
RETURN_REASON = "缺少医院出具的诊断证明，请补齐后重新提交"
DECLINE_REASONS = ("本月康复师名额已满", "暂无对应年龄段的训练班")
WITHDRAW_REASONS = ("监护人申请撤回：家庭已迁往外省", "监护人申请撤回：已在省外医院自费康复")
DROPOUT_REASONS = ("家庭搬迁至外省，停止训练", "孩子住院治疗，无法继续训练", "监护人不再送训")
OVERRIDE_REASON = "年龄仅超出上限数月，经评估康复效果明显，县残联会议同意特批"
ASSESSMENT = "粗大运动及语言能力落后于同龄儿童，需系统康复训练"
GOALS = "提高生活自理能力与沟通能力，按月评估进展"
DISABILITY_NAMES = {
    "visual": "视力",
    "hearing": "听力",
    "speech": "言语",
    "limb": "肢体",
    "intellectual": "智力",
    "autism": "孤独症",
}
