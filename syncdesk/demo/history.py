"""The history: the engine really runs, and both apps are edited in between as people would."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from syncdesk.demo.apps import _app
from syncdesk.demo.plan import ERROR_KINDS, DemoPlan
from syncdesk.demo.samples import (
    CITIES_BE,
    JOB_TITLES,
    LONG_DESCRIPTIONS,
    NEGATIVE_ITEMS,
    STREETS,
    _mobile,
)
from syncdesk.demo.schemas import CRM_DB, ERP_DB, WORKSPACE_FILE
from syncdesk.demo.world import (
    _Customer,
    _World,
)
from syncdesk.models import Coupling, SyncError
from syncdesk.sync.engine import run_sync
from syncdesk.sync.integration import Integration, open_integration

# one statement per side for each field that the conflicts and merges touch
_CUSTOMER_UPDATES: dict[str, tuple[str, str]] = {
    "city": (
        "UPDATE customer SET city = ?, post_code = ? WHERE no = ?",
        "UPDATE account SET address1_city = ?, address1_postalcode = ? WHERE accountid = ?",
    ),
    "email": (
        "UPDATE customer SET email = ? WHERE no = ?",
        "UPDATE account SET emailaddress1 = ? WHERE accountid = ?",
    ),
    "credit_limit": (
        "UPDATE customer SET credit_limit = ? WHERE no = ?",
        "UPDATE account SET creditlimit = ? WHERE accountid = ?",
    ),
    "address": (
        "UPDATE customer SET address = ? WHERE no = ?",
        "UPDATE account SET address1_line1 = ? WHERE accountid = ?",
    ),
}


def _sync(integration: Integration) -> None:
    for result in run_sync(integration, trigger="queue"):
        if result.status != "succeeded":
            raise RuntimeError(
                f"demo: the {result.mapping} job {result.status}: {result.message or 'no reason'}"
            )


def _couplings(integration: Integration, mapping: str) -> dict[str, str]:
    with integration.state.read() as s:
        rows = s.execute(
            select(Coupling.left_key, Coupling.right_key).where(Coupling.mapping == mapping)
        )
        return {left: right for left, right in rows}


def _other_city(rng: random.Random, *avoid: str) -> tuple[str, str]:
    while True:
        city, post_code, _zone = rng.choice(CITIES_BE)
        if city not in avoid:
            return city, post_code


def _other_street(rng: random.Random, *avoid: str) -> str:
    while True:
        street = f"{rng.choice(STREETS)} {rng.randint(1, 250)}"
        if street not in avoid:
            return street


def _edit_apps(
    folder: Path, plan: DemoPlan, world: _World, integration: Integration, rng: random.Random
) -> None:
    """What people did in both apps after the first sync."""
    accounts = _couplings(integration, "CUSTOMER")
    crm_contacts = _couplings(integration, "CONTACT")
    products = _couplings(integration, "ITEM")
    pools = world.customer_pools

    def account(c: _Customer) -> str:
        assert c.no is not None
        return accounts[c.no]

    with _app(folder / ERP_DB) as erp, _app(folder / CRM_DB) as crm:
        # the same field changed to different values on both sides: conflicts
        fields = list(_CUSTOMER_UPDATES)
        for n, c in enumerate(pools["conflict"]):
            name = fields[n % len(fields)]
            left_sql, right_sql = _CUSTOMER_UPDATES[name]
            if name == "city":
                left_city = _other_city(rng, c.city)
                right_city = _other_city(rng, c.city, left_city[0])
                erp.execute(left_sql, (*left_city, c.no))
                crm.execute(right_sql, (*right_city, account(c)))
            elif name == "email":
                erp.execute(left_sql, (f"boekhouding@{c.domain}", c.no))
                crm.execute(right_sql, (f"facturatie@{c.domain}", account(c)))
            elif name == "credit_limit":
                erp.execute(left_sql, (c.credit_limit + 5000, c.no))
                crm.execute(right_sql, (c.credit_limit + 2500, account(c)))
            else:
                left_street = _other_street(rng, c.address)
                erp.execute(left_sql, (left_street, c.no))
                crm.execute(right_sql, (_other_street(rng, c.address, left_street), account(c)))

        # different fields changed on both sides: merged by the sync
        for c in pools["merge"]:
            erp.execute(_CUSTOMER_UPDATES["email"][0], (f"sales@{c.domain}", c.no))
            crm.execute(
                _CUSTOMER_UPDATES["address"][1], (_other_street(rng, c.address), account(c))
            )
        # the same change made in both apps: no conflict
        for c in pools["same"]:
            erp.execute(_CUSTOMER_UPDATES["email"][0], (f"orders@{c.domain}", c.no))
            crm.execute(_CUSTOMER_UPDATES["email"][1], (f"orders@{c.domain}", account(c)))

        # changed in one app only: copied to the other
        for n, c in enumerate(pools["erp-edit"]):
            if n % 3 == 0:
                erp.execute("UPDATE customer SET phone_no = ? WHERE no = ?", (_mobile(rng), c.no))
            elif n % 3 == 1:
                erp.execute(_CUSTOMER_UPDATES["credit_limit"][0], (c.credit_limit + 10000, c.no))
            else:
                erp.execute("UPDATE customer SET blocked = ? WHERE no = ?", (1 - c.blocked, c.no))
        for n, c in enumerate(pools["crm-edit"]):
            if n % 2 == 0:
                crm.execute(
                    _CUSTOMER_UPDATES["address"][1], (_other_street(rng, c.address), account(c))
                )
            else:
                crm.execute(_CUSTOMER_UPDATES["email"][1], (f"hallo@{c.domain}", account(c)))
        for n, ct in enumerate(world.contact_pools["crm-edit"]):
            assert ct.no is not None
            if n % 2 == 0:
                title = rng.choice([t for t in JOB_TITLES if t != ct.job_title])
                crm.execute(
                    "UPDATE contact SET jobtitle = ? WHERE contactid = ?",
                    (title, crm_contacts[ct.no]),
                )
            else:
                crm.execute(
                    "UPDATE contact SET telephone1 = ? WHERE contactid = ?",
                    (_mobile(rng), crm_contacts[ct.no]),
                )
        for item in world.item_pools["price-edit"]:
            erp.execute(
                "UPDATE item SET unit_price = ? WHERE no = ?",
                (round(item.price * 1.05, 2), item.no),
            )

        # deleted in one app: the sync asks what to do
        for c in pools["delete-right"]:
            crm.execute("DELETE FROM account WHERE accountid = ?", (account(c),))
        for ct in world.contact_pools["delete-right"]:
            assert ct.no is not None
            crm.execute("DELETE FROM contact WHERE contactid = ?", (crm_contacts[ct.no],))
        for c in pools["delete-left"]:
            erp.execute("DELETE FROM customer WHERE no = ?", (c.no,))
        for item in world.item_pools["delete-left"]:
            erp.execute("DELETE FROM item WHERE no = ?", (item.no,))

        # items the CRM refuses: a name over 40 characters, a negative price
        next_no = len([i for i in world.items if i.no]) + 1
        new_items = [
            (_long_description(n), round(rng.uniform(150, 900), 2), "STUK")
            for n in range(plan.long_items)
        ] + [
            (NEGATIVE_ITEMS[n % len(NEGATIVE_ITEMS)], -round(rng.uniform(10, 60), 2), "STUK")
            for n in range(plan.negative_items)
        ]
        erp.executemany(
            "INSERT INTO item (no, description, unit_price, base_unit_of_measure)"
            " VALUES (?, ?, ?, ?)",
            [
                (f"I{next_no + n:0{world.item_width}d}", d, p, u)
                for n, (d, p, u) in enumerate(new_items)
            ],
        )
        for item in world.item_pools["failed-edit"]:
            assert item.no is not None and item.no in products
            erp.execute(
                "UPDATE item SET description = ? WHERE no = ?",
                (f"{item.description} - nieuw model, levering binnen 5 werkdagen", item.no),
            )


def _long_description(n: int) -> str:
    text = LONG_DESCRIPTIONS[n % len(LONG_DESCRIPTIONS)]
    series = n // len(LONG_DESCRIPTIONS)
    return f"{text}, reeks {series + 1}" if series else text


def _check(integration: Integration) -> None:
    with integration.state.read() as s:
        rows = s.execute(
            select(SyncError.kind, func.count())
            .where(SyncError.status == "open")
            .group_by(SyncError.kind)
        )
        kinds = Counter({kind: count for kind, count in rows})
    missing = [k for k in ERROR_KINDS if not kinds[k]]
    if missing:
        raise RuntimeError(f"demo: the history ended without {', '.join(missing)} sync errors")


def _history(folder: Path, plan: DemoPlan, world: _World, rng: random.Random) -> None:
    with open_integration(folder / WORKSPACE_FILE) as integration:
        _sync(integration)
        _edit_apps(folder, plan, world, integration, rng)
        _sync(integration)
        _sync(integration)  # refused writes are tried once more
        _check(integration)
