"""The two made-up apps' schemas (SQLite), and the demo's workspace file."""

from __future__ import annotations

#: the files a demo folder holds
WORKSPACE_FILE = "syncdesk.toml"
ERP_DB = "erp.db"
CRM_DB = "crm.db"
STATE_DB = "syncdesk.state.db"
DEMO_FILES = (WORKSPACE_FILE, ERP_DB, CRM_DB, STATE_DB)

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
