"""Does the count survive footage it was not tuned on? Metamorphic checks on the real clips' landmarks.

    python benchmarks/perturbed_clips.py [--clips ../shared/clips] [--model full] [--out results/]
    python benchmarks/perturbed_clips.py --fixtures tests/fixtures   # the rendered clips instead

Each countable real clip (``labels.json``) is analysed again after a change that must not change its
count, or changes it in a known way, applied to its landmarks (cached by clips_accuracy.py; extracted
here where missing). Each change stands for a class of footage nobody tuned for:

- ``fps15``: a camera at 15 frames a second (every other frame dropped).
- ``slow`` / ``fast``: the same movement 1.5x slower, 0.75x the time (older patients, brisk trainers).
- ``mirror``: filmed from the other side (the picture flipped, left and right swapped).
- ``roll10``: the phone leaning 10 degrees (the picture rotated around its centre).
- ``far``: the person 0.6x as large in the picture (camera further away or a wide lens).
- ``jitter``: landmark noise of 1 % of the trunk length (a poor camera, dim light).
- ``dropout``: tracking lost on 8 % of frames, in runs of up to 4 frames.
- ``bystander``: a second person standing still at the picture's edge (a physio watching).
- ``twice_cut``: the clip, a cut, then the clip again: twice the reps, none across the cut.
- ``range70``: the movement made 30 % smaller (each frame moved towards the person's middle pose).
- ``high20``: the camera 20 degrees higher, looking down (from MediaPipe's own 3D landmarks).

Per change: exact count, within one, and the **silent misses**: off by more than one with nothing said
(no "cannot judge", no "not sure"). A wrong count that says it is not sure is an honest miss; ``range70``
may lose reps as long as it says so. Nothing of the clips is written into the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from clips_accuracy import BRIDGE_REPS_TRUTH, _landmarks, _sha  # noqa: E402

from posecheck.analysis import analyze_sequence, check_people, refuse_ambiguous  # noqa: E402
from posecheck.errors import PosecheckError  # noqa: E402
from posecheck.exercises.loader import load_catalogue  # noqa: E402
from posecheck.landmarks import PoseSequence  # noqa: E402

# MediaPipe's 33 landmarks: the index of each one's mirror twin (nose and the like map to themselves).
_PAIRS = [(1, 4), (2, 5), (3, 6), (7, 8), (9, 10)] + [(i, i + 1) for i in range(11, 33, 2)]
MIRROR_INDEX = np.arange(33)
for _a, _b in _PAIRS:
    MIRROR_INDEX[_a], MIRROR_INDEX[_b] = _b, _a


def _map_points(seq: PoseSequence, image_fn, world_fn=None, swap: bool = False) -> PoseSequence:
    """Apply ``image_fn`` to every normalized (x, y) of the exerciser and of everyone in view."""
    idx = MIRROR_INDEX if swap else np.arange(33)

    def image(a: np.ndarray | None) -> np.ndarray | None:
        if a is None:
            return None
        out = a[..., idx, :].copy()
        out[..., :2] = image_fn(out[..., :2])
        return out

    def world(a: np.ndarray | None) -> np.ndarray | None:
        if a is None:
            return None
        out = a[..., idx, :].copy()
        return world_fn(out) if world_fn is not None else out

    vis = seq.visibility[:, idx]
    pvis = seq.people_visibility[..., idx] if seq.people_visibility is not None else None
    return replace(seq, xyz=image(seq.xyz), visibility=vis, world_xyz=world(seq.world_xyz),
                   people_xyz=image(seq.people_xyz), people_visibility=pvis,
                   people_world_xyz=world(seq.people_world_xyz))


def _aspect(seq: PoseSequence) -> float:
    w, h = seq.image_size
    return w / h if h else 1.0


def mirror(seq: PoseSequence, rng) -> PoseSequence:
    def flip(xy):
        xy[..., 0] = 1.0 - xy[..., 0]
        return xy

    def flip_world(p):
        p[..., 0] = -p[..., 0]
        return p
    return _map_points(seq, flip, flip_world, swap=True)


def roll10(seq: PoseSequence, rng) -> PoseSequence:
    a, k = np.radians(10.0), _aspect(seq)
    c, s = np.cos(a), np.sin(a)

    def rot(xy):  # in pixel-proportional units, about the picture's centre
        x, y = (xy[..., 0] - 0.5) * k, xy[..., 1] - 0.5
        xy[..., 0] = (c * x - s * y) / k + 0.5
        xy[..., 1] = s * x + c * y + 0.5
        return xy

    def rot_world(p):
        x, y = p[..., 0].copy(), p[..., 1].copy()
        p[..., 0], p[..., 1] = c * x - s * y, s * x + c * y
        return p
    return _map_points(seq, rot, rot_world)


def far(seq: PoseSequence, rng) -> PoseSequence:
    centre = np.nanmedian(seq.xyz[:, [11, 12, 23, 24], :2].reshape(-1, 2), axis=0)

    def shrink(xy):
        return centre + 0.6 * (xy - centre)
    return _map_points(seq, shrink)


def jitter(seq: PoseSequence, rng) -> PoseSequence:
    trunk = np.nanmedian(np.linalg.norm(seq.xyz[:, 11, :2] - seq.xyz[:, 23, :2], axis=-1))
    noise = rng.normal(0.0, 0.01 * trunk, size=seq.xyz[..., :2].shape).astype(np.float32)
    xyz = seq.xyz.copy()
    xyz[..., :2] += noise
    people = None
    if seq.people_xyz is not None:  # the exerciser's copy in the people arrays moves with it
        people = seq.people_xyz.copy()
        for p in range(people.shape[1]):
            same = np.all(np.isclose(people[:, p, :, :2], seq.xyz[..., :2], equal_nan=True), axis=(1, 2))
            people[same, p, :, :2] = xyz[same, :, :2]
    return replace(seq, xyz=xyz, people_xyz=people if people is not None else None)


def _take(seq: PoseSequence, keep: np.ndarray) -> PoseSequence:
    def sel(a):
        return None if a is None else a[keep]
    return replace(seq, t_ms=seq.t_ms[keep], xyz=seq.xyz[keep], visibility=seq.visibility[keep],
                   world_xyz=seq.world_xyz[keep], n_poses=seq.n_poses[keep], people_xyz=sel(seq.people_xyz),
                   people_visibility=sel(seq.people_visibility), people_world_xyz=sel(seq.people_world_xyz),
                   scene_cut=sel(seq.scene_cut))


def fps15(seq: PoseSequence, rng) -> PoseSequence:
    return _take(seq, np.arange(0, len(seq), 2))


def _retime(factor: float):
    def fn(seq: PoseSequence, rng) -> PoseSequence:
        t0 = int(seq.t_ms[0])
        return replace(seq, t_ms=(t0 + np.round((seq.t_ms - t0) * factor)).astype(np.int64))
    return fn


def dropout(seq: PoseSequence, rng) -> PoseSequence:
    lost = np.zeros(len(seq), bool)
    while lost.mean() < 0.08:
        i = int(rng.integers(0, len(seq)))
        lost[i:i + int(rng.integers(1, 5))] = True
    xyz, world, vis = seq.xyz.copy(), seq.world_xyz.copy(), seq.visibility.copy()
    xyz[lost], world[lost], vis[lost] = np.nan, np.nan, 0.0
    n = seq.n_poses.copy()
    n[lost] = 0
    people = [None if a is None else a.copy() for a in (seq.people_xyz, seq.people_visibility, seq.people_world_xyz)]
    if people[0] is not None:
        people[0][lost], people[1][lost], people[2][lost] = np.nan, 0.0, np.nan
    return replace(seq, xyz=xyz, world_xyz=world, visibility=vis, n_poses=n, people_xyz=people[0],
                   people_visibility=people[1], people_world_xyz=people[2])


def bystander(seq: PoseSequence, rng) -> PoseSequence:
    """A standing person at the picture's edge, still but for a little sway: a copy of a standing
    skeleton built from the exerciser's own proportions."""
    w, h = seq.image_size
    k = _aspect(seq)
    trunk = float(np.nanmedian(np.linalg.norm((seq.xyz[:, 11, :2] - seq.xyz[:, 23, :2]) * [k, 1], axis=-1)))
    height = float(np.clip(3.2 * trunk, 0.45, 0.95))  # of the picture's height
    stand = np.zeros((33, 3), np.float32)
    # y from the head (0) down to the feet (1); x offset in the body's width units, facing the camera
    rows = {0: (0.0, 0.05), 11: (0.0, 0.18), 12: (0.0, 0.18), 13: (0.09, 0.33), 14: (-0.09, 0.33),
            15: (0.1, 0.46), 16: (-0.1, 0.46), 23: (0.05, 0.52), 24: (-0.05, 0.52), 25: (0.05, 0.75),
            26: (-0.05, 0.75), 27: (0.05, 0.97), 28: (-0.05, 0.97)}
    for j in range(33):
        near = j if j in rows else 0 if j <= 10 else min(rows, key=lambda r: abs(r - j))
        dx, y = rows[near]
        if j in (11, 13, 15, 23, 25, 27, 17, 19, 21, 29, 31):
            dx = abs(dx) + (0.1 if j in (11,) else 0.0)
        elif j in (12, 14, 16, 24, 26, 28, 18, 20, 22, 30, 32):
            dx = -abs(dx) - (0.1 if j in (12,) else 0.0)
        stand[j] = (dx, y, 0.0)
    x0 = 0.08 if np.nanmedian(seq.xyz[:, 23, 0]) > 0.5 else 0.92
    n = len(seq)
    sway = 0.01 * np.sin(np.linspace(0, 6 * np.pi, n))[:, None]
    other = np.empty((n, 33, 3), np.float32)
    other[..., 0] = x0 + stand[:, 0] * height / k + sway
    other[..., 1] = 0.98 - height + stand[:, 1] * height
    other[..., 2] = 0.0
    other_world = np.empty((n, 33, 3), np.float32)
    other_world[..., 0], other_world[..., 1], other_world[..., 2] = stand[:, 0] * 1.7, (stand[:, 1] - 0.52) * 1.7, 0.0
    base = seq.people_xyz if seq.people_xyz is not None else seq.xyz[:, None]
    base_vis = seq.people_visibility if seq.people_visibility is not None else seq.visibility[:, None]
    base_world = seq.people_world_xyz if seq.people_world_xyz is not None else seq.world_xyz[:, None]
    people = np.concatenate([base, other[:, None]], axis=1)
    pvis = np.concatenate([base_vis, np.full((n, 1, 33), 0.95, np.float32)], axis=1)
    pworld = np.concatenate([base_world, other_world[:, None]], axis=1)
    counts = (~np.isnan(people[:, :, 0, 0])).sum(axis=1).astype(np.int8)
    return replace(seq, people_xyz=people, people_visibility=pvis, people_world_xyz=pworld, n_poses=counts)


