"""The Mappings page and the engine function behind it (``mapping_info``).

The workspace is the one of ``tests/builders.py``: CUSTOMER (``customer`` ↔ ``account``,
whose name takes at most 40 characters against the ERP's 100) and CONTACT, which looks
CUSTOMER up and is listed first in the file but runs after it. A third mapping, LEAD, is
added where a test needs columns that do not fit each other.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from builders import Env, sqlite_env
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from syncdesk.sync import mapping_info as engine_words
from syncdesk.sync.integration import open_integration
from syncdesk.sync.mapping_info import FieldInfo, MappingInfo, mapping_info
from syncdesk.ui import i18n
from syncdesk.ui.main_window import MainWindow
from syncdesk.ui.mappings_models import (
    FieldColumn,
    FieldRole,
    FieldTableModel,
    MappingColumn,
    MappingListModel,
    MappingRole,
    warning_text,
)
from syncdesk.ui.mappings_view import MappingsView

WAIT_MS = 15_000

LEAD = """
[[mappings]]
name = "LEAD"
{settings}
left  = {{ table = "prospect", key = "no" }}
right = {{ table = "lead", key = "leadid" }}
fields = [
  {{ left = "subject", right = "topic" }},
  {{ left = "amount", right = "budget" }},
  {{ left = "rating", right = "rating" }},
]
"""


def add_lead(env: Env, settings: str = "") -> None:
    """A LEAD mapping whose columns do not fit: lengths, kinds and a required column."""
    with env.engines["left"].begin() as c:
        c.execute(
            text(
                "CREATE TABLE prospect (no TEXT PRIMARY KEY, "
                "subject VARCHAR(20) CHECK (length(subject) <= 20), "
                "amount NUMERIC(10, 2), rating TEXT)"
            )
        )
    with env.engines["right"].begin() as c:
        c.execute(
            text(
                "CREATE TABLE lead (leadid TEXT PRIMARY KEY, topic TEXT NOT NULL, "
                "owner TEXT NOT NULL, budget INTEGER NOT NULL, rating INTEGER, "
                "source TEXT NOT NULL DEFAULT 'web', modifiedon TEXT)"
            )
        )
    with env.workspace.open("a", encoding="utf-8") as f:
        f.write(LEAD.format(settings=settings))


def describe(env: Env) -> dict[str, MappingInfo]:
    with env.open() as integration:
        return {m.name: m for m in mapping_info(integration)}


def field(info: MappingInfo, left: str) -> FieldInfo:
    return next(f for f in info.fields if f.left is not None and f.left.name == left)


def messages(f: FieldInfo, kind: str | None = None) -> list[str]:
    return [w.message for w in f.warnings if kind is None or w.kind == kind]


# -- the engine -------------------------------------------------------------------------------


def test_mappings_are_described_in_dependency_order(lite: Env) -> None:
    with lite.open() as integration:
        infos = mapping_info(integration)
    assert [m.name for m in infos] == ["CUSTOMER", "CONTACT"]  # CONTACT is first in the file
    customer, contact = infos
    assert [m.position for m in infos] == [1, 2]
    assert contact.runs_after == ("CUSTOMER",)
    assert customer.needed_by == ("CONTACT",)
    assert customer.runs_after == ()

    assert (customer.left.title, customer.left.table, customer.left.key.name) == (
        "Business Central",
        "customer",
        "no",
    )
    assert (customer.right.table, customer.right.modified) == ("account", "modifiedon")
    assert customer.direction_text == "both ways"
    assert customer.new_records_text == (
        "created in Business Central and Dynamics 365 Sales and coupled"
    )
    assert customer.on_conflict == "ask" and "sync error" in customer.conflict_text

    credit = field(customer, "credit")
    assert credit.left is not None and credit.right is not None
    assert (credit.left.type, credit.right.type) == ("NUMERIC(12,2)", "FLOAT")
    assert credit.warnings == ()
    name = field(customer, "name")
    assert name.right is not None and name.left is not None
    assert (name.left.type, name.right.type) == ("TEXT(100)", "TEXT(40)")
    assert (name.left.nullable, name.right.nullable) == (False, False)

    company = field(contact, "company_no")
    assert company.lookup == "CUSTOMER"
    assert company.right is not None and company.right.name == "parentcustomerid"
    assert company.warnings == ()  # the keys it holds fit on both sides
    assert contact.warnings == ()
    assert contact.right.key_generated  # an integer primary key


def test_a_shorter_text_column_on_the_receiving_side_is_a_warning(env: Env) -> None:
    customer = describe(env)["CUSTOMER"]
    name = field(customer, "name")
    # SQLite never holds text to its declared length (VARCHAR(100) takes any): there the
    # ERP's names have no limit; PostgreSQL holds them to 100 characters
    source = "has no limit" if env.urls["left"].startswith("sqlite") else "up to 100"
    assert messages(name) == [
        f"Dynamics 365 Sales name takes at most 40 characters, Business Central's {source}: "
        "longer values will be refused"
    ]
    assert [(w.kind, w.side) for w in name.warnings] == [("length", "right")]
    assert [w.message for w in customer.warnings] == messages(name)
    assert field(customer, "city").warnings == ()


def test_a_shorter_column_that_receives_nothing_is_no_warning(lite: Env) -> None:
    lite.write_workspace(extra='direction = "to-left"')
    customer = describe(lite)["CUSTOMER"]
    assert customer.direction_text == "Dynamics 365 Sales → Business Central"
    assert customer.new_records_text == "created in Business Central and coupled"
    assert field(customer, "name").direction == "to-left"
    assert customer.warnings == ()


def test_columns_that_do_not_fit_each_other_are_warnings(lite: Env) -> None:
    add_lead(lite)
    described = describe(lite)
    # LEAD looks nothing up: it runs with CUSTOMER, before CONTACT (which waits for CUSTOMER)
    assert list(described) == ["CUSTOMER", "LEAD", "CONTACT"]
    lead = described["LEAD"]
    assert lead.runs_after == () and lead.position == 2

    subject = field(lead, "subject")
    assert messages(subject, "length") == [
        "Business Central subject takes at most 20 characters, Dynamics 365 Sales' has no "
        "limit: longer values will be refused"
    ]
    assert subject.warnings[0].side == "left"

    amount = field(lead, "amount")
    assert amount.right is not None and amount.right.type == "INTEGER"
    assert messages(amount, "kind") == [
        "Dynamics 365 Sales budget takes whole numbers, Business Central's amount may have "
        "decimals: such values will be refused"
    ]
    assert messages(amount, "empty") == [
        "Dynamics 365 Sales budget must have a value, Business Central's amount may be empty: "
        "an empty value will be refused"
    ]

    rating = field(lead, "rating")
    assert messages(rating) == [
        "Dynamics 365 Sales rating takes whole numbers, Business Central's rating is text: "
        "other values will be refused"
    ]

    # a required column nobody fills, without a default: creating leads will fail
    unmapped = [f for f in lead.fields if not f.mapped]
    assert len(unmapped) == 1
    owner = unmapped[0]
    assert owner.left is None and owner.right is not None and owner.right.name == "owner"
    assert [(w.kind, w.side) for w in owner.warnings] == [("required", "right")]
    assert messages(owner) == [
        "Dynamics 365 Sales lead.owner must have a value, is not mapped and has no default: "
        "creating records in Dynamics 365 Sales will fail"
    ]
    # ``source`` has a default and ``topic`` is mapped: neither is a warning
    assert len(lead.warnings) == 5


def test_no_required_column_warning_where_no_records_are_created(lite: Env) -> None:
    add_lead(lite, "sync_only_coupled = true")
    lead = describe(lite)["LEAD"]
    assert all(f.mapped for f in lead.fields)
    assert lead.new_records_text == "only coupled records sync; new records are not created"


def test_check_constraints_are_warnings_and_lengths(tmp_path: Path) -> None:
    env = sqlite_env(tmp_path)
    try:
        with env.engines["right"].begin() as c:
            c.execute(
                text(
                    "CREATE TABLE lead (leadid TEXT PRIMARY KEY, "
                    "topic TEXT CHECK (length(topic) < 31), budget INTEGER, "
                    "rating INTEGER CHECK (rating BETWEEN 1 AND 5))"
                )
            )
        with env.engines["left"].begin() as c:
            c.execute(
                text(
                    "CREATE TABLE prospect (no TEXT PRIMARY KEY, subject TEXT, "
                    "amount INTEGER, rating INTEGER)"
                )
            )
        with env.workspace.open("a", encoding="utf-8") as f:
            f.write(LEAD.format(settings='direction = "to-right"'))
        lead = describe(env)["LEAD"]
        topic = field(lead, "subject")
        assert topic.right is not None and topic.right.type == "TEXT(30)"
        assert [w.kind for w in topic.warnings] == ["length"]
        rating = field(lead, "rating")
        assert messages(rating) == [
            "Dynamics 365 Sales rating must satisfy a check (rating BETWEEN 1 AND 5), "
            "Business Central's rating has no such rule: other values will be refused"
        ]
        assert field(lead, "amount").warnings == ()
    finally:
        env.dispose()


# -- the window -------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setattr(QMessageBox, "exec", lambda box: int(QMessageBox.StandardButton.Ok.value))
    win = MainWindow()
    qtbot.addWidget(win)
    yield win
    win.close()
    assert win.runner.is_idle()


def mappings_page(window: MainWindow) -> MappingsView:
    return next(v for v in window.views if isinstance(v, MappingsView))


def open_page(qtbot: QtBot, window: MainWindow, env: Env) -> MappingsView:
    view = mappings_page(window)
    with (
        qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS),
        qtbot.waitSignal(view.loaded, timeout=WAIT_MS),
    ):
        window.open_workspace(env.workspace)
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    window.nav.setCurrentRow(1 + window.views.index(view))
    assert window.view_stack.currentWidget() is view
    return view


def cells(model: Any, row: int, columns: Sequence[int]) -> list[Any]:
    return [model.index(row, c).data() for c in columns]


def test_page_lists_mappings_in_dependency_order_with_fields_and_warnings(
    qtbot: QtBot, qtmodeltester: Any, window: MainWindow, lite: Env
) -> None:
    lite.write_workspace(phone_direction="to-right")
    view = open_page(qtbot, window, lite)
    assert view.title == "Mappings"
    assert view.stack.currentWidget() is view.splitter

    mappings = view.mappings_model
    assert [mappings.index(r, MappingColumn.NAME).data() for r in range(2)] == [
        "CUSTOMER",
        "CONTACT",
    ]
    assert cells(mappings, 1, [MappingColumn.ORDER, MappingColumn.RUNS_AFTER]) == [
        "2",
        "runs after CUSTOMER",
    ]
    assert cells(mappings, 0, [MappingColumn.LEFT, MappingColumn.RIGHT]) == [
        "customer",
        "account",
    ]
    headers = [mappings.headerData(c, Qt.Orientation.Horizontal) for c in MappingColumn]
    assert headers[MappingColumn.LEFT] == "Business Central table"
    # the warning count, with an icon, in the list
    assert mappings.index(0, MappingColumn.WARNINGS).data() == "1"
    assert mappings.index(0, 0).data(MappingRole.WARNINGS) == 1
    assert mappings.index(0, MappingColumn.WARNINGS).data(Qt.ItemDataRole.DecorationRole)
    assert mappings.index(1, MappingColumn.WARNINGS).data() == ""

    # the first mapping is selected: its settings and fields
    assert view.current_mapping() is not None
    assert view.name_label.text() == "CUSTOMER"
    assert view.direction_label.text() == "both ways"
    # as the window shows it: plain text, names as they are, no markup
    assert view.right_label.text() == "account — key accountid (TEXT(40)), modified modifiedon"
    assert view.right_caption.text() == "Dynamics 365 Sales:"
    assert "after" not in view.order_label.text()
    assert "CONTACT looks it up" in view.order_label.text()
    fields = view.fields_model
    columns = [FieldColumn.LEFT, FieldColumn.DIRECTION, FieldColumn.RIGHT]
    assert [cells(fields, r, columns) for r in range(fields.rowCount())] == [
        ["name", "↔", "name"],
        ["city", "↔", "city"],
        ["phone", "→", "telephone1"],
        ["credit", "↔", "creditlimit"],
    ]
    assert cells(fields, 0, [FieldColumn.LEFT_TYPE, FieldColumn.RIGHT_TYPE]) == [
        "TEXT(100) NOT NULL",
        "TEXT(40) NOT NULL",
    ]
    header = fields.headerData(FieldColumn.RIGHT, Qt.Orientation.Horizontal)
    assert header == "Dynamics 365 Sales field"

    # the warning row: an icon on the side that refuses, and why in a tooltip
    name = fields.index(0, FieldColumn.RIGHT)
    assert name.data(Qt.ItemDataRole.DecorationRole) is not None
    assert fields.index(0, FieldColumn.LEFT).data(Qt.ItemDataRole.DecorationRole) is None
    assert "takes at most 40 characters" in name.data(Qt.ItemDataRole.ToolTipRole)
    assert fields.index(1, FieldColumn.RIGHT).data(Qt.ItemDataRole.DecorationRole) is None
    assert name.data(FieldRole.WARNINGS) == [w.message for w in name.data(FieldRole.INFO).warnings]
    assert "1 warning" in view.warnings_label.text()
    assert "at most 40 characters" in view.warnings_label.text()

    qtmodeltester.check(mappings)
    qtmodeltester.check(fields)

    # another mapping: its lookup
    view.mapping_list.selectRow(1)
    assert view.name_label.text() == "CONTACT"
    assert "after CUSTOMER" in view.order_label.text()
    assert cells(fields, 1, [FieldColumn.LEFT, FieldColumn.RIGHT, FieldColumn.LOOKUP]) == [
        "company_no",
        "parentcustomerid",
        "CUSTOMER",
    ]
    assert "No warnings" in view.warnings_label.text()
    qtmodeltester.check(fields)


def test_page_shows_required_columns_nobody_fills(
    qtbot: QtBot, window: MainWindow, lite: Env
) -> None:
    add_lead(lite)
    view = open_page(qtbot, window, lite)
    view.select_mapping("LEAD")
    fields = view.fields_model
    unmapped = [r for r in range(fields.rowCount()) if not fields.rows()[r].mapped]
    assert len(unmapped) == 1
    row = unmapped[0]
    assert cells(fields, row, [FieldColumn.LEFT, FieldColumn.RIGHT, FieldColumn.LOOKUP]) == [
        "—",
        "owner",
        "not mapped",
    ]
    assert fields.index(row, FieldColumn.RIGHT).data(Qt.ItemDataRole.DecorationRole) is not None
    tip = fields.index(row, FieldColumn.LEFT).data(Qt.ItemDataRole.ToolTipRole)
    assert "creating records in Dynamics 365 Sales will fail" in tip
    lead_row = next(i for i, m in enumerate(view.mappings_model.rows()) if m.name == "LEAD")
    assert view.mappings_model.index(lead_row, MappingColumn.WARNINGS).data() == "5"

    # closing the workspace empties the page
    view.close_workspace()
    assert view.mappings_model.rowCount() == 0
    assert view.stack.currentWidget() is view.placeholder


def test_empty_models_pass_the_model_tester(qtmodeltester: Any) -> None:
    qtmodeltester.check(MappingListModel())
    qtmodeltester.check(FieldTableModel())


def test_the_window_phrases_warnings_in_the_engines_words_and_in_dutch(lite: Env) -> None:
    from syncdesk.ui import mappings_models

    # the window's English templates are the engine's, word for word
    assert mappings_models.WARNING_TEMPLATES == engine_words.WARNING_TEMPLATES
    assert mappings_models.KIND_NAMES == engine_words.KIND_NAMES
    add_lead(lite)
    lead = describe(lite)["LEAD"]
    assert {w.code for w in lead.warnings} == {
        "length-unlimited",
        "kind-decimals",
        "empty",
        "kind-text",
        "required",
    }
    assert [warning_text(w) for w in lead.warnings] == [w.message for w in lead.warnings]
    owner = next(w for w in lead.warnings if w.code == "required")
    assert owner.params == {"target": "Dynamics 365 Sales", "table": "lead", "column": "owner"}
    try:
        i18n.install("nl")
        dutch = [warning_text(w) for w in lead.warnings]
        assert "records maken in Dynamics 365 Sales zal mislukken" in dutch[-1]
        assert not any("will be refused" in text for text in dutch)
    finally:
        i18n.install("en")


def test_a_declared_length_sqlite_does_not_hold_text_to_is_no_warning(tmp_path: Path) -> None:
    env = sqlite_env(tmp_path)
    try:
        with env.engines["right"].begin() as c:
            c.execute(text("CREATE TABLE lead (leadid TEXT PRIMARY KEY, topic NVARCHAR(10))"))
        with env.engines["left"].begin() as c:
            c.execute(text("CREATE TABLE prospect (no TEXT PRIMARY KEY, subject TEXT)"))
        with env.workspace.open("a", encoding="utf-8") as f:
            f.write(
                '[[mappings]]\nname = "LEAD"\nleft = { table = "prospect", key = "no" }\n'
                'right = { table = "lead", key = "leadid" }\n'
                'fields = [{ left = "subject", right = "topic" }]\n'
            )
        lead = describe(env)["LEAD"]
        topic = field(lead, "subject")
        assert topic.right is not None and topic.right.type == "TEXT(10)"  # as declared
        assert topic.right.length is None and topic.warnings == ()
    finally:
        env.dispose()


def _lead_warnings(env: Env, left_modified: str, right_modified: str) -> dict[Any, str]:
    """The warnings of a mapping LEAD added with these 'modified' columns, by code and side."""
    _add_lead(env, left_modified, right_modified)
    return {(w.code, w.side): w.message for w in describe(env)["LEAD"].warnings}


def _run(env: Env, side: str, *statements: str) -> None:
    """``statements`` run in one transaction on the app of ``side``."""
    with env.engines[side].begin() as c:
        for statement in statements:
            c.execute(text(statement))


def _add_lead(env: Env, left_modified: str, right_modified: str) -> None:
    """A mapping LEAD: prospect (key no) and lead (key leadid), subject and topic."""
    with env.workspace.open("a", encoding="utf-8") as f:
        f.write(
            '[[mappings]]\nname = "LEAD"\n'
            f'left = {{ table = "prospect", key = "no", modified = "{left_modified}" }}\n'
            f'right = {{ table = "lead", key = "leadid", modified = "{right_modified}" }}\n'
            'fields = [{ left = "subject", right = "topic" }]\n'
        )


def test_a_key_the_app_gives_again_and_an_unindexed_stamp_are_warnings(tmp_path: Path) -> None:
    env = sqlite_env(tmp_path)
    try:
        with env.engines["right"].begin() as c:
            c.execute(
                text("CREATE TABLE lead (leadid INTEGER PRIMARY KEY, topic TEXT, modifiedon TEXT)")
            )
        with env.engines["left"].begin() as c:
            c.execute(text("CREATE TABLE prospect (no TEXT PRIMARY KEY, subject TEXT, at TEXT)"))
            c.execute(text("CREATE INDEX prospect_at ON prospect (at)"))
        _add_lead(env, "at", "modifiedon")
        lead = describe(env)["LEAD"]
        assert sorted((w.code, w.side) for w in lead.warnings) == [
            ("key-reused", "right"),
            ("modified-index", "right"),
        ]
        found = {w.code: w.message for w in lead.warnings}
        assert found["key-reused"].startswith(
            "Dynamics 365 Sales lead gives a deleted record's key leadid to the next new record"
        )
        assert found["modified-index"] == (
            "Dynamics 365 Sales lead.modifiedon (modified) has no index: every job reads the "
            "whole table to find what changed"
        )
        # an identity column tells the records apart: that warning goes
        text_ = env.workspace.read_text(encoding="utf-8").replace(
            'key = "leadid", modified', 'key = "leadid", identity = "topic2", modified'
        )
        with env.engines["right"].begin() as c:
            c.execute(text("ALTER TABLE lead ADD COLUMN topic2 TEXT"))
        env.workspace.write_text(text_, encoding="utf-8")
        assert [w.code for w in describe(env)["LEAD"].warnings] == ["modified-index"]
    finally:
        env.dispose()


def test_a_key_that_is_not_unique_in_its_table_is_a_warning(tmp_path: Path) -> None:
    """A key that is one column of a primary key of two (Northwind's "Order Details" keyed
    by OrderID), or of no key at all: records that share it fail, each a sync error. The
    Mappings page says so before the first job; a unique index makes a key as good as a
    primary key."""
    env = sqlite_env(tmp_path)
    prospect = "no TEXT, line INTEGER DEFAULT 1, subject TEXT, at TEXT, PRIMARY KEY (no, line)"
    try:
        _run(env, "left", f"CREATE TABLE prospect ({prospect})", "CREATE INDEX pa ON prospect (at)")
        _run(
            env,
            "right",
            "CREATE TABLE lead (leadid TEXT, topic TEXT, at TEXT)",
            "CREATE UNIQUE INDEX lead_id ON lead (leadid)",
            "CREATE INDEX lead_at ON lead (at)",
        )
        assert _lead_warnings(env, "at", "at") == {
            ("key-not-unique", "left"): "Business Central prospect.no (key) is not unique in "
            "its table: records that share a key cannot be told apart, and each such key is a "
            "failed sync error; name a column of unique values as key",
        }
    finally:
        env.dispose()


def test_a_stamp_that_holds_no_dates_is_a_warning(tmp_path: Path) -> None:
    """A 'modified' column that is not a date (an integer version) or text that holds no
    dates (a Unix time as text) cannot tell a job where to start: it reads the whole table
    every time, and the Mappings page says so (an index would not help it)."""
    env = sqlite_env(tmp_path)
    try:
        _run(
            env,
            "left",
            "CREATE TABLE prospect (no TEXT PRIMARY KEY, subject TEXT, v INTEGER)",
            "CREATE INDEX prospect_v ON prospect (v)",
        )
        _run(
            env,
            "right",
            "CREATE TABLE lead (leadid TEXT PRIMARY KEY, topic TEXT, at TEXT)",
            "CREATE INDEX lead_at ON lead (at)",
            "INSERT INTO lead VALUES ('L1', 'a', '1796663838'), ('L2', 'b', '1796663900')",
        )
        assert _lead_warnings(env, "v", "at") == {
            ("modified-kind", "left"): "Business Central prospect.v (modified) is INTEGER, not "
            "a date and time: every job reads the whole table to find what changed",
            ("modified-text", "right"): "Dynamics 365 Sales lead.at (modified) holds no dates "
            "(its newest value is '1796663900'): every job reads the whole table to find what "
            "changed",
        }
        # the newest value a date (text: the numbers sort before it): no warning
        with env.engines["right"].begin() as c:
            c.execute(text("UPDATE lead SET at = '2026-12-02 10:00:00' WHERE leadid = 'L2'"))
        assert [w.code for w in describe(env)["LEAD"].warnings] == ["modified-kind"]
        # a table that cannot be read now (another program holds it) tells nothing either:
        # the rest is described as ever
        with env.engines["right"].begin() as c:
            c.execute(text("UPDATE lead SET at = 'v2' WHERE leadid = 'L2'"))
        with open_integration(env.workspace, lock_wait=0.1) as integration:
            holder = sqlite3.connect(env.folder / "crm.db", isolation_level=None)
            holder.execute("BEGIN EXCLUSIVE")
            try:
                (lead,) = [m for m in mapping_info(integration) if m.name == "LEAD"]
            finally:
                holder.execute("ROLLBACK")
                holder.close()
        assert [w.code for w in lead.warnings] == ["modified-kind"]
        assert [w.code for w in describe(env)["LEAD"].warnings] == [
            "modified-kind",
            "modified-text",
        ]
        # and an empty table tells nothing yet
        with env.engines["right"].begin() as c:
            c.execute(text("DELETE FROM lead"))
        assert [w.code for w in describe(env)["LEAD"].warnings] == ["modified-kind"]
    finally:
        env.dispose()
