"""Extensions, created unbound; create_app binds them."""

from __future__ import annotations

from flask import current_app
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def one_of(column: str, values) -> str:
    """The SQL of a CHECK constraint: `column` holds one of `values` (an enum's values, say)."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()


def protect_from_forgery() -> None:
    """The CSRF check, for a view exempt from the global one so that it can keep what was posted:
    like the global check, off when WTF_CSRF_ENABLED is."""
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
# The key is the socket peer (or the address ProxyFix trusted), never a raw X-Forwarded-For.
limiter = Limiter(get_remote_address)
babel = Babel()
mail = Mail()
