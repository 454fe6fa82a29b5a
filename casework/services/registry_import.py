"""Import of a county's registry spreadsheet into children's files.

Every row is checked before anything is written. With any bad row nothing is written and the
report lists each bad row with its number and reasons; only when the caller asks for it
explicitly (`good_rows_only`) are the good rows written and the bad ones left out. Each file
is opened through children.register_child, so its history starts with the import.

Columns (header row, in any order; see IMPORT_COLUMNS for the accepted spellings):

| column | required | content |
|---|---|---|
| 身份证号 | yes | 18-character resident ID (birth date and sex come from it) |
| 姓名 | yes | the child's name |
| 村/社区 or 村编码 | one of them | the village by name, or by its division code |
| 乡镇/街道 | no | the township, to tell apart villages of the same name |
| 户籍类型 | no | 常住户口, 临时户口 or 居住证 (empty: none in the county) |
| 残疾类型 | no | any of 视力 听力 言语 肢体 智力 孤独症, separated by 、 or , |
| 困境类别 | no | any of 家庭困境 自身困境 监护困境 临时困境 |
| 监护人 / 监护人关系 / 监护人电话 | no | one guardian: name, relation (default 监护人), phone |
| 家庭住址 | no | address |
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from casework.db import write_transaction
from casework.errors import DomainError, FieldError, Invalid, NotPermitted
from casework.models import Child, Place
from casework.rules.identity import parse_resident_id
from casework.services import children, family
from casework.services.registry_sheet import read_sheet
from casework.vocabulary import DifficultyCategory, DisabilityType, PlaceLevel, ResidenceBasis
from casework.workflows.definition import Actor

IMPORT_COLUMNS = {
    "id_number": ("身份证号", "身份证号码", "公民身份号码"),
    "name": ("姓名", "儿童姓名"),
    "village": ("村/社区", "村（社区）", "村(社区)", "村社区", "村"),
    "village_code": ("村编码", "村代码", "村区划代码"),
    "township": ("乡镇/街道", "乡镇（街道）", "乡镇(街道)", "乡镇"),
    "residence_basis": ("户籍类型",),
    "disability_types": ("残疾类型",),
    "categories": ("困境类别", "困境类型"),  # set as a clerk's categories, with a reason
    "guardian_name": ("监护人", "监护人姓名"),
    "guardian_relation": ("监护人关系", "与儿童关系"),
    "guardian_phone": ("监护人电话", "联系电话"),
    "address": ("家庭住址", "住址"),
}
RESIDENCE = {
    "常住户口": ResidenceBasis.PERMANENT_HUKOU,
    "常驻户口": ResidenceBasis.PERMANENT_HUKOU,
    "临时户口": ResidenceBasis.TEMPORARY_HUKOU,
    "居住证": ResidenceBasis.RESIDENCE_PERMIT,
}
DISABILITY = {
    "视力": DisabilityType.VISUAL,
    "听力": DisabilityType.HEARING,
    "言语": DisabilityType.SPEECH,
    "肢体": DisabilityType.LIMB,
    "智力": DisabilityType.INTELLECTUAL,
    "孤独症": DisabilityType.AUTISM,
}
DIFFICULTY = {
    "家庭": DifficultyCategory.FAMILY,
    "自身": DifficultyCategory.SELF,
    "监护": DifficultyCategory.GUARDIANSHIP,
    "临时": DifficultyCategory.TEMPORARY,
}
IMPORT_REASON = "登记表导入：困境类别"  # why an imported category was set
SEPARATORS = re.compile(r"[、,，;；/\s]+")
Progress = Callable[[str, int, int], None]  # phase ("checking", "writing"), done, total


@dataclass
class BadRow:
    row: int
    id_number: str
    reasons: list[str]


@dataclass
class ImportReport:
    encoding: str
    rows: int = 0
    good: int = 0
    bad_rows: list[BadRow] = field(default_factory=list)
    written: int = 0
    child_ids: list[int] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.bad_rows


def import_registry(
    actor: Actor,
    filename: str,
    content: bytes,
    now: dt.datetime,
    *,
    good_rows_only: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Check every row; write all of them, or none, or (asked explicitly) only the good ones."""
    if actor.role not in children.KEEPERS:
        raise NotPermitted(
            f"role {actor.role} does not keep children's files",
            code="role_keeps_no_files",
            params={"role": str(actor.role)},
        )
    if actor.place_path == "":
        raise NotPermitted("importing needs a user bound to a place", code="import_needs_place")
    sheet = read_sheet(filename, content)
    columns = _columns(sheet.header)
    report = ImportReport(sheet.encoding)
    rows = [(number, cells) for number, cells in sheet.rows if any(cells)]
    rows += [(number, []) for number in sheet.unreadable]
    rows.sort()
    good = _check_rows(rows, sheet, columns, PlaceIndex(actor), report, progress)
    report.rows, report.good = len(rows), len(good)
    if dry_run or (report.bad_rows and not good_rows_only):
        return report
    with write_transaction():
        for done, values in enumerate(good, 1):
            claimed = values.pop("categories", [])
            child = children.register_child(actor, values, now)
            if claimed:  # the sheet's difficulty categories: the importer's claims, flagged
                child = family.claim_on_opening(actor, child, claimed, IMPORT_REASON, now)
            report.child_ids.append(child.id)
            if progress:
                progress("writing", done, len(good))
    report.written = len(report.child_ids)
    return report


