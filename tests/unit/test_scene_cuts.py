"""Cuts seen in the picture (capture/scene_cuts.py): a plain studio cut is found, movement is not a cut."""

from __future__ import annotations

import numpy as np

from posecheck.capture.scene_cuts import SceneCutDetector


def _room(shift_px: int, wall: int = 200, person_x: int = 200, seed: int = 0) -> np.ndarray:
    """A 360x640 frame: a plain wall over a floor, a dark 'person' block, sensor noise."""
    rng = np.random.default_rng(seed)
    img = np.full((360, 640, 3), wall, np.uint8)
    img[240 + shift_px:, :] = 120  # the floor line: where the camera looks from
    img[150:240, person_x:person_x + 160] = 40
    noise = rng.integers(-3, 4, img.shape)
    return np.clip(img.astype(int) + noise, 0, 255).astype(np.uint8)


def test_a_cut_between_two_camera_heights_of_the_same_room_is_found():
    det = SceneCutDetector()
    frames = [_room(0, person_x=200 + k, seed=k) for k in range(40)]  # the person moves a little
    frames += [_room(60, person_x=120 + k, seed=100 + k) for k in range(40)]  # another shot of the room
    flags = [det.update(f) for f in frames]
    assert flags.index(True) == 40 and sum(flags) == 1


def test_fast_movement_and_stepped_poses_are_not_cuts():
    det = SceneCutDetector()
    # a person jumping 40 px every 6 frames (poses held, as in a looped animation), lights flickering a little
    frames = [_room(0, person_x=100 + 40 * (k // 6), wall=200 + (k % 3), seed=k) for k in range(90)]
    assert not any(det.update(f) for f in frames)
