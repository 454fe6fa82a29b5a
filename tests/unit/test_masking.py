"""Masking of recorded values and free text: what a history or a log may show."""

from __future__ import annotations

from casework.rules.masking import mask_field, mask_text

ID_NUMBER = "330127202105010014"


def test_fields_of_a_childs_file_are_masked_by_name():
    assert mask_field("id_number", ID_NUMBER) == "3301************14"
    assert mask_field("address", "浙江省杭州市临安区某某村5组12号") == "浙江省杭州市****"
    guardians = [{"name": "王芳", "relation": "母亲", "phone": "13812345678"}, {"name": "李"}]
    assert mask_field("guardians", guardians) == [
        {"name": "王芳", "relation": "母亲", "phone": "138****5678"},
        {"name": "李", "phone": None},
    ]
    assert mask_field("name", "王芳") == "王芳"  # names are not masked
    assert mask_field("id_number", None) is None


def test_id_numbers_and_mobiles_in_free_text_are_masked():
    text = f"GET /children?id_number={ID_NUMBER} 13812345678 rehab 12, version 3"
    assert mask_text(text) == (
        "GET /children?id_number=3301************14 138****5678 rehab 12, version 3"
    )
    assert mask_text("3301272021050100141") == "3301272021050100141"  # not an ID number
    assert mask_text("") == ""