def twice_cut(seq: PoseSequence, rng) -> PoseSequence:
    n = len(seq)
    step = int(np.median(np.diff(seq.t_ms))) if n > 1 else 33
    t2 = seq.t_ms + (seq.t_ms[-1] - seq.t_ms[0] + step)

    def cat(a):
        return None if a is None else np.concatenate([a, a])
    cut = np.zeros(2 * n, bool) if seq.scene_cut is None else np.concatenate([seq.scene_cut, seq.scene_cut])
    cut[n] = True
    return replace(seq, t_ms=np.concatenate([seq.t_ms, t2]), xyz=cat(seq.xyz), visibility=cat(seq.visibility),
                   world_xyz=cat(seq.world_xyz), n_poses=cat(seq.n_poses), people_xyz=cat(seq.people_xyz),
                   people_visibility=cat(seq.people_visibility), people_world_xyz=cat(seq.people_world_xyz),
                   scene_cut=cut)


def _per_person(seq: PoseSequence, fn) -> PoseSequence:
    """``fn(xyz, world_xyz)`` → (xyz, world_xyz), applied to the exerciser's arrays and to everyone's."""
    xyz, world = fn(seq.xyz, seq.world_xyz)
    people, people_world = seq.people_xyz, seq.people_world_xyz
    if people is not None:
        turned = [fn(people[:, p], people_world[:, p]) for p in range(people.shape[1])]
        people = np.stack([t[0] for t in turned], axis=1)
        people_world = np.stack([t[1] for t in turned], axis=1)
    return replace(seq, xyz=xyz, world_xyz=world, people_xyz=people, people_world_xyz=people_world)


