"""Writing the two app databases as their own programs would."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from syncdesk.demo.samples import _national
from syncdesk.demo.schemas import CRM_SCHEMA, ERP_SCHEMA
from syncdesk.demo.world import _World


@contextmanager
def _app(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain connection to an app database, as another program would open it."""
    with closing(sqlite3.connect(path)) as con:
        con.execute("PRAGMA foreign_keys = ON")
        with con:
            yield con


def _write_erp(path: Path, world: _World) -> None:
    with _app(path) as con:
        con.executescript(ERP_SCHEMA)
        con.executemany(
            "INSERT INTO salesperson (code, name, email, phone_no) VALUES (?, ?, ?, ?)",
            [(s.code, s.name, s.email, s.phone) for s in world.salespeople],
        )
        con.executemany(
            "INSERT INTO customer (no, name, address, city, post_code, country_code, phone_no,"
            " email, salesperson_code, credit_limit, blocked)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    c.no,
                    c.name,
                    c.address,
                    c.city,
                    c.post_code,
                    c.country,
                    c.phone,
                    c.email,
                    world.salespeople[c.salesperson].code,
                    c.credit_limit,
                    c.blocked,
                )
                for c in world.customers
                if c.where != "crm"
            ],
        )
        con.executemany(
            "INSERT INTO contact (no, name, company_no, job_title, email, phone_no)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    c.no,
                    c.name,
                    c.company.no if c.company is not None else None,
                    c.job_title or None,
                    c.email,
                    c.phone,
                )
                for c in world.contacts
                if c.where == "erp"
            ],
        )
        con.executemany(
            "INSERT INTO item (no, description, unit_price, base_unit_of_measure, blocked)"
            " VALUES (?, ?, ?, ?, ?)",
            [(i.no, i.description, i.price, i.uom, i.blocked) for i in world.items if i.no],
        )


def _write_crm(path: Path, world: _World) -> None:
    with _app(path) as con:
        con.executescript(CRM_SCHEMA)
        con.executemany(
            "INSERT INTO systemuser (systemuserid, fullname, internalemailaddress)"
            " VALUES (?, ?, ?)",
            [(s.userid, s.name, s.email) for s in world.salespeople],
        )
        rows = []
        shared = 0
        for c in world.customers:
            if c.where == "erp":
                continue
            name, phone, credit = c.name, c.phone, c.credit_limit
            if c.where == "both":
                # typed in again by someone else: other capitals, the phone written the
                # national way, no credit limit; coupling by name copies the ERP's values
                shared += 1
                if shared % 3 == 1 and name.isascii():
                    name = name.upper()
                phone = _national(phone)
                credit = 0
            rows.append(
                (
                    c.accountid,
                    name,
                    c.address,
                    c.city,
                    c.post_code,
                    phone,
                    c.email,
                    credit,
                    world.salespeople[c.salesperson].userid,
                    c.blocked,
                )
            )
        con.executemany(
            "INSERT INTO account (accountid, name, address1_line1, address1_city,"
            " address1_postalcode, telephone1, emailaddress1, creditlimit, ownerid, statecode)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        con.executemany(
            "INSERT INTO contact (contactid, fullname, parentcustomerid, jobtitle,"
            " emailaddress1, telephone1) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    c.contactid,
                    c.name,
                    c.company.accountid if c.company is not None else None,
                    c.job_title or None,
                    c.email,
                    c.phone,
                )
                for c in world.contacts
                if c.where == "crm"
            ],
        )
        con.executemany(
            "INSERT INTO product (name, price, defaultuomid) VALUES (?, ?, ?)",
            [(i.description, i.price, i.uom) for i in world.items if i.where == "crm"],
        )
