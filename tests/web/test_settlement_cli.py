"""`flask policy`: show and set standards and the billing cycle from the command line."""

from __future__ import annotations

from casework.models import AuditEntry
from casework.queries import policy_in_force as policy


def test_show_set_and_cycle(app, world):
    runner = app.test_cli_runner()
    shown = runner.invoke(args=["policy", "show", "--county", "330127", "--year", "2026"])
    assert shown.exit_code == 0, shown.output
    assert "training_visual" in shown.output and "1000.00 (100.00 a month)" in shown.output
    changed = runner.invoke(args=["policy", "set", "--county", "330127", "--year", "2027",
                                  "--item", "hearing_aids", "--amount", "5200.00"])  # fmt: skip
    assert changed.exit_code == 0, changed.output
    assert policy.standard_for(world.a.county.id, 2027, "hearing_aids").amount == 520_000
    assert policy.standard_for(world.a.county.id, 2026, "hearing_aids").amount == 480_000
    assert AuditEntry.get(AuditEntry.action == "set_standard").actor_role == "system"
    refused = runner.invoke(args=["policy", "set", "--county", "330127", "--year", "2027",
                                  "--item", "training_limb", "--amount", "17000"])  # fmt: skip
    assert refused.exit_code == 1 and "monthly_amount" in refused.output
    bad = runner.invoke(args=["policy", "set", "--county", "330127", "--year", "2027",
                              "--item", "hearing_aids", "--amount", "12.5.0"])  # fmt: skip
    assert bad.exit_code == 2
    unknown = runner.invoke(args=["policy", "show", "--county", "999999"])
    assert unknown.exit_code == 1 and "no county" in unknown.output
    cycle = runner.invoke(args=["policy", "cycle", "--county", "330127", "monthly"])
    assert cycle.exit_code == 0 and policy.cycle_of(world.a.county.id) == "monthly"
