"""Everything the app says to the person, in English and Dutch. Plain Python: no Qt.

Exercise names, descriptions and fault cues come from the exercise files; this module holds the
app's own words: labels, setup hints for the engine's problem codes, the safety check.
"""

from __future__ import annotations

__all__ = ["HOME_ROUTINE", "LANGS", "RED_FLAGS", "setup_hint", "tr"]

LANGS = ("nl", "en")

# The home routine from the guides: mobilise, stabilise, strengthen, then stretch out.
HOME_ROUTINE = ("cat_cow", "bird_dog", "glute_bridge", "dead_bug", "childs_pose")

_T: dict[str, tuple[str, str]] = {
    # key: (en, nl)
    "app_title": ("posecheck: exercise coach for your lower back", "posecheck: oefencoach voor je onderrug"),
    "exercises": ("Exercises", "Oefeningen"),
    "home_routine": ("Home routine", "Thuisroutine"),
    "routine_intro": (("Five exercises for a healthy lower back, 3 times a week. Start with 3 or 4 of them; "
                      "move slowly, quality before quantity."),
                      ("Vijf oefeningen voor een gezonde onderrug, 3 keer per week. Begin met 3 of 4 ervan; "
                      "beweeg rustig, kwaliteit gaat voor kwantiteit.")),
    "camera_placement": ("Camera", "Camera"),
    "prescription": ("Prescription", "Dosering"),
    "dose_reps": ("{sets} sets of {reps} reps, {rest:g} s rest between sets",
                  "{sets} series van {reps} herhalingen, {rest:g} s rust tussen de series"),
    "dose_reps_side": ("{sets} sets of {reps} reps per side, {rest:g} s rest between sets",
                       "{sets} series van {reps} herhalingen per kant, {rest:g} s rust tussen de series"),
    "dose_hold": ("{sets} times {hold:g} s hold, {rest:g} s rest in between",
                  "{sets} keer {hold:g} s vasthouden, {rest:g} s rust ertussen"),
    "start_camera": ("Start with the camera", "Start met de camera"),
    "open_video": ("Open a video…", "Video openen…"),
    "start_routine": ("Start the routine", "Start de routine"),
    "stop": ("Stop", "Stoppen"),
    "stop_hurts": ("Stop — it hurts", "Stop — het doet pijn"),
    "next_set": ("Next set", "Volgende serie"),
    "skip_rest": ("Skip the rest", "Rust overslaan"),
    "resume": ("Resume", "Hervatten"),
    "back": ("Back to the exercises", "Terug naar de oefeningen"),
    "reps": ("reps", "herhalingen"),
    "left": ("left", "links"),
    "right": ("right", "rechts"),
    "set_of": ("Set {n} of {total}", "Serie {n} van {total}"),
    "rep_target": ("{done} / {target}", "{done} / {target}"),
    "hold": ("Hold", "Vasthouden"),
    "hold_paused": ("Hold paused: get back into position", "Vasthouden gepauzeerd: ga terug in de houding"),
    "rest": ("Rest: {s} s", "Rust: {s} s"),
    "next_exercise": ("Next: {name}", "Hierna: {name}"),
    "routine_done": ("Routine finished. Well done!", "Routine klaar. Goed gedaan!"),
    "set_done": ("Set {n} done", "Serie {n} klaar"),
    "exercise_done": ("{name} done", "{name} klaar"),
    "setup_title": ("Setup check", "Opstelling controleren"),
    "setup_ok": ("Setup OK: get into the start position", "Opstelling goed: ga in de beginhouding liggen"),
    "counting": ("Counting", "Tellen"),
    "session_saved": ("Finished", "Klaar"),
    "tracking_good": ("Tracking: good", "Volgen: goed"),
    "tracking_poor": ("Tracking: poor", "Volgen: matig"),
    "tracking_lost": ("Tracking: lost", "Volgen: kwijt"),
    "dropped": ("{n} frames skipped", "{n} beelden overgeslagen"),
    "no_camera": ("No camera found. Connect a camera, or open a video to run it through the coach.",
                  "Geen camera gevonden. Sluit een camera aan, of open een video om die door de coach te laten lopen."),
    "camera_lost": (("The camera stopped delivering pictures. Check the cable, then press Resume. "
                    "Your session so far is kept."),
                    ("De camera geeft geen beeld meer. Controleer de kabel en druk op Hervatten. "
                    "Je sessie tot nu toe is bewaard.")),
    "video_done": ("The video has ended.", "De video is afgelopen."),
    "recording": ("Recording to {folder}", "Opname in {folder}"),
    "recording_stopped": ("Recording stopped: {why}", "Opname gestopt: {why}"),
    "model_error": ("The pose model could not be loaded: {why}", "Het houdingsmodel kon niet worden geladen: {why}"),
    "pain_recorded": (("Stopped because it hurt. That is recorded for your physiotherapist. "
                      "Rest, and if the pain stays or gets worse, contact your physiotherapist."),
                      ("Gestopt omdat het pijn deed. Dat is vastgelegd voor je fysiotherapeut. "
                      "Neem rust, en neem contact op met je fysiotherapeut als de pijn blijft of erger wordt.")),
    "settings": ("Settings…", "Instellingen…"),
    "settings_title": ("Settings", "Instellingen"),
    "language": ("Language", "Taal"),
    "camera": ("Camera", "Camera"),
    "model": ("Pose model", "Houdingsmodel"),
    "pose_workers": ("Pose model instances (cores used)", "Houdingsmodel-instanties (kernen gebruikt)"),
    "pose_workers_auto": ("automatic (one per core)", "automatisch (één per kern)"),
    "mirror": ("Mirror the picture", "Beeld spiegelen"),
    "cue_volume": ("Cue volume", "Volume van de aanwijzingen"),
    "mute": ("Mute cues", "Aanwijzingen dempen"),
    "storage": ("Session folder", "Map voor sessies"),
    "browse": ("Browse…", "Bladeren…"),
    "file": ("&File", "&Bestand"),
    "quit": ("Quit", "Afsluiten"),
    "open_library": ("Open the session folder", "Sessiemap openen"),
    "safety_title": ("Before you start", "Voordat je begint"),
    "safety_intro": ("Do any of these apply to you right now?", "Is een van deze dingen nu op jou van toepassing?"),
    "safety_advice": (("If any of these apply, do not start with these exercises: see your GP or a "
                      "physiotherapist first. Exercises must never cause pain; stop if the pain increases."),
                      ("Als een van deze dingen geldt, begin dan niet met deze oefeningen: ga eerst naar je huisarts "
                      "of een fysiotherapeut. Oefeningen mogen nooit pijn doen; stop als de pijn toeneemt.")),
    "safety_none": ("None of these apply to me", "Niets hiervan geldt voor mij"),
    "safety_some": ("One or more apply to me", "Een of meer gelden voor mij"),
    "safety_blocked": (("Please see your GP or a physiotherapist before training. You can still look at the "
                       "exercises."),
                       ("Ga eerst naar je huisarts of een fysiotherapeut voordat je gaat trainen. De oefeningen "
                       "bekijken kan wel.")),
    "mode_reps": ("reps", "herhalingen"),
    # ---- physio review (library, workstation, clinician input, exports, import)
    "review_sessions": ("Review sessions…", "Sessies bekijken…"),
    # ---- the patient sends a session to the physiotherapist
    "export_for_physio": ("Export a session for your physiotherapist…", "Sessie exporteren voor je fysiotherapeut…"),
    "export_pick_session": ("Choose the session to send", "Kies de sessie die je wilt versturen"),
    "export_save_as": ("Save the session as", "Sessie opslaan als"),
    "export_done_title": ("Session exported", "Sessie geëxporteerd"),
    "export_done": ("Saved as {path} ({mb:.1f} MB). Send this file to your physiotherapist.",
                    "Opgeslagen als {path} ({mb:.1f} MB). Stuur dit bestand naar je fysiotherapeut."),
    "export_failed_title": ("The session was not exported", "De sessie is niet geëxporteerd"),
    "review_title": ("posecheck: review", "posecheck: terugkijken"),
    "library_title": ("Session library", "Sessiebibliotheek"),
    "filter_from": ("From", "Van"),
    "filter_to": ("To", "Tot"),
    "filter_exercise": ("Exercise", "Oefening"),
    "all_exercises": ("All exercises", "Alle oefeningen"),
    "open_session": ("Open session", "Sessie openen"),
    "import_session": ("Import…", "Importeren…"),
    "import_folder": ("Import a session folder…", "Sessiemap importeren…"),
    "import_archive": ("Import an archive (.zip, .tar.gz)…", "Archief importeren (.zip, .tar.gz)…"),
    "import_refused_title": ("Import refused", "Importeren geweigerd"),
    "import_refused": ("This session was not imported: {why}\n\nNothing was written. Ask the patient to send the "
                       "whole session folder again (or a .zip of it).",
                       "Deze sessie is niet geïmporteerd: {why}\n\nEr is niets weggeschreven. Vraag de patiënt de hele "
                       "sessiemap opnieuw te sturen (of een .zip ervan)."),
    "import_done": ("Imported: {name}", "Geïmporteerd: {name}"),
    "progress_loading": ("Loading progress…", "Voortgang laden…"),
    "progress_failed": ("Progress could not be read: {why}", "De voortgang kon niet worden gelezen: {why}"),
    "col_date": ("Date", "Datum"),
    "col_exercise": ("Exercise", "Oefening"),
    "col_sets": ("Sets", "Series"),
    "col_reps": ("Reps", "Herh."),
    "col_left": ("Left", "Links"),
    "col_right": ("Right", "Rechts"),
    "col_hold": ("Hold (s)", "Vasthouden (s)"),
    "col_faults": ("Faults", "Fouten"),
    "col_pain": ("Pain stop", "Pijnstop"),
    "yes": ("yes", "ja"),
    "no": ("no", "nee"),
    "sessions_shown": ("{n} of {total} sessions", "{n} van {total} sessies"),
    "no_sessions": ("No recorded sessions yet.", "Nog geen opgenomen sessies."),
    "progress_title": ("Progress over time", "Voortgang in de tijd"),
    "chart_reps": ("Reps per side", "Herhalingen per kant"),
    "chart_rom": ("Range of motion (°)", "Bewegingsuitslag (°)"),
    "chart_fault_rate": ("Faults per rep", "Fouten per herhaling"),
    "chart_hold": ("Hold time (s)", "Vasthoudtijd (s)"),
    "session_n": ("session", "sessie"),
    "total": ("total", "totaal"),
    "workstation_title": ("Review: {name}", "Terugkijken: {name}"),
    "play": ("Play", "Afspelen"),
    "pause": ("Pause", "Pauze"),
    "speed": ("Speed", "Snelheid"),
    "prev_rep": ("◀ Rep (J)", "◀ Herh. (J)"),
    "next_rep": ("Rep ▶ (L)", "Herh. ▶ (L)"),
    "next_fault": ("Next fault (F)", "Volgende fout (F)"),
    "frame_back": ("◀ Frame", "◀ Beeld"),
    "frame_fwd": ("Frame ▶", "Beeld ▶"),
    "shortcuts": ("Space play/pause · ←/→ or ,/. frame · Home/End · J/L rep · F fault",
                  "Spatie afspelen/pauze · ←/→ of ,/. beeld · Home/End · J/L herhaling · F fout"),
    "video_missing": ("The video of this session is missing ({why}). Landmarks, plots and the table are shown "
                      "without the picture.",
                      "De video van deze sessie ontbreekt ({why}). Houdingspunten, grafieken en de tabel worden "
                      "zonder beeld getoond."),
    "video_not_found": ("no video file in the session folder", "geen videobestand in de sessiemap"),
    "video_unreadable": ("the video file cannot be read; it may be damaged", "het videobestand is niet te lezen; het is mogelijk beschadigd"),
    "col_rep": ("#", "#"),
    "col_side": ("Side", "Kant"),
    "col_start": ("Start (s)", "Begin (s)"),
    "col_duration": ("Duration (s)", "Duur (s)"),
    "col_up": ("Up (s)", "Op (s)"),
    "col_down": ("Down (s)", "Neer (s)"),
    "col_peak": ("Peak (°)", "Piek (°)"),
    "col_rom": ("ROM (°)", "Uitslag (°)"),
    "col_note": ("Note", "Notitie"),
    "col_set": ("Set", "Serie"),
    "plot_title": ("Angles", "Hoeken"),
    "plot_feature": ("Plot:", "Grafiek:"),
    "time_s": ("time (s)", "tijd (s)"),
    "angle_deg": ("angle (°)", "hoek (°)"),
    "symmetry": ("Left / right", "Links / rechts"),
    "sym_reps": ("Reps", "Herhalingen"),
    "sym_rom": ("Mean ROM (°)", "Gem. uitslag (°)"),
    "sym_peak": ("Mean peak (°)", "Gem. piek (°)"),
    "sym_duration": ("Mean duration (s)", "Gem. duur (s)"),
    "sym_faults": ("Faults", "Fouten"),
    "sym_difference": ("Difference", "Verschil"),
    "sym_none": ("This exercise has no sides.", "Deze oefening heeft geen kanten."),
    "clinician": ("Clinician", "Behandelaar"),
    "session_note": ("Session note", "Notitie bij de sessie"),
    "rep_note": ("Note on the selected rep", "Notitie bij de gekozen herhaling"),
    "save_notes": ("Save notes", "Notities opslaan"),
    "notes_saved": ("Saved beside the results (review.json); the analysis is unchanged.",
                    "Opgeslagen naast de resultaten (review.json); de analyse is niet veranderd."),
    "notes_not_saved": ("Not saved: {why}", "Niet opgeslagen: {why}"),
    "notes_unreadable": ("The clinician notes of this session cannot be read, so they are not changed: {why}",
                         "De notities van de behandelaar bij deze sessie zijn niet te lezen en worden dus niet "
                         "veranderd: {why}"),
    "mark_false_alarm": ("Mark fault as false alarm", "Fout markeren als vals alarm"),
    "unmark_false_alarm": ("Fault is real (undo false alarm)", "Fout klopt wel (vals alarm ongedaan)"),
    "add_missed_fault": ("Add missed fault at playhead", "Gemiste fout toevoegen op dit moment"),
    "fault_kind": ("Fault", "Fout"),
    "faults_list": ("Faults", "Fouten"),
    "fault_detected": ("detected", "gevonden"),
    "fault_false_alarm": ("false alarm", "vals alarm"),
    "fault_added": ("added by clinician", "toegevoegd door behandelaar"),
    "exports": ("Export", "Exporteren"),
    "export_csv_reps": ("CSV: reps…", "CSV: herhalingen…"),
    "export_csv_frames": ("CSV: angles per frame…", "CSV: hoeken per beeld…"),
    "export_json": ("JSON report…", "JSON-rapport…"),
    "export_pdf": ("PDF report…", "PDF-rapport…"),
    "privacy": ("Leave out images (privacy)", "Beelden weglaten (privacy)"),
    "exported": ("Written: {path}", "Geschreven: {path}"),
    "export_failed": ("Could not write {path}: {why}. Choose another folder.",
                      "Kon {path} niet schrijven: {why}. Kies een andere map."),
    "open_video_review": ("Open a video for review…", "Video openen om terug te kijken…"),
    "analysing": ("Analysing {name}…", "{name} wordt geanalyseerd…"),
    "analysis_failed_title": ("Cannot analyse the video", "Kan de video niet analyseren"),
    "analysis_failed": ("{why}", "{why}"),
    "open_failed_title": ("Cannot open the session", "Kan de sessie niet openen"),
    "cancel": ("Cancel", "Annuleren"),
    "choose_exercise": ("Which exercise is in this video?", "Welke oefening staat in deze video?"),
    "back_to_library": ("◀ Library", "◀ Bibliotheek"),
    "pdf_title": ("Exercise report", "Oefenverslag"),
    "pdf_patient_file": ("For the patient file", "Voor het patiëntdossier"),
    "pdf_summary": ("Summary", "Samenvatting"),
    "pdf_sets": ("Per set", "Per serie"),
    "pdf_reps": ("Reps", "Herhalingen"),
    "pdf_angle_plot": ("Angle over time", "Hoek in de tijd"),
    "pdf_fault_frames": ("Faults: key frames", "Fouten: sleutelbeelden"),
    "pdf_page": ("Page {n} of {total}", "Pagina {n} van {total}"),
    "pdf_privacy_note": ("Images left out for privacy.", "Beelden weggelaten voor de privacy."),
    "pdf_clinician_notes": ("Clinician notes", "Notities van de behandelaar"),
    "pdf_date": ("Date", "Datum"),
    "pdf_exercise": ("Exercise", "Oefening"),
    "pdf_duration": ("Recording", "Opname"),
    "pdf_reps_total": ("Reps", "Herhalingen"),
    "pdf_holds": ("Hold time", "Vasthoudtijd"),
    "pdf_faults_total": ("Faults", "Fouten"),
    "pdf_cannot_judge": ("Cannot judge", "Niet te beoordelen"),
    "pdf_no_faults": ("No faults detected.", "Geen fouten gevonden."),
}

