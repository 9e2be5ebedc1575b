"""The demo workspace: two made-up apps and a sync history with every kind of sync error.

:func:`write_demo` writes, into one folder:

- ``erp.db``: an ERP in the manner of Business Central (``customer``, ``contact``,
  ``item``, ``salesperson``);
- ``crm.db``: a CRM in the manner of Dynamics 365 Sales, with its own table and column
  names (``account``, ``contact``, ``product``, ``systemuser``) and its own limits
  (an account name of at most 60 characters, a product name of at most 40, no negative
  price);
- ``syncdesk.toml``: the workspace file, mappings listed out of dependency order;
- ``syncdesk.state.db``: the history, made by really running the engine and editing both
  databases in between the way people would: an initial sync, then records changed on one
  side or on both, deleted on one side, and items the CRM refuses, then two more syncs.

Everything made up comes from ``random.Random(seed)`` only, so a seed always gives the
same companies, people, products and edits (not the same keys for the records the sync
creates, nor the same timestamps). The folder is built in a hidden subfolder and moved into
place at the end, so a demo that fails half-way leaves nothing behind.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import tempfile
import unicodedata
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from syncdesk.errors import UsageError
from syncdesk.models import Coupling, SyncError
from syncdesk.sync.engine import run_sync
from syncdesk.sync.integration import Integration, open_integration

WORKSPACE_FILE = "syncdesk.toml"
ERP_DB = "erp.db"
CRM_DB = "crm.db"
STATE_DB = "syncdesk.state.db"
DEMO_FILES = (WORKSPACE_FILE, ERP_DB, CRM_DB, STATE_DB)

#: the fewest customers that leave room for every kind of edit the history makes
MIN_RECORDS = 20

ERROR_KINDS = ("conflict", "deleted-left", "deleted-right", "failed")

# ----------------------------------------------------------------------------------------
# How much of everything
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoPlan:
    """The sizes of a demo and of each kind of edit its history makes."""

    records: int  # customers, in the end on both sides
    crm_only_customers: int  # accounts that start in the CRM only
    shared_customers: int  # in both apps under the same name, not coupled yet
    contacts: int
    items: int
    crm_only_products: int
    conflicts: int  # customers changed on both sides in the same field
    merges: int  # customers changed on both sides in different fields
    edits: int  # records changed on one side, per kind of edit
    deletions: int  # coupled records deleted, per app
    customer_deletions: int  # of those, customers (the rest: contacts or items)
    long_items: int  # new items whose description the CRM refuses
    negative_items: int  # new items with a price the CRM refuses
    failed_updates: int  # coupled items whose new description the CRM refuses

    @property
    def expected_errors(self) -> dict[str, int]:
        """The open sync errors per kind once the demo is written."""
        return {
            "conflict": self.conflicts,
            "deleted-left": self.deletions,
            "deleted-right": self.deletions,
            "failed": self.long_items + self.negative_items + self.failed_updates,
        }


def demo_plan(records: int) -> DemoPlan:
    """What a demo of ``records`` customers holds, and which sync errors it ends with."""
    if isinstance(records, bool) or not isinstance(records, int):
        raise UsageError(f"the number of demo records must be a whole number, not {records!r}")
    if records < MIN_RECORDS:
        raise UsageError(f"a demo needs at least {MIN_RECORDS} records, not {records}")
    items = max(10, records // 2)
    deletions = max(2, records // 100)
    return DemoPlan(
        records=records,
        crm_only_customers=max(1, round(records * 0.1)),
        shared_customers=max(1, round(records * 0.1)),
        contacts=2 * records,
        items=items,
        crm_only_products=max(1, items // 10),
        conflicts=max(3, records // 40),
        merges=max(1, records // 200),
        edits=max(2, records // 40),
        deletions=deletions,
        customer_deletions=(deletions + 1) // 2,
        long_items=max(2, records // 100),
        negative_items=1,
        failed_updates=1,
    )


# ----------------------------------------------------------------------------------------
# The two apps' schemas
# ----------------------------------------------------------------------------------------

_STAMP = "strftime('%Y-%m-%dT%H:%M:%f', 'now')"


def _stamp_triggers(table: str, key: str, column: str) -> str:
    """Triggers that stamp ``column`` on insert (when not given) and on every update.

    The update trigger runs only when the update did not set the column itself, so its
    own update does not set it off again.
    """
    return f"""
CREATE TRIGGER {table}_stamp_insert AFTER INSERT ON {table}
FOR EACH ROW WHEN NEW.{column} IS NULL
BEGIN
    UPDATE {table} SET {column} = {_STAMP} WHERE {key} = NEW.{key};
