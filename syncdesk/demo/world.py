"""The made-up world: salespeople, customers, contacts and items, and where each lives."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from syncdesk.demo.plan import DemoPlan
from syncdesk.demo.samples import (
    CITIES_BE,
    CITIES_NL,
    COLOURS,
    FIRST_NAMES,
    INDUSTRIES,
    JOB_TITLES,
    LAST_NAMES,
    LEGAL_FORMS,
    PRODUCT_LINES,
    PRODUCTS,
    REGIONS,
    SIGNS,
    STREETS,
    TRADES,
    _guid,
    _landline,
    _mobile,
    _slug,
)


@dataclass
class _Salesperson:
    code: str
    name: str
    email: str
    phone: str
    userid: str


@dataclass
class _Customer:
    name: str
    address: str
    city: str
    post_code: str
    country: str
    phone: str
    email: str
    domain: str
    salesperson: int
    credit_limit: int
    blocked: int
    where: str = "erp"  # erp | crm | both
    no: str | None = None  # ERP key
    accountid: str | None = None  # CRM key


@dataclass
class _Contact:
    name: str
    company: _Customer | None
    job_title: str
    email: str
    phone: str
    where: str = "erp"  # erp | crm
    no: str | None = None
    contactid: str | None = None


@dataclass
class _Item:
    description: str
    price: float
    uom: str
    blocked: int = 0
    where: str = "erp"
    no: str | None = None
    productid: int | None = None


@dataclass
class _World:
    salespeople: list[_Salesperson]
    customers: list[_Customer]
    contacts: list[_Contact]
    items: list[_Item]
    customer_pools: dict[str, list[_Customer]] = field(default_factory=dict)
    contact_pools: dict[str, list[_Contact]] = field(default_factory=dict)
    item_pools: dict[str, list[_Item]] = field(default_factory=dict)
    item_width: int = 4


def _pick_city(rng: random.Random) -> tuple[str, str, str, str]:
    if rng.random() < 0.08:
        city, post_code, zone = rng.choice(CITIES_NL)
        return city, post_code, zone, "NL"
    city, post_code, zone = rng.choice(CITIES_BE)
    return city, post_code, zone, "BE"


def _company_name(rng: random.Random) -> tuple[str, str]:
    """A company's name, and its name without the legal form (for its web domain)."""
    form = rng.choice(LEGAL_FORMS)
    roll = rng.random()
    if roll < 0.45:
        core = f"{rng.choice(TRADES)} {rng.choice(LAST_NAMES)}"
    elif roll < 0.6:
        core = f"{rng.choice(LAST_NAMES)} & Zonen"
    elif roll < 0.75:
        a, b = rng.sample(LAST_NAMES, 2)
        core = f"{a}-{b}"
    elif roll < 0.88:
        core = f"{rng.choice(REGIONS)} {rng.choice(INDUSTRIES)}"
    else:
        core = f"{rng.choice(TRADES)} {rng.choice(SIGNS)}"
    return f"{core} {form}".strip(), core


def _salespeople(rng: random.Random) -> list[_Salesperson]:
    people: list[_Salesperson] = []
    codes: set[str] = set()
    names: set[str] = set()
    while len(people) < 8:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        name = f"{first} {last}"
        if name in names:
            continue
        names.add(name)
        code = (first[0] + "".join(p[0] for p in last.split())).upper()
        base, n = code, 2
        while code in codes:
            code, n = f"{base}{n}", n + 1
        codes.add(code)
        people.append(
            _Salesperson(
                code=code,
                name=name,
                email=f"{_slug(first)}.{_slug(last)}@contoso.be",
                phone=_mobile(rng),
                userid=_guid(rng),
            )
        )
    return people


def _customers(rng: random.Random, count: int) -> list[_Customer]:
    out: list[_Customer] = []
    taken: set[str] = set()
    for _ in range(count):
        city, post_code, zone, country = _pick_city(rng)
        name, core = _company_name(rng)
        for _attempt in range(20):
            if name.casefold() not in taken:
                break
            name, core = _company_name(rng)
        if name.casefold() in taken:
            name = f"{name} {city}"
        unique, n = name, 2
        while unique.casefold() in taken:
            unique, n = f"{name} {n}", n + 1
        name = unique
        taken.add(name.casefold())
        domain = _slug(core)[:30] + (".nl" if country == "NL" else ".be")
        out.append(
            _Customer(
                name=name[:60],
                address=f"{rng.choice(STREETS)} {rng.randint(1, 250)}",
                city=city,
                post_code=post_code,
                country=country,
                phone=_landline(rng, zone, country),
                email=f"{rng.choice(('info', 'info', 'contact', 'administratie'))}@{domain}",
                domain=domain,
                salesperson=rng.randrange(8),
                credit_limit=rng.choice((0, 2500, 5000, 5000, 10000, 10000, 15000, 25000, 50000)),
                blocked=1 if rng.random() < 0.03 else 0,
            )
        )
    return out


