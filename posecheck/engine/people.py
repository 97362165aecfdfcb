"""Who is doing the exercise? Follows the exerciser among everyone in view. Numpy core: no Qt,
mediapipe or cv2.

Physiotherapy recordings often show two people: the therapist kneels beside a side-lying patient,
talks, gestures, rests a hand on the hip; at home a partner walks through the room. MediaPipe's order
of people says nothing about who exercises. So every person found is followed as a *track* (matched
frame to frame by where the trunk is), and each track is scored:

- **fit** (weight 2): how much of the last second the person spent in the exercise's start position
  (the exercise file's ``[position]`` conditions: lying, on all fours, side-lying …);
- **motion** (weight 1): whether the rep driver moves by the exercise's physiological minimum
  (``RepSpec.min_amplitude``) within the last few seconds;
- **size** (weight 0.5): the trunk's length against the largest person in view (a tie-breaker:
  the exerciser is usually the one the camera was set up for).

The best track is followed; another one takes over only when it scores clearly better for a while, or
when the followed person has been gone for a second (a switch restarts the start-position check, like a
cut). Only when two people *both* fit the exercise's position and both move like it (or, for a hold,
both hold it) is nobody judged: then we cannot know whose form we would be judging.

Everything here is causal and frame by frame, so live and recorded analysis decide the same way.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

import numpy as np

from posecheck.exercises.schema import ExerciseDef, FeatureSpec, FeatureType
from posecheck.i18n import N_, Msg
from posecheck.kinematics.angles import to_aspect_correct
from posecheck.engine.features import evaluate_features
from posecheck.kinematics.points import LandmarkArrays
from posecheck.kinematics.gating import CameraSideTracker
from posecheck.landmarks import LANDMARK_INDEX, PersonPose, PoseFrame

__all__ = ["PersonSelector", "FollowedNote"]

FIT_TAU_S = 1.0  # the position fit is a moving average over about this long
MOTION_WINDOW_S = 6.0  # the driver must have moved by its minimum amplitude within this window
LOST_S = 1.0  # the followed person may be unseen this long before someone else is followed
SWITCH_MARGIN = 0.75  # a track must score this much better ...
SWITCH_S = 1.5  # ... for this long to take over from the followed one
MATCH_TRUNKS = 0.75  # a detection belongs to a track when its trunk centre moved less than this many trunk lengths
PLAUSIBLE_FIT = 0.6  # "in position" for the ambiguity test
PLAUSIBLE_MOTION = 0.5
# Someone else must be in view this many frames before the report says so: MediaPipe now and then
# finds the same person twice for a frame or two (a zoomed shot), which is not a second person.
OTHERS_MIN_FRAMES = 15

_SHOULDERS = [LANDMARK_INDEX["left_shoulder"], LANDMARK_INDEX["right_shoulder"]]
_HIPS = [LANDMARK_INDEX["left_hip"], LANDMARK_INDEX["right_hip"]]


@dataclass(frozen=True)
class FollowedNote:
    """What the report and the screens say about who was followed."""

    most_in_view: int
    frames_with_others: int
    upright: bool  # the followed person's trunk was mostly upright (else: lying or on all fours)

    def text(self) -> Msg | None:
        if self.most_in_view < 2 or self.frames_with_others < OTHERS_MIN_FRAMES:
            return None
        if self.upright:
            return Msg.of(N_("{n} people in view: following the person standing"), n=self.most_in_view)
        return Msg.of(N_("{n} people in view: following the person on the mat"), n=self.most_in_view)


@dataclass
class _Track:
    id: int
    center: np.ndarray  # trunk centre, aspect-correct image units
    trunk: float  # shoulder-hip length, same units
    last_ms: int
    side: CameraSideTracker = field(default_factory=CameraSideTracker)
    fit: float = math.nan
    values: deque = field(default_factory=deque)  # (t_ms, driver value)
    better_since: int | None = None  # since when this track has outscored the followed one
    score: float = 0.0
    motion: float = 0.0


def _needed_specs(ex: ExerciseDef) -> tuple[tuple[FeatureSpec, ...], str | None]:
    """Features measured per person: the start position's and the rep driver's base feature."""
    by_name = {f.name: f for f in ex.features}
    names = {c.feature for c in ex.position}
    driver = None
    if ex.rep is not None:
        driver = ex.rep.driver
        spec = by_name.get(driver)
        if spec is not None and spec.type is FeatureType.RISE_FROM_START:
            driver = spec.of
        names.add(driver)
    base = {n[: -len(s)] for n in names for s in ("_left", "_right") if n.endswith(s)}
    wanted = tuple(f for f in ex.features if (f.name in names or f.name in base)
                   and f.type not in (FeatureType.RISE_FROM_START, FeatureType.SPEED_OF))
    return wanted, driver


class PersonSelector:
    def __init__(self, exercise: ExerciseDef, min_visibility: float = 0.3):
        self.exercise = exercise
        self.min_visibility = min_visibility
        self._specs, self._driver = _needed_specs(exercise)
        self._tracks: list[_Track] = []
        self._next_id = 0
        self.followed: _Track | None = None
        self.most_in_view = 0
        self.frames_with_others = 0
        self._upright_frames = 0
        self._followed_frames = 0

    def reset(self) -> None:
        """Forget everyone (a cut: the people after it are new)."""
        self._tracks, self.followed = [], None

    def note(self) -> FollowedNote:
        return FollowedNote(self.most_in_view, self.frames_with_others,
                            upright=self._upright_frames > 0.5 * max(self._followed_frames, 1))

    # ------------------------------------------------------------------ per frame
    def select(self, frame: PoseFrame) -> tuple[PoseFrame, bool]:
        """The frame with the exerciser as the person judged, and whether the followed person changed."""
        people = frame.people
        if not people:
            if frame.xyz is None:
                return frame, False
            people = (PersonPose(frame.xyz, frame.visibility, frame.world_xyz, frame.outline),)
        if frame.n_poses >= 2 and len(people) < 2:
            # Old data kept only MediaPipe's first person: who exercises cannot be told apart.
            return frame.following(None, ambiguous=True), False
        self.most_in_view = max(self.most_in_view, len(people))
        if len(people) >= 2:
            self.frames_with_others += 1
        t = frame.t_ms
        matched = self._match(people, frame.image_size, t)
        self._tracks = [tr for tr in self._tracks if (t - tr.last_ms) / 1000.0 <= LOST_S]
        if len(self._tracks) > 1:  # alone in view there is nobody to choose between: no scoring needed
            for track, person in matched:
                self._score(track, person, frame.image_size, t)
        present = [tr for tr, _ in matched]
        ambiguous = self._ambiguous(present)
        switched = self._choose(present, t)
        if ambiguous:
            return frame.following(None, ambiguous=True), switched
        person = next((p for tr, p in matched if tr is self.followed), None)
        if person is not None:
            self._followed_frames += 1
            self._upright_frames += _trunk_upright(person, frame.image_size)
        return frame.following(person), switched

    def _match(self, people: tuple[PersonPose, ...], image_size, t: int) -> list[tuple[_Track, PersonPose]]:
        dets = []
        for p in people:
            xy = to_aspect_correct(p.xyz, image_size)[:, :2]
            sh, hp = np.nanmean(xy[_SHOULDERS], axis=0), np.nanmean(xy[_HIPS], axis=0)
            dets.append(((sh + hp) / 2.0, float(np.hypot(*(sh - hp)))))
        pairs = sorted(((float(np.hypot(*(c - tr.center))) / max(tr.trunk, s, 1e-6), i, k)
                        for i, (c, s) in enumerate(dets) for k, tr in enumerate(self._tracks)), key=lambda x: x[0])
        used_d, used_t, out = set(), set(), []
        for dist, i, k in pairs:
            if dist > MATCH_TRUNKS or i in used_d or k in used_t:
                continue
            used_d.add(i), used_t.add(k)
            tr = self._tracks[k]
            tr.center, tr.trunk, tr.last_ms = dets[i][0], dets[i][1], t
            out.append((tr, people[i]))
        for i, (c, s) in enumerate(dets):
            if i not in used_d:
                tr = _Track(self._next_id, c, s, t)
                self._next_id += 1
                self._tracks.append(tr)
                out.append((tr, people[i]))
        return out

    def _score(self, tr: _Track, person: PersonPose, image_size, t: int) -> None:
        cam_left = tr.side.update(person.xyz, person.visibility, t)
        world = person.world_xyz if person.world_xyz is not None else np.full((33, 3), np.nan)
        la = LandmarkArrays.build(person.xyz[None], person.visibility[None], world[None], image_size,
                                  np.array([cam_left]))
        vals = {k: float(v[0]) for k, v in evaluate_features(self._specs, la, self.min_visibility).items()}
        conds = [c.holds(vals.get(c.feature, math.nan)) for c in self.exercise.position]
        known = [not math.isnan(vals.get(c.feature, math.nan)) for c in self.exercise.position]
        if all(known):
            x = 1.0 if all(conds) else 0.0
            dt = 1 / 30 if not tr.values else max((t - tr.values[-1][0]) / 1000.0, 1e-3)
            tr.fit = x if math.isnan(tr.fit) else tr.fit + (1 - math.exp(-dt / FIT_TAU_S)) * (x - tr.fit)
        if self._driver is not None:
            v = _driver_value(vals, self._driver, self.exercise.rep.direction)
            tr.values.append((t, v))
            while tr.values and (t - tr.values[0][0]) / 1000.0 > MOTION_WINDOW_S:
                tr.values.popleft()
            seen = [x for _, x in tr.values if not math.isnan(x)]
            spread = (np.percentile(seen, 90) - np.percentile(seen, 10)) if len(seen) >= 3 else 0.0
            tr.motion = min(float(spread) / self.exercise.rep.min_amplitude, 1.0)
        else:
            tr.values.append((t, math.nan))
            while tr.values and (t - tr.values[0][0]) / 1000.0 > MOTION_WINDOW_S:
                tr.values.popleft()
        tr.score = 2.0 * (0.0 if math.isnan(tr.fit) else tr.fit) + tr.motion

    def _ambiguous(self, present: list[_Track]) -> bool:
        def plausible(tr: _Track) -> bool:
            moving = tr.motion >= PLAUSIBLE_MOTION or self.exercise.rep is None
            return not math.isnan(tr.fit) and tr.fit >= PLAUSIBLE_FIT and moving
        return sum(plausible(tr) for tr in present) >= 2

    def _choose(self, present: list[_Track], t: int) -> bool:
        if not present:
            return False
        biggest = max(tr.trunk for tr in present)
        total = {tr.id: tr.score + 0.5 * tr.trunk / max(biggest, 1e-6) for tr in present}
        best = max(present, key=lambda tr: total[tr.id])
        cur = self.followed
        if cur is None or cur not in self._tracks:
            self.followed = best
            return cur is not None
        if cur not in present:
            return False  # gone for less than LOST_S: keep waiting for them
        for tr in present:
            if tr is cur:
                continue
            if total[tr.id] > total[cur.id] + SWITCH_MARGIN:
                tr.better_since = t if tr.better_since is None else tr.better_since
                if (t - tr.better_since) / 1000.0 >= SWITCH_S:
                    self.followed, tr.better_since = tr, None
                    return True
            else:
                tr.better_since = None
        return False


def _driver_value(vals: dict[str, float], driver: str, direction: str) -> float:
    if driver in vals:
        return vals[driver]
    pair = [vals.get(f"{driver}_{s}", math.nan) for s in ("left", "right")]
    pair = [v for v in pair if not math.isnan(v)]
    if not pair:
        return math.nan
    return max(pair) if direction == "up" else min(pair)


def _trunk_upright(person: PersonPose, image_size) -> bool:
    xy = to_aspect_correct(person.xyz, image_size)[:, :2]
    d = np.nanmean(xy[_SHOULDERS], axis=0) - np.nanmean(xy[_HIPS], axis=0)
    return bool(abs(d[1]) > abs(d[0]))  # shoulders above the hips more than beside them
