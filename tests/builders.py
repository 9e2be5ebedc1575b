"""Two small apps (an ERP and a CRM) and a workspace over them, on SQLite or PostgreSQL.

Tests change the apps the way people would (plain SQL through SQLAlchemy Core,
stamping the modified column like the apps' own code does) and read both apps and
the state back to assert what a user would see.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    Engine,
    Float,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    create_engine,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.pool import NullPool

from syncdesk.sync.engine import JobResult, run_sync
from syncdesk.sync.integration import Integration, open_integration
from syncdesk.sync.queries import ErrorRow, LogRow, list_errors, record_log

LEFT = MetaData()
customer = Table(
    "customer",
    LEFT,
    Column("no", String(20), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("city", String(50)),
    Column("phone", String(30)),
    Column("credit", Numeric(12, 2)),
    Column("last_modified", DateTime, server_default=func.current_timestamp(), index=True),
)
l_contact = Table(
    "contact",
    LEFT,
    Column("no", String(20), primary_key=True),
    Column("name", String(100)),
    Column("company_no", String(20)),
    Column("last_modified", DateTime, server_default=func.current_timestamp(), index=True),
)

RIGHT = MetaData()
account = Table(
    "account",
    RIGHT,
    Column("accountid", String(40), primary_key=True),
    Column("name", String(40), nullable=False),
    Column("city", String(50)),
    Column("telephone1", String(30)),
    Column("creditlimit", Float),
    Column("modifiedon", DateTime, server_default=func.current_timestamp(), index=True),
    CheckConstraint("length(name) <= 40", name="name_length"),
)
r_contact = Table(
    "contact",
    RIGHT,
    Column("contactid", Integer, primary_key=True, autoincrement=True),
    Column("fullname", String(100)),
    Column("parentcustomerid", String(40)),
    Column("modifiedon", DateTime, server_default=func.current_timestamp(), index=True),
    sqlite_autoincrement=True,  # a CRM's own keys are never given twice
)

WORKSPACE = """
[workspace]
name = "Test"
state = "{state}"

[apps.left]
title = "Business Central"
url = "{left}"

[apps.right]
title = "Dynamics 365 Sales"
url = "{right}"

[[mappings]]
name = "CONTACT"
left  = {{ table = "contact", key = "no", modified = "last_modified" }}
right = {{ table = "contact", key = "contactid", modified = "modifiedon" }}
fields = [
  {{ left = "name", right = "fullname" }},
  {{ left = "company_no", right = "parentcustomerid", lookup = "CUSTOMER" }},
]

