"""The sidebar's pages after "Sync Errors", in order (see :mod:`syncdesk.ui.views`)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

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

# The sidebar's page titles, marked so that lupdate collects them in the "Pages" context:
# the pages keep their English ``title`` and show ``WorkspaceView.display_title()``.
_TITLES = (
    QT_TRANSLATE_NOOP("Pages", "Sync Errors"),
    QT_TRANSLATE_NOOP("Pages", "Jobs"),
    QT_TRANSLATE_NOOP("Pages", "Records"),
    QT_TRANSLATE_NOOP("Pages", "Job Queue"),
    QT_TRANSLATE_NOOP("Pages", "Mappings"),
)
