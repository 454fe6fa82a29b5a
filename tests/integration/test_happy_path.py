from casework.models import AuditEntry
from casework.services import rehab


def test_application_walks_from_submission_to_closure(world):
    application = world.application()
    world.advance(application.id, "closed")
    record = rehab.get_application(world.a.actor("reviewer"), application.id)
    assert record.state == "closed"
    assert record.version == 11  # attendance recorded before completion
    actions = [
        e.action
        for e in AuditEntry.select().where(
            AuditEntry.entity == "rehab", AuditEntry.entity_id == application.id
        )
    ]
    assert actions[0] == "submit" and actions[-1] == "close"
