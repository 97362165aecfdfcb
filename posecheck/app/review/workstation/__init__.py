"""The review's workstation: one session or video with its picture, timeline, rep table, angle plot,
symmetry and the clinician's notes (and the analysis of a video opened for review)."""
