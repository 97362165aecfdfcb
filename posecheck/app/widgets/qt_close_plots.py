"""close_plots: tear down a window's pyqtgraph views in an order that cannot crash."""

from __future__ import annotations

import pyqtgraph as pg

__all__ = ["close_plots"]


def close_plots(widget) -> None:
    """Clears every pyqtgraph view under ``widget`` while all its items are still alive.

    Left to Qt's and Python's teardown, a plot's items can be collected while Qt still has a layout
    request queued for the plot, and the next event loop pass crashes in QGraphicsGridLayout (seen
    as a segfault in the GUI tests, pyqtgraph 0.14 / Qt 6.11). Flushing the queued layout requests
    at close instead does not help: the bad request is posted during the teardown itself.

    Only for a window whose close is its end (the main window: closing it quits). The views stay
    closed, so a window that is shown again after a close (the review window, which the main window
    keeps and reopens) must not call this: its plots would stay empty.
    """
    for view in widget.findChildren(pg.GraphicsView):
        view.close()
