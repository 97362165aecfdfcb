"""Physio review core: a session or video as plain data, clinician notes, exports, import, progress.

Numpy core: imports no Qt, mediapipe or cv2 (``tests/review/test_core_review_boundaries.py``). The Qt side
(``posecheck/app/review/``) draws what these modules compute. Formats and rules: ``README.md`` here.
"""
