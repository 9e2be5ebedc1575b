"""What the window shows while no workspace is open, and while one opens."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget


class EmptyPage(QWidget):
    """No workspace open: open one, the demo, or one of the recent ones."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        title = QLabel(self.tr("No workspace open"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            self.tr(
                "Open a workspace file (<i>syncdesk.toml</i>) to see the status of its "
                "synchronization jobs and resolve its sync errors,<br>or look around in a demo "
                "workspace first."
            )
        )
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.open_button = QPushButton(self.tr("Open Workspace…"))
        self.open_button.setDefault(True)
        self.demo_button = QPushButton(self.tr("Open Demo Workspace"))
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        self.recent_label = QLabel()
        self.recent_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.recent_label.setTextFormat(Qt.TextFormat.RichText)
        outer.addWidget(title)
        outer.addSpacing(8)
        outer.addWidget(text)
        outer.addSpacing(16)
        outer.addLayout(buttons)
        outer.addSpacing(16)
        outer.addWidget(self.recent_label)
        outer.addStretch(3)


class OpeningPage(QWidget):
    """A workspace is being opened (its databases checked, its state migrated)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.label = QLabel(self.tr("Opening…"))
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        busy = QProgressBar()
        busy.setRange(0, 0)
        busy.setMaximumWidth(320)
        busy.setTextVisible(False)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(busy)
        row.addStretch(1)
        layout.addWidget(self.label)
        layout.addLayout(row)
        layout.addStretch(2)
