"""How much a session sent by a patient may hold, and why these numbers. Plain Python: no Qt.

An archive is checked against these before anything is unpacked (:mod:`posecheck.review.archive`), so
a crafted or broken one cannot fill the clinician's disk or memory. Each limit is derived from what a
real session holds, with a wide margin: a session that posecheck could have recorded is never refused.

What a session holds (``posecheck/session/store.py``):

- landmarks: per frame ``t_ms`` int64, ``xyz`` and ``world_xyz`` 33×3 float32, ``visibility`` 33
  float32, ``n_poses`` int8, ``video_frame`` int32: :data:`LANDMARK_BYTES_PER_FRAME` = 937 bytes,
  stored uncompressed (``np.savez``), in one ``poses.npz`` or one chunk file per second of recording;
- events: about one line of ~150 bytes per second of exercise (a 30-second test session of 5 reps
  has 28);
- the video: Motion-JPEG, every frame a JPEG (14-60 KB at 640×480, up to 200 KB for a noisy 720p
  camera): by far the largest part, and streamed, never loaded whole.

The landmarks and events are loaded into memory when the session is reviewed, so they get a limit of
their own (:data:`MAX_DATA_BYTES`, about 0.7 GB), far below the one for the whole session
(:data:`MAX_TOTAL_BYTES`, which the video dominates).
"""

from __future__ import annotations

__all__ = ["LANDMARK_BYTES_PER_FRAME", "MAX_SESSION_S", "MAX_FPS", "MAX_MEMBERS", "MAX_DATA_BYTES", "MAX_TOTAL_BYTES",
           "MAX_RATIO", "RATIO_FLOOR_BYTES", "MAX_META_BYTES"]

N_LANDMARKS = 33
LANDMARK_BYTES_PER_FRAME = 8 + 2 * N_LANDMARKS * 3 * 4 + N_LANDMARKS * 4 + 1 + 4  # 937

# The longest session and the fastest camera we accept. A home routine takes 20-40 minutes; three hours
# is a recording left running through a long break. Webcams give 30 fps, a few 60.
MAX_SESSION_S = 3 * 3600
MAX_FPS = 60

# One landmark chunk per second of an unclosed session: 10,800 for three hours, plus the other files.
MAX_MEMBERS = 20_000

# npy headers and zip entries of one landmark file (7 arrays of ~250 bytes of headers each).
_NPZ_OVERHEAD_BYTES = 2048
_EVENT_BYTES_PER_S = 20 * 200  # twenty events a second of 200 bytes: far more than any exercise makes

# Everything but the video (landmarks, events, meta.json, review.json): 607 MB of landmarks, 41 MB of
# file overhead for every possible chunk, 43 MB of events, about 0.7 GB in all.
MAX_DATA_BYTES = (MAX_SESSION_S * MAX_FPS * LANDMARK_BYTES_PER_FRAME + MAX_MEMBERS * _NPZ_OVERHEAD_BYTES
                  + MAX_SESSION_S * _EVENT_BYTES_PER_S)

# The whole session, video included: 16 GiB is three hours of a 640×480 webcam at 30 fps and 50 KB a
# frame (about 1.5 MB/s), or an hour and a half of 720p at about 100 KB a frame.
MAX_TOTAL_BYTES = 16 * 1024**3

# Compression: what posecheck exports is stored or barely shrinks (JPEG frames, float landmarks);
# only the small JSON files deflate well. An archive that unpacks to more than 200 times its size is
# a bomb, whether in one entry or spread over hundreds of small ones. Below 10 MiB unpacked nothing
# can do harm and a zip of JSON files alone may well reach 20:1, so the ratio is not judged there.
MAX_RATIO = 200.0
RATIO_FLOOR_BYTES = 10 * 1024**2

# meta.json is a few KB (the exercise definition it carries is the largest part).
MAX_META_BYTES = 4 * 1024**2
