"""Fixtures for copy detection: corpora on SQLite (a temp file) and on the real PostgreSQL server."""

from __future__ import annotations

import contextlib
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from mingjing.reuse import Corpus, Settings

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench/ is importable for the accuracy test
    sys.path.insert(0, str(ROOT))

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DB = "mingjing_test_reuse"


def _pg_url() -> str:
    """A fresh schema in the test database; skips loudly when the server is unreachable."""
    import psycopg

    try:
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as admin:
            exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (PG_DB,)).fetchone()
            if not exists:
                with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                    admin.execute(f"CREATE DATABASE {PG_DB}")
    except psycopg.OperationalError as err:
        pytest.skip(f"PostgreSQL NOT REACHABLE at 127.0.0.1:5432 — postgres tests skipped: {err}")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{PG_DB}", autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    return f"postgresql://postgres@127.0.0.1:5432/{PG_DB}?options=-csearch_path%3D{schema}"


def _drop(url: str) -> None:
    import psycopg

    schema = url.rsplit("%3D", 1)[1]
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{PG_DB}", autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def corpus_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The same tests on both backends."""
    if request.param == "sqlite":
        yield str(tmp_path / "corpus.sqlite")
        return
    url = _pg_url()
    yield url
    _drop(url)


@pytest.fixture
def open_corpus(corpus_url: str) -> Iterator[Corpus]:
    corpus = Corpus.open(corpus_url)
    yield corpus
    corpus.close()


@pytest.fixture
def small_cap_corpus(corpus_url: str) -> Iterator[Corpus]:
    """A corpus whose fingerprints become common after 3 documents (to test the cap and df)."""
    corpus = Corpus.open(corpus_url, settings=Settings(cap=3, min_df=2, common_fraction=0.0))
    yield corpus
    corpus.close()
