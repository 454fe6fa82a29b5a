"""The in-app inbox: the caller's reminders (assigned or escalated to them), mark read,
snooze with a reason, and the daily-digest e-mail preference."""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import Schema, fields

from casework.services import inbox
from casework.workflows.payloads import Length, OneOf, Range
from web.api.auth import current_actor
from web.api.common import Blueprint, problems
from web.api.common import now as request_time
from web.api.schemas.common import UtcDateTime

blp = Blueprint("inbox", __name__, description="Reminders of missed deadlines (待办提醒)")


class InboxQuery(Schema):
    unread = fields.Boolean(load_default=None)
    rule = fields.String(load_default=None, metadata={"example": "rehab.review"})
    severity = fields.String(load_default=None, validate=OneOf(inbox.SEVERITIES))
    state = fields.String(load_default="open", validate=OneOf(["open", "resolved"]))
    include_snoozed = fields.Boolean(load_default=False)
    page = fields.Integer(load_default=1, validate=Range(min=1))
    per_page = fields.Integer(load_default=50, validate=Range(min=1, max=200))


class ReminderSchema(Schema):
    id = fields.Integer()
    rule = fields.String()
    title = fields.Function(inbox.title)
    entity = fields.String()
    entity_id = fields.Integer()
    instance = fields.String(metadata={"description": "the due instance: deadline or month"})
    subject_state = fields.String()
    due_at = UtcDateTime(metadata={"description": "the deadline that passed, UTC"})
    due_on = fields.Function(
        lambda r: inbox.due_on(r).isoformat(),
        metadata={"description": "the deadline's calendar date in China (the day it ends)"},
    )
    severity = fields.String()
    state = fields.String()
    created_at = UtcDateTime()
    resolved_at = UtcDateTime()
    read_at = UtcDateTime()
    snoozed_until = UtcDateTime(metadata={"description": "the caller's own snooze"})
    snooze_reason = fields.String()
    escalated_at = UtcDateTime()
    escalated = fields.Function(lambda r: r.escalated_at is not None)
    assignee_id = fields.Integer()
    escalated_to_id = fields.Integer()
    snoozes_left = fields.Integer(
        metadata={"description": "how often the caller may still snooze it"}
    )
    closed_as = fields.String(
        allow_none=True, metadata={"description": "done or not_applicable when closed by hand"}
    )
    close_reason = fields.String(allow_none=True)


class InboxPage(Schema):
    items = fields.List(fields.Nested(ReminderSchema))
    total = fields.Integer()
    unread = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class SnoozeBody(Schema):
    until = UtcDateTime(required=True, metadata={"description": "with its zone (none: UTC)"})
    reason = fields.String(required=True, validate=Length(min=1, max=500))


class CloseBody(Schema):
    outcome = fields.String(required=True, validate=OneOf(inbox.CLOSINGS))
    reason = fields.String(
        load_default="", validate=Length(max=500), metadata={"description": "required if n/a"}
    )


class PreferenceSchema(Schema):
    digest = fields.Boolean(required=True, metadata={"description": "one e-mail a day"})


@blp.route("")
class Inbox(MethodView):
    @blp.arguments(InboxQuery, location="query")
    @blp.response(200, InboxPage)
    @problems(blp, 401, 422)
    def get(self, query):
        """My reminders, newest deadline first (snoozed ones hidden unless asked)."""
        actor, now = current_actor(), request_time()
        items, total = inbox.list_reminders(actor, now=now, **query)
        unread = inbox.list_reminders(actor, now=now, unread=True, per_page=1)[1]
        return {"items": items, "total": total, "unread": unread, **_paging(query)}


def _paging(query):
    return {"page": query["page"], "per_page": query["per_page"]}


@blp.route("/<int:reminder_id>/read")
class Read(MethodView):
    @blp.response(200, ReminderSchema)
    @problems(blp, 401, 403, 404)
    def post(self, reminder_id):
        """Mark one reminder read."""
        return inbox.mark_read(current_actor(), reminder_id, request_time())


@blp.route("/<int:reminder_id>/snooze")
class Snooze(MethodView):
    @blp.arguments(SnoozeBody)
    @blp.response(200, ReminderSchema)
    @problems(blp, 401, 403, 404, 409, 422)
    def post(self, body, reminder_id):
        """Hide a reminder from me until a time, with a reason: at most the county's snooze
        policy ahead (7 days by default), twice per person; an assignee's snooze holds the
        escalation, and never hides it from the supervisor it went to."""
        actor, now = current_actor(), request_time()
        return inbox.snooze(actor, reminder_id, body["until"], body["reason"], now)


@blp.route("/<int:reminder_id>/close")
class Close(MethodView):
    @blp.arguments(CloseBody)
    @blp.response(200, ReminderSchema)
    @problems(blp, 401, 403, 404, 409, 422)
    def post(self, body, reminder_id):
        """Close a reminder as done, or as not applicable (with a reason)."""
        actor, now = current_actor(), request_time()
        return inbox.close(actor, reminder_id, body["outcome"], body["reason"], now)


@blp.route("/preferences")
class Preferences(MethodView):
    @blp.response(200, PreferenceSchema)
    @problems(blp, 401)
    def get(self):
        """My e-mail preference."""
        return {"digest": inbox.wants_digest(current_actor())}

    @blp.arguments(PreferenceSchema)
    @blp.response(200, PreferenceSchema)
    @problems(blp, 401, 422)
    def put(self, body):
        """Choose a daily digest instead of an e-mail per scan."""
        return {"digest": inbox.set_digest(current_actor(), body["digest"], request_time())}
