"""The sidebar's pages after "Sync Errors", in order (see :mod:`syncdesk.ui.views`)."""

from __future__ import annotations

from syncdesk.ui.views import WorkspaceView

VIEW_CLASSES: list[type[WorkspaceView]] = [
    # one line per page, in sidebar order
]
