"""How much of everything a demo holds, and which sync errors it ends with."""

from __future__ import annotations

from dataclasses import dataclass

from syncdesk.errors import UsageError

#: the fewest customers that leave room for every kind of edit the history makes
MIN_RECORDS = 20

ERROR_KINDS = ("conflict", "deleted-left", "deleted-right", "failed")


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
