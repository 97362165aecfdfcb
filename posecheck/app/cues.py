"""Spoken and sound cues, rate-limited and muteable, in English or Dutch.

Speech goes through Qt's ``QTextToSpeech`` when a real engine is present (on Linux: speech-dispatcher
with espeak-ng voices); otherwise a short beep is played and the text is only shown on screen. The
rate limit keeps the coach from nagging: one cue at most every ``min_gap_s``, and the same cue not
again within ``repeat_gap_s``. Decisions are made by :class:`CueLimiter` (plain Python, tested alone).
"""

from __future__ import annotations

import math
import struct
from collections import deque
import tempfile
import time
import wave
from pathlib import Path

from PyQt6.QtCore import QLocale, QObject, QUrl, pyqtSignal

__all__ = ["CueLimiter", "CuePlayer"]

SPOKEN_HISTORY = 100  # cues remembered; a long set must not grow the history without end


class CueLimiter:
    def __init__(self, min_gap_s: float = 2.5, repeat_gap_s: float = 10.0, clock=time.monotonic):
        self.min_gap_s, self.repeat_gap_s, self._clock = min_gap_s, repeat_gap_s, clock
        self._last_any = -math.inf
        self._last: dict[str, float] = {}

    def allow(self, key: str, urgent: bool = False) -> bool:
        """True if a cue ``key`` may be given now (urgent cues skip the global gap, not the repeat gap)."""
        now = self._clock()
        if not urgent and now - self._last_any < self.min_gap_s:
            return False
        if now - self._last.get(key, -math.inf) < self.repeat_gap_s:
            return False
        self._last_any = now
        self._last[key] = now
        return True


def _beep_file() -> Path:
    path = Path(tempfile.gettempdir()) / "posecheck_cue.wav"
    if path.is_file():
        return path
    rate, dur = 22050, 0.18
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        n = int(rate * dur)
        w.writeframes(b"".join(
            struct.pack("<h", int(9000 * math.sin(2 * math.pi * 880 * i / rate) * min(1, (n - i) / 800)))
            for i in range(n)))
    return path


class CuePlayer(QObject):
    """Says (or beeps) cues. ``cue_given(text)`` fires for every cue that passed the limiter."""

    cue_given = pyqtSignal(str)

    def __init__(self, lang: str = "en", volume: float = 0.8, muted: bool = False, limiter: CueLimiter | None = None,
                 enable_audio: bool = True):
        super().__init__()
        self.lang, self.volume, self.muted = lang, volume, muted
        self.limiter = limiter or CueLimiter()
        self.spoken: deque[str] = deque(maxlen=SPOKEN_HISTORY)  # the latest cues (tests, a glance back)
        self._tts = self._sound = None
        self.mode = "text"
        if enable_audio:
            self._setup_audio()

    def _setup_audio(self) -> None:
        try:
            from PyQt6.QtTextToSpeech import QTextToSpeech
            engines = [e for e in QTextToSpeech.availableEngines() if e != "mock"]
            for name in engines:
                tts = QTextToSpeech(name, self)
                if tts.state() != QTextToSpeech.State.Error and tts.availableVoices():
                    self._tts, self.mode = tts, "speech"
                    break
        except ImportError:
            pass
        if self._tts is None:
            try:
                from PyQt6.QtMultimedia import QSoundEffect
                self._sound = QSoundEffect(self)
                self._sound.setSource(QUrl.fromLocalFile(str(_beep_file())))
                self.mode = "sound"
                self._sound.statusChanged.connect(self._on_sound_status)
            except ImportError:
                self._sound = None
        self.set_language(self.lang)

    def _on_sound_status(self) -> None:
        from PyQt6.QtMultimedia import QSoundEffect

        if self._sound is not None and self._sound.status() == QSoundEffect.Status.Error:
            self._sound, self.mode = None, "text"  # no usable audio device: cues stay on screen only

    def set_language(self, lang: str) -> None:
        self.lang = lang
        if self._tts is not None:
            self._tts.setLocale(QLocale(lang))  # the language code names the voice's locale ("nl", "en", "de")

    def set_volume(self, volume: float, muted: bool) -> None:
        self.volume, self.muted = volume, muted

    def say(self, key: str, text: str, urgent: bool = False) -> bool:
        """Give the cue if the limiter allows; returns whether it was given."""
        if not self.limiter.allow(key, urgent):
            return False
        self.spoken.append(text)
        self.cue_given.emit(text)
        if self.muted or self.volume <= 0:
            return True
        if self._tts is not None:
            self._tts.setVolume(self.volume)
            self._tts.say(text)
        elif self._sound is not None:
            self._sound.setVolume(self.volume)
            self._sound.play()
        return True