_SETUP: dict[str, tuple[str, str]] = {
    "no_person": ("Step into the picture so the camera can see you", "Ga in beeld staan zodat de camera je ziet"),
    "two_people": ("Only one person in the picture, please", "Maar één persoon in beeld, graag"),
    "feet_out_of_view": ("Move back until your feet are in view", "Ga verder naar achteren tot je voeten in beeld zijn"),
    "body_out_of_view": ("Move so your shoulders and hips are clearly in view",
                         "Ga zo liggen dat je schouders en heupen goed in beeld zijn"),
    "head_out_of_view": ("Move until your head is in the picture too", "Schuif op tot ook je hoofd in beeld is"),
    "wrong_view:front": ("Turn side-on to the camera", "Draai je zijkant naar de camera"),
    "wrong_view:side": ("Face the camera", "Draai je naar de camera toe"),
    "wrong_view:oblique": ("Turn a little more towards the camera", "Draai je iets meer naar de camera"),
    "too_far": ("Come closer to the camera", "Kom dichter bij de camera"),
}

# Red flags from the guides: reasons to see a doctor or physiotherapist before (or instead of) training.
RED_FLAGS: tuple[tuple[str, str], ...] = (
    ("Sudden, sharp pain in your back", "Plotselinge, scherpe pijn in je rug"),
    ("Pain that shoots into one or both legs, with tingling, numbness or weakness",
     "Pijn die uitstraalt naar een of beide benen, met tintelingen, een doof gevoel of krachtverlies"),
    ("Fever, or signs of an infection, together with the back pain",
     "Koorts of tekenen van een ontsteking, samen met de rugpijn"),
    ("Pain that keeps getting worse in the 1 to 2 days after training",
     "Pijn die in de 1 à 2 dagen na het trainen steeds erger wordt"),
    ("Back complaints that have lasted more than 6 weeks without a check by a professional",
     "Rugklachten die al langer dan 6 weken duren zonder dat een zorgverlener ernaar heeft gekeken"),
)


def tr(key: str, lang: str, **fmt) -> str:
    en, nl = _T[key]
    text = nl if lang == "nl" else en
    return text.format(**fmt) if fmt else text


def setup_hint(code: str, lang: str) -> str:
    """The instruction for one of the engine's setup problem codes (unknown codes are shown as they are)."""
    pair = _SETUP.get(code) or _SETUP.get(code.split(":")[0])
    if pair is None:
        return code
    return pair[1] if lang == "nl" else pair[0]


def red_flags(lang: str) -> list[str]:
    return [nl if lang == "nl" else en for en, nl in RED_FLAGS]
