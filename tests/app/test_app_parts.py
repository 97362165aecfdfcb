"""Small parts of the app: the cv2/Qt plugin guard, texts, settings, the cue limiter, the camera mailbox."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import numpy as np
import pytest

from posecheck.app.application import prepare_qt_environment
from posecheck.app.cues import CueLimiter, CuePlayer
from posecheck.app.settings import Settings, system_language
from posecheck.app.texts import _SETUP, RED_FLAGS, setup_hint
from posecheck.i18n import tr
from posecheck.app.worker import FrameMailbox
from posecheck.capture.sources import Frame


def test_the_cv2_plugin_path_is_cleared_before_qt_starts(monkeypatch):
    import cv2

    monkeypatch.setenv("QT_QPA_PLATFORM_PLUGIN_PATH", os.path.join(os.path.dirname(cv2.__file__), "qt", "plugins"))
    prepare_qt_environment()
    assert "QT_QPA_PLATFORM_PLUGIN_PATH" not in os.environ


def test_every_engine_setup_code_has_a_hint_in_both_languages():
    codes = ["no_person", "two_people", "feet_out_of_view", "body_out_of_view", "head_out_of_view",
             "wrong_view:front", "wrong_view:side", "too_far"]
    for code in codes:
        en, nl = setup_hint(code, "en"), setup_hint(code, "nl")
        assert en != code and nl != code and en != nl
    assert setup_hint("feet_out_of_view", "nl") == "Ga verder naar achteren tot je voeten in beeld zijn"
    assert setup_hint("wrong_view:front", "en") == "Turn side-on to the camera"
    assert len(_SETUP) >= len(codes) and len(RED_FLAGS) == 5
    assert all(tr(flag, "nl") != flag for flag in RED_FLAGS)  # each red flag has its Dutch words


def test_settings_round_trip_and_default_language_from_the_locale(tmp_path, monkeypatch):
    monkeypatch.setenv("LC_ALL", "nl_NL.UTF-8")
    assert system_language() == "nl" and Settings().language == "nl"
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert Settings().language == "en"
    s = Settings(language="nl", camera_index=2, model_variant="lite", mirror=False, cue_volume=0.3, muted=True,
                 storage_dir=str(tmp_path / 'my "sessions"'), safety_confirmed=True, pose_workers=3)
    s.save(tmp_path)
    assert Settings.load(tmp_path) == s
    (tmp_path / "settings.toml").write_text("this is = = not toml")
    assert Settings.load(tmp_path).model_variant == "full"  # a broken file falls back to the defaults
    assert Settings().pose_workers == 0  # one per core, at most 4
    assert Settings(pose_workers=-2).pose_workers == 0 and Settings(pose_workers=99).pose_workers == 8


def test_the_settings_dialog_sets_the_pose_model_instances(qtbot):
    from posecheck.app.qt_dialogs import QtSettingsDialog

    s = Settings(language="en", pose_workers=0)
    dlg = QtSettingsDialog(s)
    qtbot.addWidget(dlg)
    assert dlg.pose_workers.value() == 0 and dlg.pose_workers.text().startswith("automatic")
    dlg.pose_workers.setValue(2)
    dlg.apply_to(s)
    assert s.pose_workers == 2


def test_cue_limiter_spaces_cues_and_does_not_repeat_the_same_cue():
    now = [0.0]
    lim = CueLimiter(min_gap_s=2.0, repeat_gap_s=10.0, clock=lambda: now[0])
    assert lim.allow("fault:a")
    assert not lim.allow("fault:b")  # too soon after another cue
    now[0] = 2.5
    assert lim.allow("fault:b")
    now[0] = 5.0
    assert not lim.allow("fault:a")  # same cue within the repeat gap
    assert lim.allow("rep:2", urgent=True) and not lim.allow("rep:2", urgent=True)
    now[0] = 12.5
    assert lim.allow("fault:a")


def test_muted_cues_are_shown_but_not_played(qtbot):
    player = CuePlayer("nl", muted=True, enable_audio=False, limiter=CueLimiter(0, 0))
    with qtbot.waitSignal(player.cue_given) as blocker:
        assert player.say("x", "Rustig zakken")
    assert blocker.args == ["Rustig zakken"] and list(player.spoken) == ["Rustig zakken"]


def test_the_cue_history_keeps_the_latest_cues_only(qtbot):
    """An hour of cues must not grow memory: the history is a bounded window of the newest."""
    from posecheck.app.cues import SPOKEN_HISTORY

    player = CuePlayer("en", muted=True, enable_audio=False, limiter=CueLimiter(0, 0))
    for i in range(SPOKEN_HISTORY + 250):
        assert player.say(f"cue:{i}", f"cue {i}")
    assert list(player.spoken) == [f"cue {i}" for i in range(250, SPOKEN_HISTORY + 250)]


def test_the_camera_mailbox_keeps_only_the_newest_frame_and_counts_the_rest():
    slot = FrameMailbox()
    img = np.zeros((2, 2, 3), np.uint8)
    for i in range(5):
        slot.put(Frame(img, i * 33, i))
    frame, _, _ = slot.take(threading.Event())
    assert frame.index == 4 and slot.dropped == 4
    slot.close()
    assert slot.take(threading.Event()) is None


@pytest.mark.gui
@pytest.mark.needs_model
def test_posecheck_app_runs_a_video_end_to_end_with_the_lite_model(tmp_path, bridge_clips):
    """The real entry point with real MediaPipe: starts, runs the video, saves the session, quits."""
    from posecheck.pose.model_files import resolve_model
    from posecheck.session.store import list_sessions, open_session

    video, _ = bridge_clips["clean"]
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text('model_variant = "lite"\nsafety_confirmed = true\n')
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "POSECHECK_DATA_DIR": str(tmp_path / "data"),
           "POSECHECK_CONFIG_DIR": str(config), "POSECHECK_QUIT_WHEN_DONE": "1", "POSECHECK_REPLAY_SPEED": "3"}
    r = subprocess.run([sys.executable, "-m", "posecheck", "app", "--video", str(video), "--exercise", "glute_bridge"],
                       env=env, capture_output=True, text=True, timeout=120, check=False)
    assert r.returncode == 0, r.stderr[-2000:]
    (folder,) = list_sessions(tmp_path / "data" / "sessions")
    s = open_session(folder)
    assert s.complete and s.meta["model"]["sha256"] == resolve_model("lite").sha256
    assert s.poses is not None and len(s.poses) > 100


def test_the_live_plot_is_titled_in_the_chosen_language():
    from posecheck.app.live_presenter import _feature_title
    from posecheck.exercises.loader import get_exercise

    bridge, bird_dog = get_exercise("glute_bridge"), get_exercise("bird_dog")
    assert _feature_title(bridge, "hip_rise_deg", "nl") == "Heupen omhoog (°)"
    assert _feature_title(bridge, "hip_rise_deg", "en") == "Hip rise (°)"
    assert _feature_title(bridge, "hip_speed_deg_s", "en") == "Hip speed (°/s)"
    side_feature = next(f.name for f in bird_dog.features if f.side == "both")
    assert _feature_title(bird_dog, side_feature + "_left", "nl") == _feature_title(bird_dog, side_feature, "nl")


def test_frames_are_scaled_for_the_view_in_the_worker_keeping_their_aspect():
    from posecheck.app.worker import fit_for_display

    frame = np.zeros((720, 1280, 3), np.uint8)
    frame[:, 640:] = 200  # right half bright: the scaled frame keeps left and right
    small = fit_for_display(frame, (900, 700))
    assert small.shape == (506, 900, 3) and small[:, :440].max() == 0 and small[:, 460:].min() == 200
    assert fit_for_display(frame, (1920, 1080)) is None  # already fits: drawn as it is
    assert fit_for_display(frame, None) is None
    assert fit_for_display(frame, (300, 300)).shape == (169, 300, 3)  # more than halved: area filter


@pytest.mark.gui
def test_the_live_plot_keeps_fixed_axes_and_widens_only_for_angles_outside_them(qtbot):
    from posecheck.app.widgets.qt_angle_plot import QtAnglePlot

    plot = QtAnglePlot(window_s=10.0)
    qtbot.addWidget(plot)
    plot.configure("Hip rise", [(3.0, "#888"), (7.0, "#4cdc78")])
    assert plot.y_range == (-7.0, 17.0)
    for i in range(400):  # 20 s at 20 fps: the curve scrolls, the x axis does not
        plot.add_point(i / 20, 5.0 + 10.0 * np.sin(i / 20))
    plot.refresh()
    x, _ = plot._curve.getData()
    assert x[-1] == 0.0 and x[0] >= -10.0
    lo, hi = plot.getViewBox().viewRange()[0]
    assert -10.5 < lo < -10.0 and 0.0 < hi < 0.5
    assert plot.y_range == (-7.0, 17.0)  # -5..15 stays inside: no re-layout of the axis
    plot.add_point(20.0, 42.0)
    plot.refresh()
    assert plot.y_range == (-7.0, 50.0)
