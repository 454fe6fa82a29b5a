"""schemathesis against a live server: every documented operation of the OpenAPI
document, with valid tokens of several roles, against a small world on a loopback port. No
answer may be a 5xx or break the documented schema. Bounded: a few examples per operation."""

from __future__ import annotations

import os
import threading

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks
from werkzeug.serving import make_server

from casework.db import bind, db, migrate
from casework.models import ALL_MODELS, User
from casework.services import accounts
from casework.settings import Settings
from tests.conftest import NOW, ON_POSTGRES, PG_URL
from tests.factories import build_world
from web import create_app

ROLES = ("reviewer", "intake_clerk", "institution_staff", "admin", "case_worker", "leader")
# every example is sent with an admin's and a reviewer's token, then one more role
ALWAYS = ("admin", "reviewer")
# per operation: ~70 operations stay within a few minutes on two shared cores; a release runs
# more (docs/deployment.md): CASEWORK_FUZZ_EXAMPLES=200
EXAMPLES = int(os.environ.get("CASEWORK_FUZZ_EXAMPLES", "3"))


def _spec() -> dict:
    # the document needs no data; an in-memory database satisfies the per-request connection
    app = create_app(Settings(database_url="sqlite:///:memory:"))
    return app.test_client().get("/api/v1/openapi.json").json


schema = schemathesis.openapi.from_dict(_spec())


@pytest.fixture(scope="module")
def live(tmp_path_factory, _postgres_schema):
    """A server on a loopback port over a migrated database holding the test world."""
    if ON_POSTGRES:
        url = PG_URL
        bind(url)
        tables = ", ".join(f'"{m._meta.table_name}"' for m in ALL_MODELS)
        with db.connection_context():
            db.execute_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}"
        bind(url)
        migrate()
    with db.connection_context():
        world = build_world(NOW)
        world.application()
    documents = tmp_path_factory.mktemp("documents")
    app = create_app(
        Settings(database_url=url, documents_dir=str(documents), api_per_minute=10**6,
                 bad_tokens_per_minute=10**6),
        bind_database=False,
    )  # fmt: skip
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", world
    server.shutdown()
    thread.join(5)
    if ON_POSTGRES:
        db.obj.close_all()


def fresh_token(world, role: str) -> str:
    """A new token each call: the fuzzer may revoke any token it can name."""
    user = world.a.users[role]
    with db.connection_context():
        return accounts.issue_token(User.get_by_id(user.id), NOW, days=3650)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_and_every_answer_as_documented(case, live):
    base_url, world = live
    test_no_server_error_and_every_answer_as_documented.calls = n = (
        getattr(test_no_server_error_and_every_answer_as_documented, "calls", 0) + 1
    )
    for role in (*ALWAYS, ROLES[n % len(ROLES)]):
        case.call_and_validate(
            base_url=f"{base_url}/api/v1",
            headers={"Authorization": f"Bearer {fresh_token(world, role)}"},
            checks=[checks.not_a_server_error, checks.response_schema_conformance],
        )
