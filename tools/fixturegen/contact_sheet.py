"""Contact sheet: a grid of frames (4 per clip, one row per clip) from the fixture clips.
python -m tools.fixturegen.contact_sheet [out.png] [which]   (default /tmp/fixture_contact_sheet.png;
which: a manifest class such as bystander, or a substring of the file names; default every clip)"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import cv2
import numpy as np

FIX = Path(__file__).resolve().parents[2] / "tests" / "fixtures"


def main(out: str = "/tmp/fixture_contact_sheet.png", which: str = "", per_clip: int = 4, scale: float = 0.3) -> None:
    clips = [c for c in json.loads((FIX / "manifest.json").read_text())["clips"]
             if which in (c.get("class"), "") or (which and which in c["file"])]
    rows = []
    for c in clips:
        cap = cv2.VideoCapture(str(FIX / c["file"]))
        n = int(cap.get(cv2.CAP_PROP_FRAME_COUNT))
        tiles = []
        for k in range(per_clip):
            cap.set(cv2.CAP_PROP_POS_FRAMES, int((k + 0.5) * n / per_clip))
            ok, f = cap.read()
            f = f if ok else np.zeros((c["height"], c["width"], 3), np.uint8)
            f = cv2.resize(f, None, fx=scale, fy=scale)
            tiles.append(f)
        row = np.hstack(tiles)
        label = np.full((18, row.shape[1], 3), 255, np.uint8)
        cv2.putText(label, f"{c['file']}  {c['look']['body']}/{c['look']['skin']}/{c['look']['clothes']}",
                    (4, 13), cv2.FONT_HERSHEY_SIMPLEX, 0.4, (0, 0, 0), 1, cv2.LINE_AA)
        rows.append(np.vstack([label, row]))
    cv2.imwrite(out, np.vstack(rows))
    print(out)


if __name__ == "__main__":
    main(*sys.argv[1:3])
