"""The PDF report for the patient file, painted with QPdfWriter + QPainter on A4.

What the report says comes from the core (:func:`posecheck.review.exports.pdf_report_content`);
this module only lays it out: title and summary, the per-set tables (the header repeated after a
page break), the angle plots (vector, :mod:`pdf_plot`), then a key frame with the skeleton for each
fault unless images are left out for privacy, and "page n of N" on every page.

Layout runs in two passes: blocks are measured and assigned to pages first, so the page count is
known before anything is painted. It needs no widget and no screen, so an export worker thread can
run it (fonts and QPainter on a paint device other than a widget are thread-safe in Qt 6).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from PyQt6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PyQt6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from posecheck.app.review.export.pdf_plot import paint_plot
from posecheck.i18n import tr
from posecheck.landmarks import LANDMARK_INDEX, SKELETON_EDGES

__all__ = ["write_pdf_report"]

_DPI = 150
_EDGES = [(LANDMARK_INDEX[a], LANDMARK_INDEX[b]) for a, b in SKELETON_EDGES]
FrameLoader = Callable[[int], "np.ndarray | None"]  # video frame index -> BGR image (None: unreadable)


class _Block:
    """Something of a known height that paints itself at (left, top) with the page's width."""

    def __init__(self, height: float, paint: Callable[[QPainter, QRectF], None], keep_with_next: bool = False):
        self.height, self.paint, self.keep_with_next = height, paint, keep_with_next


