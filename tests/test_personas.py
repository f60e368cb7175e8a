"""Persona files: the six shipped personas load and carry what the offline patient and the graders need;
a broken file fails with an error naming the file and the field; an unknown id lists the valid ones."""

from __future__ import annotations

import re
from pathlib import Path
from statistics import mean
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from coach.config import RESOURCES
from coach.datafiles import DataFileError, read_yaml
from coach.listening import BandLines
from coach.models import Band, Persona, ReplyKind
from coach.patient.guards import is_too_long
from coach.personas import UnknownPersona, get_persona, load_persona, load_personas

PERSONAS_DIR = RESOURCES / "personas"
DESIGN_IDS = ["fearful", "ignored-for-days", "paranoid", "patient-conflict", "refused-request", "withdrawn"]

STARTING_AGITATION = {
    "fearful": 45,
    "paranoid": 55,
    "ignored-for-days": 50,
    "refused-request": 48,
    "withdrawn": 30,
    "patient-conflict": 60,
}

# What a trainee might type when they do speak to the need behind the anger.
MEETS_NEED = {
    "fearful": [
        "I'm Sam, one of the nurses. Let me explain what is happening and what happens next.",
        "Can we talk about what you saw last night?",
        "Samira knows you're here, and she's coming at six.",
    ],
    "paranoid": [
        "The pharmacy changed supplier on Tuesday, so they look different. You can read the label.",
        "I can show you the box and open it in front of you.",
        "It makes sense to check when something looks different.",
    ],
    "ignored-for-days": [
        "I'm sorry you've been waiting since Friday. Let's go through it now.",
        "I will sit down with you and we can look at the letter together.",
        "You're right, we haven't listened, and I'm sorry.",
    ],
    "refused-request": [
        "I know Ellie's birthday is Saturday. There are cards in the activities cupboard.",
        "If you write a birthday card now, I'll make sure someone posts it tonight.",
        "Would it help to ring Ellie this evening?",
    ],
    "withdrawn": [
        "I know today is the anniversary of your brother's death.",
        "Today's four years since Tom died, isn't it?",
        "Those are Tom's binoculars, aren't they?",
    ],
    "patient-conflict": [
        "Your sister made that curry for you, and it's gone. I want to put it right.",
        "Someone ate your food. I'll speak to Ryan on his own.",
        "We can replace it tonight, and I'll ask about a named shelf for you.",
    ],
}

# Generic comfort that says nothing about this person's need must not count as meeting it.
GENERIC = [
    "I understand how you feel.",
    "I'm sorry you feel that way.",
    "Please calm down, everything will be fine.",
    "I hear you. That sounds really hard.",
    "I'm here for you, okay?",
    "We're doing our best for everyone on the ward.",
    "That must be frustrating. Let's talk about it tomorrow.",
    "You're safe here, nobody is going to hurt you.",
]


def speaks_to_need(persona: Persona, staff: str) -> bool:
    text = staff.lower()
    return any(phrase in text for phrase in persona.unmet_need.met_by)


def all_replies(persona: Persona, band: Band) -> list[str]:
    return [line for lines in persona.voice[band].replies.values() for line in lines]


@pytest.fixture(scope="module")
def personas() -> dict[str, Persona]:
    return load_personas(PERSONAS_DIR)


# --------------------------------------------------------------------------- the shipped personas


def test_the_design_personas_load_sorted_by_id_with_ids_from_file_names(personas):
    assert list(personas) == DESIGN_IDS
    assert all(persona.id == persona_id for persona_id, persona in personas.items())


@pytest.mark.parametrize("persona_id", DESIGN_IDS)
def test_every_band_has_cues_three_lines_of_every_reply_kind_and_asides(personas, persona_id):
    persona = personas[persona_id]
    for band in Band:
        voice = persona.voice[band]
        assert len(voice.cues) >= 3, band
        assert len(voice.asides) >= 4, band
        for kind in ReplyKind:
            assert len(voice.replies[kind]) >= 3, f"{band.value}.{kind.value}"