END;
CREATE TRIGGER {table}_stamp_update AFTER UPDATE ON {table}
FOR EACH ROW WHEN NEW.{column} IS OLD.{column}
BEGIN
    UPDATE {table} SET {column} = {_STAMP} WHERE {key} = NEW.{key};
END;
"""


ERP_SCHEMA = (
    """
CREATE TABLE salesperson (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT,
    phone_no TEXT,
    last_modified TEXT
);
CREATE TABLE customer (
    no TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    address TEXT,
    city TEXT,
    post_code TEXT,
    country_code TEXT DEFAULT 'BE',
    phone_no TEXT,
    email TEXT,
    salesperson_code TEXT REFERENCES salesperson (code),
    credit_limit NUMERIC(18, 2),
    blocked INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
    last_modified TEXT
);
CREATE INDEX customer_name ON customer (name);
CREATE TABLE contact (
    no TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    company_no TEXT REFERENCES customer (no),
    job_title TEXT,
    email TEXT,
    phone_no TEXT,
    last_modified TEXT
);
CREATE INDEX contact_company_no ON contact (company_no);
CREATE TABLE item (
    no TEXT PRIMARY KEY,
    description TEXT NOT NULL,
    unit_price NUMERIC(18, 2) NOT NULL DEFAULT 0,
    base_unit_of_measure TEXT,
    blocked INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
    last_modified TEXT
);
"""
    + _stamp_triggers("salesperson", "code", "last_modified")
    + _stamp_triggers("customer", "no", "last_modified")
    + _stamp_triggers("contact", "no", "last_modified")
    + _stamp_triggers("item", "no", "last_modified")
)

CRM_SCHEMA = (
    """
CREATE TABLE systemuser (
    systemuserid TEXT PRIMARY KEY,
    fullname TEXT NOT NULL,
    internalemailaddress TEXT,
    modifiedon TEXT
);
CREATE TABLE account (
    accountid TEXT PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) <= 60),
    address1_line1 TEXT,
    address1_city TEXT,
    address1_postalcode TEXT,
    telephone1 TEXT,
    emailaddress1 TEXT,
    creditlimit REAL,
    ownerid TEXT,
    statecode INTEGER NOT NULL DEFAULT 0,
    modifiedon TEXT
);
CREATE INDEX account_name ON account (name);
CREATE TABLE contact (
    contactid TEXT PRIMARY KEY,
    fullname TEXT NOT NULL,
    parentcustomerid TEXT,
    jobtitle TEXT,
    emailaddress1 TEXT,
    telephone1 TEXT,
    modifiedon TEXT
);
CREATE INDEX contact_parentcustomerid ON contact (parentcustomerid);
CREATE TABLE product (
    productid INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL CHECK (length(name) <= 40),
    price REAL CHECK (price >= 0),
    defaultuomid TEXT,
    modifiedon TEXT
);
"""
    + _stamp_triggers("systemuser", "systemuserid", "modifiedon")
    + _stamp_triggers("account", "accountid", "modifiedon")
    + _stamp_triggers("contact", "contactid", "modifiedon")
    + _stamp_triggers("product", "productid", "modifiedon")
)

WORKSPACE_TOML = """\
# A SyncDesk demo workspace, written by `syncdesk demo`.
#
# Two made-up apps: an ERP in erp.db (the left side) and a CRM in crm.db (the right
# side). The mappings are listed in no particular order: SyncDesk runs them in
# dependency order (SALESPERSON, then CUSTOMER, then CONTACT; ITEM on its own),
# because CONTACT looks up CUSTOMER and CUSTOMER looks up SALESPERSON.

[workspace]
name = "Contoso (demo)"
state = "sqlite:///syncdesk.state.db"

[apps.left]
title = "Business Central"
url = "sqlite:///erp.db"

[apps.right]
title = "Dynamics 365 Sales"
url = "sqlite:///crm.db"

[[mappings]]
name = "CONTACT"
direction = "bidirectional"
left = { table = "contact", key = "no", modified = "last_modified" }
right = { table = "contact", key = "contactid", modified = "modifiedon" }
fields = [
  { left = "name", right = "fullname" },
  { left = "company_no", right = "parentcustomerid", lookup = "CUSTOMER" },
  { left = "job_title", right = "jobtitle" },
  { left = "email", right = "emailaddress1" },
  { left = "phone_no", right = "telephone1" },
]

