"""Attachments: recognised by their content, limited in size and number, stored in the database,
downloaded only by those who may see the case study, removed while a draft."""

from __future__ import annotations

import hashlib
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from lie_review.case_studies.attachments import MAX_BYTES, describe_size, safe_filename, sniff
from lie_review.case_studies.models import Attachment, CaseStudy
from lie_review.extensions import db
from lie_review.reviews.models import Assignment

from ..factories import make_call, make_case_study, make_user
from .support import form_data, setup_applicant, stored

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


@pytest.mark.parametrize("head, expected", [
    (PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg"),
    (EXE, None), (b"", None), (b"%PD", None), (b"<html><script>", None), (b"GIF89a", None),
])
def test_sniff_recognises_files_by_their_first_bytes(head, expected):
    assert sniff(head) == expected


@pytest.mark.parametrize("name, content_type, expected", [
    ("Annual report.PDF", "application/pdf", "Annual report.pdf"),
    ("photo.jpeg", "image/jpeg", "photo.jpeg"),
    ("setup.exe", "application/pdf", "setup.exe.pdf"),
    ("../../etc/passwd", "image/png", "passwd.png"),
    ("C:\\Users\\me\\map.png", "image/png", "map.png"),
    ("", "application/pdf", "attachment.pdf"),
    ('"><script>.pdf', "application/pdf", "script.pdf"),
    ("a|b;c&d$e`f.png", "image/png", "a_b_c_d_e_f.png"),
    ("นโยบาย ชุมชน.pdf", "application/pdf", "นโยบาย ชุมชน.pdf"),
])
def test_safe_filename_keeps_a_readable_name_with_the_right_extension(name, content_type, expected):
    assert safe_filename(name, content_type) == expected


@given(st.text(max_size=400), st.sampled_from(["application/pdf", "image/png", "image/jpeg"]))
def test_safe_filename_is_always_a_plain_name_ending_as_its_content(name, content_type):
    result = safe_filename(name, content_type)
    assert 0 < len(result) <= 255
    assert not set(result) & set('/\\<>"\'&;|`$\x00\r\n')
    assert not result.startswith(".")
    assert result.lower().endswith({"application/pdf": (".pdf",), "image/png": (".png",),
                                    "image/jpeg": (".jpg", ".jpeg")}[content_type])


def test_describe_size_speaks_in_kilobytes_and_megabytes():
    assert [describe_size(n) for n in (10, 2048, 5 * 1024 * 1024 + 1)] == ["1 KB", "2 KB", "5.0 MB"]


def upload(client, case_study_id, content: bytes, filename: str, **changes):
    data = form_data(client, case_study_id, action="save", **changes)
    return client.post(f"/case-studies/{case_study_id}/edit",
                       data={**data, "attachment": (io.BytesIO(content), filename)})


def attachments_of(app, case_study_id) -> list[Attachment]:
    with app.app_context():
        rows = list(db.session.execute(
            select(Attachment).where(Attachment.case_study_id == case_study_id).order_by(Attachment.id)
        ).scalars())
        for row in rows:
            db.session.expunge(row)
        return rows


def test_a_pdf_is_stored_in_the_database_and_downloads_as_an_attachment(app, client, auth):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    response = upload(client, case_study_id, PDF, "Annual report.pdf", summary="Saved with the upload")
    assert response.status_code == 303
    [attachment] = attachments_of(app, case_study_id)
    assert (attachment.filename, attachment.content_type, attachment.size) == (
        "Annual report.pdf", "application/pdf", len(PDF))
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert stored(app, case_study_id).summary == "Saved with the upload"
    form = client.get(f"/case-studies/{case_study_id}/edit").get_data(as_text=True)
    assert "Annual report.pdf" in form and "(PDF, 1 KB)" in form

    download = client.get(f"/case-studies/{case_study_id}/attachments/{attachment.id}")
    assert download.status_code == 200
    assert download.data == PDF
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "Annual%20report.pdf" in download.headers["Content-Disposition"] or \
        'filename="Annual report.pdf"' in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download.headers["Content-Security-Policy"]
    assert "no-store" in download.headers["Cache-Control"]


@pytest.mark.parametrize("content, filename, message", [
    (EXE, "budget.pdf", "“budget.pdf” is not a PDF, PNG or JPEG file."),
    (b"%PDF-" + b"0" * (11 * 1024 * 1024), "scan.pdf", "“scan.pdf” is larger than 10 MB"),
    (b"", "empty.pdf", "“empty.pdf” is empty."),
])
def test_an_unacceptable_file_is_refused_with_a_message_and_nothing_is_stored(app, client, auth, content,
                                                                             filename, message):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    response = upload(client, case_study_id, content, filename, title="Not saved either")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'<p class="error" id="attachment-error">{message}' in page
    assert '<a href="#attachment">Add an attachment:' in page
    assert stored(app, case_study_id).title == "Draft one"
    assert attachments_of(app, case_study_id) == []


def test_saving_without_choosing_a_file_adds_nothing(app, client, auth):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    data = form_data(client, case_study_id, title="Saved", action="save")
    response = client.post(f"/case-studies/{case_study_id}/edit",
                           data={**data, "attachment": (io.BytesIO(b""), "")})
    assert response.status_code == 303
    assert stored(app, case_study_id).title == "Saved"
    assert attachments_of(app, case_study_id) == []


def test_a_sixth_file_is_refused(app, client, auth):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    for n, (content, name) in enumerate([(PDF, "a.pdf"), (PNG, "b.png"), (JPEG, "c.jpg"), (PDF, "d.pdf"),
                                         (PNG, "e.png")]):
        assert upload(client, case_study_id, content, name).status_code == 303, n
    form = client.get(f"/case-studies/{case_study_id}/edit").get_data(as_text=True)
    assert "This case study has 5 attachments, the most it can have." in form
    assert 'disabled id="attachment"' in form
    response = upload(client, case_study_id, PDF, "f.pdf")
    assert response.status_code == 422
    assert "already has 5 attachments, the most it can have. Remove one to add another." in response.get_data(
        as_text=True)
    assert [a.filename for a in attachments_of(app, case_study_id)] == ["a.pdf", "b.png", "c.jpg", "d.pdf", "e.png"]


def test_an_attachment_is_removed_while_a_draft_but_not_once_submitted(app, client, auth):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    upload(client, case_study_id, PDF, "keep.pdf")
    upload(client, case_study_id, PNG, "drop.png")
    keep, drop = attachments_of(app, case_study_id)
    response = client.post(f"/case-studies/{case_study_id}/attachments/{drop.id}/remove", data={})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/case-studies/{case_study_id}/edit#attachments"
    assert "“drop.png” is removed." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert [a.id for a in attachments_of(app, case_study_id)] == [keep.id]
    with app.app_context():
        db.session.get(CaseStudy, case_study_id).status = "submitted"
        db.session.commit()
    assert client.post(f"/case-studies/{case_study_id}/attachments/{keep.id}/remove", data={}).status_code == 403
    assert [a.id for a in attachments_of(app, case_study_id)] == [keep.id]
    # An attachment of another case study cannot be reached through this one.
    with app.app_context():
        other = make_case_study(make_call(), make_user("applicant"))
        other.attachments.append(Attachment(filename="x.pdf", content_type="application/pdf", size=len(PDF),
                                            sha256="0" * 64, data=PDF))
        db.session.commit()
        other_attachment = other.attachments[0].id
    assert client.get(f"/case-studies/{case_study_id}/attachments/{other_attachment}").status_code == 404


def test_only_those_who_may_see_the_case_study_download_its_attachments(app, client, auth):
    with app.app_context():
        amy = make_user("applicant", email="amy@example.org")
        make_user("applicant", email="bob@example.org")
        make_user("editor", email="ed@example.org")
        make_user("admin", email="admin@example.org")
        assigned = make_user("reviewer", email="assigned@example.org")
        make_user("reviewer", email="unassigned@example.org")
        conflicted = make_user("reviewer", email="conflicted@example.org")
        case_study = make_case_study(make_call(), amy, status="submitted")
        case_study.attachments.append(Attachment(filename="plan.pdf", content_type="application/pdf",
                                                 size=len(PDF), sha256="0" * 64, data=PDF))
        db.session.add(Assignment(case_study_id=case_study.id, reviewer_id=assigned.id))
        db.session.add(Assignment(case_study_id=case_study.id, reviewer_id=conflicted.id, status="conflict"))
        db.session.commit()
        url = f"/case-studies/{case_study.id}/attachments/{case_study.attachments[0].id}"
    assert client.get(url).status_code == 302  # anonymous: log in first
    expected = {"amy@example.org": 200, "ed@example.org": 200, "admin@example.org": 200,
                "assigned@example.org": 200, "bob@example.org": 404, "unassigned@example.org": 404,
                "conflicted@example.org": 404}
    for email, status in expected.items():
        auth.login(email)
        response = client.get(url)
        assert response.status_code == status, email
        assert (response.data == PDF) == (status == 200), email
        auth.logout()


def test_the_size_limit_is_the_one_the_database_enforces():
    assert MAX_BYTES == 10 * 1024 * 1024
    assert f"size <= {MAX_BYTES}" in str(next(c for c in Attachment.__table__.constraints
                                               if c.name == "ck_attachment_size").sqltext)


def test_a_reviewer_of_a_call_hiding_identities_downloads_under_a_neutral_name(app, client, auth):
    with app.app_context():
        amy = make_user("applicant", email="amy@example.org")
        reviewer = make_user("reviewer", email="rev@example.org")
        case_study = make_case_study(make_call(hide_applicant_identity=True), amy, status="submitted")
        case_study.attachments.append(Attachment(filename="Cloudridge Tea Cooperative.pdf", size=len(PDF),
                                                 content_type="application/pdf", sha256="0" * 64, data=PDF))
        db.session.add(Assignment(case_study_id=case_study.id, reviewer_id=reviewer.id))
        db.session.commit()
        attachment_id = case_study.attachments[0].id
        url = f"/case-studies/{case_study.id}/attachments/{attachment_id}"
    auth.login("rev@example.org")
    disposition = client.get(url).headers["Content-Disposition"]
    assert "Cloudridge" not in disposition and f"attachment-{attachment_id}.pdf" in disposition
    auth.logout()
    auth.login("amy@example.org")
    assert "Cloudridge" in client.get(url).headers["Content-Disposition"]