@pytest.mark.parametrize("persona_id", DESIGN_IDS)
def test_the_card_and_notes_a_trainee_reads_are_filled_in(personas, persona_id):
    persona = personas[persona_id]
    assert len(persona.facts) >= 3
    assert persona.profile.interests and persona.opening.cues
    plan = persona.care_plan
    assert plan.triggers and plan.early_signs and plan.what_helps and plan.what_to_avoid
    assert any("DASA" in source for source in persona.sources)
    assert any("STAMP" in source for source in persona.sources)


@pytest.mark.parametrize("persona_id", DESIGN_IDS)
def test_starting_agitation_is_the_designed_one(personas, persona_id):
    assert personas[persona_id].starting_agitation == pytest.approx(STARTING_AGITATION[persona_id], abs=3)


def test_sensitivities_follow_each_persona_s_reactivity(personas):
    refused = personas["refused-request"].sensitivities
    assert refused.denied_request == max(refused.model_dump().values()) >= 2.0
    paranoid = personas["paranoid"].sensitivities
    assert paranoid.provocation >= 2.0 and paranoid.crowding >= 2.0
    withdrawn = personas["withdrawn"].sensitivities
    assert withdrawn.crowding >= 2.0 and withdrawn.directions >= 2.0 and withdrawn.denied_request < 1.0
    fearful = personas["fearful"].sensitivities
    assert fearful.crowding == max(fearful.model_dump().values())


@pytest.mark.parametrize("persona_id", DESIGN_IDS)
def test_what_a_trainee_types_to_meet_the_need_is_recognised(personas, persona_id):
    persona = personas[persona_id]
    for staff in MEETS_NEED[persona_id]:
        assert speaks_to_need(persona, staff), staff


@pytest.mark.parametrize("persona_id", DESIGN_IDS)
def test_generic_empathy_does_not_count_as_meeting_the_need(personas, persona_id):
    persona = personas[persona_id]
    for staff in GENERIC:
        assert not speaks_to_need(persona, staff), staff


@pytest.mark.parametrize("persona_id", DESIGN_IDS)
def test_lines_are_chat_length_and_crisis_lines_are_short(personas, persona_id):
    persona = personas[persona_id]
    for band in Band:
        for line in all_replies(persona, band) + persona.voice[band].asides:
            assert len(line) <= 140, line
    crisis = all_replies(persona, Band.crisis)
    assert all(len(line) <= 45 for line in crisis), max(crisis, key=len)
    assert mean(map(len, crisis)) < mean(map(len, all_replies(persona, Band.calm)))


def _listening_lines(block: object) -> list[str]:
    """Every line of a persona's `listening:` section, whichever block holds it."""
    if isinstance(block, BandLines):
        return block.every()
    if isinstance(block, BaseModel):
        return [line for name in type(block).model_fields for line in _listening_lines(getattr(block, name))]
    if isinstance(block, list | tuple):
        return [line for item in block for line in _listening_lines(item)]
    return []


@pytest.mark.parametrize("persona_id", DESIGN_IDS)
def test_every_listening_line_is_a_chat_line(personas, persona_id):
    """The guard that keeps a reply to a chat line's length refuses no line the file gives the patient."""
    lines = _listening_lines(personas[persona_id].listening)
    assert len(lines) > 500
    assert [line for line in lines if is_too_long(line)] == []


@pytest.mark.parametrize("persona_id", DESIGN_IDS)
def test_roleplay_break_replies_stay_in_character(personas, persona_id):
    persona = personas[persona_id]
    machine_talk = re.compile(r"\b(ai|a\.i\.|language model|chatbot|assistant|prompt|simulation)\b", re.I)
    for band in Band:
        for line in persona.voice[band].replies[ReplyKind.roleplay_break]:
            assert not machine_talk.search(line), line


def test_only_the_conflict_scene_has_another_patient_and_dean_talks_about_him(personas):
    conflict = personas["patient-conflict"]
    assert conflict.other_party is not None
    first_name = conflict.other_party.name.split()[0]
    bands_naming_him = [b for b in Band if any(first_name in line for line in conflict.voice[b].asides)]
    assert len(bands_naming_him) >= 3
    assert [p.id for p in personas.values() if p.other_party] == ["patient-conflict"]


# --------------------------------------------------------------------------- broken files