def range70(seq: PoseSequence, rng) -> PoseSequence:
    """Each frame 30 % of the way to the person's middle pose (joint by joint), relative to the hips,
    so the body stays where it lies."""
    def smaller(points: np.ndarray) -> np.ndarray:
        with warnings.catch_warnings():  # frames without the person stay NaN
            warnings.simplefilter("ignore", RuntimeWarning)
            hips = np.nanmean(points[:, [23, 24]], axis=1, keepdims=True)
            rel = points - hips
            middle = np.nanmedian(rel, axis=0, keepdims=True)
        return (hips + middle + 0.7 * (rel - middle)).astype(np.float32)
    return _per_person(seq, lambda xyz, world: (smaller(xyz), smaller(world)))


def _camera_raised(deg: float):
    """The camera raised by ``deg`` (looking down on the person): the change in the picture that
    turning MediaPipe's 3D world landmarks about the camera's horizontal axis makes, scaled to the
    person's size in the picture and added to the landmarks seen. MediaPipe's depth is its own estimate,
    so this is a plausible higher view, not a rendered one."""
    a = np.radians(deg)

    def fn(seq: PoseSequence, rng) -> PoseSequence:
        k = _aspect(seq)

        def raised(xyz: np.ndarray, world: np.ndarray):
            w = world.astype(np.float64)
            # y down, z away from the camera: seen from above, what is nearer the camera sits lower
            turned_y = np.cos(a) * w[..., 1] - np.sin(a) * w[..., 2]
            xy = xyz[..., :2].astype(np.float64) * [k, 1.0]
            with np.errstate(all="ignore"):  # the world's metres to the picture's units: the trunk in both
                scale = (np.linalg.norm(xy[:, 11] - xy[:, 23], axis=-1)
                         / np.linalg.norm(w[:, 11] - w[:, 23], axis=-1))[:, None]
            out = xyz.copy()
            out[..., 1] = (xyz[..., 1] + scale * (turned_y - w[..., 1])).astype(np.float32)
            return out, world
        return _per_person(seq, raised)
    return fn