[[mappings]]
name = "ITEM"
direction = "bidirectional"
left = { table = "item", key = "no", modified = "last_modified" }
right = { table = "product", key = "productid", modified = "modifiedon" }
fields = [
  { left = "description", right = "name" },
  { left = "unit_price", right = "price" },
  { left = "base_unit_of_measure", right = "defaultuomid" },
]

[[mappings]]
name = "CUSTOMER"
direction = "bidirectional"
sync_only_coupled = false
couple_by = ["name"]                   # accounts already in both apps are coupled by name
left = { table = "customer", key = "no", modified = "last_modified" }
right = { table = "account", key = "accountid", modified = "modifiedon" }

[[mappings.fields]]
left = "name"
right = "name"

[[mappings.fields]]
left = "address"
right = "address1_line1"

[[mappings.fields]]
left = "city"
right = "address1_city"

[[mappings.fields]]
left = "post_code"
right = "address1_postalcode"

[[mappings.fields]]
left = "phone_no"
right = "telephone1"
direction = "to-right"                 # the ERP owns the phone number

[[mappings.fields]]
left = "email"
right = "emailaddress1"

[[mappings.fields]]
left = "credit_limit"
right = "creditlimit"

[[mappings.fields]]
left = "blocked"
right = "statecode"

[[mappings.fields]]
left = "salesperson_code"
right = "ownerid"
lookup = "SALESPERSON"

