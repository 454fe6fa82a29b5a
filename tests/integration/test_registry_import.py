"""Importing a county's registry spreadsheet: every row checked first, all or nothing, or
explicitly only the good rows; .xlsx and .csv, UTF-8 (with or without BOM) and GB18030."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from casework.errors import Invalid
from casework.models import AuditEntry, Child, Guardian
from casework.rules.identity import compose_resident_id
from casework.services.registry_import import import_registry

HEADER = ["身份证号", "姓名", "乡镇/街道", "村/社区", "户籍类型", "残疾类型", "困境类别",
          "监护人", "监护人关系", "监护人电话"]  # fmt: skip


def number(n: int) -> str:
    return compose_resident_id("330127", dt.date(2015, 6, 1), 500 + n)


def wrong_check_digit(n: int) -> str:
    good = number(n)
    return good[:-1] + ("0" if good[-1] != "0" else "1")


def good_rows(world, count: int = 3) -> list[list[str]]:
    township, village = world.a.townships[0].name, world.a.villages[0].name
    return [
        [number(i), f"王小{i}", township, village, "常住户口", "肢体、智力", "监护困境",
         "王大", "父亲", "13800000000"]
        for i in range(count)
    ]  # fmt: skip


def xlsx(rows: list[list[str]], header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[str]], encoding="utf-8-sig", header=HEADER) -> bytes:
    return "\r\n".join(",".join(r) for r in [header, *rows]).encode(encoding)


@pytest.fixture
def importer(world):
    return world.a.actor("child_supervisor")


@pytest.mark.parametrize("kind", ["xlsx", "csv-utf8-bom", "csv-utf8", "csv-gb18030"])
def test_a_good_file_opens_every_file(world, importer, kind):
    rows = good_rows(world)
    content = {
        "xlsx": lambda: xlsx(rows),
        "csv-utf8-bom": lambda: csv_bytes(rows),
        "csv-utf8": lambda: csv_bytes(rows, "utf-8"),
        "csv-gb18030": lambda: csv_bytes(rows, "gb18030"),
    }[kind]()
    name = "registry.xlsx" if kind == "xlsx" else "registry.csv"
    report = import_registry(importer, name, content, world.now)
    assert (report.rows, report.good, report.written, report.bad_rows) == (3, 3, 3, [])
    child = Child.get(Child.id_number == number(0))
    assert child.name == "王小0"
    assert child.place_id == world.a.villages[0].id
    assert child.residence_basis == "permanent_hukou"
    assert child.disability_types == ["intellectual", "limb"]
    # the sheet's 困境类别: the importer's category with the import's reason, flagged
    assert child.categories == ["self", "guardianship"]  # own difficulty: the disability
    assert [(c["category"], c["reason"], c["by"]) for c in child.category_claims] == [
        ("guardianship", "登记表导入：困境类别", importer.id)]  # fmt: skip
    assert [(g.name, g.relation, g.phone) for g in Guardian.select().where(
        Guardian.child == child.id)] == [("王大", "父亲", "13800000000")]  # fmt: skip
    register = AuditEntry.get(AuditEntry.entity == "child", AuditEntry.entity_id == child.id,
                              AuditEntry.action == "register")  # fmt: skip
    assert (register.action, register.actor_id) == ("register", importer.id)


def bad_file(world) -> tuple[list[bytes], dict[int, str]]:
    """A UTF-8 CSV with one good row and a bad row of each kind; the rows' numbers and the
    words their reasons must contain."""
    existing = world.child()
    township, village = world.a.townships[0].name, world.a.villages[0].name
    good = good_rows(world, 1)[0]
    lines = [
        ",".join(HEADER).encode("utf-8"),
        ",".join(good).encode("utf-8"),  # row 2: good
        ",".join([wrong_check_digit(1), "李四", township, village]).encode("utf-8"),  # 3
        ",".join([number(2), "张三", township, "没有这个村"]).encode("utf-8"),  # 4
        ",".join([good[0], "王小0重复", township, village]).encode("utf-8"),  # 5: dup in file
        ",".join([existing.id_number, "已有", township, village]).encode("utf-8"),  # 6: in DB
        ",".join([number(3), "赵六", township, village]).encode("gb18030"),  # 7: GB18030
        ",".join([number(4), "", township, village]).encode("utf-8"),  # 8: name empty
    ]
    reasons = {3: "check digit", 4: "no such village", 5: "row 2", 6: f"child {existing.id}",
               7: "encoding", 8: "姓名"}  # fmt: skip
    return lines, reasons


def test_bad_rows_are_all_reported_and_nothing_is_written(world, importer):
    lines, reasons = bad_file(world)
    before = (Child.select().count(), AuditEntry.select().count())
    report = import_registry(importer, "registry.csv", b"\n".join(lines), world.now)
    assert report.written == 0 and report.child_ids == []
    assert (Child.select().count(), AuditEntry.select().count()) == before
    assert report.encoding == "UTF-8"
    assert {b.row for b in report.bad_rows} == set(reasons)
    for bad in report.bad_rows:
        assert reasons[bad.row] in " ".join(bad.reasons), (bad.row, bad.reasons)
    assert report.good == 1


def test_only_the_good_rows_when_asked(world, importer):
    lines, reasons = bad_file(world)
    before = Child.select().count()
    report = import_registry(
        importer, "registry.csv", b"\n".join(lines), world.now, good_rows_only=True
    )
    assert report.written == 1 and len(report.bad_rows) == len(reasons)
    assert Child.select().count() == before + 1
    assert Child.get(Child.id_number == number(0)).name == "王小0"


def test_bad_rows_in_a_spreadsheet(world, importer):
    township, village = world.a.townships[0].name, world.a.villages[0].name
    rows = good_rows(world, 2) + [
        [wrong_check_digit(5), "钱七", township, village],
        [number(6), "孙八", township, village, "户口本"],
        [number(7), "周九", township, village, "", "近视"],
        [int(number(8)[:-1] + "0") if number(8)[-1] == "X" else float(number(8)), "吴十",
         township, village],
    ]  # fmt: skip
    before = Child.select().count()
    report = import_registry(importer, "registry.xlsx", xlsx(rows), world.now)
    assert {b.row: b.reasons[0][:6] for b in report.bad_rows}.keys() == {4, 5, 6, 7}
    assert "户籍类型" in report.bad_rows[1].reasons[0]
    assert "残疾类型" in report.bad_rows[2].reasons[0]
    assert Child.select().count() == before
    report = import_registry(importer, "registry.xlsx", xlsx(rows), world.now,
                             good_rows_only=True)  # fmt: skip
    assert report.written == 2 and Child.select().count() == before + 2


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_missing_required_column_refuses_the_file(world, importer, kind):
    header = [h for h in HEADER if h != "身份证号"]
    rows = [r[1:] for r in good_rows(world)]
    content = xlsx(rows, header) if kind == "xlsx" else csv_bytes(rows, header=header)
    with pytest.raises(Invalid) as caught:
        import_registry(importer, f"registry.{kind}", content, world.now)
    assert caught.value.extra["missing_columns"] == ["身份证号"]
    assert Child.select().count() == 0


def test_village_by_code_and_scope(world, importer):
    header = ["身份证号", "姓名", "村编码"]
    inside, outside = world.a.villages[0], world.a.villages[2]  # the other township
    rows = [[number(1), "甲", inside.code], [number(2), "乙", outside.code],
            [number(3), "丙", "999"]]  # fmt: skip
    report = import_registry(importer, "r.csv", csv_bytes(rows, header=header), world.now)
    reasons = {b.row: " ".join(b.reasons) for b in report.bad_rows}
    assert "outside your area" in reasons[3] and "no such village" in reasons[4]
    assert 2 not in reasons


def test_unreadable_files_are_refused(world, importer):
    with pytest.raises(Invalid):
        import_registry(importer, "r.xlsx", b"not a workbook", world.now)
    with pytest.raises(Invalid):
        import_registry(importer, "r.txt", b"x", world.now)
    with pytest.raises(Invalid):  # the header itself unreadable
        import_registry(importer, "r.csv", b"\xff\xfe\xfa\n1,2", world.now)


def test_roles_that_keep_no_files_cannot_import(world):
    from casework.errors import NotPermitted

    with pytest.raises(NotPermitted):
        import_registry(world.a.actor("finance_officer"), "r.csv", csv_bytes([]), world.now)


def test_control_characters_in_a_csv_are_dropped(world, importer):
    """A sheet's text goes on to the .xlsx exports, which cannot hold control characters."""
    rows = good_rows(world, 1)
    rows[0][1] = "王\x0b小\x1f0"
    rows[0][7] = "王\x00大"
    report = import_registry(importer, "registry.csv", csv_bytes(rows), world.now)
    assert report.written == 1
    child = Child.get(Child.id_number == number(0))
    assert child.name == "王小0" and Guardian.get(Guardian.child == child.id).name == "王大"
