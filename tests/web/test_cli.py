"""The command line: migrate, create-user, issue-token, demo and docs, through Flask's runner."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from peewee import fn

from casework.clock import utcnow
from casework.db import migrations
from casework.models import (
    ApiToken,
    AuditEntry,
    Child,
    Place,
    RehabApplication,
    ReportCase,
    User,
    Visit,
)
from casework.rules.deadlines import local_date
from casework.services import accounts
from casework.services.demo_county import (
    CHUN_AN,
    COUNTIES,
    PROVINCE_CODE,
    PROVINCE_NAME,
    PROVINCE_OFFICER,
    demo_token,
)
from casework.vocabulary import VisitKind
from casework.workflows.rehab import RehabState
from casework.workflows.report import ReportState

API = "/api/v1"
SAMPLES = Path(__file__).parents[2] / "docs" / "samples"


@pytest.fixture
def cli(app, database):
    runner = app.test_cli_runner()

    def invoke(*args, **kwargs):
        return runner.invoke(args=[str(a) for a in args], **kwargs)

    return invoke


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_migrate_says_the_schema_is_current(cli):
    result = cli("migrate")
    assert result.exit_code == 0, result.output
    assert "schema is current" in result.output


def test_create_user_binds_the_user_to_a_place_by_code(cli, world):
    result = cli(
        "create-user", "wangfang", "--name", "王芳", "--role", "reviewer",
        "--place", world.a.county.code, "--password", "long-enough-1", "--email", "w@example.org",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = User.get(User.username == "wangfang")
    assert (user.role, user.place_id, user.email) == (
        "reviewer",
        world.a.county.id,
        "w@example.org",
    )
    assert accounts.check_password("long-enough-1", user.password_hash)


def test_create_user_asks_for_the_password_twice(cli, world):
    village = world.a.villages[0]
    result = cli(
        "create-user", "director", "--name", "姜美", "--role", "child_director",
        "--place", village.code, input="long-enough-1\nlong-enough-1\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert User.get(User.username == "director").place_id == village.id


def test_create_user_binds_institution_staff_to_an_institution(cli, world):
    institution = world.a.institutions[1]
    result = cli(
        "create-user", "staff9", "--name", "程静", "--role", "institution_staff",
        "--institution", institution.id, "--password", "long-enough-1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert User.get(User.username == "staff9").institution_id == institution.id


@pytest.mark.parametrize(
    ("arguments", "exit_code", "message"),
    [
        (["--role", "chief", "--place", "330127"], 2, "'chief' is not one of"),
        (["--role", "system", "--place", "330127"], 2, "'system' is not one of"),
        (["--role", "reviewer", "--place", "999999"], 1, "no place has code 999999"),
        (["--role", "child_director", "--place", "330127"], 1, "a village is required"),
        (["--role", "reviewer", "--place", "330127001"], 1, "a county is required"),
        (["--role", "reviewer"], 1, "a county is required"),
        (["--role", "institution_staff", "--place", "330127"], 1, "institution_id: required"),
        (["--role", "institution_staff", "--institution", "999"], 1, "institution_id: required"),
        (["--role", "reviewer", "--place", "330127", "--password", "short"], 1, "8 characters"),
    ],
)
def test_create_user_refuses_bad_input_and_creates_nobody(
    cli, world, arguments, exit_code, message
):
    users = User.select().count()
    if "--password" not in arguments:
        arguments = [*arguments, "--password", "long-enough-1"]
    result = cli("create-user", "newcomer", "--name", "新人", *arguments)
    assert result.exit_code == exit_code, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert User.select().count() == users


def test_create_user_refuses_a_taken_username(cli, world):
    taken = world.a.users["reviewer"].username
    result = cli(
        "create-user", taken, "--name", "重名", "--role", "reviewer", "--place", "330127",
        "--password", "long-enough-1",
    )  # fmt: skip
    assert result.exit_code == 1 and "is taken" in result.output


def test_issue_token_prints_a_token_that_signs_the_user_in(cli, app, world):
    user = world.a.users["reviewer"]
    result = cli("issue-token", user.username, "--days", "7", "--label", "laptop")
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    assert accounts.authenticate(token, utcnow()).id == user.id
    stored = ApiToken.select().order_by(ApiToken.id.desc()).get()
    assert stored.label == "laptop" and stored.token_hash != token
    response = app.test_client().get(f"{API}/users/me", headers=bearer(token))
    assert response.status_code == 200 and response.get_json()["username"] == user.username


def test_issue_token_refuses_an_unknown_or_inactive_user(cli, world):
    tokens = ApiToken.select().count()
    assert cli("issue-token", "nobody").exit_code == 1
    user = world.a.users["teacher"]
    User.update(active=False).where(User.id == user.id).execute()
    result = cli("issue-token", user.username)
    assert result.exit_code == 1 and "no active user" in result.output
    assert ApiToken.select().count() == tokens


@pytest.mark.slow  # loads the demo
def test_demo_resets_loads_every_state_once_and_its_tokens_work(cli, app, world):
    """One load (it takes seconds): the world's county a is 淳安县 (330127) too, so the demo
    counts as loaded until --reset empties the database."""
    refused = cli("demo")
    assert refused.exit_code == 1 and "already loaded" in refused.output
    assert cli("demo", "--if-missing").exit_code == 0
    result = cli("demo", "--reset", "--yes")
    assert result.exit_code == 0, result.output
    assert "demo-reviewer-token" in result.output

    assert not User.select().where(User.username == world.a.users["reviewer"].username).exists()
    assert User.select().count() == sum(len(c.users) for c in COUNTIES) + 1  # the province's
    states = {a.state for a in RehabApplication.select(RehabApplication.state)}
    assert states == {str(s) for s in RehabState}
    assert f"{Child.select().count()} children" in result.output
    # the application a report case opened counted too, as the README's table says
    assert f"{RehabApplication.select().count()} applications" in result.output
    assert RehabApplication.select().where(RehabApplication.due_at < utcnow()).count() > 0
    ids = [child.id_number for child in Child.select().where(Child.id_pending == False)]  # noqa: E712
    assert all(n.startswith(("330127", "330122")) for n in ids) and len(set(ids)) == len(ids)
    # the one child without an ID number holds a placeholder until it is known
    assert [c.id_number[:4] for c in Child.select().where(Child.id_pending == True)] == ["NOID"]  # noqa: E712
    for county in COUNTIES:
        for user in county.users:
            assert accounts.authenticate(demo_token(user.username), utcnow())
    _demo_scope_works(app.test_client())
    _demo_province_works(app.test_client())
    _demo_has_protection_work(app.test_client())
    _samples_import_against_the_demo(cli)

    counts = (Place.select().count(), Child.select().count(), RehabApplication.select().count())
    again = cli("demo")
    assert again.exit_code == 1 and "already loaded" in again.output
    assert (Place.select().count(), Child.select().count(), RehabApplication.select().count()) == (
        counts
    )


def _demo_scope_works(client) -> None:
    chun_an = Place.get(Place.code == CHUN_AN.code)
    overdue = client.get(
        f"{API}/rehab-applications?overdue=true", headers=bearer(demo_token("reviewer"))
    )
    assert overdue.status_code == 200 and overdue.get_json()["total"] > 0
    application = RehabApplication.select().where(RehabApplication.county == chun_an.id).first()
    url = f"{API}/rehab-applications/{application.id}"
    assert client.get(url, headers=bearer(demo_token("reviewer"))).status_code == 200
    assert client.get(url, headers=bearer(demo_token("tonglu-reviewer"))).status_code == 403


def _demo_province_works(client) -> None:
    """The province's officer reads both counties' rows (missing until the scheduler takes
    their figures), and no county's case."""
    officer = bearer(demo_token(PROVINCE_OFFICER.username))
    body = client.get(f"{API}/province/figures", headers=officer).get_json()
    assert (body["name"], body["code"]) == (PROVINCE_NAME, PROVINCE_CODE)
    assert sorted(row["code"] for row in body["counties"]) == sorted(c.code for c in COUNTIES)
    assert client.get(f"{API}/rehab-applications/1", headers=officer).status_code in (403, 404)


