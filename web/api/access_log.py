"""/api/v1/access-log: who saw unmasked data, downloaded papers or exported (county admin)."""

from __future__ import annotations

from flask.views import MethodView

from casework.services import access_log
from web.api.auth import current_actor
from web.api.common import TOTAL, Blueprint, page_body, problems, total_header
from web.api.schemas.documents import AccessPage, AccessQuery

blp = Blueprint("access-log", __name__, description="The access log (访问记录)")


def entry_body(entry) -> dict:
    user = entry.user if entry.user_id else None
    return {
        "id": entry.id,
        "at": entry.at,
        "user_id": entry.user_id,
        "username": user.username if user else None,
        "role": entry.role,
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "client_address": entry.client_address,
        "detail": entry.detail,
    }


@blp.route("")
class AccessLog(MethodView):
    @blp.arguments(AccessQuery, location="query")
    @blp.response(200, AccessPage, headers=TOTAL)
    @problems(blp, 401, 403, 422)
    def get(self, query):
        """Entries on the county's records or by its users, newest first (county admin)"""
        rows, total = access_log.list_entries(
            current_actor(),
            action=query.get("action"),
            user_id=query.get("user_id"),
            since=query.get("since"),
            until=query.get("until"),
            page=query["page"],
            per_page=query["per_page"],
        )
        return page_body([entry_body(r) for r in rows], total, query), total_header(total)
