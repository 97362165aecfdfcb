"""The catalogue's remaining faults (issue 13) on the existing exercises, scripted on the same solvers as
their clean clips: glute bridge rushing and feet placement, bird dog leg not stretched, head hanging or
tipped back and no hold, dead bug moving fast, plank head hanging, superman arms or legs left on the
floor, clamshell feet coming apart. (Side plank hips too high is the side plank script with a negative
hip drop.) Every clip mixes clean reps (or stretches of a hold) with faulty ones, so the truth also says
which reps must not be flagged."""
from __future__ import annotations

import numpy as np

from .birddog import NAME as BD_NAME, OTHER as BD_OTHER, base_pose as bd_base_pose, solve_table
from .bridge import BridgeSolver, hip_angle
from .character import ORIENT, Character
from .clamshell import OPEN_DEG, _sign_away, base_pose as cs_base_pose
from .deadbug import NAME as DB_NAME, OTHER as DB_OTHER, base_pose as db_base_pose
from .plank import PlankSolver
from .pose import axis_angle
from .superman import pose as superman_pose
from .timeline import Track, rep_plan

CLEAN_TEMPO = {"bridge": (1.5, 0.8, 1.5, 0.8), "bird_dog": (1.5, 3.0, 1.5, 1.0), "dead_bug": (1.8, 0.8, 1.8, 0.8)}
RUSHED = (0.6, 0.0, 0.35, 0.8)            # bridge: straight up and down, no pause
NO_HOLD = (0.8, 0.0, 0.8, 1.0)            # bird dog: out and straight back
FAST = (0.4, 0.1, 0.4, 0.8)               # dead bug: a whole rep in about a second


def _plan(reps_spec: list[dict], lead_in: float, clean: tuple, faulty: dict[str, tuple]):
    """(start, top start, top end, end) per rep; a rep with a tempo fault gets that fault's tempo."""
    out, t = [], lead_in
    for spec in reps_spec:
        tempo = next((faulty[f] for f in spec.get("faults", []) if f in faulty), clean)
        up, top, down, bottom = tempo
        out.append((t, t + up, t + up + top, t + up + top + down))
        t += up + top + down + bottom
    return out


def _truth(i, side, s, e, faults, ts, te, top_angle=None):
    rep = {"index": i, "side": side, "start_s": round(s, 3), "end_s": round(e, 3), "top_angle_deg": top_angle,
           "faults": list(faults)}
    return rep, [{"id": f, "rep_index": i, "start_s": round(ts - 0.3, 3), "end_s": round(te + 0.3, 3)} for f in faults]


# ------------------------------------------------------------------ glute bridge
def bridge_form_clip(shape: str, reps_spec: list[dict], feet: tuple[float, float] = (50.0, 100.0), lead_in=1.5,
                     tail=1.5):
    """reps_spec: [{'faults': [...]}]; no_pause_at_top / lowering_too_fast reps are rushed. feet: the
    start position's hip and knee flexion (where the feet are planted: (70, 145) close, (30, 45) far)."""
    ch = Character(shape)
    solver = BridgeSolver(ch, *feet)
    R0 = solver.root(0)
    start = hip_angle(ch.joints(solver.pose(0, feet[0], feet[1], 0), R0, np.zeros(3)), R0)
    plan = _plan(reps_spec, lead_in, CLEAN_TEMPO["bridge"], {"no_pause_at_top": RUSHED, "lowering_too_fast": RUSHED})
    tr = Track().key(0.0, ang=start)
    reps, faults = [], []
    for i, ((s, ts, te, e), spec) in enumerate(zip(plan, reps_spec)):
        tr.key(s, ang=start).key(ts, ang=180.0).key(te, ang=180.0).key(e, ang=start)
        rep, fs = _truth(i, None, s, e, spec.get("faults", []), ts, te, 180.0)
        reps.append(rep)
        faults += fs
    cache = {}

    def person(t):
        a = round(tr.at(t)["ang"], 3)
        if a not in cache:
            cache[a] = solver.solve(a)
        return cache[a]

    return ch, person, plan[-1][3] + tail, reps, [], faults


