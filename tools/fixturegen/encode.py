"""H.264 encoding through an ffmpeg pipe (OpenCV wheels cannot write H.264)."""
from __future__ import annotations

import subprocess
from pathlib import Path


class H264Writer:
    def __init__(self, path: Path, width: int, height: int, fps: int, crf: int = 24):
        self.proc = subprocess.Popen(
            ["ffmpeg", "-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "bgr24",
             "-s", f"{width}x{height}", "-r", str(fps), "-i", "-", "-c:v", "libx264",
             "-preset", "medium", "-crf", str(crf), "-pix_fmt", "yuv420p",
             "-threads", "1", "-bitexact", "-map_metadata", "-1", "-movflags", "+faststart",
             str(path)], stdin=subprocess.PIPE)

    def write(self, frame) -> None:
        self.proc.stdin.write(frame.tobytes())

    def close(self) -> None:
        self.proc.stdin.close()
        if self.proc.wait() != 0:
            raise RuntimeError("ffmpeg failed")
