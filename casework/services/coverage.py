"""The county's coverage gaps, for those who answer for the network: the admin who appoints,
the leader, and the case workers who stand in where a village has nobody."""

from __future__ import annotations

from dataclasses import dataclass

from casework.errors import NotPermitted
from casework.queries import coverage
from casework.services.county_statistics import county_of
from casework.vocabulary import Role
from casework.workflows.definition import Actor

READERS = frozenset({Role.ADMIN, Role.LEADER, Role.CASE_WORKER})


@dataclass(frozen=True)
class Coverage:
    villages: int
    townships: int
    gaps: list[coverage.Gap]

    @property
    def villages_covered(self) -> int:
        return self.villages - sum(1 for g in self.gaps if g.level == "village")

    @property
    def townships_covered(self) -> int:
        return self.townships - sum(1 for g in self.gaps if g.level == "township")


def of_county(actor: Actor) -> Coverage:
    if actor.role not in READERS:
        raise NotPermitted(
            "coverage is for the county admin, leader and case workers",
            code="coverage_readers_only",
        )
    county = county_of(actor)
    counted = coverage.places_counted(county)
    return Coverage(counted["village"], counted["township"], coverage.gaps(county))