# ------------------------------------------------------------------ bird dog
def bird_dog_form_clip(shape: str, reps_spec: list[dict], lead_in=1.5, tail=1.5):
    """reps_spec: [{'side': 'L'|'R', 'faults': [...]}], faults among leg_not_extended (the knee stays bent
    at 60 degrees), head_dropping / head_cranked (the head 50 degrees down / up at the top) and no_hold."""
    ch = Character(shape)
    p, R, t0 = solve_table(ch)
    plan = _plan(reps_spec, lead_in, CLEAN_TEMPO["bird_dog"], {"no_hold": NO_HOLD})
    tr = Track().key(0.0, lift=0.0, bend=0.0, neck=0.0)
    reps, faults, sides = [], [], []
    for i, ((s, ts, te, e), spec) in enumerate(zip(plan, reps_spec)):
        f = spec.get("faults", [])
        bend = 60.0 if "leg_not_extended" in f else 0.0
        neck = 50.0 if "head_dropping" in f else -50.0 if "head_cranked" in f else 0.0
        tr.key(s, lift=0.0, bend=0.0, neck=0.0).key(ts, lift=1.0, bend=bend, neck=neck)
        tr.key(te, lift=1.0, bend=bend, neck=neck).key(e, lift=0.0, bend=0.0, neck=0.0)
        sides.append((s, e, spec["side"]))
        rep, fs = _truth(i, BD_NAME[spec["side"]], s, e, f, ts, te)
        reps.append(rep)
        faults += fs

    def person(t):
        v = tr.at(t)
        side = next((sd for s, e, sd in sides if s - 0.01 <= t <= e + 0.5), "L")
        q = bd_base_pose(p)
        a = v["lift"]
        q[f"hip_flex.{side}"] = (90.0 + p) + a * (p - (90.0 + p)) + 0.5 * v["bend"]
        q[f"knee_flex.{side}"] = 90.0 * (1 - a) + (5.0 + v["bend"]) * a
        q[f"ankle_flex.{side}"] = -55.0 + 30.0 * a
        q[f"shoulder_flex.{BD_OTHER[side]}"] = (90.0 + p) + a * 90.0
        q["neck_flex"] = -8.0 + v["neck"]
        return q, R, t0

    return ch, person, plan[-1][3] + tail, reps, [], faults


# ------------------------------------------------------------------ dead bug
def dead_bug_fast_clip(shape: str, reps_spec: list[dict], lead_in=1.5, tail=1.5):
    """reps_spec: [{'side': 'L'|'R', 'faults': [...]}]; moving_fast reps take about a second."""
    ch = Character(shape)
    R = ORIENT["supine"]
    plan = _plan(reps_spec, lead_in, CLEAN_TEMPO["dead_bug"], {"moving_fast": FAST})
    tr = Track().key(0.0, a=0.0)
    reps, faults, sides = [], [], []
    for i, ((s, ts, te, e), spec) in enumerate(zip(plan, reps_spec)):
        tr.key(s, a=0.0).key(ts, a=1.0).key(te, a=1.0).key(e, a=0.0)
        sides.append((s, e, spec["side"]))
        rep, fs = _truth(i, DB_NAME[spec["side"]], s, e, spec.get("faults", []), ts, te)
        reps.append(rep)
        faults += fs
    cache = {}

    def person(t):
        a = round(tr.at(t)["a"], 4)
        side = next((sd for s, e, sd in sides if s - 0.01 <= t <= e + 0.4), "L")
        if (side, a) not in cache:
            q = db_base_pose()
            q[f"hip_flex.{side}"] = 90.0 - 70.0 * a
            q[f"knee_flex.{side}"] = 90.0 - 80.0 * a
            q[f"shoulder_flex.{DB_OTHER[side]}"] = 90.0 + 75.0 * a
            z = ch.mesh(q, R, np.zeros(3))[:, 2].min()
            cache[(side, a)] = (q, R, np.array([0.0, 0.0, -z]))
        return cache[(side, a)]

    return ch, person, plan[-1][3] + tail, reps, [], faults


# ------------------------------------------------------------------ plank
def plank_head_clip(shape: str, duration: float, span: tuple[float, float], drop_deg: float = 55.0):
    """A clean plank whose head hangs (neck flexed by drop_deg) from span[0] to span[1]."""
    ch = Character(shape)
    solver = PlankSolver(ch)
    s, e = span
    tr = Track().key(0.0, neck=0.0).key(s - 0.4, neck=0.0).key(s + 0.4, neck=drop_deg)
    tr.key(e - 0.4, neck=drop_deg).key(e + 0.4, neck=0.0)
    cache = {}

    def person(t):
        n = round(tr.at(t)["neck"], 3)
        if n not in cache:
            q, R, tt = solver.solve(0.0)
            cache[n] = (dict(q, neck_flex=-5.0 + n), R, tt)
        return cache[n]

    faults = [{"id": "head_dropping", "rep_index": None, "start_s": s, "end_s": e}]
    holds = [{"side": None, "start_s": 0.0, "end_s": duration}]   # the body line stays straight
    return ch, person, duration, [], holds, faults


