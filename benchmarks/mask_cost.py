"""What the back's outline costs per frame (issue 11): the pose backend with person masks against without.

    python benchmarks/mask_cost.py [--video tests/fixtures/plank__clean__side__a.mp4] [--frames 120]
                                   [--sizes 640x480 960x540] [--models lite full] [--mask-widths full 480 320]

Both backends (MediaPipe VIDEO mode, ``num_poses=2``, as the app runs them) get the same frames, one
after the other and in alternating order, so that a busy machine slows both alike: the figures are ratios
and paired differences from one run, never two runs compared. Per model and picture size it prints the
median and mean ms per frame without masks, with masks (MediaPipe's mask and posecheck's outline of it),
the outline's own share, and the paired extra cost: what masks add to a frame. The load average is printed
before and after (2 cores shared: a figure taken at a load above 2 is a busy machine's figure).

Frames are scaled to each size from the video, so the picture's content is the same at every size: what
MediaPipe does with the mask grows with the frame's pixels (it projects the mask back onto the whole
frame), the model itself does not. ``--mask-widths``: the cheaper way, frames scaled down to that width
before MediaPipe when masks are on (the backend's ``mask_width``), the scaling counted in the cost; the
landmarks are normalised, so they still place on the full frame.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402


def _frames(video: Path, n: int, size: tuple[int, int]) -> list[np.ndarray]:
    import cv2

    cap = cv2.VideoCapture(str(video))
    out = []
    while len(out) < n:
        ok, bgr = cap.read()
        if not ok:
            if not out:
                break
            cap.set(cv2.CAP_PROP_POS_FRAMES, 0)  # a short clip: loop it
            continue
        out.append(cv2.cvtColor(cv2.resize(bgr, size, interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2RGB))
    cap.release()
    return out


def measure(model: str, frames: list[np.ndarray], mask_width: int | None = None) -> dict:
    import posecheck.pose.mediapipe_backend as mb
    from posecheck.pose.model_files import resolve_model

    resolved = resolve_model(model)
    outline_s: list[float] = []
    real = mb.trunk_outline

    def timed(*a, **k):
        t0 = time.perf_counter()
        try:
            return real(*a, **k)
        finally:
            outline_s.append(time.perf_counter() - t0)

    mb.trunk_outline = timed
    off, on, per_frame_outline = [], [], []
    try:
        with mb.MediaPipePoseBackend(resolved) as plain, mb.MediaPipePoseBackend(
                resolved, outlines=True, mask_width=mask_width) as masked:
            for i, rgb in enumerate(frames):
                t_ms = i * 33
                order = ((plain, off), (masked, on)) if i % 2 else ((masked, on), (plain, off))
                for backend, acc in order:
                    n_before = len(outline_s)
                    t0 = time.perf_counter()
                    backend.detect(rgb, t_ms, i)
                    acc.append(time.perf_counter() - t0)
                    if backend is masked:
                        per_frame_outline.append(sum(outline_s[n_before:]))
    finally:
        mb.trunk_outline = real
    off_ms, on_ms = np.array(off) * 1e3, np.array(on) * 1e3
    outline_ms = np.array(per_frame_outline) * 1e3
    return {"off_median": float(np.median(off_ms)), "off_mean": float(off_ms.mean()),
            "on_median": float(np.median(on_ms)), "on_mean": float(on_ms.mean()),
            "ratio_median": float(np.median(on_ms) / np.median(off_ms)),
            "extra_median": float(np.median(on_ms - off_ms)), "extra_mean": float(np.mean(on_ms - off_ms)),
            "outline_median": float(np.median(outline_ms)), "outline_mean": float(outline_ms.mean())}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--video", default=str(REPO / "tests" / "fixtures" / "plank__clean__side__a.mp4"))
    p.add_argument("--frames", type=int, default=120)
    p.add_argument("--sizes", nargs="+", default=["640x480", "960x540"])
    p.add_argument("--models", nargs="+", default=["lite", "full"])
    p.add_argument("--mask-widths", nargs="+", default=["full", "480", "320"],
                   help="frames scaled down to this width before MediaPipe when masks are on ('full': not scaled)")
    args = p.parse_args(argv)
    from posecheck.native_logs import filter_native_logs

    filter_native_logs()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    print("| model | size | mask from | no masks ms (median / mean) | masks + outline ms | ratio "
          "| extra ms/frame (median / mean) | outline ms (median / mean) |")
    print("|---|---|---|---|---|---|---|---|")
    for size in args.sizes:
        w, h = (int(x) for x in size.split("x"))
        frames = _frames(Path(args.video), args.frames, (w, h))
        runs = [(m, None if mw == "full" else int(mw)) for m in args.models for mw in args.mask_widths]
        for model, mask_width in runs:
            if mask_width is not None and mask_width >= w:
                continue
            r = measure(model, frames, mask_width)
            src = f"{w}x{h}" if mask_width is None else f"{mask_width}x{round(h * mask_width / w)}"
            print(f"| {model} | {w}x{h} | {src} | {r['off_median']:.1f} / {r['off_mean']:.1f} | {r['on_median']:.1f} / "
                  f"{r['on_mean']:.1f} | {r['ratio_median']:.2f} | {r['extra_median']:.2f} / {r['extra_mean']:.2f} "
                  f"| {r['outline_median']:.2f} / {r['outline_mean']:.2f} |", flush=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
