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
