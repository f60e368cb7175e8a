"""The commitment reading: what a staff turn commits to, offers or grants, beside no's of the same shape."""

from coach.grading.rules.commitment import commitments, move_spans


def test_a_promise_at_a_named_time_about_the_request_is_a_commitment_that_meets_it() -> None:
    moves = commitments("I'll bring the phone to your room at six.", "Can I phone my brother?")
    assert {"self", "self&named", "self&meets"} <= set(moves)
    assert "none" not in moves


def test_a_negated_or_dutiful_speaker_is_not_a_commitment() -> None:
    assert "self_neg" in commitments("I can't get you the phone tonight.", "Can I phone my brother?")
    assert "self_duty" in commitments("I'll have to write that down.", "I'm not taking them.")
    assert "none" in commitments("I'm not able to do that.", "Can I phone my brother?")


def test_quoted_and_reported_words_are_not_the_speakers_offer() -> None:
    assert "offer" not in commitments('Your mum said "you can come home" but that is not my call.', None)
    assert "offer" not in commitments("The doctor told me you can go out.", None)


def test_a_put_off_on_the_patient_and_a_vague_later_are_read_as_such() -> None:
    assert "offer&on_patient" in commitments("You can go once you've calmed down.", "Let me out.")
    assert "self&vague" in commitments("I'll look at it later.", "Sort my letter out.")


def test_the_turns_first_clause_opening_on_yes_or_no_is_a_span_of_its_own() -> None:
    assert move_spans("yes, it's booked for you at two.")[0][0] == "grant"
    assert move_spans("nope, the lounge is shut.")[0][0] == "open_no"