[[mappings]]
name = "SALESPERSON"
direction = "bidirectional"
couple_by = ["name"]
left = { table = "salesperson", key = "code", modified = "last_modified" }
right = { table = "systemuser", key = "systemuserid", modified = "modifiedon" }
fields = [
  { left = "name", right = "fullname" },
  { left = "email", right = "internalemailaddress" },
]
"""

# ----------------------------------------------------------------------------------------
# Names, places and things
# ----------------------------------------------------------------------------------------

FIRST_NAMES = (
    "Jan", "Pieter", "Koen", "Tom", "Bart", "Wim", "Dirk", "Luc", "Geert", "Stijn",
    "Jeroen", "Thomas", "Lucas", "Arne", "Wouter", "Joris", "Maarten", "Sander", "Bram",
    "Lars", "Ruben", "Jens", "Kristof", "Filip", "Hans", "An", "Els", "Katrien", "Sofie",
    "Lies", "Griet", "Hilde", "Sarah", "Lotte", "Eva", "Emma", "Marie", "Lien", "Nele",
    "Inge", "Veerle", "Ann", "Femke", "Sanne", "Elke", "Charlotte", "Julie", "Hanne",
    "Ine", "Tine",
)  # fmt: skip
LAST_NAMES = (
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
    "Wouters", "De Smet", "Dubois", "Vermeulen", "Van den Bossche", "De Backer", "Hermans",
    "Michiels", "Lambrechts", "Aerts", "Verstraete", "De Vos", "Van Damme", "Dierickx",
    "Desmet", "Coppens", "Segers", "Verhoeven", "Van de Velde", "Martens", "Smets",
    "De Clercq", "Claeys", "Stevens", "Vandenberghe", "Bogaert", "De Wilde", "Van Acker",
    "Van Hoof", "Bosmans", "Timmermans", "Verbeke", "De Jong", "Jansen", "de Vries",
    "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "de Boer",
)  # fmt: skip
TRADES = (
    "Bakkerij", "Slagerij", "Garage", "Brouwerij", "Drukkerij", "Schrijnwerkerij",
    "Bouwbedrijf", "Transport", "Installatiebedrijf", "Tuinaanleg", "Elektro", "Apotheek",
    "Brasserie", "Bloemenwinkel", "Boekhandel", "Kapsalon", "Dakwerken", "Schilderwerken",
    "Loodgieterij", "Fietsen", "Meubelmakerij", "Juwelier", "Optiek", "Reisbureau",
    "Architectenbureau", "Boekhoudkantoor", "Verzekeringen", "Immo", "Bandencentrale",
    "Houthandel",
)  # fmt: skip
SIGNS = (
    "De Gouden Leeuw", "De Zwaan", "De Molen", "De Kroon", "De Linde", "De Eik",
    "De Roos", "De Ster", "De Hoorn", "De Valk", "De Halve Maan", "Het Anker",
    "De Sleutel", "Het Wit Paard", "De Drie Koningen",
)  # fmt: skip
REGIONS = (
    "Gentse", "Brugse", "Antwerpse", "Leuvense", "Hasseltse", "Mechelse", "Kortrijkse",
    "Oostendse", "Aalsterse", "Limburgse", "Vlaamse", "Kempense", "Waaslandse",
    "Westhoekse",
)  # fmt: skip
INDUSTRIES = (
    "Metaalwerken", "Houthandel", "Bouwmaterialen", "Drukkerij", "Koffiebranderij",
    "Vleeswaren", "Zuivel", "Glasbouw", "Verpakkingen", "Machinebouw", "Textielfabriek",
    "Tegelhandel", "Bandenhandel", "Groothandel", "Koeltechniek", "Elektrotechniek",
    "Mosselhandel", "Chocolaterie", "Stookolie", "Kantoorinrichting",
)  # fmt: skip
LEGAL_FORMS = ("BV", "BV", "BV", "NV", "NV", "CommV", "VOF", "")
# city, post code, telephone zone, country
CITIES_BE = (
    ("Gent", "9000", "9"), ("Brugge", "8000", "50"), ("Antwerpen", "2000", "3"),
    ("Leuven", "3000", "16"), ("Hasselt", "3500", "11"), ("Mechelen", "2800", "15"),
    ("Kortrijk", "8500", "56"), ("Oostende", "8400", "59"), ("Aalst", "9300", "53"),
    ("Genk", "3600", "89"), ("Sint-Niklaas", "9100", "3"), ("Roeselare", "8800", "51"),
    ("Turnhout", "2300", "14"), ("Lokeren", "9160", "9"), ("Dendermonde", "9200", "52"),
    ("Tienen", "3300", "16"), ("Brussel", "1000", "2"), ("Ieper", "8900", "57"),
    ("Lier", "2500", "3"), ("Waregem", "8790", "56"), ("Geel", "2440", "14"),
    ("Tongeren", "3700", "12"), ("Eeklo", "9900", "9"), ("Ronse", "9600", "55"),
)  # fmt: skip
CITIES_NL = (
    ("Breda", "4811", "76"), ("Eindhoven", "5611", "40"), ("Maastricht", "6211", "43"),
    ("Middelburg", "4331", "118"), ("Tilburg", "5038", "13"),
)  # fmt: skip
STREETS = (
    "Kerkstraat", "Stationsstraat", "Molenstraat", "Dorpsstraat", "Nieuwstraat",
    "Schoolstraat", "Veldstraat", "Kapelstraat", "Beekstraat", "Industrieweg",
    "Nijverheidsstraat", "Kouter", "Grote Markt", "Brugsesteenweg", "Gentsesteenweg",
    "Liersesteenweg", "Kortrijksesteenweg", "Hoogstraat", "Lange Nieuwstraat", "Zandstraat",
    "Heirweg", "Ambachtenlaan", "Meersstraat", "Leopoldlaan", "Koning Albertlaan",
    "Vaartstraat", "Lindelaan", "Processiestraat", "Ijzerweg", "Blekerijstraat",
)  # fmt: skip
JOB_TITLES = (
    "Zaakvoerder", "Aankoper", "Boekhouder", "Office manager", "Verkoopsverantwoordelijke",
    "Productieleider", "Magazijnverantwoordelijke", "Financieel directeur",
    "HR-verantwoordelijke", "IT-verantwoordelijke", "Projectleider",
    "Administratief medewerker", "Algemeen directeur", "Logistiek manager",
    "Marketingverantwoordelijke", "Preventieadviseur",
)  # fmt: skip
# description, unit of measure, lowest and highest price
PRODUCTS = (
    ("Bureaustoel", "STUK", 120, 450), ("Bureau zit-sta", "STUK", 350, 900),
    ("Kopieerpapier A4 80 g", "DOOS", 20, 35), ("Koffiebonen", "KG", 12, 30),
    ("Toner", "STUK", 40, 160), ("Laptoptas", "STUK", 30, 90), ("USB-C dock", "STUK", 90, 260),
    ("Monitorarm", "STUK", 45, 180), ("Whiteboard", "STUK", 60, 240),
    ("Archiefdoos", "PAK", 8, 20), ("Ordner A4", "PAK", 10, 25),
    ("Balpennen blauw", "DOOS", 4, 12), ("Installatie op locatie", "UUR", 65, 95),
    ("Consultancy", "UUR", 85, 140), ("Netwerkkabel Cat6", "M", 1, 3),
    ("Kabelgoot", "M", 6, 18), ("Led-paneel 60x60", "STUK", 35, 80),
    ("Handzeep", "L", 3, 9), ("Schoonmaakmiddel", "L", 4, 12), ("Vergaderstoel", "STUK", 70, 220),
    ("Ladeblok", "STUK", 110, 260), ("Headset", "STUK", 35, 190), ("Webcam", "STUK", 40, 150),
    ("Toetsenbord", "STUK", 20, 110), ("Muis draadloos", "STUK", 15, 70),
    ("Bekerhouder", "STUK", 2, 6), ("Waterkoeler", "STUK", 180, 600),
)  # fmt: skip
PRODUCT_LINES = (
    "Comfort", "Basic", "Pro", "Eco", "Plus", "Office", "Premium", "Compact", "Flex", "XL",
)  # fmt: skip
COLOURS = ("zwart", "wit", "grijs", "blauw", "rood", "antraciet", "")
LONG_DESCRIPTIONS = (
    "Ergonomische bureaustoel met hoofdsteun en verstelbare 4D-armleuningen",
    "Onderhoudscontract multifunctionele printer inclusief toner en onderdelen",
    "Zit-sta bureau elektrisch 180 x 80 cm met kabelgoot en geheugenfunctie",
    "Vergadertafel ovaal eikenfineer voor tien personen met stroomaansluiting",
    "Akoestisch scheidingspaneel op wieltjes 160 x 120 cm antraciet vilt",
)  # fmt: skip
NEGATIVE_ITEMS = ("Creditnota korting eindejaar", "Retour statiegeld vaten")


def _slug(text: str) -> str:
    """Lowercase ASCII letters and digits only: for e-mail addresses."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def _guid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _digits(rng: random.Random, count: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(count))


