"""Extract landmarks from a clip into tests/fixtures/landmarks/<stem>.npz (PoseSequence layout),
with posecheck's own pipeline: VideoFileSource (container timestamps), MediaPipePoseBackend (the
one-person tracker plus the people watcher) and extract_poses. The replay tests then judge exactly
the landmarks the product would have produced from the video (FULL model by default).

Clips of exercises that read the back's outline (``ExerciseDef.needs_outline``, issue 11) are extracted
with person masks and keep the trunk's outline (``outline``, and ``people_outline`` beside
``people_xyz``); the landmarks are the same with masks on or off."""
from __future__ import annotations

from pathlib import Path

import numpy as np


def model_path(variant: str = "full") -> Path:
    """The pinned model file (POSECHECK_MODEL_DIR, the user cache, or a download), checksum verified."""
    from posecheck.pose.model_files import resolve_model

    return resolve_model(variant).path


def landmarks_of(video: Path, variant: str = "full", outlines: bool = False) -> dict:
    from posecheck.analysis import extract_poses
    from posecheck.capture.sources import VideoFileSource
    from posecheck.pose.mediapipe_backend import MediaPipePoseBackend
    from posecheck.pose.model_files import resolve_model

    model = resolve_model(variant)
    source = VideoFileSource(video)
    try:
        with MediaPipePoseBackend(model, outlines=outlines) as backend:
            seq = extract_poses(source, backend)
    finally:
        source.close()
    d = dict(t_ms=seq.t_ms.astype(np.int64), xyz=seq.xyz.astype(np.float32),
             visibility=seq.visibility.astype(np.float32), world_xyz=seq.world_xyz.astype(np.float32),
             n_poses=seq.n_poses.astype(np.int8), image_size=np.array(seq.image_size, np.int64),
             model_variant=np.array(variant), model_sha256=np.array(model.sha256))
    # everyone MediaPipe found (issue 9: who is the exerciser?); with never more than one person
    # they would only repeat xyz, and PoseSequence falls back to xyz without them
    if seq.people_xyz is not None and int(seq.n_poses.max()) > 1:
        d.update(people_xyz=seq.people_xyz.astype(np.float32),
                 people_visibility=seq.people_visibility.astype(np.float32),
                 people_world_xyz=seq.people_world_xyz.astype(np.float32))
    if seq.scene_cut is not None:  # cuts the capture saw in the picture (edited footage)
        d["scene_cut"] = seq.scene_cut.astype(bool)
    if seq.outline is not None:  # the trunk's outline (issue 11), never the mask
        d["outline"] = seq.outline.astype(np.float32)
        if "people_xyz" in d and seq.people_outline is not None:
            d["people_outline"] = seq.people_outline.astype(np.float32)
    return d


def needs_outline(exercise_id: str) -> bool:
    from posecheck.exercises.loader import get_exercise

    return get_exercise(exercise_id).needs_outline


def extract_clip(video: Path, out_dir: Path, variant: str = "full", outlines: bool = False) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{video.stem}.npz"
    d = landmarks_of(video, variant, outlines)
    for k in [k for k in d if k.endswith(("xyz", "visibility", "outline"))]:   # 1e-4 rounding: far below model
        d[k] = np.round(d[k], 4).astype(np.float32)  # noise (an outline's 1e-4 is 0.01 px), and the files compress
    np.savez_compressed(out, **d)
    return out


if __name__ == "__main__":
    import sys

    from .catalogue import CLIPS
    exercise_of = {c["file"]: c["exercise"] for c in CLIPS}
    for arg in sys.argv[1:]:
        exercise = exercise_of.get(Path(arg).name, Path(arg).name.split("__")[0])
        print(extract_clip(Path(arg), Path(arg).parent / "landmarks", outlines=needs_outline(exercise)))