def _demo_has_protection_work(client) -> None:
    """Report cases in every state, some past their time limit; visits of every kind; work
    due and overdue for the case worker and the village child director."""
    states = {c.state for c in ReportCase.select(ReportCase.state)}
    assert states == {str(s) for s in ReportState}
    assert ReportCase.select().where(ReportCase.due_at < utcnow()).count() > 0
    linked = ReportCase.select().where(ReportCase.rehab_application.is_null(False)).get()
    assert RehabApplication.get_by_id(linked.rehab_application_id).child_id == linked.child_id
    assert {v.kind for v in Visit.select(Visit.kind)} == {str(k) for k in VisitKind}
    home = Visit.select().where(Visit.kind == VisitKind.HOME_EDUCATION)
    assert all(v.class_hours >= 2 and v.subject for v in home)
    for username in ("case-worker", "child-director"):
        due = client.get(f"{API}/visits/due", headers=bearer(demo_token(username))).get_json()
        monitoring = {i["status"] for i in due["items"] if i["kind"] == "monitoring"}
        assert monitoring == {"due", "overdue"}, username
        assert "overdue" in {i["status"] for i in due["items"] if i["kind"] == "regular"}
        cases = client.get(f"{API}/reports", headers=bearer(demo_token(username))).get_json()
        assert cases["total"] > 0, username
    teacher = client.get(f"{API}/visits/due", headers=bearer(demo_token("teacher"))).get_json()
    assert {i["kind"] for i in teacher["items"]} == {"home_education"}


