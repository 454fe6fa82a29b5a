"""What a visit's risk flags mean for a mandatory report: which harm a flag reports, and
which flags make the report urgent. The visit's report form starts from these; the visitor
may change both before filing."""

from __future__ import annotations

from collections.abc import Iterable

from casework.vocabulary import HarmType, RiskFlag

# The flags that are grounds for a mandatory report, with the harm each reports, in the order
# that decides the harm when a visit has several (the gravest first).
REPORTED_AS: dict[RiskFlag, HarmType] = {
    RiskFlag.SUSPECTED_ABUSE: HarmType.ABUSE,
    RiskFlag.ABANDONED: HarmType.ABANDONMENT,
    RiskFlag.NO_CARER: HarmType.GUARDIANSHIP_ABSENT,
    RiskFlag.INJURY: HarmType.ACCIDENTAL_INJURY,
    RiskFlag.WANDERING: HarmType.STREET_CHILD,
    RiskFlag.IMPROPER_CARE: HarmType.GUARDIANSHIP_ABSENT,
}
# A child left alone, harmed or hurt cannot wait for the next working day.
URGENT = frozenset({RiskFlag.SUSPECTED_ABUSE, RiskFlag.ABANDONED, RiskFlag.NO_CARER,
                    RiskFlag.INJURY})  # fmt: skip


def in_order(flags: Iterable[str]) -> list[RiskFlag]:
    """The flags once each, in the vocabulary's order (the gravest first)."""
    given = set(flags)
    return [flag for flag in RiskFlag if flag in given]


def reportable(flags: Iterable[str]) -> list[RiskFlag]:
    """The flags among `flags` that are grounds for a report, gravest first."""
    given = set(flags)
    return [flag for flag in REPORTED_AS if flag in given]


def harm_for(flags: Iterable[str]) -> HarmType | None:
    """The harm a report from these flags is about, or None when none is a ground."""
    grounds = reportable(flags)
    return REPORTED_AS[grounds[0]] if grounds else None


def urgent_for(flags: Iterable[str]) -> bool:
    return any(flag in URGENT for flag in flags)


# The words a report's facts use for a flag (a report is read in Chinese).
FACT_WORDS: dict[RiskFlag, str] = {
    RiskFlag.NO_CARER: "无人照料",
    RiskFlag.IMPROPER_CARE: "监护不当",
    RiskFlag.SUSPECTED_ABUSE: "疑似遭受虐待或侵害",
    RiskFlag.ABANDONED: "被遗弃",
    RiskFlag.INJURY: "有伤情",
    RiskFlag.WANDERING: "流浪或离家出走",
    RiskFlag.DROPPED_OUT: "辍学",
    RiskFlag.UNTREATED_ILLNESS: "患病未就医",
    RiskFlag.UNSAFE_HOME: "居住不安全",
}


def facts_of(visited_on: str, flags: Iterable[str], parts: Iterable[tuple[str, str]]) -> str:
    """A report's facts from a visit: the day, the risks seen, then each recorded finding
    (`parts`: heading and text, the empty ones left out)."""
    seen = "、".join(FACT_WORDS[flag] for flag in in_order(flags))
    lines = [f"{visited_on}走访发现：{seen}。"]
    lines += [f"{heading}：{value.strip()}" for heading, value in parts if value.strip()]
    return "\n".join(lines)
