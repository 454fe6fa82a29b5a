"""The pages' side of the village phone: a double tap of the visit form and the outbox's sends
are done once (the idempotency key of web/idempotency.py), a visit sent after the child moved is
kept and flagged and shown to the township supervisor, the service worker's list of pages stays
in the user's area, sign-out clears what the phone kept, and the offline pages stay small."""

from __future__ import annotations

import datetime as dt
import re
import struct

from casework.models import AuditEntry, Child, ReportCase, Visit
from casework.services import children

JSON = {"Accept": "application/json"}


def due_child(world, village: int = 0, county=None) -> Child:
    county = county or world.a
    child = world.child(county, village=village, disabilities=())
    world.categorise(child, "guardianship", county=county)
    Child.update(created_at=dt.datetime(2025, 10, 1)).where(Child.id == child.id).execute()
    return child


def visit_form(child, **more):
    return {"child_id": child.id, "kind": "regular", "visited_on": "2026-03-01",
            "findings": "祖母照料", **more}  # fmt: skip


def test_a_double_tap_of_the_visit_form_records_one_visit(as_role, world):
    child = due_child(world)
    director = as_role("child_director")
    form = director.text(f"/visits/new?child_id={child.id}&kind=regular")
    assert 'data-outbox="visit"' in form
    tap = visit_form(child, idempotency_key="tap-1")
    first, second = director.post("/visits/new", tap), director.post("/visits/new", tap)
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    assert second.headers["Idempotent-Replayed"] == "true"
    assert Visit.select().count() == 1
    assert AuditEntry.select().where(AuditEntry.entity == "visit").count() == 1


def test_the_outbox_sends_once_and_reads_what_happened(as_role, world):
    child = due_child(world)
    director = as_role("child_director")
    director.get("/visits")
    key = {"Idempotency-Key": "outbox-1"} | JSON
    data = visit_form(child, captured_offline="yes")
    sent = director.post("/visits/new", data, headers=key)
    again = director.post("/visits/new", data, headers=key)
    assert (sent.status_code, sent.get_json()["flag"]) == (201, "")
    assert again.get_json() == sent.get_json() and Visit.select().count() == 1
    other = director.post("/visits/new", visit_form(child, findings="另一次"), headers=key)
    assert other.status_code == 409 and Visit.select().count() == 1
    refused = director.post("/visits/new", visit_form(child, findings=""),
                            headers={"Idempotency-Key": "outbox-2"} | JSON)  # fmt: skip
    assert refused.status_code == 422 and "findings" in refused.get_json()["errors"]
    report = {
        "reporter_name": "李主任",
        "place_id": world.a.villages[0].id,
        "harm_type": "abandonment",
        "facts": "孩子独自在家",
        "child_description": "女孩",
    }
    key = {"Idempotency-Key": "outbox-3"} | JSON
    filed = director.post("/reports/new", report, headers=key)
    refiled = director.post("/reports/new", report, headers=key)
    assert filed.status_code == refiled.status_code == 201
    assert refiled.get_json() == filed.get_json() and ReportCase.select().count() == 1


def test_a_visit_sent_after_the_child_moved_is_flagged_for_the_supervisor(as_role, world):
    child = due_child(world)
    director = as_role("child_director")
    director.get("/visits")
    children.update_child(world.a.actor("case_worker"), child.id,
                          {"place_id": world.a.villages[1].id}, world.now)  # fmt: skip
    sent = director.post("/visits/new", visit_form(child, captured_offline="yes"),
                         headers={"Idempotency-Key": "moved-1"} | JSON)  # fmt: skip
    assert (sent.status_code, sent.get_json()["flag"]) == (201, "child_moved")
    supervisor = as_role("child_supervisor").text("/visits")
    assert "儿童已迁出走访人的辖区" in supervisor and child.name in supervisor
    other = as_role("child_supervisor", world.b).text("/visits")
    assert child.name not in other  # another county's supervisor


def test_the_pages_kept_offline_are_the_users_own(as_role, world):
    mine, elsewhere = due_child(world), due_child(world, village=2)
    theirs = due_child(world, county=world.b)
    kept = as_role("child_director").get("/offline/pages").get_json()["pages"]
    assert {"/visits", "/visits/new", "/reports/new", "/children"} <= set(kept)
    forms = [p for p in kept if "child_id=" in p]
    assert forms == [f"/visits/new?child_id={mine.id}&kind=regular"]
    supervised = as_role("child_supervisor").get("/offline/pages").get_json()["pages"]
    assert {f"/visits/new?child_id={c.id}&kind=regular" for c in (mine,)} <= set(supervised)
    assert not any(f"child_id={theirs.id}&" in p for p in supervised)
    assert not any(f"child_id={elsewhere.id}&" in p for p in supervised)  # another township
    assert as_role("intake_clerk").get("/offline/pages").get_json() == {"pages": []}


def test_the_offline_session_and_sign_out(as_role, browser):
    assert browser.get("/offline/session").status_code == 401
    director = as_role("child_director")
    session = director.get("/offline/session")
    assert session.get_json()["signed_in"] and session.headers["Cache-Control"] == "no-store"
    home = director.text("/visits")
    assert 'rel="manifest"' in home and 'id="outbox"' in home
    assert 'rel="manifest"' not in as_role("intake_clerk").text("/children")
    out = director.post("/sign-out")
    assert out.headers["Clear-Site-Data"] == '"cache", "storage"'


def test_the_manifest_and_the_service_worker(browser):
    manifest = browser.get("/manifest.webmanifest")
    assert manifest.mimetype == "application/manifest+json"
    assert manifest.get_json()["scope"] == "/" and manifest.get_json()["icons"]
    worker = browser.get("/sw.js")
    body = worker.get_data(as_text=True)
    worker.close()  # a file sent from the disk
    assert worker.mimetype == "text/javascript" and "Outbox.flush" in body
    assert worker.headers["Service-Worker-Allowed"] == "/"


def test_the_manifest_lists_png_icons_the_site_serves(browser):
    """Android installs an app from a 192 and a 512 pixel PNG; the SVG alone is not enough."""
    icons = browser.get("/manifest.webmanifest").get_json()["icons"]
    pngs = {icon["sizes"]: icon["src"] for icon in icons if icon["type"] == "image/png"}
    assert set(pngs) == {"192x192", "512x512"}
    for sizes, src in pngs.items():
        response = browser.client.get(src)  # the raw client: the Browser reads pages as text
        body = response.get_data()
        response.close()  # a file sent from the disk
        assert response.status_code == 200 and response.mimetype == "image/png"
        assert body[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", body[16:24])  # IHDR: the picture's size
        assert f"{width}x{height}" == sizes
    assert "image/svg+xml" in {icon["type"] for icon in icons}  # the SVG stays for the rest


def size(browser, url: str) -> int:
    response = browser.get(url)
    body = response.get_data()
    response.close()  # a file sent from the disk
    return len(body)


def test_the_first_load_of_the_offline_pages_is_small(as_role, world):
    """Under 150 KB over the wire, uncompressed: each kept page with what it loads."""
    for _ in range(20):
        due_child(world)
    director = as_role("child_director")
    for page in ("/visits", "/visits/new", "/reports/new", "/children"):
        html = director.get(page).get_data()
        assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html.decode())
        assert not any(a.endswith((".woff", ".woff2", ".ttf", ".otf")) for a in assets)
        total = len(html) + sum(size(director, a) for a in set(assets))
        assert total < 150_000, (page, total)
