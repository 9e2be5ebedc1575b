"""The sidebar's pages after "Sync Errors", in order (see :mod:`syncdesk.ui.views`)."""

from __future__ import annotations

from syncdesk.ui.jobs_view import JobsView
from syncdesk.ui.mappings_view import MappingsView
from syncdesk.ui.queue_view import QueueView
from syncdesk.ui.records_view import RecordsView
from syncdesk.ui.views import WorkspaceView

VIEW_CLASSES: list[type[WorkspaceView]] = [
    # one line per page, in sidebar order
    JobsView,
    RecordsView,
    QueueView,
    MappingsView,
]