CHANGES = {"none": lambda seq, rng: seq, "fps15": fps15, "slow": _retime(1.5), "fast": _retime(0.75),
           "mirror": mirror, "roll10": roll10, "far": far, "jitter": jitter, "dropout": dropout,
           "bystander": bystander, "twice_cut": twice_cut, "range70": range70, "high20": _camera_raised(20.0)}
TRUTH_FACTOR = {"twice_cut": 2}


def run_one(seq: PoseSequence, ex, name: str) -> dict:
    try:
        check_people(seq, name)
        analysis = analyze_sequence(seq, ex, source=name)
        refuse_ambiguous(analysis, name)
    except PosecheckError as e:
        return {"reps": None, "said": [f"cannot judge: {e.problem}"]}
    rep = analysis.report
    whole = [c for c in rep["cannot_judge"] if not c.startswith("fault ")]
    return {"reps": rep["reps"]["total"], "said": whole + rep.get("uncertain", [])}


def clip_labels(clips: Path, model: str, cache: Path) -> list[tuple[dict, list[PoseSequence]]]:
    """The counted real clips (usable, with a rep count), as (label, landmarks of each segment)."""
    out = []
    for label in json.loads((clips / "labels.json").read_text())["clips"]:
        if label.get("reps") is None or not label.get("usable_for_counting", True):
            continue
        label = {**label, "reps": BRIDGE_REPS_TRUTH.get(label["file"], label["reps"])}
        out.append((label, [_landmarks(clips / label["file"], s, e, model, cache) for s, e in label["segments"]]))
    return out


