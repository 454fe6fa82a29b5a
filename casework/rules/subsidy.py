"""The subsidy rule (docs/domain.md, "Settlement"): insurance first, then the remainder against the
standard, with a cumulative annual cap for training and early intervention. Pure; integer fen.

The cap is applied year to date, for one case, aid item and aid year: a line pays the increase
of min(cost less insurance so far, monthly standard x months so far, annual standard) over what
earlier lines of the year were approved. So the year's total does not depend on how its costs
were spread over claims (a costly first quarter is not lost to the monthly cap).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from casework.errors import FieldError
from casework.vocabulary import AidItem, AidKind

MONTHLY_KINDS = (AidKind.TRAINING, AidKind.EARLY_INTERVENTION)
INSURANCE_FIELDS = ("basic_medical", "critical_illness", "supplementary", "medical_aid")


class CostError(ValueError):
    """Costs that cannot be settled; `fields` maps each offending field to its messages."""

    def __init__(self, message: str, fields: Mapping[str, Sequence[str]]):
        super().__init__(message)
        self.fields = fields


@dataclass(frozen=True)
class Standard:
    """`amount`: the one-time standard, or the annual standard of a monthly item;
    `monthly`: the cap per month trained (None for one-time items). Both in fen."""

    amount: int
    monthly: int | None = None

    @property
    def is_monthly(self) -> bool:
        return self.monthly is not None


def _yuan(amount: int, monthly: int | None = None) -> Standard:
    return Standard(amount * 100, None if monthly is None else monthly * 100)


# docs/domain.md's table ("Settlement"); visual training's 100 a month is a policy default.
DEFAULT_STANDARDS: dict[AidItem, Standard] = {
    AidItem.COCHLEAR_IMPLANT: _yuan(12_000),
    AidItem.LIMB_SURGERY: _yuan(17_200),
    AidItem.TRAINING_VISUAL: _yuan(1_000, 100),
    AidItem.TRAINING_HEARING: _yuan(17_000, 1_700),
    AidItem.TRAINING_SPEECH: _yuan(17_000, 1_700),
    AidItem.TRAINING_LIMB: _yuan(17_000, 1_700),
    AidItem.TRAINING_INTELLECTUAL: _yuan(17_000, 1_700),
    AidItem.TRAINING_AUTISM: _yuan(17_000, 1_700),
    AidItem.EARLY_INTERVENTION: _yuan(24_000, 2_400),
    AidItem.HEARING_AIDS: _yuan(4_800),
    AidItem.PROSTHESIS_ORTHOSIS: _yuan(5_000),
    AidItem.MOBILITY_AID: _yuan(1_500),
}


def is_monthly(item: AidItem | str) -> bool:
    return AidItem(item).kind in MONTHLY_KINDS


@dataclass(frozen=True)
class Costs:
    """What the service cost and what the four insurances paid, in fen."""

    total: int
    basic_medical: int = 0
    critical_illness: int = 0
    supplementary: int = 0
    medical_aid: int = 0

    @property
    def insurance(self) -> int:
        return sum(getattr(self, name) for name in INSURANCE_FIELDS)

    def problems(self) -> dict[str, list[FieldError]]:
        found = {
            name: [FieldError("cannot be negative", code="negative")]
            for name in ("total", *INSURANCE_FIELDS)
            if getattr(self, name) < 0
        }
        if not found and self.insurance > self.total:
            message = "the four insurance amounts together exceed the total cost"
            found["insurance"] = [FieldError(message, code="insurance_exceeds_total")]
        return found

    @property
    def remainder(self) -> int:
        """What is left after insurance; raises CostError on costs that make no sense."""
        problems = self.problems()
        if problems:
            raise CostError("the costs are not valid", problems)
        return self.total - self.insurance


@dataclass(frozen=True)
class Prior:
    """Months, subsidy and cost less insurance of the lines already approved for the same
    case, item and aid year. Without `remainder` their costs are taken as what they were
    paid, which makes the rule the plain min(remainder, cap left)."""

    months: int = 0
    subsidy: int = 0
    remainder: int | None = None

    @property
    def cost(self) -> int:
        return self.subsidy if self.remainder is None else self.remainder


@dataclass(frozen=True)
class Subsidy:
    remainder: int  # total cost less insurance
    cap: int  # what this line may still earn under the standard
    amount: int  # the subsidy: min(year_remainder, year_cap) - approved_before, never < 0
    # year to date, this line included: what an auditor needs to see why a line pays what it does
    year_remainder: int = 0  # cost less insurance of the year's approved lines and this one
    year_months: int = 0  # months billed so far (monthly items)
    year_cap: int = 0  # min(monthly standard x year_months, annual standard), or the standard
    approved_before: int = 0  # subsidy of the year's lines approved earlier


def annual_cap(standard: Standard, months: int) -> int:
    """min(monthly cap x months, annual standard); a one-time item's cap is its standard."""
    if standard.monthly is None:
        return standard.amount
    return min(standard.monthly * months, standard.amount)


def compute(
    costs: Costs,
    standard: Standard,
    *,
    months: int = 0,
    prior: Prior = Prior(),
    free_device: bool = False,
) -> Subsidy:
    """The subsidy of one claim line. `months`: months trained that the line bills
    (monthly items only); `prior`: what earlier approved lines already took this aid year."""
    remainder = costs.remainder
    if free_device:  # handed out free: nothing to reimburse, and nothing added to the year
        return Subsidy(remainder, 0, 0, prior.cost, prior.months, 0, prior.subsidy)
    year_months = prior.months
    if standard.is_monthly:
        if months < 1:
            raise CostError("a training line bills at least one month", {"months": ["empty"]})
        year_months += months
        cap_total = annual_cap(standard, year_months)
    else:
        cap_total = standard.amount
    cap = max(0, cap_total - prior.subsidy)
    year_remainder = prior.cost + remainder
    amount = max(0, min(year_remainder, cap_total) - prior.subsidy)
    return Subsidy(remainder, cap, amount, year_remainder, year_months, cap_total, prior.subsidy)


def compute_adjustment(change: int, standard: Standard, *, prior: Prior) -> Subsidy:
    """The subsidy of an adjustment: a paid line's cost less insurance corrected by `change`
    (fen, negative or positive) in a later claim. No month is added; the year to date is
    computed again with the corrected cost and the adjustment pays the difference from what
    was approved, negative when the year was paid too much. Never below what undoes the
    whole year's subsidy, nor above the cap."""
    cap_total = annual_cap(standard, prior.months)
    year_remainder = prior.cost + change
    amount = min(max(year_remainder, 0), cap_total) - prior.subsidy
    return Subsidy(change, cap_total - prior.subsidy, amount, year_remainder, prior.months,
                   cap_total, prior.subsidy)  # fmt: skip
