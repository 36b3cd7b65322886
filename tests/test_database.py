"""Connection settings: SQLite in WAL with foreign keys and a busy timeout; integrity in the database."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from lie_review.extensions import db

from .factories import make_call, make_case_study, make_user


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite connection settings")
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000


def test_check_constraints_refuse_an_unknown_status(app):
    with app.app_context():
        applicant = make_user("applicant")
        case_study = make_case_study(make_call(), applicant)
        db.session.commit()
        with pytest.raises(IntegrityError):
            db.session.execute(text("UPDATE case_study SET status = 'lost' WHERE id = :id"), {"id": case_study.id})
            db.session.flush()
        db.session.rollback()


def test_foreign_keys_are_enforced(app):
    with app.app_context():
        with pytest.raises(IntegrityError):
            db.session.execute(text("INSERT INTO user_role (user_id, role) VALUES (999999, 'editor')"))
            db.session.flush()
        db.session.rollback()


def test_sqrt_is_there_for_the_exports_scores(app):
    from lie_review.database import _sqrt

    assert (_sqrt(6.25), _sqrt(-1e-12), _sqrt(None)) == (2.5, None, None)
    with app.app_context():
        assert db.session.execute(text("SELECT sqrt(6.25)")).scalar() == 2.5


def test_an_export_writes_its_audit_event_in_a_write_transaction_and_streams_in_a_read_one(app, client, auth):
    from sqlalchemy import event

    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite transaction modes")
        make_user("editor", email="ed@example.org")
        call_id = make_call().id
        db.session.commit()
    auth.login("ed@example.org")
    client.get(f"/editor/calls/{call_id}")  # builds the call's maintained scores, which the export then reads
    begins = []
    with app.app_context():
        def listener(conn, cursor, statement, *args):
            if statement.startswith("BEGIN") or statement.startswith("INSERT INTO audit_event"):
                begins.append(statement.split(" (")[0])

        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            client.get(f"/exports/calls/{call_id}/shortlist.csv").get_data()
            client.get(f"/editor/calls/{call_id}/report-queue")
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
    assert begins[:3] == ["BEGIN IMMEDIATE", "INSERT INTO audit_event", "BEGIN"]
    assert begins.count("BEGIN IMMEDIATE") == 1  # the streamed rows and the next page only read
