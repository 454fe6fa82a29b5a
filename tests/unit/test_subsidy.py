"""The subsidy rule: worked examples for every aid item, and properties over any costs."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.rules.money import parse_yuan
from casework.rules.subsidy import (
    DEFAULT_STANDARDS,
    INSURANCE_FIELDS,
    CostError,
    Costs,
    Prior,
    Standard,
    annual_cap,
    compute,
)
from casework.vocabulary import AidItem

Y = parse_yuan

# item, total cost, insurance (basic, critical, supplementary, aid), months, prior
# (months, subsidy), free device -> subsidy. Amounts in yuan.
WORKED = [
    # one-time items: the remainder if below the standard, else the standard
    ("cochlear_implant", "150000", ("100000", "30000", "5000", "3000"), 0, None, False, "12000"),
    ("cochlear_implant", "20000", ("9000", "0", "0", "0"), 0, None, False, "11000"),
    ("limb_surgery", "40000", ("15000", "0", "0", "0"), 0, None, False, "17200"),
    ("limb_surgery", "20000", ("5000", "2000", "0", "1000"), 0, None, False, "12000"),
    ("hearing_aids", "9000", ("0", "0", "0", "0"), 0, None, False, "4800"),
    ("hearing_aids", "9000", ("0", "0", "0", "0"), 0, None, True, "0"),  # handed out free
    ("prosthesis_orthosis", "3200.50", ("0", "0", "0", "0"), 0, None, False, "3200.50"),
    ("mobility_aid", "2600", ("1000", "0", "0", "0"), 0, None, False, "1500"),
    ("mobility_aid", "2600", ("0", "0", "0", "0"), 0, None, True, "0"),  # free wheelchair
    ("mobility_aid", "1000", ("1000", "0", "0", "0"), 0, None, False, "0"),  # insurance paid all
    # training: 1,700 a month up to 17,000 a year
    ("training_limb", "6000", ("0", "0", "0", "0"), 3, None, False, "5100"),  # capped by months
    ("training_hearing", "4000", ("0", "0", "0", "0"), 3, None, False, "4000"),  # below cap
    ("training_speech", "9000", ("2000", "0", "0", "0"), 3, None, False, "5100"),
    ("training_intellectual", "30000", ("0", "0", "0", "0"), 12, None, False, "17000"),  # annual
    ("training_autism", "6000", ("0", "0", "0", "0"), 3, (9, "15300"), False, "1700"),  # year end
    ("training_autism", "6000", ("0", "0", "0", "0"), 3, (10, "17000"), False, "0"),  # cap used
    # a partial year: 4 months trained in all, first claim took 2 months at 3,400
    ("training_limb", "6000", ("0", "0", "0", "0"), 2, (2, "3400"), False, "3400"),
    # a previous claim under the cap leaves the unused cap for later months
    ("training_limb", "6000", ("0", "0", "0", "0"), 3, (3, "1000"), False, "6000"),
    # dropout: settled only for the 2 months actually trained
    ("training_hearing", "8000", ("0", "0", "0", "0"), 2, None, False, "3400"),
    # visual: 100 a month, 1,000 a year
    ("training_visual", "900", ("0", "0", "0", "0"), 3, None, False, "300"),
    ("training_visual", "200", ("0", "0", "0", "0"), 3, None, False, "200"),
    ("training_visual", "3000", ("0", "0", "0", "0"), 3, (9, "900"), False, "100"),
    # early intervention: 2,400 a month, 24,000 a year
    ("early_intervention", "9000", ("1000", "500", "0", "0"), 3, None, False, "7200"),
    ("early_intervention", "5000", ("1000", "500", "300", "200"), 3, None, False, "3000"),
    ("early_intervention", "40000", ("0", "0", "0", "0"), 12, None, False, "24000"),
]


def test_the_table_covers_every_aid_item():
    assert {row[0] for row in WORKED} == {item.value for item in AidItem}


@pytest.mark.parametrize(
    "item,total,insurance,months,prior,free,expected", WORKED, ids=lambda v: str(v)
)
def test_worked_example(item, total, insurance, months, prior, free, expected):
    costs = Costs(Y(total), *(Y(x) for x in insurance))
    earlier = Prior(prior[0], Y(prior[1])) if prior else Prior()
    result = compute(
        costs, DEFAULT_STANDARDS[AidItem(item)], months=months, prior=earlier, free_device=free
    )
    assert result.amount == Y(expected)
    assert result.remainder == costs.total - costs.insurance


def test_standards_are_those_of_the_domain_brief():
    assert DEFAULT_STANDARDS[AidItem.COCHLEAR_IMPLANT] == Standard(1_200_000)
    assert DEFAULT_STANDARDS[AidItem.TRAINING_VISUAL] == Standard(100_000, 10_000)
    assert annual_cap(DEFAULT_STANDARDS[AidItem.TRAINING_LIMB], 10) == Y("17000")
    assert annual_cap(DEFAULT_STANDARDS[AidItem.EARLY_INTERVENTION], 7) == Y("16800")


@pytest.mark.parametrize(
    "costs,field",
    [
        (Costs(-1), "total"),
        (Costs(100, basic_medical=-1), "basic_medical"),
        (Costs(100, medical_aid=-5), "medical_aid"),
        (Costs(100, 50, 30, 20, 1), "insurance"),  # insurance above the total cost
    ],
)
def test_costs_that_make_no_sense_are_refused(costs, field):
    with pytest.raises(CostError) as refused:
        compute(costs, DEFAULT_STANDARDS[AidItem.HEARING_AIDS])
    assert field in refused.value.fields


def test_a_training_line_bills_at_least_one_month():
    with pytest.raises(CostError):
        compute(Costs(100), DEFAULT_STANDARDS[AidItem.TRAINING_LIMB], months=0)


fen = st.integers(min_value=0, max_value=10**9)
standards = st.builds(
    lambda amount, monthly, is_monthly: Standard(
        amount, min(monthly, amount) if is_monthly else None
    ),
    fen,
    fen,
    st.booleans(),
)


@st.composite
def costs(draw):
    total = draw(fen)
    parts = [draw(st.integers(0, total)) for _ in range(4)]
    parts = [p if sum(parts[: i + 1]) <= total else 0 for i, p in enumerate(parts)]
    return Costs(total, *parts)


@given(costs(), standards, st.integers(1, 12), st.integers(0, 12), fen, st.booleans())
def test_subsidy_is_never_negative_nor_above_remainder_nor_standard(
    line, standard, months, prior_months, prior_subsidy, free
):
    result = compute(
        line, standard, months=months, prior=Prior(prior_months, prior_subsidy), free_device=free
    )
    assert 0 <= result.amount <= result.remainder
    assert result.amount <= standard.amount
    assert result.remainder == line.total - line.insurance


@st.composite
def claims_over_a_year(draw):
    """Months 1..12 trained, split into claims in any grouping, audited in any order."""
    months = draw(st.integers(1, 12))
    cuts = (
        sorted(draw(st.sets(st.integers(1, months - 1), max_size=months - 1))) if months > 1 else []
    )
    bounds = [0, *cuts, months]
    claims = [bounds[i + 1] - bounds[i] for i in range(len(bounds) - 1)]
    remainders = [draw(st.integers(0, 40_000_00)) for _ in claims]
    order = draw(st.permutations(range(len(claims))))
    return claims, remainders, order


@given(claims_over_a_year(), st.sampled_from([i for i in AidItem if DEFAULT_STANDARDS[i].monthly]))
def test_cumulative_cap_holds_for_any_split_and_any_order_of_audit(year, item):
    claims, remainders, order = year
    standard = DEFAULT_STANDARDS[item]
    prior = Prior()
    for index in order:  # each approval sees what the approvals before it took
        result = compute(Costs(remainders[index]), standard, months=claims[index], prior=prior)
        assert 0 <= result.amount <= remainders[index]
        prior = Prior(prior.months + claims[index], prior.subsidy + result.amount)
        assert prior.subsidy <= annual_cap(standard, prior.months)
    assert prior.subsidy <= min(standard.monthly * sum(claims), standard.amount)
    assert prior.subsidy <= sum(remainders)


def test_one_claim_for_the_year_and_monthly_claims_pay_the_same_when_costs_are_even():
    standard = DEFAULT_STANDARDS[AidItem.TRAINING_LIMB]
    whole = compute(Costs(Y("2000") * 10), standard, months=10).amount
    prior = Prior()
    for _ in itertools.repeat(None, 10):
        step = compute(Costs(Y("2000")), standard, months=1, prior=prior).amount
        prior = Prior(prior.months + 1, prior.subsidy + step)
    assert whole == prior.subsidy == Y("17000")


def year_to_date(item, lines, order=None):
    """Approve `lines` ((months, remainder in yuan), ...) in `order`, each line seeing what the
    approvals before it took, costs included; returns the subsidy of each line."""
    standard, prior, paid = DEFAULT_STANDARDS[AidItem(item)], Prior(0, 0, 0), {}
    for index in order or range(len(lines)):
        months, remainder = lines[index]
        result = compute(Costs(Y(remainder)), standard, months=months, prior=prior)
        paid[index] = result.amount
        assert result.year_remainder == prior.cost + Y(remainder)
        assert result.amount == max(0, min(result.year_remainder, result.year_cap) - prior.subsidy)
        prior = Prior(result.year_months, prior.subsidy + result.amount, result.year_remainder)
    return [paid[i] for i in range(len(lines))]


@pytest.mark.parametrize(
    "item,lines,expected",
    [  # the same year billed differently paid 14,100 against 17,000, 8,100 against 9,000
        ("training_autism", [(3, "27000"), (3, "3000"), (3, "3000"), (3, "3000")], "17000"),
        ("training_autism", [(3, "9000")] * 4, "17000"),
        ("training_speech", [(3, "4500"), (3, "4500")], "9000"),
        ("training_speech", [(3, "6000"), (3, "3000")], "9000"),
    ],
)
def test_the_cap_is_applied_year_to_date(item, lines, expected):
    assert sum(year_to_date(item, lines)) == Y(expected)
    assert sum(year_to_date(item, lines, order=list(reversed(range(len(lines)))))) == Y(expected)


def test_a_line_after_a_capped_one_shows_why_it_pays_more_than_its_cost():
    standard = DEFAULT_STANDARDS[AidItem.TRAINING_AUTISM]
    second = compute(Costs(Y("3000")), standard, months=3, prior=Prior(3, Y("5100"), Y("27000")))
    assert (second.year_remainder, second.year_months) == (Y("30000"), 6)
    assert (second.year_cap, second.approved_before, second.amount) == (
        Y("10200"), Y("5100"), Y("5100"))  # fmt: skip


def test_a_free_device_adds_nothing_to_the_year():
    standard = DEFAULT_STANDARDS[AidItem.HEARING_AIDS]
    result = compute(Costs(Y("9000")), standard, prior=Prior(0, 0, 0), free_device=True)
    assert (result.amount, result.year_remainder, result.approved_before) == (0, 0, 0)


@st.composite
def split_years(draw):
    """One year's months and costs (with insurance) split over one to four claims, audited in
    any order, some lines rejected (they count for nothing) before being billed again."""
    months = draw(st.integers(1, 12))
    count = draw(st.integers(1, min(4, months)))
    cuts = sorted(draw(st.sets(st.integers(1, months - 1), min_size=count - 1,
                               max_size=count - 1))) if count > 1 else []  # fmt: skip
    bounds = [0, *cuts, months]
    spans = [bounds[i + 1] - bounds[i] for i in range(count)]
    line_costs = [draw(costs()) for _ in spans]
    rejected = draw(st.lists(st.booleans(), min_size=count, max_size=count))
    order = draw(st.permutations(range(count)))
    return spans, line_costs, rejected, order


@given(split_years(), st.sampled_from([i for i in AidItem if DEFAULT_STANDARDS[i].monthly]))
def test_any_split_of_a_year_pays_what_one_line_for_the_year_would(year, item):
    spans, line_costs, rejected, order = year
    standard = DEFAULT_STANDARDS[item]
    prior, paid = Prior(0, 0, 0), 0
    # the rejected lines are priced and refused first, then billed again after the others
    for index in [*order, *(i for i in order if rejected[i])]:
        result = compute(line_costs[index], standard, months=spans[index], prior=prior)
        assert result.amount >= 0 and prior.subsidy + result.amount <= result.year_cap
        if rejected[index]:
            rejected[index] = False  # refused this time: its months and money stay free
            continue
        paid += result.amount
        prior = Prior(result.year_months, prior.subsidy + result.amount, result.year_remainder)
    whole = Costs(*(sum(getattr(c, f) for c in line_costs) for f in ("total", *INSURANCE_FIELDS)))
    assert paid == compute(whole, standard, months=sum(spans)).amount
    assert prior.months == sum(spans)  # every month counted once