def _check_rows(rows, sheet, columns, places, report, progress) -> list[dict]:
    """Check every row; the bad ones go into `report`, the good ones' values come back."""
    existing = _existing_ids(
        [_text(cells, columns, "id_number").upper() for _, cells in rows if cells]
    )
    seen: dict[str, int] = {}
    good: list[dict] = []
    for done, (number, cells) in enumerate(rows, 1):
        if number in sheet.unreadable:
            report.bad_rows.append(BadRow(number, "", [sheet.unreadable[number]]))
        else:
            values, reasons = _check_row(cells, columns, places, existing, seen, number)
            if reasons:
                report.bad_rows.append(BadRow(number, _text(cells, columns, "id_number"), reasons))
            else:
                good.append(values)
        if progress:
            progress("checking", done, len(rows))
    return good


def _columns(header: list[str]) -> dict[str, int]:
    """Where each known column is; a missing required column refuses the whole file."""
    found = {}
    for key, names in IMPORT_COLUMNS.items():
        for index, title in enumerate(header):
            if title in names:
                found[key] = index
                break
    missing = [IMPORT_COLUMNS[k][0] for k in ("id_number", "name") if k not in found]
    if "village" not in found and "village_code" not in found:
        missing.append("村/社区 或 村编码")
    if missing:
        raise Invalid(
            f"required column missing: {', '.join(missing)}",
            {
                "file": [
                    FieldError(
                        f"missing column {name}", code="missing_column", params={"column": name}
                    )
                    for name in missing
                ]
            },
            code="missing_columns",
            params={"columns": missing},
            missing_columns=missing,
        )
    return found


def _text(cells: list[str], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _existing_ids(numbers: list[str]) -> dict[str, int]:
    """ID numbers that already have a file, in chunks the databases accept as parameters."""
    found: dict[str, int] = {}
    wanted = sorted({n for n in numbers if n})
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        query = Child.select(Child.id_number, Child.id).where(Child.id_number.in_(chunk))
        found.update(query.tuples())
    return found


def _check_row(cells, columns, places, existing, seen, number) -> tuple[dict, list[str]]:
    reasons: list[str] = []
    values: dict = {"name": _text(cells, columns, "name")}
    id_text = _text(cells, columns, "id_number")
    try:
        values["id_number"] = parse_resident_id(id_text).number
    except Invalid as exc:
        # the number itself is in the report beside the reasons (masked where it must be)
        reasons.append(f"身份证号: {exc.detail}" if id_text else "身份证号 is empty")
    else:
        number_seen = values["id_number"]
        if number_seen in seen:
            reasons.append(f"duplicate ID number: same as row {seen[number_seen]} of this file")
        else:
            seen[number_seen] = number
        if number_seen in existing:
            reasons.append(f"a file for this ID number exists (child {existing[number_seen]})")
    if not values["name"]:
        reasons.append("姓名 is empty")
    try:
        values["place_id"] = places.resolve(
            _text(cells, columns, "village_code"),
            _text(cells, columns, "village"),
            _text(cells, columns, "township"),
        )
    except DomainError as exc:
        reasons.append(exc.detail)
    reasons += _choices(cells, columns, values)
    values["address"] = _text(cells, columns, "address")
    guardian = _text(cells, columns, "guardian_name")
    if guardian:
        relation = _text(cells, columns, "guardian_relation") or "监护人"
        phone = _text(cells, columns, "guardian_phone")
        values["guardians"] = [{"name": guardian, "relation": relation, "phone": phone}]
    return values, reasons


def _choices(cells, columns, values) -> list[str]:
    reasons = []
    residence = _text(cells, columns, "residence_basis")
    if residence and residence not in RESIDENCE:
        reasons.append(f"户籍类型 {residence!r} is not one of {', '.join(RESIDENCE)}")
    values["residence_basis"] = RESIDENCE.get(residence)
    for key, labels, suffix, title in (
        ("disability_types", DISABILITY, "残疾", "残疾类型"),
        ("categories", DIFFICULTY, "困境", "困境类别"),
    ):
        given = [w for w in SEPARATORS.split(_text(cells, columns, key)) if w]
        codes = [labels.get(w.removesuffix(suffix)) for w in given]
        unknown = [w for w, code in zip(given, codes, strict=True) if code is None]
        if unknown:
            reasons.append(f"{title} {'、'.join(unknown)} unknown: use {'、'.join(labels)}")
        values[key] = sorted({c.value for c in codes if c is not None})
    return reasons


class PlaceIndex:
    """The villages the importer may file children in, by code and by name."""

    def __init__(self, actor: Actor):
        county = f"/{actor.county_id}/" if actor.county_id else "-"
        rows = Place.select().where(Place.path.startswith(county))
        self.scope = actor.place_path
        self.names = {p.id: p.name for p in rows if p.level == PlaceLevel.TOWNSHIP}
        self.villages = [p for p in rows if p.level == PlaceLevel.VILLAGE]
        self.by_code = {p.code: p for p in self.villages}

    def resolve(self, code: str, name: str, township: str) -> int:
        if code:
            place = self.by_code.get(code)
            if place is None:
                raise Invalid(
                    f"村编码 {code}: no such village in the county",
                    code="no_village_of_code",
                    params={"village_code": code},
                )
        elif name:
            matches = [
                p
                for p in self.villages
                if p.name == name and (not township or self.names.get(p.parent_id) == township)
            ]
            if not matches:
                where = f" in {township}" if township else ""
                raise Invalid(
                    f"村/社区 {name}: no such village{where} in the county",
                    code="no_village_of_name",
                    params={"village": name, "township": township},
                )
            if len(matches) > 1:
                raise Invalid(
                    f"村/社区 {name}: several villages have this name; add 乡镇/街道",
                    code="village_name_ambiguous",
                    params={"village": name},
                )
            place = matches[0]
        else:
            raise Invalid("村/社区 and 村编码 are both empty", code="village_missing")
        if not place.path.startswith(self.scope):
            raise NotPermitted(
                f"{place.name} is outside your area",
                code="place_outside_scope",
                params={"place": place.name},
            )
        return place.id
