"""Extract MediaPipe Pose Landmarker landmarks (FULL model, VIDEO mode, num_poses=2) from a
clip into tests/fixtures/landmarks/<stem>.npz in the PoseSequence layout."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import cv2
import numpy as np

MODEL_DIRS = [os.environ.get("POSECHECK_MODEL_DIR", ""), "/work/shared/models",
              str(Path(__file__).resolve().parents[2] / "models")]


def model_path(variant: str = "full") -> Path:
    for d in MODEL_DIRS:
        p = Path(d) / f"pose_landmarker_{variant}.task"
        if d and p.exists():
            return p
    raise FileNotFoundError(f"pose_landmarker_{variant}.task not found (set POSECHECK_MODEL_DIR)")


def landmarks_of(video: Path, variant: str = "full") -> dict:
    import mediapipe as mp
    from mediapipe.tasks.python import BaseOptions
    from mediapipe.tasks.python.vision import PoseLandmarker, PoseLandmarkerOptions, RunningMode

    mpath = model_path(variant)
    opts = PoseLandmarkerOptions(base_options=BaseOptions(model_asset_path=str(mpath)),
                                 running_mode=RunningMode.VIDEO, num_poses=2)
    cap = cv2.VideoCapture(str(video))
    fps = cap.get(cv2.CAP_PROP_FPS) or 15.0
    w, h = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
    t_ms, xyz, vis, wxyz, npo = [], [], [], [], []
    with PoseLandmarker.create_from_options(opts) as lm:
        i = 0
        while True:
            ok, frame = cap.read()
            if not ok:
                break
            ts = int(round(i * 1000 / fps))
            img = mp.Image(image_format=mp.ImageFormat.SRGB,
                           data=np.ascontiguousarray(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)))
            r = lm.detect_for_video(img, ts)
            n = len(r.pose_landmarks)
            a = np.full((33, 3), np.nan, np.float32)
            v = np.zeros(33, np.float32)
            wa = np.full((33, 3), np.nan, np.float32)
            if n:
                a[:] = [(p.x, p.y, p.z) for p in r.pose_landmarks[0]]
                v[:] = [p.visibility for p in r.pose_landmarks[0]]
                wa[:] = [(p.x, p.y, p.z) for p in r.pose_world_landmarks[0]]
            t_ms.append(ts), xyz.append(a), vis.append(v), wxyz.append(wa), npo.append(n)
            i += 1
    cap.release()
    return dict(t_ms=np.array(t_ms, np.int64), xyz=np.array(xyz, np.float32).reshape(-1, 33, 3),
                visibility=np.array(vis, np.float32).reshape(-1, 33),
                world_xyz=np.array(wxyz, np.float32).reshape(-1, 33, 3),
                n_poses=np.array(npo, np.int8), image_size=np.array([w, h], np.int64),
                model_variant=np.array(variant),
                model_sha256=np.array(hashlib.sha256(mpath.read_bytes()).hexdigest()))


def extract_clip(video: Path, out_dir: Path, variant: str = "full") -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{video.stem}.npz"
    d = landmarks_of(video, variant)
    for k in ("xyz", "world_xyz", "visibility"):   # 1e-4 rounding: far below model noise,
        d[k] = np.round(d[k], 4).astype(np.float32)  # and it makes the files compress
    np.savez_compressed(out, **d)
    return out


if __name__ == "__main__":
    import sys
    for arg in sys.argv[1:]:
        print(extract_clip(Path(arg), Path(arg).parent / "landmarks"))