# ------------------------------------------------------------------ superman
def superman_limbs_clip(shape: str, lifts: list[str | None], hold_s=7.0, lead_in=1.5, ramp=1.0, rest=2.0, tail=1.5):
    """Lifts held hold_s each; a lift named legs_not_lifted / arms_not_lifted leaves those on the floor."""
    ch = Character(shape)
    R = ORIENT["prone"]
    tr = Track().key(0.0, a=0.0, legs=1.0, arms=1.0)
    holds, faults, t = [], [], lead_in
    for fault in lifts:
        legs, arms = (0.0 if fault == "legs_not_lifted" else 1.0), (0.0 if fault == "arms_not_lifted" else 1.0)
        tr.key(t, a=0.0, legs=legs, arms=arms).key(t + ramp, a=1.0, legs=legs, arms=arms)
        tr.key(t + ramp + hold_s, a=1.0, legs=legs, arms=arms).key(t + 2 * ramp + hold_s, a=0.0, legs=legs, arms=arms)
        if fault:
            faults.append({"id": fault, "rep_index": None, "start_s": round(t + ramp, 3),
                           "end_s": round(t + ramp + hold_s, 3)})
        else:
            holds.append({"side": None, "start_s": round(t + ramp, 3), "end_s": round(t + ramp + hold_s, 3)})
        t += 2 * ramp + hold_s + rest
    duration = t - rest + tail
    cache = {}

    def person(tt):
        v = tr.at(tt)
        key = tuple(round(v[k], 4) for k in ("a", "legs", "arms"))
        if key not in cache:
            a, legs, arms = key
            q = superman_pose(a)
            # legs left down: the hips do not extend (the legs follow the pelvis onto the floor);
            # arms left down: the shoulders flex less, so the hands stay on the floor as the chest rises
            q.update({f"hip_flex.{s}": q[f"hip_flex.{s}"] * legs + 4.0 * a * (1 - legs) for s in "LR"})
            q.update({f"shoulder_flex.{s}": q[f"shoulder_flex.{s}"] - 26.0 * a * (1 - arms) for s in "LR"})
            z = ch.mesh(q, R, np.zeros(3))[:, 2].min()
            cache[key] = (q, R, np.array([0.0, 0.0, -z]))
        return cache[key]

    return ch, person, duration, [], holds, faults


# ------------------------------------------------------------------ clamshell
def clamshell_feet_clip(shape: str, down: str, reps_spec: list[dict], lead_in=1.5, tempo=(1.5, 0.5, 1.5, 0.8),
                        tail=1.5):
    """reps_spec: [{'faults': [...]}]; on a feet_apart rep the top leg opens by lifting (abducting) the
    whole leg, so the top foot comes off the lower one, instead of turning about the hip-ankle line."""
    ch = Character(shape)
    up = "R" if down == "L" else "L"
    R = ORIENT["side_left" if down == "L" else "side_right"]
    q0 = cs_base_pose(down)
    j0 = ch.joints(q0, np.eye(3), np.zeros(3))
    axis = j0[f"foot.{up}"] - j0[f"upperleg.{up}"]
    sg_open = _sign_away(ch, q0, up, axis)
    arm = {ch.body.bone(f"{b}.{down}") for b in ("upperarm", "lowerarm", "hand")}
    on_floor = ~np.isin(ch.body.w_idx[:, 0], list(arm))
    tr = Track().key(0.0, a=0.0, lift=0.0)
    plan = rep_plan(len(reps_spec), lead_in, *tempo)
    reps, faults = [], []
    for i, ((s, ts, te, e), spec) in enumerate(zip(plan, reps_spec)):
        lift = 1.0 if "feet_apart" in spec.get("faults", []) else 0.0
        tr.key(s, a=0.0, lift=lift).key(ts, a=1.0, lift=lift).key(te, a=1.0, lift=lift).key(e, a=0.0, lift=lift)
        rep, fs = _truth(i, {"L": "left", "R": "right"}[up], s, e, spec.get("faults", []), ts, te)
        reps.append(rep)
        faults += fs
    cache = {}

    def person(t):
        v = tr.at(t)
        key = (round(v["a"], 4), round(v["lift"], 4))
        if key not in cache:
            a, lift = key
            q = dict(cs_base_pose(down))
            # a clean rep turns the leg about the hip-ankle line; a faulty one lifts it sideways
            turn = sg_open * OPEN_DEG * a * (1 - lift)
            q["extra_rot"] = {f"upperleg.{up}": axis_angle(axis, turn)}
            q[f"hip_abd.{up}"] = -3.0 + 30.0 * a * lift
            z = ch.mesh(q, R, np.zeros(3))[on_floor, 2].min()
            cache[key] = (q, R, np.array([0.0, 0.0, -z]))
        return cache[key]

    return ch, person, plan[-1][3] + tail, reps, [], faults
