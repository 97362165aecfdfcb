"""QtFaultBanner: the current form cue, coloured by severity; hidden when there is nothing to say."""

from __future__ import annotations

from PyQt6.QtWidgets import QLabel

__all__ = ["QtFaultBanner"]

_COLOURS = {"info": "#2a5d9f", "warning": "#c0661a", "stop": "#b3261e"}


class QtFaultBanner(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("fault_banner")
        self.setWordWrap(True)
        self.fault_id = ""
        self.hide()

    def show_fault(self, fault_id: str, text: str, severity: str) -> None:
        self.fault_id = fault_id
        self.setText(text)
        self.setStyleSheet(f"background: {_COLOURS.get(severity, '#c0661a')}; color: white; font-size: 20px;"
                           "font-weight: 600; padding: 10px; border-radius: 6px;")
        self.show()

    def clear_fault(self) -> None:
        self.fault_id = ""
        self.setText("")
        self.hide()
