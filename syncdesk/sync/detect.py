"""Change detection: which records changed, were added or went missing, at a cost that
follows the changes rather than the size of the tables.

Per side, in one read transaction of the app (one moment of it):

1. **the window**: key, 'modified' and identity of the rows stamped since the previous
   job's *anchor* (its scan's start by the app's own clock, or the newest stamp it saw if
   that is earlier: an app whose stamps run behind the database's clock) minus
   :data:`~syncdesk.sync.watermark.RECHECK` (checked by their digest, and no more once
   nothing stamped before the anchor can still commit: :mod:`~syncdesk.sync.watermark`),
   and of rows with no stamp. Each is looked up among the couplings: a stamp other than
   the one the coupling remembers is a change; a key coupled to nothing is a new record.
2. **late commits**: a transaction stamped before the previous scan and committed after
   it. Each scan notes whether a writer was at work in the app at that moment (SQLite: a
   moment's write lock, taken and let go at once; PostgreSQL: the transactions in flight
   in its snapshot). Only when one was (and, on PostgreSQL, has committed since) are the
   rows stamped up to :data:`~syncdesk.sync.watermark.LOOKBACK` before the anchor read
   again one by one.
3. **the count**: ``COUNT(*)`` of the table against what the state predicts (the live
   couplings, the uncoupled records known from before, the rows no key names, and the
   new records just found). Equal: nothing went missing. Otherwise, with ``--full``, on
   the first job, and once a day, every key is read instead (a coupling whose key is
   not there is a deletion), streamed, holding one bit per coupling.

A same-stamp edit (an app whose stamps are coarser than its edits) leaves the stamp as
the coupling remembers it: records whose remembered stamp lies close before the previous
scan ended are compared by value once more (:func:`~syncdesk.sync.watermark.in_settle`).
Where each scan starts and what it leaves for the next: :mod:`~syncdesk.sync.watermark`.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnClause, Connection, func, literal_column, select

from syncdesk.models import (
    Coupling,
    CouplingCount,
    Exclusion,
    SyncError,
    Uncoupled,
)
from syncdesk.models.driver import NotUtf8, select_in, stream
from syncdesk.sync import watermark
from syncdesk.sync.endpoint import IN_CHUNK, PAGE, KeyInfo, mod_text, now_utc, stamp_time
from syncdesk.sync.side_table import SideTable
from syncdesk.sync.watermark import (
    Mark,
    Newest,
    Tail,
    Zone,
    earliest,
    in_settle,
    latest,
    read_mark,
    row_digest,
    settle_span,
)
from syncdesk.workspace import Side

if TYPE_CHECKING:
    from syncdesk.sync.integration import Integration, MappingTables

#: every key is read at least this often (a deletion hidden by a new record whose stamp
#: lies before the window)
KEY_SCAN_EVERY = dt.timedelta(hours=24)
#: from this many couplings on, a scan that reads more than half of them (every key, or
#: the window after a bulk load) merges two key-ordered streams, the app's rows and the
#: couplings, instead of looking each key up among the couplings (a lookup costs about
#: twice what one coupling of the stream does)
MERGE_FROM = 20_000


#: the gone flags as they stand in their partial indexes' WHERE (SQLAlchemy would write a
#: Boolean column as "= 1" on SQLite, a term SQLite does not match to those indexes)
_GONE_BARE: dict[Side, ColumnClause[Any]] = {
    "left": literal_column("coupling.left_gone"),
    "right": literal_column("coupling.right_gone"),
}


class KeyList:
    """Keys (text) held compactly: one buffer, not an object per key."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self._count = 0

    def append(self, key: str) -> None:
        self._buf += key.encode("utf-8", "surrogatepass") + b"\0"
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        start = 0
        buf = self._buf
        for _ in range(self._count):
            end = buf.index(0, start)
            yield buf[start:end].decode("utf-8", "surrogatepass")
            start = end + 1


