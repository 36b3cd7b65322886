"""Command line: init-db, seed-demo, create-user, invite."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_migrate import upgrade

from .auth.models import ROLE_VALUES, Role, User
from .extensions import db


def register_cli(app: Flask) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(seed_demo)
    app.cli.add_command(create_user)
    app.cli.add_command(invite)
    from .jobs.cli import serve, worker

    app.cli.add_command(worker)
    app.cli.add_command(serve)


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Migrate the database to the latest schema and seed economies and fora (safe to repeat)."""
    from .reference_data import seed_reference_data

    upgrade()
    added = seed_reference_data()
    db.session.commit()
    click.echo(f"Database is at the latest schema; {added} reference rows added.")


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Create the demo call, accounts and case studies once, and print the demo accounts."""
    from .demo import seed

    created, accounts = seed()
    db.session.commit()
    click.echo("Demo data created." if created else "Demo data already present.")
    click.echo(accounts)


@click.command("create-user")
@with_appcontext
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.option("--role", "roles", multiple=True, type=click.Choice(ROLE_VALUES), default=["admin"],
              show_default=True)
@click.option("--economy", default="", help="APEC abbreviation, e.g. THA")
@click.password_option()
def create_user(email: str, name: str, roles: tuple[str, ...], economy: str, password: str) -> None:
    """Create an account; the password is prompted for, never taken from the command line."""
    from werkzeug.security import generate_password_hash

    from .auth.forms import PASSWORD_MIN
    from .auth.operations import normalise_email, user_by_email
    from .clock import utcnow
    from .reference_data import economy_by_code
    from . import audit

    if user_by_email(email) is not None:
        raise click.ClickException(f"an account with {normalise_email(email)} already exists")
    if len(password) < PASSWORD_MIN:
        raise click.ClickException(f"the password needs at least {PASSWORD_MIN} characters")
    user = User(email=normalise_email(email), name=name, password_hash=generate_password_hash(password),
                email_confirmed_at=utcnow(),
                economy_id=economy_by_code(economy.upper()).id if economy else None)
    user.set_roles(roles)
    db.session.add(user)
    db.session.flush()
    audit.record("user.created", object_type="user", object_id=user.id, actor=None,  # from the command line
                 after={"email": user.email, "roles": sorted(roles)})
    db.session.commit()
    click.echo(f"Created {user.email} ({', '.join(sorted(user.roles))}).")


@click.command("invite")
@with_appcontext
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--economy", default="", help="APEC abbreviation, e.g. PHL")
@click.option("--organisation", default="")
def invite(email: str, name: str, role: str, economy: str, organisation: str) -> None:
    """Invite someone by email (the link is also printed, for a machine with no mail server)."""
    from .auth.operations import create_invitation, send_invitation
    from .mail import external_url
    from .reference_data import economy_by_code

    invitation, token = create_invitation(
        email=email, name=name, role=role, organisation=organisation,
        economy_id=economy_by_code(economy.upper()).id if economy else None,
    )
    send_invitation(invitation, token)
    db.session.commit()
    click.echo(external_url("auth.accept_invitation", token=token))