def _items(rng: random.Random, count: int) -> list[_Item]:
    out: list[_Item] = []
    taken: set[str] = set()
    while len(out) < count:
        base, uom, low, high = rng.choice(PRODUCTS)
        description = f"{base} {rng.choice(PRODUCT_LINES)} {rng.choice(COLOURS)}".strip()
        if description in taken:
            description = f"{description} {rng.randint(100, 999)}"
        if description in taken or len(description) > 40:
            continue
        taken.add(description)
        price = rng.uniform(low, high)
        cents = rng.choice((0.0, 0.5, 0.95, 0.99))
        out.append(_Item(description=description, price=round(int(price) + cents, 2), uom=uom))
    return out


def _take(pool: list[_Customer], count: int) -> list[_Customer]:
    taken = pool[:count]
    del pool[:count]
    return taken


def _world(plan: DemoPlan, rng: random.Random) -> _World:
    salespeople = _salespeople(rng)
    customers = _customers(rng, plan.records)
    # the CRM keeps no country, so the accounts that start there are Belgian ones
    order = [i for i, c in enumerate(customers) if c.country == "BE"]
    rng.shuffle(order)
    for i in order[: plan.crm_only_customers]:
        customers[i].where = "crm"
    for i in order[plan.crm_only_customers : plan.crm_only_customers + plan.shared_customers]:
        customers[i].where = "both"
    width = max(5, len(str(plan.records)))
    erp_no = 0
    for c in customers:
        if c.where != "crm":
            erp_no += 1
            c.no = f"C{erp_no:0{width}d}"
        if c.where != "erp":
            c.accountid = _guid(rng)

    # customers that the history edits, from those that start in the ERP only
    pool = [c for c in customers if c.where == "erp"]
    rng.shuffle(pool)
    customer_pools = {
        "conflict": _take(pool, plan.conflicts),
        "merge": _take(pool, plan.merges),
        "same": _take(pool, 1),
        "erp-edit": _take(pool, plan.edits),
        "crm-edit": _take(pool, plan.edits),
        "delete-left": _take(pool, plan.customer_deletions),
        "delete-right": _take(pool, plan.customer_deletions),
    }
    childless = {id(c) for c in customer_pools["delete-left"] + customer_pools["delete-right"]}
    parents = [c for c in customers if id(c) not in childless]

    contacts: list[_Contact] = []
    width_ct = max(5, len(str(plan.contacts)))
    erp_count = 0
    for _ in range(plan.contacts):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        company = None if rng.random() < 0.03 else rng.choice(parents)
        where = "erp"
        if company is not None and (
            company.where == "crm" or (company.where == "both" and rng.random() < 0.3)
        ):
            where = "crm"
        domain = company.domain if company is not None else rng.choice(("telenet.be", "gmail.com"))
        contact = _Contact(
            name=f"{first} {last}",
            company=company,
            job_title=rng.choice(JOB_TITLES) if company is not None else "",
            email=f"{_slug(first)}.{_slug(last)}@{domain}",
            phone=_mobile(rng),
            where=where,
        )
        if where == "erp":
            erp_count += 1
            contact.no = f"CT{erp_count:0{width_ct}d}"
        else:
            contact.contactid = _guid(rng)
        contacts.append(contact)
    erp_contacts = [c for c in contacts if c.where == "erp"]
    rng.shuffle(erp_contacts)
    contact_deletions = plan.deletions - plan.customer_deletions
    contact_pools = {
        "crm-edit": erp_contacts[: plan.edits],
        "delete-right": erp_contacts[plan.edits : plan.edits + contact_deletions],
    }

    items = _items(rng, plan.items)
    item_width = max(4, len(str(plan.items + 100)))
    for i, item in enumerate(items[: plan.items - plan.crm_only_products], 1):
        item.no = f"I{i:0{item_width}d}"
    for item in items[plan.items - plan.crm_only_products :]:
        item.where = "crm"
    erp_items = [i for i in items if i.where == "erp"]
    rng.shuffle(erp_items)
    item_deletions = plan.deletions - plan.customer_deletions
    item_pools = {
        "failed-edit": erp_items[: plan.failed_updates],
        "price-edit": erp_items[plan.failed_updates : plan.failed_updates + plan.edits],
        "delete-left": erp_items[
            plan.failed_updates + plan.edits : plan.failed_updates + plan.edits + item_deletions
        ],
    }
    return _World(
        salespeople=salespeople,
        customers=customers,
        contacts=contacts,
        items=items,
        customer_pools=customer_pools,
        contact_pools=contact_pools,
        item_pools=item_pools,
        item_width=item_width,
    )
