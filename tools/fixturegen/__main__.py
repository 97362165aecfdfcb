"""python -m tools.fixturegen [--only SUBSTRING] [--no-landmarks]

Renders every clip of the catalogue into tests/fixtures/, writes tests/fixtures/manifest.json
and extracts MediaPipe landmarks into tests/fixtures/landmarks/."""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from .catalogue import CLIPS
from .render import render_clip

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "fixtures"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="", help="comma-separated substrings of clip file names")
    ap.add_argument("--no-landmarks", action="store_true")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    mpath = OUT / "manifest.json"
    old = {c["file"]: c for c in json.loads(mpath.read_text())["clips"]} if mpath.exists() else {}
    entries = []
    for clip in CLIPS:
        if args.only and not any(o in clip["file"] for o in args.only.split(",")):
            if clip["file"] in old:
                entries.append(old[clip["file"]])
            continue
        t0 = time.time()
        e = render_clip(clip, OUT)
        entries.append(e)
        size = (OUT / clip["file"]).stat().st_size
        print(f"{clip['file']}: {e['duration_s']} s, {size / 1e3:.0f} KB, {time.time() - t0:.0f} s",
              flush=True)
        if not args.no_landmarks:
            from .extract import extract_clip
            extract_clip(OUT / clip["file"], OUT / "landmarks")
    mpath.write_text(json.dumps({"schema": 1, "generator": "tools/fixturegen", "clips": entries},
                                indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