def evaluate(labelled: list[tuple[dict, list[PoseSequence]]], changes: list[str]) -> list[dict]:
    catalogue = load_catalogue()
    rows = []
    for label, seqs in labelled:
        truth = label["reps"]
        if label["exercise"] not in catalogue or truth is None:
            continue
        ex = catalogue[label["exercise"]]
        for change in changes:
            rng = np.random.default_rng(7)
            total, said, judged = 0, [], True
            for seq in seqs:
                out = run_one(CHANGES[change](seq, rng), ex, label["file"])
                if out["reps"] is None:
                    judged = False
                else:
                    total += out["reps"]
                said += out["said"]
            want = truth * TRUTH_FACTOR.get(change, 1)
            rows.append({"file": label["file"], "change": change, "truth": want, "pred": total if judged else None,
                         "said": said, "exact": judged and total == want, "obo": judged and abs(total - want) <= 1,
                         "silent_miss": judged and abs(total - want) > 1 and not said})
    return rows


def fixture_labels(fixtures: Path, model: str, cache: Path) -> list[tuple[dict, list[PoseSequence]]]:
    """The rendered clips with a rep count to keep (no expected error, not pending), as (label, landmarks)."""
    manifest = json.loads((fixtures / "manifest.json").read_text())["clips"]
    out = []
    for clip in manifest:
        exp = clip.get("expected") or {}
        if exp.get("error") or clip.get("pending") or not exp.get("reps_total"):
            continue
        path = fixtures / clip["file"]
        key = f"fixture__{path.stem}__{_sha(path)}__{model}.npz"
        out.append(({"file": clip["file"], "exercise": clip["exercise"], "reps": exp["reps_total"]},
                    [_landmarks(path, None, None, model, cache, key_name=key)]))
    return out


def summary(rows: list[dict]) -> list[dict]:
    out = []
    for change in dict.fromkeys(r["change"] for r in rows):
        rs = [r for r in rows if r["change"] == change]
        out.append({"change": change, "clips": len(rs), "exact": sum(r["exact"] for r in rs),
                    "obo": sum(r["obo"] for r in rs), "not_sure_or_cannot": sum(bool(r["said"]) for r in rs),
                    "silent_misses": sum(r["silent_miss"] for r in rs),
                    "silent_files": [f"{r['file']} ({r['pred']} for {r['truth']})" for r in rs if r["silent_miss"]]})
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--clips", default=str(REPO.parent / "shared" / "clips"))
    p.add_argument("--fixtures", default=None, help="the rendered clips' folder (tests/fixtures) instead of --clips")
    p.add_argument("--model", default="full")
    p.add_argument("--cache", default=str(Path.home() / ".cache" / "posecheck" / "clip-landmarks"))
    p.add_argument("--changes", default=",".join(CHANGES), help="comma-separated, of: " + ", ".join(CHANGES))
    p.add_argument("--out", default=None, help="folder for perturbed.json")
    args = p.parse_args(argv)
    cache = Path(args.cache).expanduser()
    changes = [c for c in args.changes.split(",") if c]
    unknown = set(changes) - set(CHANGES)
    if unknown:
        p.error(f"unknown change(s): {', '.join(sorted(unknown))}")
    labelled = (fixture_labels(Path(args.fixtures), args.model, cache) if args.fixtures
                else clip_labels(Path(args.clips), args.model, cache))
    rows = evaluate(labelled, changes)
    print(f"{'change':<11} {'clips':>5} {'exact':>6} {'obo':>5} {'said':>5} {'silent':>6}")
    for s in summary(rows):
        print(f"{s['change']:<11} {s['clips']:>5} {s['exact']:>6} {s['obo']:>5} {s['not_sure_or_cannot']:>5} "
              f"{s['silent_misses']:>6}  {'; '.join(s['silent_files'])}")
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "perturbed.json").write_text(json.dumps({"rows": rows, "summary": summary(rows)}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