def _samples_import_against_the_demo(cli) -> None:
    """docs/samples: the .xlsx's bad row is reported and nothing is written; the corrected
    .csv (GB18030) is written whole."""
    children = Child.select().count()
    refused = cli("registry", "import", SAMPLES / "registry-qiandaohu.xlsx", "--as",
                  "child-supervisor")  # fmt: skip
    assert refused.exit_code == 1
    assert "5 rows (xlsx): 4 good, 1 bad, 0 written" in refused.output
    assert "row 5 (330127201206308031): 身份证号: ID number has a wrong check digit" in (
        refused.output
    )
    assert "nothing was written" in refused.output
    assert Child.select().count() == children

    written = cli("registry", "import", SAMPLES / "registry-qiandaohu-corrected.csv", "--as",
                  "child-supervisor")  # fmt: skip
    assert written.exit_code == 0, written.output
    assert "5 rows (GB18030): 5 good, 0 bad, 5 written" in written.output
    assert Child.select().count() == children + 5
    child = Child.get(Child.id_number == "330127202004128026")
    assert (child.name, child.place.name, child.disability_types) == ("程小雨", "进贤村", ["limb"])


def test_the_child_protection_walk_through_uses_the_committed_samples():
    """docs/child-protection.md imports the samples and then files a report about 程小雨 by
    the ID number in the corrected sheet: keep the three in step."""
    doc = (SAMPLES.parent / "child-protection.md").read_text(encoding="utf-8")
    named = set(re.findall(r"docs/samples/([\w.-]+)", doc))
    assert named == {"registry-qiandaohu.xlsx", "registry-qiandaohu-corrected.csv"}
    assert all((SAMPLES / name).is_file() for name in named)
    corrected = (SAMPLES / "registry-qiandaohu-corrected.csv").read_bytes().decode("gb18030")
    looked_up = set(re.findall(r"id_number=(\d{17}[\dX])", doc))
    assert looked_up and all(f"{number},程小雨," in corrected for number in looked_up)


@pytest.mark.slow
def test_demo_loads_as_of_a_chosen_day_for_a_rehearsal(cli):
    result = cli("demo", "--today", "2028-02-29")
    assert result.exit_code == 0, result.output
    assert "CASEWORK_TODAY=2028-02-29" in result.output
    latest = AuditEntry.select(fn.MAX(AuditEntry.at)).scalar()
    assert local_date(latest) in (dt.date(2028, 2, 28), dt.date(2028, 2, 29))
    refused = cli("demo", "--reset", "--yes", "--today", "29 February")
    assert refused.exit_code == 2 and "--today" in refused.output


def test_demo_refuses_an_unmigrated_database(cli):
    runner = migrations()
    runner.down(runner.status()[0].name)  # every migration rolled back
    result = cli("demo")
    assert result.exit_code == 1 and "not migrated" in result.output
    assert cli("migrate").exit_code == 0


def test_demo_reset_asks_first_and_stops_on_no(cli, world):
    users = User.select().count()
    result = cli("demo", "--reset", input="n\n")
    assert result.exit_code == 1 and "Aborted" in result.output
    assert User.select().count() == users


def test_docs_check_passes_on_the_committed_readme(cli):
    result = cli("docs", "--check")
    assert result.exit_code == 0, result.output
    assert "current" in result.output
