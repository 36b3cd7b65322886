"""Searches and sorts ignore case in every script, not only in ASCII, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import literal, select

from lie_review import audit
from lie_review.auth.operations import create_invitation
from lie_review.database import _check_lower_folds_unicode, fold, fold_text
from lie_review.editorial.guards import Refused
from lie_review.editorial.queue.operations import add_section
from lie_review.extensions import db
from lie_review.mail import OutboxMessage

from .factories import make_call, make_case_study, make_user

HX = {"HX-Request": "true"}
# Latin, Greek, Cyrillic, Armenian, Georgian, Cherokee, Greek and Latin extended, fullwidth, Deseret.
SCRIPTS = [(0x41, 0x24F), (0x370, 0x58F), (0x10A0, 0x10FF), (0x13A0, 0x13FF), (0x1E00, 0x1FFF),
           (0xFF00, 0xFF5E), (0x10400, 0x1044F)]


def admin_signed_in(app, auth) -> None:
    with app.app_context():
        make_user("admin", email="admin@example.org", name="Ada Admin", economy_code=None)
        db.session.commit()
    assert auth.login("admin@example.org").status_code == 303


def test_fold_text_lowers_each_character_on_its_own():
    assert fold_text("Иван ПЕТРОВ") == "иван петров"
    assert fold_text("ΟΔΟΣ") == "οδοσ"  # no final sigma: the same as the database's lower()
    assert fold_text("İstanbul") == "istanbul"
    assert fold_text("高齡農民") == "高齡農民"
    assert fold_text(None) is None


def test_fold_in_sql_is_fold_text_for_every_script(app):
    sample = "".join(chr(c) for start, end in SCRIPTS for c in range(start, end + 1))
    words = "ΟΔΟΣ İZMİR Ферма «Рассвет» 高齡農民的合作社 Ǆǅǆ"
    with app.app_context():
        folded = db.session.execute(select(fold(literal(sample)), fold(literal(words)))).one()
    assert tuple(folded) == (fold_text(sample), fold_text(words))


def test_lower_check_is_silent_on_a_utf8_database_and_warns_otherwise(app, caplog):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("PostgreSQL's lower() depends on the database's LC_CTYPE")
        connection = db.engine.raw_connection()
        try:
            with caplog.at_level(logging.WARNING, logger="lie_review.database"):
                _check_lower_folds_unicode(connection.dbapi_connection, None)
        finally:
            connection.close()
    assert caplog.records == []

    class AsciiOnly:
        def cursor(self):
            return self

        def execute(self, _sql):
            pass

        def fetchone(self):
            return ("ЁΣ",)

        def close(self):
            pass

        def rollback(self):
            pass

    with caplog.at_level(logging.WARNING, logger="lie_review.database"):
        _check_lower_folds_unicode(AsciiOnly(), None)
    assert "UTF-8 LC_CTYPE" in caplog.text


@pytest.mark.parametrize("query, found", [
    ("иван", ["Иван Петров"]),
    ("ПЕТРОВ", ["Иван Петров"]),
    ("Ольга", ["ОЛЬГА СМИРНОВА"]),
    ("пример.рф", ["Дмитрий Козлов"]),
    ("ФЕРМА", ["ОЛЬГА СМИРНОВА"]),
    ("ivan", []),
])
def test_people_search_finds_cyrillic_in_any_case(app, client, auth, query, found):
    with app.app_context():
        make_user("reviewer", name="Иван Петров", organisation="Test Organisation")
        make_user("applicant", name="ОЛЬГА СМИРНОВА", organisation="Ферма «Рассвет»")
        create_invitation(email="dmitry@Пример.РФ", name="Дмитрий Козлов", role="applicant", economy_id=None)
        db.session.commit()
    admin_signed_in(app, auth)
    page = client.get("/admin/people", query_string={"q": query}).get_data(as_text=True)
    assert [name for name in ("Иван Петров", "ОЛЬГА СМИРНОВА", "Дмитрий Козлов") if name in page] == found


def test_people_list_orders_cyrillic_names_alphabetically_whatever_their_case(app, client, auth):
    with app.app_context():
        for name in ("Яна Белова", "борис Орлов", "АННА ВОЛКОВА", "Вера Зуева"):
            make_user("applicant", name=name)
        db.session.commit()
    admin_signed_in(app, auth)
    page = client.get("/admin/people").get_data(as_text=True)
    assert sorted(["Яна Белова", "борис Орлов", "АННА ВОЛКОВА", "Вера Зуева"], key=page.index) == [
        "АННА ВОЛКОВА", "борис Орлов", "Вера Зуева", "Яна Белова"]


def dashboard_titles(client, call_id: int, **args) -> list[str]:
    page = client.get(f"/editor/calls/{call_id}", query_string=args).get_data(as_text=True)
    return re.findall(r'<th scope="row"><a href="/editor/case-studies/\d+">([^<]+)</a></th>', page)


@pytest.fixture
def titled_call(app, auth):
    """A call whose case studies have Chinese, Cyrillic and Latin titles; an editor signed in."""
    with app.app_context():
        make_user("editor", email="ed@example.org")
        call = make_call(title="2028")
        for title, organisation in (("高齡農民的合作社", "Cooperative"), ("Ферма «Рассвет»", "Farm"),
                                    ("яблоневый сад", "Orchard"), ("БЕРЕЗОВАЯ РОЩА", "Grove"),
                                    ("Вишневый сад", "Garden"), ("абрикосовый двор", "Yard"),
                                    ("Mountain Tea", "Рассветные холмы")):
            make_case_study(call, make_user(), status="submitted", title=title, organisation_name=organisation)
        db.session.commit()
        call_id = call.id
    auth.login("ed@example.org")
    return call_id


@pytest.mark.parametrize("query, found", [
    ("高齡", ["高齡農民的合作社"]),
    ("рассвет", ["Mountain Tea", "Ферма «Рассвет»"]),
    ("«РАССВЕТ»", ["Ферма «Рассвет»"]),
    ("САД", ["Вишневый сад", "яблоневый сад"]),
    ("Роща", ["БЕРЕЗОВАЯ РОЩА"]),
    ("%", []),
])
def test_dashboard_search_finds_titles_and_organisations_in_any_script_and_case(client, titled_call, query,
                                                                                 found):
    assert dashboard_titles(client, titled_call, q=query) == found


def test_dashboard_title_sort_orders_cyrillic_alphabetically_whatever_the_case(client, titled_call):
    cyrillic = ["абрикосовый двор", "БЕРЕЗОВАЯ РОЩА", "Вишневый сад", "Ферма «Рассвет»", "яблоневый сад"]
    ascending = dashboard_titles(client, titled_call, sort="title")
    assert [title for title in ascending if title in cyrillic] == cyrillic
    assert dashboard_titles(client, titled_call, sort="title", order="desc") == ascending[::-1]


@pytest.mark.parametrize("actor, shown, hidden", [
    ("иван", "case_study.submitted", "decision.made"),
    ("ИВАН ПЕТРОВ", "case_study.submitted", "decision.made"),
    ("Ольга", "decision.made", "case_study.submitted"),
    ("ольга", "decision.made", "case_study.submitted"),
])
def test_audit_actor_search_finds_a_cyrillic_name_in_any_case(app, client, auth, actor, shown, hidden):
    with app.app_context():
        ivan = make_user("reviewer", name="Иван Петров")
        olga = make_user("editor", name="ОЛЬГА СМИРНОВА")
        audit.record("case_study.submitted", object_type="case_study", object_id=1, actor=ivan)
        audit.record("decision.made", object_type="case_study", object_id=2, actor=olga)
        db.session.commit()
    admin_signed_in(app, auth)
    page = client.get("/audit", query_string={"actor": actor}, headers=HX).get_data(as_text=True)
    assert shown in page and hidden not in page


def test_audit_actor_search_still_takes_wildcards_as_text(app, client, auth):
    with app.app_context():
        audit.record("case_study.submitted", object_type="case_study", object_id=1,
                     actor=make_user("reviewer", name="Иван Петров"))
        db.session.commit()
    admin_signed_in(app, auth)
    page = client.get("/audit", query_string={"actor": "_"}, headers=HX).get_data(as_text=True)
    assert "case_study.submitted" not in page


def test_outbox_recipient_search_finds_a_cyrillic_address_in_any_case(app, client, auth):
    with app.app_context():
        db.session.add_all([OutboxMessage(recipient="Иван@Пример.РФ", subject="For Ivan", body="Привет"),
                            OutboxMessage(recipient="chen@example.org", subject="For Chen", body="Hello")])
        db.session.commit()
    admin_signed_in(app, auth)
    for typed in ("иван@пример", "ПРИМЕР.рф"):
        page = client.get("/admin/outbox", query_string={"to": typed}).get_data(as_text=True)
        assert "For Ivan" in page and "For Chen" not in page


def test_report_section_titles_clash_in_any_case_in_every_script(app):
    with app.test_request_context(method="POST"):
        call = make_call()
        add_section(call=call, title="Сельское хозяйство", actor=None)
        with pytest.raises(Refused, match="already a section"):
            add_section(call=call, title="СЕЛЬСКОЕ ХОЗЯЙСТВО", actor=None)
        db.session.rollback()
