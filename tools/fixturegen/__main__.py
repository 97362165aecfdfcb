"""python -m tools.fixturegen [--only SUBSTRING] [--no-landmarks] [--manifest-only]

Renders every clip of the catalogue into tests/fixtures/, writes tests/fixtures/manifest.json
and extracts MediaPipe landmarks into tests/fixtures/landmarks/. --manifest-only rewrites every
clip's manifest entry from the catalogue and the scripts (about a minute, no rendering): for a
change of the manifest's fields; the videos stay as they are. Entries of the clips that --only
leaves out are rebuilt the same way."""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from .catalogue import CLIPS
from .manifest import entry
from .render import render_clip

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "fixtures"
SCHEMA = 2   # 2: class, variant, people, shots, cuts_s, cut_off_reps, frame_hold, pending, expected_v2


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="", help="comma-separated substrings of clip file names")
    ap.add_argument("--no-landmarks", action="store_true")
    ap.add_argument("--manifest-only", action="store_true")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    mpath = OUT / "manifest.json"
    entries = []
    for clip in CLIPS:
        # every entry is rebuilt from the catalogue and the scripts (cheap), rendered or not
        if args.manifest_only or (args.only and not any(o in clip["file"] for o in args.only.split(","))):
            entries.append(entry(clip))
            continue
        t0 = time.time()
        render_clip(clip, OUT)
        e = entry(clip)
        entries.append(e)
        size = (OUT / clip["file"]).stat().st_size
        print(f"{clip['file']}: {e['duration_s']} s, {size / 1e3:.0f} KB, {time.time() - t0:.0f} s",
              flush=True)
        if not args.no_landmarks:
            from .extract import extract_clip, needs_outline
            extract_clip(OUT / clip["file"], OUT / "landmarks", outlines=needs_outline(clip["exercise"]))
    mpath.write_text(json.dumps({"schema": SCHEMA, "generator": "tools/fixturegen", "clips": entries},
                                indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