@dataclass(frozen=True)
class BadKey:
    """A row whose key cannot name one record: a failed sync error names it."""

    side: Side
    key: str  # "" for a row with no key
    reason: str  # "none" | "type" | "nul" | "text" | "repeated"
    raw: str  # the key as stored, for the message


@dataclass
class SideFound:
    """What one side's scan found."""

    side: Side
    changed: array[int] = field(default_factory=lambda: array("q"))  # coupling ids
    new_keys: KeyList = field(default_factory=KeyList)
    missing: array[int] = field(default_factory=lambda: array("q"))  # ids gone on this side
    back: array[int] = field(default_factory=lambda: array("q"))  # ids found there again
    reused: array[int] = field(default_factory=lambda: array("q"))  # key holds another record
    uncoupled_gone: list[str] = field(default_factory=list)  # known uncoupled, gone now
    uncoupled_seen: set[str] = field(default_factory=set)  # known uncoupled, read now
    excluded_seen: list[str] = field(default_factory=list)  # excluded, not known uncoupled
    bad: list[BadKey] = field(default_factory=list)
    read_all: bool = False
    count: int = 0
    rows: int = 0
    coupled: int = 0  # couplings with a key on this side, as the scan began
    newest: dt.datetime | None = None
    clock_start: dt.datetime | None = None
    clock_end: dt.datetime | None = None
    anchor: dt.datetime | None = None
    # whether no writer was at work in the app at the scan (SQLite), and the writing
    # transactions in flight then (PostgreSQL): what the next job asks about late commits
    quiet: bool | None = None
    inflight: list[int] | None = None
    # the rows of the next job's look-back as this scan read them (see Zone)
    zone: Zone | None = None


class OrderBroken(Exception):
    """A stream that should come in key order did not: the scan looks keys up instead."""


class _Merged:
    """The couplings of one side streamed in key order, matched against pages of the
    app's keys in the same order: the cost of reading both, not of a lookup per key.

    Both orders are checked as they come (a database's idea of the order is trusted only
    as far as it holds): a key out of order raises :class:`OrderBroken`.
    """

    def __init__(self, rows: Iterator[Any]) -> None:
        self._rows = rows
        self._cur: Any = None
        self._prev: str | None = None  # the last coupling key read
        self._last: str | None = None  # the last app key matched
        self._advance()

    def _advance(self) -> None:
        row = next(self._rows, None)
        if row is not None:
            key = row[0]
            if self._prev is not None and key <= self._prev:
                raise OrderBroken(key)
            self._prev = key
        self._cur = row

    def take(self, keys: list[str]) -> dict[str, tuple[int, str | None, str | None, bool]]:
        out: dict[str, tuple[int, str | None, str | None, bool]] = {}
        last = self._last
        for key in keys:
            if last is not None and key < last:
                raise OrderBroken(key)
            last = key
            cur = self._cur
            while cur is not None and cur[0] < key:
                self._advance()
                cur = self._cur
            if cur is not None and cur[0] == key:
                out[key] = (cur[1], cur[2], cur[3], bool(cur[4]))
        self._last = last
        return out


