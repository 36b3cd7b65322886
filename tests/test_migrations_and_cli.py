"""Migrations build the whole schema from empty on both databases; the CLI seeds idempotently."""

from __future__ import annotations

import os
import secrets

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, inspect, select, text

from lie_review import create_app
from lie_review.auth.models import Economy, User
from lie_review.case_studies.models import CaseStudy, Forum
from lie_review.extensions import db
from lie_review.config import normalise_database_url

from .conftest import BACKENDS, _test_config


@pytest.fixture(params=BACKENDS)
def empty_database_uri(request, tmp_path):
    if request.param == "sqlite":
        yield "sqlite:///" + str(tmp_path / "empty.sqlite3")
        return
    base = normalise_database_url(os.environ["TEST_DATABASE_URL"])
    schema = f"lie_migrate_{secrets.token_hex(4)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield f"{base}?options=-csearch_path%3D{schema}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def test_migrations_upgrade_from_empty_to_the_models(empty_database_uri, tmp_path):
    app = create_app(_test_config(empty_database_uri, tmp_path))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
            tables = set(inspect(connection).get_table_names())
        assert diff == []
        assert {"case_study", "review", "score", "audit_event", "report_entry"} <= tables
        db.engine.dispose()


def test_init_db_and_seed_demo_are_idempotent(empty_database_uri, tmp_path):
    app = create_app(_test_config(empty_database_uri, tmp_path))
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["init-db"])
        assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.execute(select(func.count(Economy.id))).scalar_one() == 21
        assert db.session.execute(select(func.count(Forum.id))).scalar_one() == 4
        cohosts = set(db.session.execute(select(Economy.code).where(Economy.is_cohost)).scalars())
        assert cohosts == {"CT", "RUS", "THA", "PHL"}

    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "Demo data created." in first.output
    assert "editor@example.org" in first.output
    with app.app_context():
        counts = (db.session.execute(select(func.count(User.id))).scalar_one(),
                  db.session.execute(select(func.count(CaseStudy.id))).scalar_one())
        statuses = set(db.session.execute(select(CaseStudy.status)).scalars())
        reviewer_economies = set(db.session.execute(
            select(Economy.code).join(User, User.economy_id == Economy.id).where(User.email.like("reviewer.%"))
        ).scalars())
    assert counts[1] >= 40
    assert {"draft", "submitted"} <= statuses
    assert reviewer_economies == {"CT", "RUS", "THA", "PHL"}

    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert "Demo data already present." in second.output
    assert "editor@example.org" in second.output  # the accounts are printed again
    with app.app_context():
        assert (db.session.execute(select(func.count(User.id))).scalar_one(),
                db.session.execute(select(func.count(CaseStudy.id))).scalar_one()) == counts
        db.engine.dispose()


def test_demo_accounts_can_log_in(empty_database_uri, tmp_path):
    app = create_app(_test_config(empty_database_uri, tmp_path))
    runner = app.test_cli_runner()
    runner.invoke(args=["init-db"])
    output = runner.invoke(args=["seed-demo"]).output
    passwords = dict(line.split() for line in output.splitlines() if "@example.org" in line)
    client = app.test_client()
    for email in ("admin@example.org", "editor@example.org", "reviewer.tha@example.org", "applicant@example.org"):
        page = client.get("/login").get_data(as_text=True)
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        response = client.post("/login", data={"email": email, "password": passwords[email], "csrf_token": token})
        assert response.status_code == 303, email
        assert client.get("/home").status_code == 200
        client.post("/logout", data={"csrf_token": client.get("/home").get_data(as_text=True)
                                     .split('name="csrf_token" value="')[1].split('"')[0]})
    with app.app_context():
        db.engine.dispose()


def test_create_user_prompts_for_the_password(app, runner):
    result = runner.invoke(args=["create-user", "--email", "Root@Example.org", "--name", "Root",
                                 "--role", "admin", "--role", "editor"],
                           input="a long enough password\na long enough password\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.execute(select(User).where(User.email == "root@example.org")).scalar_one()
        assert user.roles == {"admin", "editor"}
    again = runner.invoke(args=["create-user", "--email", "root@example.org", "--name", "Root"],
                          input="a long enough password\na long enough password\n")
    assert again.exit_code != 0
    assert "already exists" in again.output


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.setenv("LIE_REVIEW_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        create_app()
