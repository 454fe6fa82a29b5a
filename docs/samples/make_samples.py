"""Write the sample registry spreadsheets of docs/child-protection.md (the files are committed;
run this only to change them): `PYTHONPATH=. .venv/bin/python docs/samples/make_samples.py`.

Five children of 千岛湖镇 in the demo county 淳安县 (sequence numbers 801-805, which the demo
never uses). registry-qiandaohu.xlsx has one deliberately bad row (row 5: the ID number's
check digit is wrong); registry-qiandaohu-corrected.csv is the same sheet corrected, saved in
GB18030 as Excel does on a Chinese Windows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from openpyxl import Workbook

from casework.rules.identity import compose_resident_id

HERE = Path(__file__).parent
HEADER = ["身份证号", "姓名", "乡镇/街道", "村/社区", "户籍类型", "残疾类型", "困境类别",
          "监护人", "监护人关系", "监护人电话", "家庭住址"]  # fmt: skip
CHILDREN = [
    (dt.date(2020, 4, 12), 802, "程小雨", "进贤村", "常住户口", "肢体", "自身困境、监护困境",
     "余桂花", "祖母", "13957100801", "千岛湖镇进贤村45号"),
    (dt.date(2014, 9, 3), 801, "方浩然", "阳光社区", "常住户口", "", "家庭困境",
     "方国平", "父亲", "13857100802", "千岛湖镇阳光社区3幢201"),
    (dt.date(2019, 1, 20), 804, "汪子涵", "梦姑塘村", "居住证", "听力", "自身困境",
     "汪春梅", "母亲", "13957100803", "千岛湖镇梦姑塘村12号"),
    (dt.date(2012, 6, 30), 803, "洪宇轩", "金腾村", "常住户口", "", "监护困境",
     "洪永明", "祖父", "15957100804", "千岛湖镇金腾村88号"),
    (dt.date(2017, 11, 11), 805, "叶思远", "鼓山村", "临时户口", "孤独症", "自身困境",
     "叶小军", "父亲", "18957100805", "千岛湖镇鼓山村7号"),
]  # fmt: skip
BAD_ROW = 5  # the fourth child, as the clerk sees it in the spreadsheet


def rows(*, bad: bool) -> list[list[str]]:
    found = []
    for number, (born, sequence, name, *rest) in enumerate(CHILDREN, 2):
        id_number = compose_resident_id("330127", born, sequence)
        if bad and number == BAD_ROW:  # a typing slip in the last digit
            id_number = id_number[:-1] + ("1" if id_number[-1] != "1" else "2")
        village, *more = rest
        found.append([id_number, name, "千岛湖镇", village, *more])
    return found


def main() -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "困境儿童花名册"
    sheet.append(HEADER)
    for row in rows(bad=True):
        sheet.append(row)
    for column in "AIJ":  # ID and phone numbers as text, as a careful clerk types them
        for cell in sheet[column]:
            cell.number_format = "@"
    book.save(HERE / "registry-qiandaohu.xlsx")

    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows([HEADER, *rows(bad=False)])
    (HERE / "registry-qiandaohu-corrected.csv").write_bytes(text.getvalue().encode("gb18030"))


if __name__ == "__main__":
    main()
