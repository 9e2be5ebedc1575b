"""Where a side's next scan starts, and what it reads again: the watermark a job leaves.

After a job, each side's :class:`~syncdesk.models.Watermark` holds the *anchor* (where the
next scan's window starts: the scan's start by the app's clock, or the newest stamp it
saw if that is earlier), when the scan that took it began (``anchor_at``), whether a
writer was at work then, and the count and digest of the rows the next look-back will
read (:class:`Zone`). :mod:`~syncdesk.sync.detect` reads it back as a :class:`Mark`.

- **The look-back.** A transaction may commit a little after its stamp, so the next scan
  reads the rows stamped :data:`RECHECK` before the anchor again: checked by their
  :class:`Zone` digest, and no more once :meth:`Mark.settled`.
- **The settle compare.** An edit in the same tick as the stamp a job remembered leaves
  the stamp as it was: a record whose remembered stamp lies close before the previous
  scan ended is compared by value once more (:func:`in_settle`). How close follows the
  stamp's own grain (:func:`settle_span`): :data:`SETTLE` for whole seconds, a tenth of a
  second for milliseconds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from syncdesk.models import Watermark
from syncdesk.sync.endpoint import now_utc, stamp_time
from syncdesk.workspace import Side

if TYPE_CHECKING:
    from syncdesk.sync.detect import SideFound
    from syncdesk.sync.integration import Integration

#: rows stamped this long before the previous job's anchor are read one by one again
RECHECK = dt.timedelta(seconds=2)
#: late commits: rows stamped this long before the anchor are checked by fingerprint
LOOKBACK = dt.timedelta(minutes=5)
#: a record whose stamp lies this close before the previous scan's end is compared by
#: value even when its stamp is the one remembered (an edit that left the stamp as it was)
SETTLE = dt.timedelta(seconds=2)
#: the least of it for a stamp finer than a second: many times any clock's tick
SETTLE_FINE = dt.timedelta(milliseconds=100)


@dataclass(frozen=True)
class Zone:
    """How many rows were stamped from ``start`` up to the anchor, and a digest of their
    keys and stamps, as the scan that took the anchor read them.

    The next scan reads those rows again (a transaction may commit a little after its
    stamp). When it finds the same count and digest, nothing committed among them since,
    and it need not look them up among the couplings one by one.
    """

    start: dt.datetime
    count: int
    digest: int

    def text(self) -> str:
        return f"{self.start.isoformat()}|{self.count}|{self.digest:016x}"

    @staticmethod
    def parse(text: str | None) -> Zone | None:
        try:
            start, count, digest = (text or "").split("|")
            moment = stamp_time(start)
            return None if moment is None else Zone(moment, int(count), int(digest, 16))
        except ValueError:
            return None


def row_digest(key: Any, stamp: str | None) -> int:
    text = f"{key!r}\x00{stamp}".encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")


class Tail:
    """The rows of a scan stamped within a few seconds of its newest stamp (a digest of
    each): what the next job's look-back will read, for :class:`Zone`."""

    #: past this many such rows (one bulk write that stamped them all alike) none is kept
    LIMIT = 100_000

    def __init__(self) -> None:
        self.rows: list[tuple[dt.datetime, int]] = []
        self.newest: dt.datetime | None = None
        self.dropped_below: dt.datetime | None = None  # rows before this were not kept
        self.broken = False
        self._floor = dt.datetime.min

    def wants(self, moment: dt.datetime) -> bool:
        """Whether a row stamped ``moment`` is to be kept (with :meth:`keep`)."""
        if self.broken:
            return False
        if self.newest is None or moment > self.newest:
            self.newest = moment
            self._floor = moment - RECHECK - dt.timedelta(seconds=2)
        if moment < self._floor:
            self._dropped(moment)
            return False
        return True

    def keep(self, moment: dt.datetime, digest: int) -> None:
        self.rows.append((moment, digest))
        if len(self.rows) > 2 * self.LIMIT:
            kept = []
            for m, d in self.rows:
                if m < self._floor:
                    self._dropped(m)
                else:
                    kept.append((m, d))
            self.rows = kept
            if len(kept) > self.LIMIT:
                self.broken, self.rows = True, []

    def _dropped(self, moment: dt.datetime) -> None:
        if self.dropped_below is None or moment >= self.dropped_below:
            self.dropped_below = moment + dt.timedelta(microseconds=1)

    def zone(self, start: dt.datetime, anchor: dt.datetime) -> Zone | None:
        if self.broken or (self.dropped_below is not None and start < self.dropped_below):
            return None
        count = digest = 0
        for moment, d in self.rows:
            if start <= moment <= anchor:
                count += 1
                digest ^= d
        return Zone(start, count, digest)


