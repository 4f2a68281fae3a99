"""Shared fixtures. ``db_url`` runs a test on SQLite and, when ``STANDPUNKT_TEST_PG_URL`` points at a real
PostgreSQL server (``.ci/run`` starts one), on a fresh PostgreSQL database as well."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
EXAMPLE = REPO / "examples" / "bodentruppen.txt"
PG_ENV = "STANDPUNKT_TEST_PG_URL"


def _fresh_pg_database(admin_url: str) -> tuple[str, callable]:
    import sqlalchemy as sa

    from standpunkt.store import resolve_url

    admin_url = resolve_url(admin_url)
    name = f"sp_test_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(admin_url).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()

    return url, drop


def _pg_database():
    admin = os.environ.get(PG_ENV)
    if not admin:
        pytest.skip(f"{PG_ENV} not set: no PostgreSQL server to test against")
    url, drop = _fresh_pg_database(admin)
    yield url
    drop()


@pytest.fixture
def pg_url():
    yield from _pg_database()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'standpunkt.db'}"
    else:
        yield from _pg_database()


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} not present")
    return SHARED_DATA
