"""Before rendering a whole clip: does MediaPipe find the person in a few single frames?
Renders the frames of a catalogue clip at the given times, runs the FULL model in IMAGE mode
(no tracking help from earlier frames, so this is the harder test), prints whether a pose was
found with its mean visibility, and writes /tmp/probe_<stem>_<t>.png with the landmarks drawn.
python -m tools.fixturegen.probe side_plank__clean__front__left 0 5 10"""
from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np

from .catalogue import CLIPS
from .extract import model_path
from .render import FPS, frames


def detect(img_bgr: np.ndarray):
    import mediapipe as mp
    from mediapipe.tasks.python import BaseOptions
    from mediapipe.tasks.python.vision import PoseLandmarker, PoseLandmarkerOptions, RunningMode
    opts = PoseLandmarkerOptions(base_options=BaseOptions(model_asset_path=str(model_path("full"))),
                                 running_mode=RunningMode.IMAGE, num_poses=2)
    with PoseLandmarker.create_from_options(opts) as lm:
        img = mp.Image(image_format=mp.ImageFormat.SRGB,
                       data=np.ascontiguousarray(cv2.cvtColor(img_bgr, cv2.COLOR_BGR2RGB)))
        return lm.detect(img).pose_landmarks


def main(name: str, times_s: list[float]) -> None:
    clip = next(c for c in CLIPS if name in c["file"])
    wanted = {int(round(t * FPS)) for t in times_s}
    for i, img in frames(clip, n_max=max(wanted) + 1):
        if i not in wanted:
            continue
        poses = detect(img)
        out = img.copy()
        for p in poses[:1]:
            for k, q in enumerate(p):
                cv2.circle(out, (int(q.x * 640), int(q.y * 480)), 3,
                           (0, 255, 0) if k % 2 else (0, 0, 255), -1)
        vis = np.mean([q.visibility for q in poses[0]]) if poses else 0.0
        path = f"/tmp/probe_{Path(clip['file']).stem}_{i / FPS:.1f}.png"
        cv2.imwrite(path, out)
        print(f"{clip['file']} t={i / FPS:5.1f} s: poses {len(poses)}, mean visibility {vis:.2f} -> {path}",
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1], [float(a) for a in sys.argv[2:]] or [0.0])