class _Layout:
    def __init__(self, writer: QPdfWriter):
        self.writer = writer
        self.width = float(writer.width())
        self.height = float(writer.height())
        self.blocks: list[_Block | None] = []  # None: start a new page here
        self.base = QFont("DejaVu Sans")
        self.base.setPointSizeF(9.5)

    def font(self, size: float, bold: bool = False) -> QFont:
        f = QFont(self.base)
        f.setPointSizeF(size)
        f.setBold(bold)
        return f

    def metrics(self, font: QFont) -> QFontMetricsF:
        return QFontMetricsF(font, self.writer)

    # ---- blocks
    def text(self, text: str, size: float = 9.5, bold: bool = False, colour=QColor(20, 20, 20), gap: float = 4,
             keep_with_next: bool = False) -> None:
        font = self.font(size, bold)
        fm = self.metrics(font)
        h = fm.boundingRect(QRectF(0, 0, self.width, 1e6), int(Qt.TextFlag.TextWordWrap), text).height()

        def paint(p: QPainter, r: QRectF):
            p.setFont(font)
            p.setPen(colour)
            p.drawText(QRectF(r.left(), r.top(), self.width, h + 2), int(Qt.TextFlag.TextWordWrap), text)

        self.blocks.append(_Block(h + gap * _DPI / 72, paint, keep_with_next))

    def space(self, pt: float) -> None:
        self.blocks.append(_Block(pt * _DPI / 72, lambda p, r: None))

    def page_break(self) -> None:
        self.blocks.append(None)

    def table(self, columns: list[str], rows: list[list[str]], struck: list[int], weights: list[float]) -> None:
        font, bold = self.font(8), self.font(8, True)
        total = sum(weights)
        widths = [self.width * w / total for w in weights]
        pad = 4.0

        def row_height(cells: list[str], f: QFont) -> float:
            m = self.metrics(f)
            return max(m.boundingRect(QRectF(0, 0, w - 2 * pad, 1e6), int(Qt.TextFlag.TextWordWrap), c).height()
                       for c, w in zip(cells, widths)) + 2 * pad

        head_h = row_height(columns, bold)

        def draw_row(p: QPainter, top: float, cells: list[str], f: QFont, h: float, fill: QColor | None,
                     grey: bool = False):
            x = 0.0
            if fill is not None:
                p.fillRect(QRectF(0, top, self.width, h), fill)
            p.setFont(f)
            p.setPen(QColor(130, 130, 130) if grey else QColor(20, 20, 20))
            for c, w in zip(cells, widths):
                p.drawText(QRectF(x + pad, top + pad, w - 2 * pad, h - 2 * pad), int(Qt.TextFlag.TextWordWrap), c)
                x += w
            p.setPen(QPen(QColor(200, 200, 200), 0.6))
            p.drawLine(QPointF(0, top + h), QPointF(self.width, top + h))

        # One block per row so that a long set breaks across pages; every row repeats nothing but the
        # first row on a page gets the header drawn above it (see _paginate's ``header`` hook).
        header = _Block(head_h, lambda p, r: draw_row(p, r.top(), columns, bold, head_h, QColor(230, 236, 242)))
        self.blocks.append(header)
        for i, cells in enumerate(rows):
            h = row_height(cells, font)

            def paint(p, r, cells=cells, h=h, i=i):
                draw_row(p, r.top(), cells, font, h, QColor(248, 248, 248) if i % 2 else None, grey=i in struck)

            b = _Block(h, paint)
            b.header = header  # type: ignore[attr-defined]
            self.blocks.append(b)


    def plot(self, spec, t_s: np.ndarray, series: dict[str, np.ndarray], lang: str) -> None:
        """Title, legend and plot as one block: a title must never end a page without its plot."""
        h = self.width * 0.36
        title_font, legend_font = self.font(10, True), self.font(7.5)
        title_h = self.metrics(title_font).height() * 1.3
        legend = "   ".join(f"— {f.replace('_', ' ')}" for f in spec.features) if len(spec.features) > 1 else ""
        legend_h = self.metrics(legend_font).height() * 1.3 if legend else 0.0

        def paint(p: QPainter, r: QRectF):
            p.setFont(title_font)
            p.setPen(QColor(20, 20, 20))
            p.drawText(QRectF(0, r.top(), self.width, title_h), int(Qt.AlignmentFlag.AlignLeft), spec.title)
            if legend:
                p.setFont(legend_font)
                p.setPen(QColor(80, 80, 80))
                p.drawText(QRectF(0, r.top() + title_h, self.width, legend_h), int(Qt.AlignmentFlag.AlignLeft), legend)
            p.setFont(self.font(8))
            paint_plot(p, QRectF(0, r.top() + title_h + legend_h, self.width, h), spec, t_s, series,
                       tr("time (s)", lang), tr("angle (°)", lang) if spec.unit == "deg" else "ratio")

        self.blocks.append(_Block(title_h + legend_h + h + 10, paint))

    def key_frame(self, image: QImage | None, caption: str, missing_text: str) -> None:
        w = self.width * 0.62
        h = w * (image.height() / image.width()) if image is not None and image.width() else w * 0.56
        font = self.font(8.5)
        cap_h = self.metrics(font).boundingRect(QRectF(0, 0, self.width, 1e6), int(Qt.TextFlag.TextWordWrap),
                                                caption).height()

        def paint(p: QPainter, r: QRectF):
            target = QRectF(0, r.top(), w, h)
            if image is not None:
                p.drawImage(target, image)
            else:
                p.fillRect(target, QColor(235, 235, 235))
                p.setPen(QColor(90, 90, 90))
                p.drawText(target, int(Qt.AlignmentFlag.AlignCenter), missing_text)
            p.setPen(QPen(QColor(150, 150, 150), 0.8))
            p.drawRect(target)
            p.setFont(font)
            p.setPen(QColor(20, 20, 20))
            p.drawText(QRectF(0, r.top() + h + 4, self.width, cap_h + 2), int(Qt.TextFlag.TextWordWrap), caption)

        self.blocks.append(_Block(h + cap_h + 18, paint))

    # ---- pages
    def paginate(self) -> list[list[tuple[_Block, float]]]:
        footer = self.metrics(self.font(8)).height() * 2
        usable = self.height - footer
        pages: list[list[tuple[_Block, float]]] = [[]]
        y = 0.0
        for k, b in enumerate(self.blocks):
            if b is None:
                if pages[-1]:
                    pages.append([])
                    y = 0.0
                continue
            nxt = self.blocks[k + 1] if k + 1 < len(self.blocks) else None
            # A heading goes to the next page with what it heads, never alone at the foot of a page.
            need = b.height + (nxt.height if b.keep_with_next and nxt is not None else 0.0)
            if y + need > usable and pages[-1]:
                pages.append([])
                y = 0.0
                head = getattr(b, "header", None)
                if head is not None:  # a table continues: its header goes on top of the new page
                    pages[-1].append((head, y))
                    y += head.height
            pages[-1].append((b, y))
            y += b.height
        return pages