[[mappings]]
name = "CUSTOMER"
left  = {{ table = "customer", key = "no", modified = "last_modified" }}
right = {{ table = "account", key = "accountid", modified = "modifiedon" }}
{extra}
fields = [
  {{ left = "name", right = "name" }},
  {{ left = "city", right = "city" }},
  {{ left = "phone", right = "telephone1"{phone_dir} }},
  {{ left = "credit", right = "creditlimit" }},
]
"""

TABLES = {
    "left": {"customer": customer, "contact": l_contact},
    "right": {"account": account, "contact": r_contact},
}
KEYS = {"customer": "no", "account": "accountid", "contact": None}
MODIFIED = {"left": "last_modified", "right": "modifiedon"}


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Env:
    """Two apps, a state database and a workspace file in ``folder``."""

    def __init__(
        self,
        folder: Path,
        left: str,
        right: str,
        state: str,
        *,
        extra: str = "",
        phone_direction: str | None = None,
    ) -> None:
        self.folder = folder
        self.urls = {"left": left, "right": right, "state": state}
        self.engines: dict[str, Engine] = {
            side: create_engine(url, poolclass=NullPool)
            for side, url in (("left", left), ("right", right))
        }
        LEFT.create_all(self.engines["left"])
        RIGHT.create_all(self.engines["right"])
        self.workspace = folder / "syncdesk.toml"
        self.write_workspace(extra=extra, phone_direction=phone_direction)
        self._counter = itertools.count(1)

    def write_workspace(self, *, extra: str = "", phone_direction: str | None = None) -> None:
        phone = f', direction = "{phone_direction}"' if phone_direction else ""
        self.workspace.write_text(
            WORKSPACE.format(
                state=self.urls["state"],
                left=self.urls["left"],
                right=self.urls["right"],
                extra=extra,
                phone_dir=phone,
            ),
            encoding="utf-8",
        )

    def dispose(self) -> None:
        for e in self.engines.values():
            e.dispose()

    # -- the engine ------------------------------------------------------------------------

    def open(self) -> Integration:
        return open_integration(self.workspace)

    def sync(self, **kwargs: Any) -> list[JobResult]:
        with self.open() as integration:
            return run_sync(integration, **kwargs)

    def job(self, mapping: str = "CUSTOMER", **kwargs: Any) -> JobResult:
        results = self.sync(mappings=[mapping], **kwargs)
        assert len(results) == 1
        return results[0]

    def errors(self) -> list[ErrorRow]:
        with self.open() as integration:
            return list_errors(integration.state)

    def log(self, side: str, key: str, mapping: str | None = None) -> list[LogRow]:
        with self.open() as integration:
            return record_log(integration.state, side, key, mapping)  # type: ignore[arg-type]

    def couplings(self, mapping: str = "CUSTOMER") -> dict[str, str]:
        from syncdesk.models import Coupling

        with self.open() as integration, integration.state.read() as s:
            return dict(
                s.execute(
                    select(Coupling.left_key, Coupling.right_key).where(Coupling.mapping == mapping)
                )
                .tuples()
                .all()
            )

    # -- the apps, as their users change them ----------------------------------------------

    def _table(self, side: str, name: str) -> Table:
        return TABLES[side][name]

    def rows(self, side: str, name: str) -> dict[str, dict[str, Any]]:
        t = self._table(side, name)
        key = next(iter(t.primary_key.columns))
        with self.engines[side].connect() as c:
            return {str(r._mapping[key.name]): dict(r._mapping) for r in c.execute(select(t))}

    def insert(self, side: str, name: str, /, **values: Any) -> str:
        t = self._table(side, name)
        key = next(iter(t.primary_key.columns))
        values.setdefault(MODIFIED[side], now())
        if key.name not in values and not isinstance(key.type, Integer):
            values[key.name] = f"{'L' if side == 'left' else 'R'}{next(self._counter):05d}"
        with self.engines[side].begin() as c:
            result = c.execute(insert(t).values(**values))
            pk = result.inserted_primary_key
        return str(pk[0])

    def update(
        self, side: str, name: str, key: str, /, *, stamp: bool = True, **values: Any
    ) -> None:
        t = self._table(side, name)
        col = next(iter(t.primary_key.columns))
        if stamp:
            values.setdefault(MODIFIED[side], now())
        k: Any = int(key) if isinstance(col.type, Integer) else key
        with self.engines[side].begin() as c:
            n = c.execute(update(t).where(col == k).values(**values)).rowcount
        assert n == 1, f"no {name} {key} in {side}"

    @contextlib.contextmanager
    def held_update(self, side: str, name: str, key: str, /, **values: Any) -> Iterator[None]:
        """An update stamped now and committed only when the ``with`` block ends: a late
        commit, as a long transaction in the app makes one."""
        t = self._table(side, name)
        col = next(iter(t.primary_key.columns))
        values.setdefault(MODIFIED[side], now())
        k: Any = int(key) if isinstance(col.type, Integer) else key
        with self.engines[side].connect() as c:
            trans = c.begin()
            assert c.execute(update(t).where(col == k).values(**values)).rowcount == 1
            try:
                yield
            finally:
                trans.commit()

    def delete(self, side: str, name: str, key: str) -> None:
        t = self._table(side, name)
        col = next(iter(t.primary_key.columns))
        k: Any = int(key) if isinstance(col.type, Integer) else key
        with self.engines[side].begin() as c:
            c.execute(delete(t).where(col == k))

    def customers(self, n: int, prefix: str = "Customer") -> list[str]:
        keys = []
        for i in range(n):
            keys.append(
                self.insert(
                    "left",
                    "customer",
                    no=f"C{i + 1:05d}",
                    name=f"{prefix} {i + 1}",
                    city="Gent",
                    phone=f"09 {i:06d}",
                    credit=1000 + i,
                )
            )
        return keys

    def partner(self, left_key: str, mapping: str = "CUSTOMER") -> str:
        return self.couplings(mapping)[left_key]


def sqlite_env(folder: Path, **kwargs: Any) -> Env:
    return Env(
        folder,
        "sqlite:///erp.db".replace("erp.db", str(folder / "erp.db")),
        f"sqlite:///{folder / 'crm.db'}",
        f"sqlite:///{folder / 'state.db'}",
        **kwargs,
    )


def iter_chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def many_mappings(
    folder: Path, left: str, right: str, state: str, *, count: int = 50, rows: int = 3
) -> Path:
    """A workspace of ``count`` small mappings (M000, M001, ...), each over its own pair of
    tables (``itemNNN`` with ``rows`` rows on the left, an empty ``thingNNN`` on the right).

    For the job queue's tests and its benchmark (``bench/queue_bench.py``).
    """
    lmd, rmd = MetaData(), MetaData()
    for i in range(count):
        Table(
            f"item{i:03d}",
            lmd,
            Column("no", String(20), primary_key=True),
            Column("name", String(100)),
            Column("last_modified", DateTime),
        )
        Table(
            f"thing{i:03d}",
            rmd,
            Column("id", Integer, primary_key=True, autoincrement=True),
            Column("label", String(100)),
            Column("modifiedon", DateTime),
        )
    stamp = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for url, md in ((left, lmd), (right, rmd)):
        engine = create_engine(url, poolclass=NullPool)
        md.create_all(engine)
        if md is lmd:
            with engine.begin() as c:
                for t in md.tables.values():
                    c.execute(
                        insert(t),
                        [
                            {"no": f"K{k}", "name": f"{t.name} {k}", "last_modified": stamp}
                            for k in range(rows)
                        ],
                    )
        engine.dispose()
    parts = [
        f'[workspace]\nname = "Many"\nstate = "{state}"\n',
        f'[apps.left]\ntitle = "ERP"\nurl = "{left}"\n',
        f'[apps.right]\ntitle = "CRM"\nurl = "{right}"\n',
    ]
    for i in range(count):
        parts.append(
            f'[[mappings]]\nname = "M{i:03d}"\n'
            f'left = {{ table = "item{i:03d}", key = "no", modified = "last_modified" }}\n'
            f'right = {{ table = "thing{i:03d}", key = "id", modified = "modifiedon" }}\n'
            'fields = [{ left = "name", right = "label" }]\n'
        )
    path = folder / "many.toml"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def damage_table(path: Path, table: str, pages: int = 2) -> None:
    """Damage ``pages`` leaf pages in the middle of a SQLite table: the file opens, and
    counts through an index, but reading the table's rows meets the damage."""
    con = sqlite3.connect(path)
    leaves = [
        n
        for (n,) in con.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
            (table,),
        )
    ]
    size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    assert len(leaves) > 2 * pages, f"{table} has too few pages to damage some inside"
    with path.open("r+b") as f:
        for n in leaves[len(leaves) // 2 : len(leaves) // 2 + pages]:
            f.seek((n - 1) * size)
            f.write(b"\x00")  # no kind of b-tree page
