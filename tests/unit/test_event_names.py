"""Events both ways: every event type survives events.jsonl, and only posecheck/engine/events.py names the
types as strings (everything else compares classes, so a renamed event cannot be half renamed)."""

import ast
import json
import math
from pathlib import Path

import pytest

from posecheck.engine import events as ev

PKG = Path(__file__).resolve().parents[2] / "posecheck"

SAMPLES = [
    ev.SetupChanged(1, ok=False, problems=("feet_out_of_view",)), ev.TrackingLost(2, reason="nobody"),
    ev.TrackingRegained(3), ev.PositionReached(4), ev.PositionLeft(5), ev.Restarted(6, reason="cut"),
    ev.RepStarted(7), ev.RepTopReached(8, side="left"),
    ev.RepCompleted(9, rep=ev.RepRecord(0, "left", 1, 2, 3, 9, 180.5, 20.25, ("over_arched_back",))),
    ev.HoldStarted(10, side=None), ev.HoldEnded(11, hold=ev.HoldRecord(None, 1, 11)),
    ev.HeldInPosition(12, hold=ev.HoldRecord("right", 2, 12)),
    ev.SetChecked(13, variant_id="seated", reps=3, cycles=4, in_position_s=9.5, held_s=0.0, most_in_view=2,
                  followed_upright=True),
    ev.FaultRaised(14, fault_id="hips_sagging", rep_index=None, severity="stop", value=12.5),
    ev.SetStarted(15), ev.SetEnded(16, reason="pain", reps_total=3, reps_left=1, reps_right=2, hold_s=4.5),
    ev.Paused(17), ev.Resumed(18), ev.SourceLost(19, message="camera unplugged"), ev.StoppedForPain(20),
]


def test_every_event_type_has_a_sample():
    assert {type(e) for e in SAMPLES} == set(ev.EVENT_TYPES.values())


@pytest.mark.parametrize("event", SAMPLES, ids=lambda e: e.type)
def test_an_event_survives_a_line_of_events_jsonl(event):
    line = json.loads(json.dumps(ev.event_to_dict(event, exercise_id="glute_bridge", set_index=2, wall_time=1.0)))
    assert ev.event_from_dict(line) == event
    assert ev.tagged_from_dict(line) == ev.TaggedEvent(event, "glute_bridge", 2)


def test_the_tag_never_overrides_the_events_own_fields():
    assert ev.event_to_dict(ev.SetEnded(5, reason="done"), reason="x", set_index=1)["reason"] == "done"


def test_old_and_foreign_lines_are_read_leniently():
    assert ev.event_from_dict({"type": "SessionStarted", "t_ms": 0}) is None  # an unknown type
    assert ev.event_from_dict({"t_ms": 0}) is None and ev.event_from_dict("x") is None
    rep = ev.event_from_dict({"type": "RepCompleted", "t_ms": 5, "rep": {"start_ms": 1, "end_ms": 5}}).rep
    assert (rep.start_ms, rep.top_start_ms, rep.faults) == (1, None, None)  # None: the file did not say
    fault = ev.event_from_dict({"type": "FaultRaised", "t_ms": 5, "fault_id": "leg_above_hip"})
    assert fault.severity == "warning" and math.isnan(fault.value)
    assert ev.tagged_from_dict({"type": "Paused", "t_ms": 1, "set_index": "2"}).set_index is None


def _event_name_literals(path: Path) -> list[str]:
    names = set(ev.EVENT_TYPES) | {"Event", "SessionEvent"}
    return [f"{path.relative_to(PKG.parent)}:{n.lineno} {n.value!r}" for n in ast.walk(ast.parse(path.read_text()))
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value in names]


def test_event_type_names_are_string_literals_in_one_module_only():
    home = PKG / "engine" / "events.py"
    assert _event_name_literals(home)  # the probe finds the names where they are
    elsewhere = [hit for f in sorted(PKG.rglob("*.py")) if f != home for hit in _event_name_literals(f)]
    assert elsewhere == []