def _landline(rng: random.Random, zone: str, country: str) -> str:
    if country == "NL":
        return f"+31 {zone} {_digits(rng, 10 - len(zone) - 4)} {_digits(rng, 4)}"
    if len(zone) == 1:
        return f"+32 {zone} {_digits(rng, 3)} {_digits(rng, 2)} {_digits(rng, 2)}"
    return f"+32 {zone} {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)}"


def _mobile(rng: random.Random) -> str:
    return f"+32 4{rng.choice('6789')}{_digits(rng, 1)} {_digits(rng, 2)} {_digits(rng, 2)} " + (
        _digits(rng, 2)
    )


def _national(phone: str) -> str:
    """A Belgian number as people type it: +32 9 123 45 67 -> 09 123 45 67."""
    return "0" + phone[4:] if phone.startswith("+32 ") else phone


# ----------------------------------------------------------------------------------------
# The made-up world
# ----------------------------------------------------------------------------------------


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


# ----------------------------------------------------------------------------------------
# Writing the apps
# ----------------------------------------------------------------------------------------


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


# ----------------------------------------------------------------------------------------
# The history
# ----------------------------------------------------------------------------------------

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


# ----------------------------------------------------------------------------------------
# The folder
# ----------------------------------------------------------------------------------------


def _refuse_existing(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder; choose a folder for the demo")
    for name in DEMO_FILES:
        if (folder / name).exists():
            what = "a workspace" if name == WORKSPACE_FILE else "a database"
            raise UsageError(
                f"{folder} already holds {what} ({name}); choose an empty folder for the demo"
            )


def write_demo(folder: Path, records: int = 200, *, seed: int = 7) -> Path:
    """Write a demo workspace into ``folder``; returns the path of its ``syncdesk.toml``.

    ``records`` is the number of customers. Refuses (:class:`UsageError`) a folder that
    already holds a workspace file or one of the demo's databases.
    """
    folder = Path(folder).expanduser()
    plan = demo_plan(records)
    _refuse_existing(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        build = Path(tempfile.mkdtemp(prefix=".syncdesk-demo-", dir=folder))
    except OSError as exc:
        raise UsageError(f"{folder}: cannot write the demo here ({exc.strerror})") from None
    try:
        rng = random.Random(seed)
        world = _world(plan, rng)
        _write_erp(build / ERP_DB, world)
        _write_crm(build / CRM_DB, world)
        (build / WORKSPACE_FILE).write_text(WORKSPACE_TOML, encoding="utf-8")
        _history(build, plan, world, rng)
        _refuse_existing(folder)  # nobody put a workspace there meanwhile
        for path in sorted(build.iterdir()):
            if path.name != WORKSPACE_FILE and not path.name.endswith(".lock"):
                os.replace(path, folder / path.name)
        os.replace(build / WORKSPACE_FILE, folder / WORKSPACE_FILE)  # the last: it is done
    finally:
        shutil.rmtree(build, ignore_errors=True)
    return folder / WORKSPACE_FILE


__all__ = ["DEMO_FILES", "MIN_RECORDS", "DemoPlan", "demo_plan", "write_demo"]
