"""The app's tables of words: setup hints for the engine's problem codes and the safety check's red
flags. Plain Python: no Qt. Every text is an English message id of the gettext catalogue
(:mod:`posecheck.i18n`, ``posecheck/locale/``); exercise names, descriptions and fault cues come from
the exercise files.
"""

from __future__ import annotations

from posecheck.i18n import N_, languages, tr

__all__ = ["LANGS", "RED_FLAGS", "red_flags", "setup_hint"]

LANGS = languages()  # the languages with a catalogue, and English

_SETUP: dict[str, str] = {
    "no_person": N_("Step into the picture so the camera can see you"),
    "two_people": N_("Only one person in the picture, please"),
    "feet_out_of_view": N_("Move back until your feet are in view"),
    "body_out_of_view": N_("Move so your shoulders and hips are clearly in view"),
    "head_out_of_view": N_("Move until your head is in the picture too"),
    "wrong_view:front": N_("Turn side-on to the camera"),
    "wrong_view:side": N_("Face the camera"),
    "wrong_view:oblique": N_("Turn a little more towards the camera"),
    "too_far": N_("Come closer to the camera"),
}

# Red flags from the guides: reasons to see a doctor or physiotherapist before (or instead of) training.
RED_FLAGS: tuple[str, ...] = (
    N_("Sudden, sharp pain in your back"),
    N_("Pain that shoots into one or both legs, with tingling, numbness or weakness"),
    N_("Fever, or signs of an infection, together with the back pain"),
    N_("Pain that keeps getting worse in the 1 to 2 days after training"),
    N_("Back complaints that have lasted more than 6 weeks without a check by a professional"),
)


def setup_hint(code: str, lang: str) -> str:
    """The instruction for one of the engine's setup problem codes (unknown codes are shown as they are)."""
    msgid = _SETUP.get(code) or _SETUP.get(code.split(":")[0])
    return code if msgid is None else tr(msgid, lang)


def red_flags(lang: str) -> list[str]:
    return [tr(flag, lang) for flag in RED_FLAGS]
