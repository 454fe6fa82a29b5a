"""The demo's mandatory-report cases and visit notes (demo_protection loads them): which state
each case is left in, who reported it, and the words the case worker and visitors wrote."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ASSESS = ("accept", "start_assessment", "record_assessment")
PLAN = (*ASSESS, "link_benefit", "record_assistance_plan", "monitor")


@dataclass(frozen=True)
class MadeChild:
    """A child registered for a story, so that its age and disability fit on any day."""

    name: str
    guardian: str
    disability: str
    age: int  # completed years today (a few months more)
    registered_days_ago: tuple[int, int]


# Made children's ID numbers end in these sequence numbers and up (the planned ones in 1-999
# less these, by story number).
MADE_NUMBERS = 900
REHAB_CHILD = MadeChild("邵子墨", "邵丽娟", "limb", 4, (200, 400))  # limb training: up to 7


@dataclass(frozen=True)
class CaseStory:
    harm: str
    days_ago: int  # when the report was filed
    actions: tuple[str, ...]  # "monitor": follow-up visits until the next action (or now)
    facts: str
    reporter: str = "child_director"  # the demo role that files it
    reporter_name: str = "姜美玲"
    organisation: str = "进贤村村民委员会"
    urgent: bool = False
    in_village: bool = False  # 进贤村, the demo child director's village
    in_township: bool = True  # 千岛湖镇, the supervisor's and teacher's township
    no_child: bool = False  # the child is not (yet) known by name
    identified_later: bool = False  # described at first, the file linked at acceptance
    description: str = ""
    disabled: bool = False  # a disabled child with no rehab application yet
    duplicate: bool = False  # screened out as a duplicate of the case filed just before
    assessment: str = "家庭监护能力不足，孩子基本生活有保障但缺少照料，需持续关注"
    benefit: str = ""
    plan: str = "落实低保，村儿童主任每两周走访一次，学校老师关注在校情况"
    visits: int | None = None  # follow-up visits before closing; None: until lately
    last_visit_days_ago: tuple[int, int] = (2, 6)  # with visits=None (over 14: overdue)
    outcome: str = "safe_with_family"
    # filed from a regular visit that found these (the visit's structured findings)
    from_visit: dict[str, Any] | None = None


SCHOOL_REPORTER: dict[str, Any] = {"reporter": "teacher", "reporter_name": "吴晓红",
                   "organisation": "千岛湖镇中心小学"}  # fmt: skip
CLINIC_REPORTER: dict[str, Any] = {"reporter": "intake_clerk", "reporter_name": "李卫民",
                   "organisation": "千岛湖镇卫生院"}  # fmt: skip
POLICE_REPORTER: dict[str, Any] = {"reporter": "case_worker", "reporter_name": "王警官",
                   "organisation": "千岛湖派出所", "in_township": False}  # fmt: skip

# The findings of the visit the first story's report was filed from.
VISIT_THAT_REPORTED: dict[str, Any] = {
    "carer": "奶奶（住院中）", "care_adequate": False, "schooling": "enrolled_not_attending",
    "health": "感冒未就医", "safety": "夜里独自在家，门锁坏了", "needs": "临时照料人；修门锁",
    "parents_contact": "rarely", "risk_flags": ["no_carer"],
}  # fmt: skip

CASES = (
    CaseStory("guardianship_absent", 0, (), in_village=True, from_visit=VISIT_THAT_REPORTED,
              facts="父母外出务工半年未归，照看孩子的奶奶住院，孩子独自在家"),
    CaseStory("accidental_injury", 4, (), **CLINIC_REPORTER,
              facts="孩子从三楼阳台坠落，左腿骨折，家长称无人看管"),
    CaseStory("street_child", 0, (), urgent=True, no_child=True, **POLICE_REPORTER,
              description="男孩，约10岁，自称姓何，口音像外省",
              facts="连续三晚在县汽车站候车厅过夜"),
    CaseStory("street_child", 0, ("screen_out",), no_child=True, duplicate=True,
              reporter="intake_clerk", reporter_name="汽车站工作人员", organisation="淳安汽车站",
              description="10岁左右男孩", facts="一个小男孩晚上睡在候车厅"),
    CaseStory("abuse", 40, ("screen_out",), **SCHOOL_REPORTER,
              facts="邻居听到孩子夜里哭喊，怀疑被打"),
    CaseStory("guardianship_absent", 2, ("accept",),
              facts="父亲服刑，母亲离家，孩子由同村远亲临时照看"),
    CaseStory("abuse", 3, ("accept",), urgent=True, in_village=True, **SCHOOL_REPORTER,
              facts="孩子手臂和背部有多处淤青，称是继父所打"),
    CaseStory("abandonment", 2, ("accept", "respond"), urgent=True, **CLINIC_REPORTER,
              facts="一名约两岁的女孩被留在卫生院门口，身边有纸条"),
    CaseStory("unlawful_harm", 21, ("accept", "respond"), urgent=True, **POLICE_REPORTER,
              facts="孩子被成年人胁迫在夜市乞讨"),
    CaseStory("guardianship_absent", 4, ("accept", "start_assessment"), identified_later=True,
              description="进贤村口小卖部旁的男孩，常一个人在外", in_village=True,
              facts="孩子经常深夜一个人在村口游荡，家中无大人"),
    CaseStory("accidental_injury", 25, ("accept", "start_assessment"), **SCHOOL_REPORTER,
              facts="孩子在家中被开水烫伤，未及时就医"),
    CaseStory("guardianship_absent", 12, (*ASSESS, "link_benefit"), benefit="subsistence_allowance",
              facts="母亲病逝，父亲重病卧床，孩子辍学在家照顾父亲"),
    CaseStory("guardianship_absent", 40, (*ASSESS, "link_benefit", "open_rehab_application"),
              disabled=True, benefit="medical_aid", in_township=False, **SCHOOL_REPORTER,
              facts="残疾儿童长期独自在家，未接受任何康复训练"),
    CaseStory("abuse", 60, ("accept", "respond", "start_assessment", "record_assessment",
                            "intervene"), urgent=True, **SCHOOL_REPORTER,
              assessment="监护人多次殴打孩子，存在严重安全风险",
              facts="孩子再次带伤上学，称父亲酒后用皮带抽打"),  # fmt: skip
    CaseStory("guardianship_absent", 45, PLAN, in_village=True, benefit="education_aid",
              last_visit_days_ago=(8, 12),  # the next one is due within the week
              facts="父母离异后均不管孩子，孩子跟随年迈的爷爷生活"),
    CaseStory("abandonment", 100, PLAN, last_visit_days_ago=(20, 30), benefit="orphan_allowance",
              in_village=True,
              facts="父亲去世，母亲改嫁后不再联系孩子"),
    CaseStory("accidental_injury", 30, PLAN, in_township=False,
              **CLINIC_REPORTER, facts="孩子误服农药送医，家中农药随意放置"),
    CaseStory("guardianship_absent", 160, (*PLAN, "close"), in_village=True, visits=3,
              outcome="placed_with_relatives", facts="父母均在外地务工，孩子独自生活"),
    CaseStory("accidental_injury", 220, (*PLAN, "close"), visits=2, **CLINIC_REPORTER,
              facts="孩子溺水被救起，家长疏于看护"),
    CaseStory("abuse", 80, (*PLAN, "close", "reopen"), visits=2, **SCHOOL_REPORTER,
              facts="孩子脸上有掌印，称母亲经常打骂"),
)  # fmt: skip

EMERGENCY = {
    "abuse": {"police_involved": True, "police_note": "派出所已出警并训诫监护人",
              "placement": "relatives", "placement_where": "外婆家（同村）"},
    "abandonment": {"police_involved": True, "police_note": "派出所已立案查找父母",
                    "placement": "child_welfare_institution",
                    "placement_where": "淳安县儿童福利院"},
    "unlawful_harm": {"police_involved": True, "police_note": "公安机关已立案侦查",
                      "placement": "rescue_protection_institution",
                      "placement_where": "淳安县未成年人救助保护中心"},
}  # fmt: skip
MEASURE = {
    "kind": "entrusted_temporary_guardianship",
    "detail": "经村委会协调，委托孩子舅舅临时监护，父亲接受训诫",
    "entrusted_to": "程建新（舅舅）",
}
BENEFIT_NOTE = "已向乡镇民政办提交申请材料"
REHAB_DIAGNOSIS = "县人民医院诊断：残疾，建议系统康复训练"
UNFOUNDED_REASON = "核实：孩子因生病打针哭闹，无受伤，家庭照料正常"
DUPLICATE_REASON = "与同日派出所报告的为同一名儿童"
REOPEN_REASON = "学校再次反映孩子带伤上学，需重新评估"
MONITORING_NOTES = (
    ("孩子情绪稳定，按时上学，家中有人照料", "继续每两周走访"),
    ("生活费已到位，孩子体重有所增加", "关注学习情况"),
    ("监护人配合，但孩子夜间仍常独处", "与学校沟通放学后托管"),
)
REGULAR_NOTES = (
    ("孩子身体健康，监护人照料到位", ""),
    ("家中经济困难，已告知可申请临时救助", "下次走访带申请表"),
    ("孩子在校表现良好，监护人无特殊困难", ""),
    ("孩子康复训练按时进行，进步明显", "提醒监护人按时送训"),
)
# What each of REGULAR_NOTES found, field by field (the same index); schooling by the age.
REGULAR_FOUND: tuple[dict[str, Any], ...] = (
    {"carer": "母亲", "care_adequate": True, "parents_contact": "lives_with_parents"},
    {"carer": "祖父母", "care_adequate": True, "parents_contact": "weekly",
     "needs": "临时救助申请"},
    {"carer": "爷爷", "care_adequate": True, "parents_contact": "monthly"},
    {"carer": "母亲", "care_adequate": True, "parents_contact": "lives_with_parents",
     "health": "肢体康复训练中"},
)  # fmt: skip
REGULAR_OVERDUE_SHARE = 0.3
# Children taught at home: (the child, months since enrolment, was last month short of visits).
HOME_EDUCATION = (
    (MadeChild("程思远", "程玉芬", "intellectual", 9, (300, 500)), 6, False),
    (MadeChild("汪乐乐", "汪春燕", "autism", 7, (200, 400)), 4, True),
    (MadeChild("叶小川", "叶红梅", "limb", 11, (30, 120)), 0, False),
)
SCHOOL = "淳安县特殊教育学校"
HOME_SUBJECTS = (
    ("生活适应", "学会自己穿衣、洗手，注意力能保持十分钟"),
    ("语文", "认读十个常用字，能跟读短句"),
    ("数学", "能数到二十，认识人民币"),
    ("康复训练", "按康复师方案做下肢训练，家长已学会辅助动作"),
    ("绘画与手工", "能用剪刀剪直线，情绪愉快"),
)

# The village screening in progress: (days since it began, days until its last day).
SCREENING_DAYS = (20, 10)
SCREENING_TITLE = "农村留守儿童和困境儿童冬季排查"
SCREENING_RESULTS = ("follow_up", "no_concern", "no_concern")
SCREENING_NOTES = {
    "follow_up": "父母外出务工，爷爷奶奶年迈，需每月跟进",
    "report_filed": "已强制报告，随案件跟进",
}
SCREENING_FAMILY: dict[str, Any] = {
    "household": "李家（5组23号），上月从外县迁入，两个孩子未建档",
    "result": "new_file",
    "note": "已通知乡镇为两个孩子建档",
}