@dataclass(frozen=True)
class Mark:
    """The side's watermark as the previous job left it."""

    newest: dt.datetime | None
    scanned_at: dt.datetime | None
    settled_at: dt.datetime | None
    checked_at: dt.datetime | None
    extra: int
    anchor: dt.datetime | None
    anchor_at: dt.datetime | None
    quiet: bool | None
    inflight: list[int] | None
    zone: Zone | None = None

    def settled(self, anchor: dt.datetime, grain: dt.timedelta = dt.timedelta(0)) -> bool:
        """Whether every row stamped before ``anchor`` (and up to ``grain`` after it) has
        been read after it could still commit.

        The scan that took the anchor began after its newest row was stamped; what was
        stamped before commits within :data:`RECHECK`, and a clock shows one value for
        up to its grain. So once the previous scan kept this anchor and began that long
        after the one that took it, those rows are all read and later scans skip them.
        """
        return (
            self.anchor == anchor
            and self.anchor_at is not None
            and self.scanned_at is not None
            and self.scanned_at >= self.anchor_at + RECHECK + grain
        )


def read_mark(integration: Integration, mapping: str, side: Side) -> Mark | None:
    with integration.state.read() as s:
        wm = s.scalars(
            select(Watermark).where(Watermark.mapping == mapping, Watermark.side == side)
        ).first()
    if wm is None:
        return None
    inflight = None
    if wm.inflight is not None:
        inflight = [int(x) for x in wm.inflight.split(",") if x.strip()]
    return Mark(
        newest=stamp_time(wm.value),
        scanned_at=stamp_time(wm.scanned_at),
        settled_at=stamp_time(wm.settled_at),
        checked_at=wm.checked_at,
        extra=wm.extra or 0,
        anchor=stamp_time(wm.anchor),
        anchor_at=stamp_time(wm.anchor_at),
        zone=Zone.parse(wm.zone),
        quiet=wm.quiet,
        inflight=inflight,
    )


def save_mark(integration: Integration, mapping: str, found: SideFound, full: bool) -> None:
    """After a job that ran to the end: where the next one starts."""
    with integration.state.write() as s:
        wm = s.scalars(
            select(Watermark).where(Watermark.mapping == mapping, Watermark.side == found.side)
        ).first()
        if wm is None:
            wm = Watermark(mapping=mapping, side=found.side)
            s.add(wm)
        old = stamp_time(wm.value)
        if found.newest is not None and (old is None or found.newest > old or found.read_all):
            wm.value = found.newest.isoformat()
        wm.scanned_at = found.clock_start.isoformat() if found.clock_start else None
        wm.settled_at = found.clock_end.isoformat() if found.clock_end else None
        new_anchor = found.anchor.isoformat() if found.anchor else None
        if new_anchor != wm.anchor or wm.anchor_at is None:
            wm.anchor_at = found.clock_start.isoformat() if found.clock_start else None
        wm.anchor = new_anchor
        wm.zone = found.zone.text() if found.zone is not None else None
        wm.quiet = found.quiet
        wm.inflight = (
            ",".join(str(x) for x in found.inflight) if found.inflight is not None else None
        )
        if found.read_all:
            wm.checked_at = now_utc()
            wm.extra = len(found.bad)
        if full:
            wm.full_at = now_utc()


class Newest:
    """The newest stamp among those read; ISO text compared as text where it can be."""

    def __init__(self) -> None:
        self._text: dict[int, str] = {}
        self._other: dt.datetime | None = None

    def add(self, value: Any) -> None:
        if value is None:
            return
        if isinstance(value, str) and len(value) >= 19 and value[4] == "-":
            fmt = len(value)
            best = self._text.get(fmt)
            if best is None or value > best:
                self._text[fmt] = value
            return
        moment = stamp_time(value)
        if moment is not None and (self._other is None or moment > self._other):
            self._other = moment

    def get(self) -> dt.datetime | None:
        found = [stamp_time(v) for v in self._text.values()]
        found.append(self._other)
        moments = [m for m in found if m is not None]
        return max(moments) if moments else None


def settle_span(stamp: dt.datetime) -> dt.timedelta:
    """How long before a scan's end an edit could still have left ``stamp`` as it was.

    The stamp's grain shows in its last non-zero digit: ``…:15`` (whole seconds) may
    hide an edit for up to a second, ``…:15.5`` a tenth, ``…:15.884`` a millisecond.
    Twice the grain, at least :data:`SETTLE_FINE`, at most :data:`SETTLE`.
    """
    micro = stamp.microsecond
    if micro == 0:
        return SETTLE
    grain = 1
    while micro % (grain * 10) == 0:
        grain *= 10
    return min(SETTLE, max(SETTLE_FINE, dt.timedelta(microseconds=2 * grain)))


def in_settle(moment: dt.datetime, settle: dt.datetime | None) -> bool:
    """Whether a record last seen stamped ``moment`` is compared by value once more, the
    previous scan having ended at ``settle`` (see :func:`settle_span`)."""
    return (
        settle is not None
        and settle - SETTLE <= moment < settle
        and moment >= settle - settle_span(moment)
    )


def earliest(*moments: dt.datetime | None) -> dt.datetime | None:
    found = [m for m in moments if m is not None]
    return min(found) if found else None


def latest(*moments: dt.datetime | None) -> dt.datetime | None:
    found = [m for m in moments if m is not None]
    return max(found) if found else None
