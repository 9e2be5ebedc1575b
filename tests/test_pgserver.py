"""The PostgreSQL test server from tests/pgserver.py really runs and keeps data."""

from __future__ import annotations

import pytest
from pgserver import PgServer, PgUrlFactory
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select, text
from sqlalchemy.engine import make_url

pytestmark = pytest.mark.postgres


def test_round_trip_through_sqlalchemy(pg_url_factory: PgUrlFactory, pg_server: PgServer) -> None:
    url = pg_url_factory("pgserver round trip")
    assert make_url(url).drivername == "postgresql+psycopg"

    metadata = MetaData()
    greeting = Table(
        "greeting",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("body", String(80), nullable=False),
    )
    engine = create_engine(url)
    try:
        metadata.create_all(engine)
        with engine.begin() as conn:
            conn.execute(greeting.insert().values(id=1, body="Grüße from the ERP"))
        with engine.connect() as conn:
            body = conn.execute(select(greeting.c.body).where(greeting.c.id == 1)).scalar_one()
            server_addr = conn.execute(text("SELECT host(inet_server_addr())")).scalar_one()
            listen = conn.execute(text("SHOW listen_addresses")).scalar_one()
    finally:
        engine.dispose()

    assert body == "Grüße from the ERP"
    if not pg_server.external:
        assert make_url(url).host == "127.0.0.1"
        assert server_addr == "127.0.0.1"
        assert listen == "127.0.0.1"
