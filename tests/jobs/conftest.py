"""The scheduler tests count and route the reminders of cases. The test world leaves villages
and townships uncovered on purpose (the routing tests climb past them), which the coverage
rules would remind at every scan: a default scan here runs the case rules only, and
test_coverage.py passes the coverage rules by name."""

from __future__ import annotations

import pytest

from casework.reminders import catalogue as rule_catalogue
from casework.reminders.coverage import TOWNSHIP_WITHOUT_SUPERVISOR, VILLAGE_WITHOUT_DIRECTOR
from casework.services import reminders

COVERAGE_RULES = (VILLAGE_WITHOUT_DIRECTOR, TOWNSHIP_WITHOUT_SUPERVISOR)


@pytest.fixture(autouse=True)
def _case_rules_only(monkeypatch):
    rules = tuple(r for r in rule_catalogue.catalogue() if r not in COVERAGE_RULES)
    monkeypatch.setattr(reminders, "catalogue", lambda: rules)
