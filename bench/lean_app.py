"""Bench only, never the product: the production app plus one route that carries out an
action exactly as the API does (bearer token, the engine's transaction) but answers with the
outcome alone, without flask-smorest's parsing and the open actions and link of the API's
compact answer. `python -m bench.http --lean` measures it beside the real endpoint, to show
what the API layer costs."""

from __future__ import annotations

from flask import jsonify, request

from casework.clock import utcnow
from casework.services import rehab
from web import create_app, logs
from web.api.auth import current_actor

logs.configure()
app = create_app()


@app.post("/bench/rehab-applications/<int:application_id>/actions/<action>")
def lean_action(application_id: int, action: str):
    body = request.get_json()
    outcome = rehab.act(
        current_actor(),
        application_id,
        action,
        now=utcnow(),
        reason=body.get("reason", ""),
        payload=body.get("payload"),
        expected_version=body["expected_version"],
    )
    due_at = outcome.due_at.isoformat() if outcome.due_at else None
    return jsonify(id=outcome.id, action=outcome.action, from_state=outcome.from_state,
                   to_state=outcome.to_state, version=outcome.version, due_at=due_at)  # fmt: skip
