"""Exports written from the workstation's buttons path: CSV rows, JSON fields, PDF pages (QtPdf), and
the privacy switch that leaves every video frame out of the PDF."""

from __future__ import annotations

import csv
import json

import pytest
from test_qt_support import copy_session
from test_qt_workstation import open_workstation

pytestmark = pytest.mark.gui


@pytest.fixture
def ws(qtbot, tmp_path):
    view, presenter, review = open_workstation(qtbot, copy_session("arched", tmp_path / "lib"))
    presenter.exports.quiet = True  # the failure test must not stop at a modal dialog
    yield view, presenter, review
    presenter.shutdown()


def run_export(qtbot, presenter, kind, path):
    with qtbot.waitSignal(presenter.export_finished, timeout=30000) as blocker:
        presenter.export(kind, path)
    assert blocker.args == [kind, str(path), True], presenter.view.exports.status.text()
    return path


def pdf_pages(path) -> list[str]:
    """The text of each page (QtPdf, so the tests need no poppler)."""
    from PyQt6.QtPdf import QPdfDocument

    doc = QPdfDocument(None)
    assert doc.load(str(path)) == QPdfDocument.Error.None_
    pages = [doc.getAllText(i).text() for i in range(doc.pageCount())]
    doc.close()
    return pages


def test_reps_csv_has_one_row_per_rep_with_the_clinicians_verdict(qtbot, ws, tmp_path):
    view, presenter, review = ws
    presenter.select_fault(0)
    presenter.toggle_false_alarm()
    rows = list(csv.DictReader(open(run_export(qtbot, presenter, "csv_reps", tmp_path / "reps.csv"), encoding="utf-8")))
    assert [int(r["rep_index"]) for r in rows] == [r.index for r in review.reps]
    assert [float(r["start_s"]) for r in rows] == pytest.approx([r.start_s for r in review.reps])
    assert [float(r["rom_deg"]) for r in rows] == pytest.approx([r.rom_deg for r in review.reps])
    marked = review.faults[0]
    row = rows[marked.rep_index]
    assert marked.id in row["faults_detected"].split(";"), "the detection stays"
    assert marked.id in row["false_alarms"].split(";")


def test_frames_csv_has_a_row_per_landmark_frame(qtbot, ws, tmp_path):
    view, presenter, review = ws
    with open(run_export(qtbot, presenter, "csv_frames", tmp_path / "frames.csv"), encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0][:3] == ["t_s", "video_frame", "has_pose"]
    assert len(rows) - 1 == len(review.series)
    assert f"{review.series.driver}_smooth" in rows[0]


def test_json_report_holds_reps_faults_and_notes(qtbot, ws, tmp_path):
    view, presenter, review = ws
    presenter.clinician.set_session_note("check hip extension")
    data = json.loads(run_export(qtbot, presenter, "json", tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["exercise"] == "glute_bridge"
    assert data["reps"]["total"] == len(review.reps)
    assert [r["start_s"] for r in data["rep_list"]] == [r.start_s for r in review.reps]
    assert [(f["id"], f["t_s"]) for f in data["faults"]] == [(f.id, f.t_s) for f in review.faults]
    assert data["notes"]["session"]["text"] == "check hip extension"


def test_pdf_has_summary_plots_and_a_key_frame_page_and_privacy_leaves_images_out(qtbot, ws, tmp_path):
    view, presenter, review = ws
    full = run_export(qtbot, presenter, "pdf", tmp_path / "full.pdf")
    pages_full = pdf_pages(full)
    assert len(pages_full) == presenter.last_export_pages >= 2
    assert "Summary" in pages_full[0] and "Set 1" in pages_full[0]
    assert all(f"Page {n} of {len(pages_full)}" in t for n, t in enumerate(pages_full, start=1))
    frames_from = next(i for i, t in enumerate(pages_full) if "Faults: key frames" in t)
    # Every counted fault has its key frame, captioned with its time (m:ss.s).
    key_text = "".join(pages_full[frames_from:])
    for f in review.faults:
        m, sec = divmod(f.t_s, 60.0)
        assert f"{int(m)}:{sec:04.1f}:" in key_text
    view.exports.privacy.setChecked(True)
    private = run_export(qtbot, presenter, "pdf", tmp_path / "private.pdf")
    pages_private = pdf_pages(private)
    assert len(pages_private) < len(pages_full)
    assert not any("Faults: key frames" in t for t in pages_private)
    assert "left out of this report for privacy" in " ".join(pages_private[0].split())
    assert private.stat().st_size < full.stat().st_size
    raw = private.read_bytes()
    assert b"/Subtype /Image" not in raw and b"/Subtype/Image" not in raw
    assert b"/Subtype /Image" in full.read_bytes() or b"/Subtype/Image" in full.read_bytes()


def test_pdf_text_is_dutch_when_the_language_is_dutch(qtbot, tmp_path):
    from PyQt6.QtPdf import QPdfDocument

    view, presenter, review = open_workstation(qtbot, copy_session("arched", tmp_path / "lib"), lang="nl")
    path = run_export(qtbot, presenter, "pdf", tmp_path / "nl.pdf")
    doc = QPdfDocument(None)
    doc.load(str(path))
    text = doc.getAllText(0).text()
    doc.close()
    presenter.shutdown()
    assert "Samenvatting" in text and "Pagina 1 van" in text


def test_an_unwritable_export_path_is_reported(qtbot, ws, tmp_path):
    view, presenter, review = ws
    target = tmp_path / "no-such-folder" / "reps.csv"
    with qtbot.waitSignal(presenter.export_finished, timeout=10000) as blocker:
        presenter.export("csv_reps", target)
    assert blocker.args[2] is False
    assert "Could not write" in view.exports.status.text() and "Choose another folder" in view.exports.status.text()
