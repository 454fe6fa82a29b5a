"""Which children's files a user reaches: the ones they may read, and the ones a new record
(an application, a report) may name. Below the workflows, so that their guards and the
services ask the same question."""

from __future__ import annotations

from casework.errors import FieldError, Invalid
from casework.models import Child, Institution, Place, RehabApplication
from casework.vocabulary import Role

# Roles that read no child's file, whatever their place: a department's staff know of a child
# only what the request transferred to them says (docs/one-window.md).
NO_FILES = frozenset({Role.DEPARTMENT_STAFF})


def scoped(actor, query=None):
    """Children the actor (a workflows.definition.Actor) may see, as a query."""
    query = Child.select() if query is None else query  # a query's truth would run it
    if actor.role == Role.SYSTEM:
        return query
    if actor.role in NO_FILES:
        return query.where(Child.id.is_null())
    if actor.role == Role.INSTITUTION_STAFF:
        mine = RehabApplication.select(RehabApplication.child).where(
            (RehabApplication.institution == actor.institution_id)
            | (RehabApplication.submitted_by_institution == actor.institution_id)
        )
        return query.where(Child.id.in_(mine))
    return query.join(Place, on=(Child.place == Place.id)).where(
        Place.path.startswith(actor.place_path or "-")
    )


def linkable(actor, child_id, *, id_number: str | None = None) -> Child:
    """The child a new record may name: one the actor may read, or, for institution staff
    filing on a guardian's behalf, a child of the institution's county whose whole ID number
    they hold from the papers. Any other is answered as an unknown id is: linking must not
    tell a name, nor that a file exists."""
    child = Child.get_or_none(id=child_id) if type(child_id) is int else None
    if child is not None:
        if scoped(actor).where(Child.id == child.id).exists():
            return child
        if (
            actor.role == Role.INSTITUTION_STAFF
            and (id_number or "").strip().upper() == child.id_number
            and Institution.get_by_id(actor.institution_id).county_id == child.place.county_id
        ):
            return child
    no_such = FieldError("no child's file with this id here", code="no_such_child")
    raise Invalid("unknown child", {"child_id": [no_such]}, code="unknown_child")