class Detector:
    """Scans one side of one mapping; see the module docstring."""

    def __init__(
        self,
        integration: Integration,
        mt: MappingTables,
        side: Side,
        *,
        full: bool,
        check_cancel: Callable[[], None],
        report: Callable[[int, int | None], None],
        store_counts: bool = True,
    ) -> None:
        self.integration = integration
        # a job (under the job lock) stores the couplings it counted; a preview does not
        self.store_counts = store_counts
        self._counted_from_store = False
        self.mt = mt
        self.side: Side = side
        self.table: SideTable = mt.side(side)
        self.full = full
        self.check_cancel = check_cancel
        self.report = report
        self.mapping = mt.mapping.name
        self._key_col = Coupling.left_key if side == "left" else Coupling.right_key
        self._seen_col = Coupling.left_seen if side == "left" else Coupling.right_seen
        self._identity_col = Coupling.left_identity if side == "left" else Coupling.right_identity
        self._gone_col = Coupling.left_gone if side == "left" else Coupling.right_gone
        # a table whose key is not unique: keys found on more than one row, and how the
        # first row of each key was counted (undone once a second row turns up)
        self._dups: set[str] = set()
        self._first: dict[str, tuple[str, int]] = {}
        self._repeated: set[str] | None = None
        self._loose = 0  # uncoupled records known from before
        self._merge = coupled_order(integration, self.table) is not None

    # -- the state's side of the count -------------------------------------------------------

    def _state_counts(self, exact: bool) -> tuple[int, int, int]:
        """Couplings of this side, those of them known gone, and known uncoupled records.

        The couplings are read from ``coupling_count`` (kept by triggers), and counted
        instead where it has no row yet or ``exact`` is asked (a job that reads every
        key): a job then stores what it counted, so that no drift outlives a day.
        """
        with self.integration.state.read() as s:
            kept = None
            if not exact:
                kept = s.scalar(
                    select(CouplingCount.n).where(
                        CouplingCount.mapping == self.mapping, CouplingCount.side == self.side
                    )
                )
            coupled = kept
            self._counted_from_store = kept is not None
            if coupled is None:
                coupled = s.scalar(
                    select(func.count())
                    .select_from(Coupling)
                    .where(Coupling.mapping == self.mapping, self._key_col.is_not(None))
                )
            # count(key) leaves out NULL keys; a condition on the key instead would turn
            # the planner away from the partial index of gone couplings (a scan of all).
            # The flag stands bare, as in the index's WHERE: SQLite takes the index only
            # for that very term, and SQLAlchemy writes a Boolean column as "= 1" there
            gone = s.scalar(
                select(func.count(self._key_col)).where(
                    Coupling.mapping == self.mapping,
                    _GONE_BARE[self.side],
                )
            )
            loose = s.scalar(
                select(func.count())
                .select_from(Uncoupled)
                .where(Uncoupled.mapping == self.mapping, Uncoupled.side == self.side)
            )
        if kept is None and self.store_counts:
            # under the job lock: no coupling changes between the count and this write
            with self.integration.state.write() as s:
                s.merge(CouplingCount(mapping=self.mapping, side=self.side, n=int(coupled or 0)))
        return int(coupled or 0), int(gone or 0), int(loose or 0)

    def _excluded(self) -> set[str]:
        with self.integration.state.read() as s:
            return set(
                s.scalars(
                    select(Exclusion.key).where(
                        Exclusion.mapping == self.mapping, Exclusion.side == self.side
                    )
                )
            )

    # -- the scan -----------------------------------------------------------------------------

    def run(self) -> SideFound:
        mark = None if self.full else read_mark(self.integration, self.mapping, self.side)
        table = self.table
        anchor = None
        if mark is not None and table.stamp_mode is not None:
            anchor = mark.anchor or earliest(mark.scanned_at, mark.newest)
        due = (
            mark is None
            or anchor is None
            or mark.checked_at is None
            or now_utc() - mark.checked_at > KEY_SCAN_EVERY
        )
        coupled, gone, loose = self._state_counts(exact=due)
        self._loose = loose
        excluded = self._excluded()
        if due:
            found = self._scan_once(None, mark, coupled, excluded)
            found.coupled = coupled
            return found
        found = self._scan_once(anchor, mark, coupled, excluded)
        extra = mark.extra if mark else 0
        predicted = (coupled - gone) + loose + extra + found.rows
        if found.count != predicted and self._counted_from_store:
            # the kept count may be what is wrong (a coupling written past the triggers):
            # count again, and store it
            coupled, gone, loose = self._state_counts(exact=True)
            predicted = (coupled - gone) + loose + extra + found.rows
        if found.count != predicted:
            # something went missing (or came back): read every key
            found = self._scan_once(None, mark, coupled, excluded)
        found.coupled = coupled
        return found

    def _scan_once(
        self, anchor: dt.datetime | None, mark: Mark | None, coupled: int, excluded: set[str]
    ) -> SideFound:
        if self._merge:
            try:
                return self._scan(anchor, mark, coupled, excluded)
            except OrderBroken:
                self._merge = False  # the database's order is not Python's: look keys up
        return self._scan(anchor, mark, coupled, excluded)

    def _scan(
        self,
        anchor: dt.datetime | None,
        mark: Mark | None,
        coupled: int,
        excluded: set[str],
    ) -> SideFound:
        """Read the rows stamped since ``anchor`` (every row: None), in one transaction."""
        table = self.table
        found = SideFound(self.side, read_all=anchor is None)
        settle = mark.settled_at if mark is not None else None
        late_from = late_to = None
        # rows stamped at or before ``after`` were all read by an earlier scan
        # (Mark.settled); those of ``zone`` are checked by their digest (Zone)
        after: dt.datetime | None = None
        zone: Zone | None = None
        zone_end = dt.datetime.min
        if anchor is not None:
            late_from, late_to = anchor - watermark.LOOKBACK, anchor - watermark.RECHECK
            if mark is not None and table.key_unique and mark.settled(anchor):
                late_to = anchor
                if mark.settled(anchor, settle_span(anchor)):
                    after = anchor  # the rows stamped at the anchor are skipped too
            elif mark is not None and table.key_unique and mark.anchor == anchor:
                zone, zone_end = mark.zone, anchor
                if zone is not None:
                    late_to = min(late_to, zone.start)
        # records with an open sync error are looked at as ever (a job counts what it
        # passes over), though read before
        flagged = self._open_error_keys() if zone or after else set()
        held: list[KeyInfo] = []
        zone_count = zone_digest = 0
        tail = Tail()
        seen_ids = bytearray()
        self._repeated = None if table.key_unique else set()
        self._dups, self._first = set(), {}
        newest = Newest()
        with table.app.read_engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            # SQLite: a moment's write lock first: every writer at work before has
            # committed, and what commits later was stamped after it
            quiet = table.quiet_moment() if table.stamp_mode is not None else None
            with conn.begin(), self.integration.state.read() as state:
                found.clock_start = table.clock(conn)
                found.count = table.count(conn)
                found.quiet, found.inflight = quiet, table.inflight(conn)
                late = anchor is not None and self._late_commits(conn, mark)
                since = late_from if late else late_to
                merge = self._merge and coupled >= MERGE_FROM
                if merge and since is not None:
                    merge = table.count_since(conn, since) * 2 >= coupled
                lookup = self._couplings
                if merge:
                    lookup = _Merged(self._coupling_stream(state.connection())).take
                for page in table.scan(conn, since, ordered=merge):
                    self.check_cancel()
                    rest: list[KeyInfo] = []
                    for info in page:
                        newest.add(info.stamp)
                        if info.stamp is None:
                            rest.append(info)
                            continue
                        moment = stamp_time(info.stamp)
                        if moment is None:
                            rest.append(info)
                            continue
                        in_zone = zone is not None and zone.start <= moment <= zone_end
                        kept = tail.wants(moment)
                        if kept or in_zone:
                            key = info.key if info.key is not None else info.raw_key
                            digest = row_digest(key, mod_text(info.stamp))
                            if kept:
                                tail.keep(moment, digest)
                            if in_zone:
                                zone_count += 1
                                zone_digest ^= digest
                                # (what the settle compare wants is looked up as ever)
                                if not in_settle(moment, settle) and key not in flagged:
                                    held.append(info)
                                    continue
                        if after is not None and moment <= after and info.key not in flagged:
                            continue
                        rest.append(info)
                    self._page(rest, found, excluded, coupled, seen_ids, settle, lookup)
                    if len(held) > Tail.LIMIT:  # too many to hold: look them up now
                        self._page(
                            held, found, excluded, coupled, seen_ids, settle, self._couplings
                        )
                        held, zone = [], None
                    self.report(len(page), found.count)
                found.clock_end = table.clock(conn)
                if held and (
                    zone is None or (zone_count, zone_digest) != (zone.count, zone.digest)
                ):
                    # something committed among them since the previous scan: each is looked up
                    self._page(held, found, excluded, coupled, seen_ids, settle, self._couplings)
        found.newest = newest.get()
        if self._dups:
            self._drop_repeated(found)
        if found.read_all:
            self._unseen(found, seen_ids)
        # where the next job starts: the app's clock at this scan, or the newest stamp
        # where that is earlier (stamps that run behind the clock); never before this
        # job's own anchor unless every row was read
        candidate = earliest(found.clock_start, found.newest)
        found.anchor = candidate if found.read_all else latest(candidate, anchor)
        if found.anchor is not None and table.key_unique:
            start = (found.anchor - watermark.RECHECK).replace(microsecond=0)
            lower = since
            if lower is not None and table.stamp_mode == "text":
                lower = lower.replace(microsecond=0)  # text is read from the whole second
            if lower is None or start >= lower:
                found.zone = tail.zone(start, found.anchor)
        return found

    def _late_commits(self, conn: Connection, mark: Mark | None) -> bool:
        """Whether a transaction at work at the previous scan may have committed since."""
        if mark is None:
            return True
        if mark.inflight is not None:
            return self.table.any_committed(conn, mark.inflight)
        return mark.quiet is not True

    def _page(
        self,
        page: list[KeyInfo],
        found: SideFound,
        excluded: set[str],
        coupled: int,
        seen_ids: bytearray,
        settle: dt.datetime | None,
        lookup: Callable[[list[str]], dict[str, tuple[int, str | None, str | None, bool]]],
    ) -> None:
        table = self.table
        repeated = self._repeated
        keys: list[str] = []
        for info in page:
            if info.key is None:
                raw = "" if info.raw_key is None else str(info.raw_key)
                if info.raw_key is None or not raw.strip():
                    reason = "none"
                elif "\x00" in raw:
                    reason = "nul"  # kept in the state as written here, \0 for the NUL
                elif isinstance(info.raw_key, NotUtf8):
                    reason = "text"  # kept with U+FFFD for each bad byte
                else:
                    reason = "type"
                key = "" if reason == "none" else raw.replace("\x00", "\\0")
                found.bad.append(BadKey(self.side, key, reason, raw))
                continue
            if repeated is not None:
                if info.key in repeated:
                    if info.key not in self._dups:
                        # the first row with this key was taken for a record: it is not one
                        self._dups.add(info.key)
                        found.bad.append(BadKey(self.side, info.key, "repeated", info.key))
                    found.bad.append(BadKey(self.side, info.key, "repeated", info.key))
                    continue
                repeated.add(info.key)
            keys.append(info.key)
        by_key = {i.key: i for i in page if i.key is not None}
        couplings = lookup(keys) if coupled else {}
        loose = (
            self._known_uncoupled([k for k in keys if k not in couplings]) if self._loose else set()
        )
        if found.read_all:
            found.uncoupled_seen |= loose
        for key in keys:
            info = by_key[key]
            cp = couplings.get(key)
            if repeated is not None:
                self._first[key] = (
                    "new" if cp is None and key not in loose else "",
                    cp[0] if cp else 0,
                )
            if cp is None:
                if key not in loose:
                    found.rows += 1  # a record the count did not know of
                if key in excluded:
                    if key not in loose:
                        found.excluded_seen.append(key)
                    continue
                found.new_keys.append(key)
                continue
            cid, seen, identity, gone = cp
            if found.read_all:
                if cid >= len(seen_ids):
                    seen_ids.extend(b"\0" * (cid + 1 - len(seen_ids) + 4096))
                seen_ids[cid] = 1
            if gone:
                found.back.append(cid)
                continue
            if table.identity is not None and identity is not None:
                now = None if info.identity is None else str(info.identity)
                if now != identity:
                    found.reused.append(cid)
                    found.new_keys.append(key)
                    continue
            stamp = mod_text(info.stamp)
            if (
                table.modified is None
                or stamp is None
                or seen is None
                or stamp != seen
                or (table.identity is not None and identity is None)
            ):
                found.changed.append(cid)
            elif settle is not None:
                moment = stamp_time(seen)
                if moment is not None and in_settle(moment, settle):
                    found.changed.append(cid)

    def _drop_repeated(self, found: SideFound) -> None:
        """Keys held by more than one row name no record: nothing is synced under them."""
        dups = self._dups
        kept = KeyList()
        for key in found.new_keys:
            if key not in dups:
                kept.append(key)
        found.new_keys = kept
        ids = {self._first[k][1] for k in dups if k in self._first and self._first[k][1]}
        found.changed = array("q", (i for i in found.changed if i not in ids))
        found.rows -= sum(1 for k in dups if self._first.get(k, ("", 0))[0] == "new")

    def _open_error_keys(self) -> set[str]:
        col = SyncError.left_key if self.side == "left" else SyncError.right_key
        with self.integration.state.read() as s:
            return {
                k
                for k in s.scalars(
                    select(col).where(SyncError.mapping == self.mapping, SyncError.status == "open")
                )
                if k is not None
            }

    def _couplings(self, keys: list[str]) -> dict[str, tuple[int, str | None, str | None, bool]]:
        query = select(
            self._key_col, Coupling.id, self._seen_col, self._identity_col, self._gone_col
        ).where(Coupling.mapping == self.mapping)
        with self.integration.state.read() as s:
            return {
                key: (cid, seen, identity, bool(gone))
                for key, cid, seen, identity, gone in select_in(
                    s.connection(), query, self._key_col, keys
                )
            }

    def _coupling_stream(self, conn: Connection) -> Iterator[Any]:
        """This side's couplings in key order (:func:`coupled_order`), read a page at a time."""
        order = coupled_order(self.integration, self.table)
        assert order is not None
        query = (
            select(self._key_col, Coupling.id, self._seen_col, self._identity_col, self._gone_col)
            .where(Coupling.mapping == self.mapping, self._key_col.is_not(None))
            .order_by(self._key_col.collate(order))
        )
        for part in stream(conn, query, PAGE):
            yield from part

    def _known_uncoupled(self, keys: list[str]) -> set[str]:
        out: set[str] = set()
        if not keys:
            return out
        with self.integration.state.read() as s:
            for i in range(0, len(keys), IN_CHUNK):
                out.update(
                    s.scalars(
                        select(Uncoupled.key).where(
                            Uncoupled.mapping == self.mapping,
                            Uncoupled.side == self.side,
                            Uncoupled.key.in_(keys[i : i + IN_CHUNK]),
                        )
                    )
                )
        return out

    def _unseen(self, found: SideFound, seen_ids: bytearray) -> None:
        """After reading every key: couplings whose record is not there, and uncoupled
        records known from before that are gone."""
        with self.integration.state.read() as s:
            # every coupling of the mapping: streamed a page at a time as the driver gives
            # them (the ORM's result would hold all of them, a million rows, at once)
            query = select(Coupling.id, self._gone_col).where(
                Coupling.mapping == self.mapping, self._key_col.is_not(None)
            )
            for part in stream(s.connection(), query, PAGE):
                for cid, gone in part:
                    if (cid >= len(seen_ids) or not seen_ids[cid]) and not gone:
                        found.missing.append(cid)
            for key in s.scalars(
                select(Uncoupled.key).where(
                    Uncoupled.mapping == self.mapping, Uncoupled.side == self.side
                )
            ):
                if key not in found.uncoupled_seen:
                    found.uncoupled_gone.append(key)


def coupled_order(integration: Integration, table: SideTable) -> str | None:
    """The collation that lists the state's keys as :meth:`SideTable.key_order` lists the
    app's (Python's order of text), or None where one of the two has none."""
    if table.key_order() is None:
        return None
    return {"sqlite": "BINARY", "postgresql": "C"}.get(integration.state.read_engine.dialect.name)
