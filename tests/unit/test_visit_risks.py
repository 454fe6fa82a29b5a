"""What a visit's risk flags mean for the mandatory report it offers: the harm (the gravest
flag's), the urgency, and the facts written from the findings."""

from __future__ import annotations

import pytest

from casework.rules import visit_risks
from casework.vocabulary import RiskFlag


@pytest.mark.parametrize(
    ("flags", "harm", "urgent"),
    [
        ([], None, False),
        (["dropped_out"], None, False),
        (["untreated_illness", "unsafe_home"], None, False),
        (["improper_care"], "guardianship_absent", False),
        (["no_carer"], "guardianship_absent", True),
        (["wandering"], "street_child", False),
        (["injury", "dropped_out"], "accidental_injury", True),
        (["no_carer", "suspected_abuse"], "abuse", True),  # the gravest decides
        (["improper_care", "abandoned"], "abandonment", True),
    ],
)
def test_the_harm_and_urgency_a_visit_reports(flags, harm, urgent):
    assert visit_risks.harm_for(flags) == harm
    assert visit_risks.urgent_for(flags) is urgent


def test_every_flag_has_its_words_and_flags_keep_one_order():
    assert set(visit_risks.FACT_WORDS) == set(RiskFlag)
    assert visit_risks.in_order(["dropped_out", "no_carer", "dropped_out"]) == [
        RiskFlag.NO_CARER, RiskFlag.DROPPED_OUT]  # fmt: skip


def test_the_facts_name_the_risks_and_leave_out_what_was_not_found():
    facts = visit_risks.facts_of(
        "2026-03-02",
        ["dropped_out", "no_carer"],
        [("照料人", "奶奶"), ("健康", "  "), ("安全", "夜里独自在家")],
    )
    assert facts == "2026-03-02走访发现：无人照料、辍学。\n照料人：奶奶\n安全：夜里独自在家"
