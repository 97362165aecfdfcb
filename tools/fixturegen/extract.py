"""Extract landmarks from a clip into tests/fixtures/landmarks/<stem>.npz (PoseSequence layout),
with posecheck's own pipeline: VideoFileSource (container timestamps), MediaPipePoseBackend (the
one-person tracker plus the people watcher) and extract_poses. The replay tests then judge exactly
the landmarks the product would have produced from the video (FULL model by default)."""
from __future__ import annotations

from pathlib import Path

import numpy as np


def model_path(variant: str = "full") -> Path:
    """The pinned model file (POSECHECK_MODEL_DIR, the user cache, or a download), checksum verified."""
    from posecheck.pose.model_files import resolve_model

    return resolve_model(variant).path


def landmarks_of(video: Path, variant: str = "full") -> dict:
    from posecheck.analysis import extract_poses
    from posecheck.capture.sources import VideoFileSource
    from posecheck.pose.mediapipe_backend import MediaPipePoseBackend
    from posecheck.pose.model_files import resolve_model

    model = resolve_model(variant)
    source = VideoFileSource(video)
    try:
        with MediaPipePoseBackend(model) as backend:
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
    return d


def extract_clip(video: Path, out_dir: Path, variant: str = "full") -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{video.stem}.npz"
    d = landmarks_of(video, variant)
    for k in [k for k in d if k.endswith(("xyz", "visibility"))]:   # 1e-4 rounding: far below model noise,
        d[k] = np.round(d[k], 4).astype(np.float32)  # and it makes the files compress
    np.savez_compressed(out, **d)
    return out


if __name__ == "__main__":
    import sys
    for arg in sys.argv[1:]:
        print(extract_clip(Path(arg), Path(arg).parent / "landmarks"))
