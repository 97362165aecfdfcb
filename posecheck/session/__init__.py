"""Recorded sessions: the folder format (store) and the SQLite index. No Qt, mediapipe or cv2."""