def _skeleton_image(bgr: np.ndarray, xyz: np.ndarray | None, vis: np.ndarray | None) -> QImage:
    h, w = bgr.shape[:2]
    img = QImage(np.ascontiguousarray(bgr).data, w, h, int(bgr.strides[0]), QImage.Format.Format_BGR888).copy()
    if xyz is None:
        return img
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(QPen(QColor(255, 150, 40), max(2.0, w / 220), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    v = vis if vis is not None else np.ones(len(xyz))
    for a, b in _EDGES:
        if v[a] >= 0.3 and v[b] >= 0.3 and np.isfinite(xyz[[a, b], :2]).all():
            p.drawLine(QPointF(xyz[a, 0] * w, xyz[a, 1] * h), QPointF(xyz[b, 0] * w, xyz[b, 1] * h))
    p.end()
    return img


def write_pdf_report(path: str | Path, content, review, poses=None, load_frame: FrameLoader | None = None,
                     author: str = "posecheck") -> int:
    """Write the report and return its page count. ``content`` is the core's ReportContent (its
    ``include_images`` decides whether key frames are drawn); ``load_frame`` decodes a video frame."""
    lang = content.lang
    writer = QPdfWriter(str(path))
    writer.setResolution(_DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(16, 14, 16, 14), QPageLayout.Unit.Millimeter))
    writer.setTitle(content.title)
    writer.setCreator(author)
    lay = _Layout(writer)
    lay.text(content.title, 16, True, gap=2)
    lay.text(tr("For the patient file", lang), 9, colour=QColor(90, 90, 90))
    for line in content.header_lines:
        lay.text(line, 8.5, colour=QColor(70, 70, 70), gap=1)
    lay.space(6)
    lay.text(tr("Summary", lang), 12, True)
    for line in content.summary_lines:
        lay.text("• " + line, gap=2)
    if content.symmetry_lines:
        lay.space(4)
        lay.text(tr("Left / right", lang), 11, True)
        for line in content.symmetry_lines:
            lay.text(line, gap=2)
    if content.notes_lines:
        lay.space(4)
        lay.text(tr("Clinician notes", lang), 11, True)
        for line in content.notes_lines:
            lay.text(line, gap=2)
    if content.privacy_line:
        lay.space(4)
        lay.text(content.privacy_line, 9, colour=QColor(120, 60, 0))
    lay.space(8)
    lay.text(tr("Per set", lang), 12, True)
    weights = [0.5, 0.8, 0.9, 1.0, 0.7, 0.7, 0.8, 0.9, 2.4, 2.0]
    for t in content.set_tables:
        lay.text(t.heading, 10, True, gap=2, keep_with_next=True)
        lay.table(t.columns, t.rows, t.false_alarm_rows, weights[:len(t.columns)] + [1.0] * (len(t.columns) - 10))
        lay.space(6)
    series = review.series
    for spec in content.plots:
        lay.space(6)
        lay.plot(spec, series.t_s, series.angle_deg, lang)
    if content.fault_lines:
        lay.space(6)
        lay.text(tr("Faults", lang), 12, True, keep_with_next=True)
        for line in content.fault_lines:
            lay.text(line, 9, gap=1)
    else:
        lay.text(tr("No faults detected.", lang))
    if content.include_images and content.key_frames:
        lay.page_break()
        lay.text(tr("Faults: key frames", lang), 12, True)
        t_ms = np.round(series.t_s * 1000).astype(np.int64) if len(series) else np.zeros(0, np.int64)
        for kf in content.key_frames:
            bgr = load_frame(kf.video_frame) if load_frame is not None else None
            image = None
            if bgr is not None:
                xyz = vis = None
                if poses is not None and len(t_ms):
                    i = int(np.clip(np.searchsorted(t_ms, round(kf.t_s * 1000), side="right") - 1, 0, len(poses) - 1))
                    if not np.isnan(poses.xyz[i, 0, 0]):
                        xyz, vis = poses.xyz[i], poses.visibility[i]
                image = _skeleton_image(bgr, xyz, vis)
            lay.key_frame(image, kf.caption, tr("the video file cannot be read; it may be damaged", lang))
    pages = lay.paginate()
    p = QPainter(writer)
    footer_font = lay.font(8)
    for n, page in enumerate(pages, start=1):
        if n > 1:
            writer.newPage()
        for block, y in page:
            block.paint(p, QRectF(0, y, lay.width, block.height))
        p.setFont(footer_font)
        p.setPen(QColor(110, 110, 110))
        p.drawText(QRectF(0, lay.height - lay.metrics(footer_font).height(), lay.width, lay.metrics(footer_font).height()),
                   int(Qt.AlignmentFlag.AlignRight), tr("Page {n} of {total}", lang, n=n, total=len(pages)))
        p.drawText(QRectF(0, lay.height - lay.metrics(footer_font).height(), lay.width, lay.metrics(footer_font).height()),
                   int(Qt.AlignmentFlag.AlignLeft), content.title)
    p.end()

    return len(pages)