def fearful_data() -> dict[str, Any]:
    return read_yaml(PERSONAS_DIR / "fearful.yaml")


def write(tmp_path: Path, data: dict[str, Any], name: str = "broken.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def drop_summary(d):
    del d["summary"]


def agitation_as_words(d):
    d["starting_agitation"] = "fairly high"


def misspelt_field(d):
    d["sumary"] = d["summary"]


def no_crisis_band(d):
    del d["voice"]["crisis"]


def one_options_line(d):
    d["voice"]["calm"]["replies"]["options"] = ["Maybe the lounge."]


def upper_case_met_by(d):
    d["unmet_need"]["met_by"][1] = "Let me explain what is happening"


def repeated_line(d):
    replies = d["voice"]["agitated"]["replies"]
    replies["neutral"][2] = replies["validated"][0]


@pytest.mark.parametrize(
    ("break_it", "field", "words"),
    [
        (drop_summary, "summary", "required"),
        (agitation_as_words, "starting_agitation", "number"),
        (misspelt_field, "sumary", "not a known field"),
        (no_crisis_band, "voice", "voice needs every band; missing: crisis"),
        (one_options_line, "voice.calm", "options"),
        (upper_case_met_by, "unmet_need.met_by[1]", "lower-case"),
        (repeated_line, "voice.agitated.replies.neutral[2]", "voice.agitated.replies.validated[0]"),
    ],
)
def test_a_broken_file_names_the_file_and_the_field(tmp_path, break_it, field, words):
    data = fearful_data()
    break_it(data)
    path = write(tmp_path, data)
    with pytest.raises(DataFileError) as caught:
        load_persona(path)
    message = str(caught.value)
    assert str(path) in message
    assert f"field '{field}'" in message
    assert words in message


def test_bad_yaml_syntax_names_the_file_and_the_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text('title: "Frightened\nsummary: [unclosed\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"broken\.yaml: is not valid YAML at line \d+"):
        load_persona(path)


def test_the_id_comes_from_the_file_name(tmp_path):
    path = write(tmp_path, fearful_data(), "night-shift-2.yaml")
    assert load_persona(path).id == "night-shift-2"


@pytest.mark.parametrize("name", ["Fearful.yaml", "night_shift.yaml", "night shift.yaml", "-fearful.yaml"])
def test_a_file_name_that_is_not_a_valid_id_is_an_error(tmp_path, name):
    path = write(tmp_path, fearful_data(), name)
    with pytest.raises(DataFileError, match=r"field 'id'.*lower-case letters, digits and single hyphens"):
        load_persona(path)


def test_a_missing_folder_is_an_error(tmp_path):
    with pytest.raises(DataFileError, match="persona folder not found"):
        load_personas(tmp_path / "nowhere")


def test_an_empty_folder_is_an_error(tmp_path):
    (tmp_path / "notes.txt").write_text("not a persona", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"no persona files \(\*\.yaml\) found"):
        load_personas(tmp_path)


def test_a_yml_file_is_reported_rather_than_silently_skipped(tmp_path):
    write(tmp_path, fearful_data(), "fearful.yaml")
    write(tmp_path, fearful_data(), "night-shift.yml")
    with pytest.raises(DataFileError, match=r"night-shift\.yml: persona files must end in '\.yaml'"):
        load_personas(tmp_path)


def test_one_broken_file_fails_the_whole_folder(tmp_path):
    write(tmp_path, fearful_data(), "fearful.yaml")
    data = fearful_data()
    drop_summary(data)
    write(tmp_path, data, "other.yaml")
    with pytest.raises(DataFileError, match=r"other\.yaml: field 'summary'"):
        load_personas(tmp_path)


# --------------------------------------------------------------------------- looking a persona up


def test_get_persona_returns_the_persona(personas):
    assert get_persona(personas, "withdrawn").profile.name == personas["withdrawn"].profile.name


def test_an_unknown_persona_id_lists_the_valid_ones(personas):
    with pytest.raises(KeyError) as caught:
        get_persona(personas, "angry")
    assert isinstance(caught.value, UnknownPersona)
    assert str(caught.value) == f"unknown persona 'angry'; valid ids: {', '.join(DESIGN_IDS)}"
