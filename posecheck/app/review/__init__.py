"""The physiotherapist's review: session library, review workstation, clinician input, exports, PDF.

Only this package (and ``posecheck.app``) imports PyQt6; the facts it shows come from the numpy
core in :mod:`posecheck.review`.
"""
