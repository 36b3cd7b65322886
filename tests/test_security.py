"""CSRF, security headers, role guards, safe redirects, rate limiting and request size."""

from __future__ import annotations

import pytest

from lie_review.extensions import db

from .factories import PASSWORD, make_user


def users(app, *specs):
    with app.app_context():
        for role, email in specs:
            make_user(role, email=email)
        db.session.commit()


def test_form_post_without_csrf_token_is_refused(app, client):
    users(app, ("applicant", "amy@example.org"))
    response = client.post("/login", data={"email": "amy@example.org", "password": PASSWORD}, csrf=False)
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)


def test_htmx_post_needs_the_csrf_header(app, client, auth):
    users(app, ("applicant", "amy@example.org"))
    auth.login("amy@example.org")
    refused = client.post("/logout", headers={"HX-Request": "true"}, csrf=False)
    assert refused.status_code == 400
    assert client.get("/home").status_code == 200
    accepted = client.post("/logout", headers={"HX-Request": "true"})  # the client adds X-CSRFToken
    assert accepted.status_code == 204
    assert accepted.headers["HX-Redirect"] == "/"


def test_every_page_has_a_strict_content_security_policy(client):
    response = client.get("/login")
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    page = response.get_data(as_text=True)
    assert "<script>" not in page and "style=" not in page


def test_session_cookie_is_httponly_and_lax(app, client, auth):
    users(app, ("applicant", "amy@example.org"))
    response = auth.login("amy@example.org")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


@pytest.mark.parametrize("path", ["/editor/calls", "/admin/people", "/admin/outbox", "/admin/invitations/new"])
def test_applicant_gets_403_on_staff_pages(app, client, auth, path):
    users(app, ("applicant", "amy@example.org"))
    auth.login("amy@example.org")
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", ["/admin/people", "/admin/outbox"])
def test_editor_gets_403_on_admin_pages(app, client, auth, path):
    users(app, ("editor", "ed@example.org"))
    auth.login("ed@example.org")
    assert client.get(path).status_code == 403


def test_editor_reaches_editor_pages(app, client, auth):
    users(app, ("editor", "ed@example.org"))
    auth.login("ed@example.org")
    assert client.get("/editor/calls").status_code == 200


def test_anonymous_user_is_sent_to_login_and_comes_back(app, client):
    users(app, ("admin", "admin@example.org"))
    response = client.get("/admin/outbox?page=1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/admin/outbox?page%3D1"
    login = client.post(response.headers["Location"], data={"email": "admin@example.org", "password": PASSWORD})
    assert login.status_code == 303
    assert login.headers["Location"] == "/admin/outbox?page=1"


def test_anonymous_htmx_request_gets_hx_redirect_to_login(client):
    response = client.get("/home", headers={"HX-Request": "true", "HX-Current-URL": "http://localhost/home"})
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == "/login?next=/home"


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/", "/\\evil.example", "\\\\evil.example",
    "javascript:alert(1)", "http:/evil.example", " //evil.example",
])
def test_next_never_leads_off_the_site(app, client, target):
    users(app, ("applicant", "amy@example.org"))
    response = client.post("/login", query_string={"next": target},
                           data={"email": "amy@example.org", "password": PASSWORD})
    assert response.status_code == 303
    assert response.headers["Location"] == "/home"


def test_login_is_rate_limited_per_account(app, client):
    users(app, ("applicant", "amy@example.org"))
    for n in range(5):
        response = client.post("/login", data={"email": "amy@example.org", "password": f"wrong {n}"},
                               environ_base={"REMOTE_ADDR": f"10.0.0.{n}"})
        assert response.status_code == 401
    blocked = client.post("/login", data={"email": "amy@example.org", "password": PASSWORD},
                          environ_base={"REMOTE_ADDR": "10.0.1.1"})
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)


def test_forged_forwarded_for_does_not_dodge_the_address_limit(app, client):
    for n in range(20):
        response = client.post("/login", data={"email": f"guess{n}@example.org", "password": "wrong wrong"},
                               headers={"X-Forwarded-For": f"203.0.113.{n}"})
        assert response.status_code == 401
    blocked = client.post("/login", data={"email": "another@example.org", "password": "wrong wrong"},
                          headers={"X-Forwarded-For": "198.51.100.7"})
    assert blocked.status_code == 429


