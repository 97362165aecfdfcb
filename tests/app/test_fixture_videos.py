"""The window on the rendered fixture videos (tests/fixtures, issue 3), replaying their stored landmarks.

Each chosen clip runs through the real window with ``FakePoseBackend`` on
``tests/fixtures/landmarks/<clip>.npz``; the counter and the fault banner must show what
``manifest.json`` expects. Where the engine itself (offline, same landmarks) already disagrees with the
manifest, the test is an expected failure naming the numbers: that is an accuracy matter for the
engine and its benchmark, not the app. Skipped while the fixtures have not been generated.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from posecheck.engine.analyzer import Analyzer
from posecheck.engine.events import FaultRaised
from posecheck.exercises.loader import load_catalogue
from posecheck.landmarks import PoseSequence

pytestmark = pytest.mark.gui

FIXTURES = Path(os.environ.get("POSECHECK_FIXTURES_DIR", Path(__file__).parents[1] / "fixtures"))
MAX_CLIPS = 4  # keep the app tests within their time budget
HOLD_TOL_S = 1.5  # the window's hold clock against the manifest (and the engine alone against it)


def _chosen_clips() -> list[dict]:
    manifest = FIXTURES / "manifest.json"
    if not manifest.is_file():
        return []
    catalogue = load_catalogue()
    clips = []
    for clip in json.loads(manifest.read_text(encoding="utf-8"))["clips"]:
        exp = clip.get("expected") or {}
        stem = Path(clip["file"]).stem
        if exp.get("error") or clip["exercise"] not in catalogue:
            continue
        if not (FIXTURES / clip["file"]).is_file() or not (FIXTURES / "landmarks" / f"{stem}.npz").is_file():
            continue
        if exp.get("reps_total") is None and not exp.get("faults") and exp.get("hold_s") is None:
            continue
        clips.append(clip)
    faulty = [c for c in clips if (c.get("expected") or {}).get("faults")]
    clean = [c for c in clips if c not in faulty]
    return (faulty[:2] + clean)[:MAX_CLIPS]


CLIPS = _chosen_clips()


@pytest.mark.skipif(not CLIPS, reason=f"no rendered fixtures with landmarks in {FIXTURES} yet")
@pytest.mark.parametrize("clip", CLIPS, ids=[c["file"] for c in CLIPS])
def test_the_window_shows_the_fixture_count_and_faults(qtbot, clip):
    from test_live_window import make_window, run_to_end

    exp = clip["expected"]
    ex_id = clip["exercise"]
    seq = PoseSequence.load(FIXTURES / "landmarks" / f"{Path(clip['file']).stem}.npz")
    cat = load_catalogue()
    offline = Analyzer(cat[ex_id])
    events = offline.analyze(seq)
    st = offline.state()
    expected_faults = set((exp.get("faults") or {}).keys())
    offline_faults = {e.fault_id for e in events if isinstance(e, FaultRaised)}
    want = (exp.get("reps_total"), exp.get("reps_left"), exp.get("reps_right"))
    got = (st.reps_total, st.reps_left, st.reps_right)
    offline_hold_s = st.hold_total_s + st.hold_s
    hold_off = exp.get("hold_s") is not None and abs(offline_hold_s - exp["hold_s"]) > HOLD_TOL_S
    if (want[0] is not None and got[0] != want[0]) or not expected_faults <= offline_faults or hold_off:
        pytest.xfail(f"the engine alone gives reps {got}, faults {sorted(offline_faults)}, "
                     f"hold {offline_hold_s:.2f} s; manifest: reps {want}, faults {sorted(expected_faults)}, "
                     f"hold {exp.get('hold_s')} s")

    win = make_window(qtbot, seq, speed=8.0)
    shown_faults = []
    win.presenter.fault_shown.connect(shown_faults.append)
    run_to_end(qtbot, win, [ex_id], str(FIXTURES / clip["file"]), timeout_ms=60000)
    s = win.presenter.last_state
    if want[0] is not None:
        if cat[ex_id].per_side and cat[ex_id].rep is not None and want[1] is not None:
            assert (win.live.counter.left.text(), win.live.counter.right.text()) == (str(want[1]), str(want[2]))
        else:
            assert win.live.counter.total.text() == str(want[0])
    assert expected_faults <= set(shown_faults)
    if exp.get("hold_s") is not None and s is not None:
        assert abs((s.hold_total_s + s.hold_s) - exp["hold_s"]) <= HOLD_TOL_S
