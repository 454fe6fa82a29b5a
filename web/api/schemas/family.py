"""The child's family, its categories, and the register's life."""

from __future__ import annotations

from marshmallow import Schema, fields

from casework.vocabulary import ChildCategory, LeaveReason, ParentRole, ParentSituation, Subsistence
from casework.workflows.payloads import Length, one_of
from casework.workflows.register import REGISTER, RegisterState
from web.api.masking import MaskedPhone
from web.api.schemas.actions import action_request
from web.api.schemas.common import PlaceRef


class ParentIn(Schema):
    role = fields.String(required=True, validate=one_of(ParentRole))
    name = fields.String(load_default="", validate=Length(max=100))
    phone = fields.String(load_default="", validate=Length(max=30))
    situation = fields.String(required=True, validate=one_of(ParentSituation))
    since = fields.Date(load_default=None, allow_none=True)
    until = fields.Date(load_default=None, allow_none=True)
    away_place = fields.String(
        load_default="",
        validate=Length(max=200),
        metadata={"description": "where a parent working away works (required then)"},
    )
    evidence_id = fields.Integer(
        load_default=None,
        allow_none=True,
        metadata={"description": "a paper on the child's file (POST /documents, target child)"},
    )
    note = fields.String(load_default="", validate=Length(max=2000))


class FamilyIn(Schema):
    """The family's facts as they are now: the parents' rows replace the earlier ones (kept
    in the file's history)."""

    expected_version = fields.Integer(
        required=True, metadata={"description": "the child's file version you read"}
    )
    parents = fields.List(fields.Nested(ParentIn), load_default=list)
    carer_name = fields.String(
        validate=Length(max=100), metadata={"description": "委托照护人 / kinship carer"}
    )
    carer_relation = fields.String(validate=Length(max=50), metadata={"example": "祖母"})
    carer_phone = fields.String(validate=Length(max=30))
    carer_parent = fields.String(
        allow_none=True,
        validate=one_of(ParentRole),
        metadata={"description": "the carer is this parent (null: someone else)"},
    )
    subsistence = fields.String(validate=one_of(Subsistence))
    seriously_ill = fields.Boolean(metadata={"description": "the child is seriously ill"})
    school = fields.String(validate=Length(max=200))


class ParentOut(Schema):
    role = fields.String()
    name = fields.String()
    phone = MaskedPhone()
    situation = fields.String()
    since = fields.String(allow_none=True, metadata={"format": "date"})
    until = fields.String(allow_none=True, metadata={"format": "date"})
    away_place = fields.String()
    evidence_id = fields.Integer(allow_none=True)
    note = fields.String()


class DerivedOut(Schema):
    category = fields.String()
    because = fields.String(metadata={"description": "the rule that gives it, as a code"})
    params = fields.Dict(keys=fields.String(), values=fields.String())


class ClaimOut(Schema):
    category = fields.String()
    reason = fields.String()
    by = fields.Integer(allow_none=True)
    by_name = fields.String()
    on = fields.String()
    confirmed_by = fields.Integer(allow_none=True)
    confirmed_on = fields.String(allow_none=True)


class FamilyOut(Schema):
    child_id = fields.Integer()
    version = fields.Integer()
    parents = fields.List(fields.Nested(ParentOut))
    carer_name = fields.String()
    carer_relation = fields.String()
    carer_phone = MaskedPhone()
    carer_parent = fields.String(allow_none=True)
    subsistence = fields.String()
    seriously_ill = fields.Boolean()
    school = fields.String()
    categories = fields.List(
        fields.String(), metadata={"description": "what the child counts as: derived + claimed"}
    )
    derived = fields.List(fields.Nested(DerivedOut), metadata={"description": "and why"})
    claims = fields.List(fields.Nested(ClaimOut))
    flagged = fields.List(
        fields.String(),
        metadata={"description": "claims the facts do not show, not yet confirmed"},
    )


class ClaimIn(Schema):
    expected_version = fields.Integer(required=True)
    category = fields.String(
        required=True,
        validate=Length(min=1, max=40),
        metadata={"description": "one of " + ", ".join(ChildCategory) + ", or a category the "
                  "county set itself (county policy child-categories) offered today"},
    )  # fmt: skip
    reason = fields.String(required=True, validate=Length(max=2000))


class ReviewIn(Schema):
    expected_version = fields.Integer(required=True)
    confirm = fields.Boolean(
        required=True, metadata={"description": "true: confirmed; false: withdrawn"}
    )
    reason = fields.String(load_default="", validate=Length(max=2000))


class FlaggedOut(Schema):
    child_id = fields.Integer()
    name = fields.String()
    place = fields.Nested(PlaceRef)
    flagged = fields.List(fields.String())


class RegisterActionRequest(action_request(REGISTER)):
    """An action on the register: reason, payload and the file's version you read."""


class RegisterOut(Schema):
    child_id = fields.Integer(attribute="id")
    name = fields.String()
    place = fields.Nested(PlaceRef)
    version = fields.Integer()
    state = fields.String(metadata={"enum": [str(s) for s in RegisterState]})
    left_reason = fields.String(allow_none=True, metadata={"enum": [str(r) for r in LeaveReason]})
    left_on = fields.Date(allow_none=True)
    moved_to = fields.String()
    moved_to_county_id = fields.Integer(allow_none=True)


class CountsOut(Schema):
    by_state = fields.Dict(keys=fields.String(), values=fields.Integer())
    off_by_reason = fields.Dict(keys=fields.String(), values=fields.Integer())


class ContactIn(Schema):
    role = fields.String(required=True, validate=one_of(ParentRole))
    contacted_on = fields.Date(required=True)
    how = fields.String(load_default="", validate=Length(max=100), metadata={"example": "视频通话"})


class ContactOut(Schema):
    id = fields.Integer()
    role = fields.String()
    contacted_on = fields.Date()
    how = fields.String()


class CardParent(ParentOut):
    last_contact = fields.String(allow_none=True, metadata={"format": "date"})
    contacts_90_days = fields.Integer()


class CardCarer(Schema):
    name = fields.String()
    relation = fields.String()
    phone = MaskedPhone()


class CardDirector(Schema):
    name = fields.String()


class ContactCardOut(Schema):
    """The left-behind child's contact card (联系卡)."""

    child_id = fields.Integer()
    parents = fields.List(fields.Nested(CardParent))
    carer = fields.Nested(CardCarer)
    child_directors = fields.List(fields.Nested(CardDirector))
    school = fields.String()
    days_without_contact = fields.Integer(
        metadata={"description": "the county's limit before the child director is reminded"}
    )
