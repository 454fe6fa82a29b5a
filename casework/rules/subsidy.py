"""The subsidy rule (docs/domain.md, "Settlement"): insurance first, then the remainder against the
standard, with a cumulative annual cap for training and early intervention. Pure; integer fen.
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
    """Months and subsidy already approved for the same case, item and aid year."""

    months: int = 0
    subsidy: int = 0


@dataclass(frozen=True)
class Subsidy:
    remainder: int  # total cost less insurance
    cap: int  # what this line may still earn under the standard
    amount: int  # the subsidy: min(remainder, cap)


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
    if free_device:  # the federation handed the device out free: nothing to reimburse
        return Subsidy(remainder, 0, 0)
    if standard.is_monthly:
        if months < 1:
            raise CostError("a training line bills at least one month", {"months": ["empty"]})
        cap_total = annual_cap(standard, prior.months + months)
    else:
        cap_total = standard.amount
    cap = max(0, cap_total - prior.subsidy)
    return Subsidy(remainder, cap, min(remainder, cap))