def test_successful_logins_do_not_count_against_the_limit(app, client, auth):
    users(app, ("applicant", "amy@example.org"))
    for _ in range(7):
        assert auth.login("amy@example.org").status_code == 303
        auth.logout()


def test_oversized_request_gets_the_413_page(client):
    body = "x" * (13 * 1024 * 1024)
    response = client.post("/register", data={"name": body})
    assert response.status_code == 413
    assert "larger than 12 MB" in response.get_data(as_text=True)


def test_unknown_page_is_a_404_in_the_layout(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "We could not find that page." in page
    assert "Skip to content" in page


def test_unexpected_error_gets_the_500_page_without_a_trace(app, client):
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    app.testing = False  # let the error handler answer, as in production
    response = client.get("/boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong on our side" in page
    assert "secret internals" not in page and "Traceback" not in page


def test_production_sets_secure_session_cookies(monkeypatch):
    from lie_review import create_app

    monkeypatch.setenv("LIE_REVIEW_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("BASE_URL", "https://review.example.org")
    app = create_app()
    assert app.config["RATELIMIT_STORAGE_URI"] == app.config["JOBS_URL"] == "redis://127.0.0.1:6379/0"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_production_refuses_rate_limits_kept_in_process_memory(monkeypatch):
    from lie_review import create_app

    monkeypatch.setenv("LIE_REVIEW_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    with pytest.raises(RuntimeError, match="RATELIMIT_STORAGE_URI"):
        create_app()


def test_production_refuses_a_job_queue_only_this_host_sees(monkeypatch, tmp_path):
    from lie_review import create_app

    monkeypatch.setenv("LIE_REVIEW_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379")
    monkeypatch.setenv("JOBS_URL", f"sqlite:///{tmp_path}/jobs.sqlite3")
    with pytest.raises(RuntimeError, match="JOBS_URL is not Redis"):
        create_app()


def test_login_limit_is_shared_through_redis_by_every_worker(app, tmp_path):
    """Two app instances (two workers) count failed logins in the same Redis store."""
    import secrets

    import redis

    from lie_review import create_app

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    config = {**{k: app.config[k] for k in ("TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "BASE_URL")},
              "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379", "MAIL_BACKEND": "outbox"}
    workers = []
    for _ in range(2):
        worker = create_app(config)
        worker.test_client_class = app.test_client_class
        workers.append(worker.test_client())
    # Redis outlives the test run: an account and an address of their own keep runs apart.
    email = f"amy-{secrets.token_hex(4)}@example.org"
    address = {"REMOTE_ADDR": "10.%d.%d.%d" % tuple(secrets.randbelow(250) + 1 for _ in range(3))}
    users(app, ("applicant", email))
    for n in range(5):
        response = workers[n % 2].post("/login", data={"email": email, "password": f"wrong {n}"},
                                       environ_base=address)
        assert response.status_code == 401
    assert workers[1].post("/login", data={"email": email, "password": PASSWORD},
                           environ_base=address).status_code == 429
    assert workers[0].post("/login", data={"email": email, "password": PASSWORD},
                           environ_base=address).status_code == 429


def test_pages_without_limits_skip_the_limiters_check_but_configured_default_limits_still_apply(app, tmp_path):
    from lie_review import create_app
    from lie_review.extensions import limiter

    assert limiter._check_request_limit not in app.before_request_funcs[None]
    config = {**app.config, "RATELIMIT_DEFAULT": "2 per minute", "DEMO_ACCOUNTS_FILE": str(tmp_path / "a.txt")}
    try:
        limited = create_app(config)
        assert limiter._check_request_limit in limited.before_request_funcs[None]
        client = limited.test_client()
        assert [client.get("/login").status_code for _ in range(3)] == [200, 200, 429]
        assert client.get("/healthz").status_code == 200  # the load balancer's checks are never limited
    finally:
        limiter.limit_manager.set_default_limits([])  # the limiter outlives the app: later tests have no defaults
        limiter.reset()
