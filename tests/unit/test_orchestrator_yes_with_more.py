"""At the summary: a clear yes with words that change nothing books ("yes please, we're coming straight over",
"sí porfa, ya quiero estar allá"); a yes beside another name typed ("sí porfa, Marta Gil" under "Ana Lara"), an
email, dates, a party or a room takes the change and shows the summary again; a yes beside a question, a
hesitation or someone more coming never books the summary as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotel_agent.orchestrator.evaluate import evaluate, load_dialogues
from hotel_agent.orchestrator.handlers.booking import (
    SOMEONE_JOINS,
    another_name_typed,
    lower_case_name_after_yes,
    only_a_yes,
)
from hotel_agent.orchestrator.references import fold

DIALOGUES = Path(__file__).resolve().parents[1] / "dialogues"


@pytest.mark.parametrize(
    "text",
    [
        "yes please, we're coming straight over",
        "yes please, we’re on our way, thanks a lot",
        "yes please, we can't wait to get there",
        "yeah mate, go for it",
        "yep, all good, see you there!",
        "sure thing, lock it in",
        "correct, yes",
        "sí porfa, ya quiero estar allá",
        "sí por favor, ya tengo ganas de llegar",
        "claro que sí, qué ganas, gracias",
        "sí porfa, nos vemos pronto!",
        "correcto, sí",
    ],
)
def test_a_yes_with_words_that_change_nothing_is_only_a_yes(text: str) -> None:
    assert only_a_yes(fold(text))


@pytest.mark.parametrize(
    "text",
    [
        "ok gracias",  # closes the talk: no go-ahead
        "vale, gracias",
        "perfecto, gracias",
        "yes please, and my sister is coming too",
        "yes please, Helen Brooks",
        "sí porfa, marta gil",
        "yes, for 3 adults",
        "yes... actually hold on",
        "sí, aunque espera un momento",
        "yes, we're coming on the 15th instead",
        "sí, pero del 15 al 18",
    ],
)
def test_a_yes_with_anything_more_is_not_only_a_yes(text: str) -> None:
    assert not only_a_yes(fold(text))


@pytest.mark.parametrize(
    ("text", "given"),
    [
        ("yes please, Helen Brooks", ["helen", "brooks"]),
        ("sí porfa, Marta Gil", ["marta", "gil"]),
        ("sí vale, Lorena Díaz", ["lorena", "diaz"]),
    ],
)
def test_another_name_typed_beside_a_yes_is_a_name(text: str, given: list[str]) -> None:
    assert another_name_typed(text, given)


@pytest.mark.parametrize(
    ("text", "given"),
    [
        ("Sounds Good", ["sounds", "good"]),
        ("yes, Lock It In", ["lock", "it", "in"]),
        ("sí, Todo Bien", ["todo", "bien"]),
        ("Yes Go Ahead", ["go", "ahead"]),
        ("sí porfa, marta gil", ["marta", "gil"]),  # not typed as a name: left to the other rules
    ],
)
def test_a_yes_misread_as_a_name_is_no_other_name(text: str, given: list[str]) -> None:
    assert not another_name_typed(text, given)


@pytest.mark.parametrize(
    "text",
    [
        "yes please, and my sister is coming too",
        "yes, my husband will join us",
        "yes, one more person",
        "sí porfa, y se viene mi hermana también",
        "sí, se suma mi hijo",
        "sí, también viene mi madre",
    ],
)
def test_someone_more_coming_is_read(text: str) -> None:
    assert SOMEONE_JOINS.search(fold(text))


@pytest.mark.parametrize(
    "text",
    [
        "yes please, we're coming straight over",
        "sí, ya vamos para allá",
        "yes, we are on our way",
        "sí, una noche",
    ],
)
def test_coming_over_is_nobody_more(text: str) -> None:
    assert not SOMEONE_JOINS.search(fold(text))


@pytest.mark.no_cover
def test_every_dialogue_of_the_kind_ends_in_the_right_outcome() -> None:
    files = [DIALOGUES / language / "yes_with_more_at_summary.yaml" for language in ("es", "en")]
    outcomes = evaluate(load_dialogues(files))
    assert len(outcomes) == 47
    assert [(o.dialogue.id, o.failures) for o in outcomes if not o.ok] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sí porfa, marta gil", ("Marta", "Gil")),
        ("yes please, helen brooks", ("Helen", "Brooks")),
        ("yes pls, rachel adams", ("Rachel", "Adams")),
    ],
)
def test_a_lower_case_name_after_a_yes_is_read(text: str, expected: tuple[str, str]) -> None:
    assert lower_case_name_after_yes(fold(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "yep, spot on",
        "yes, is ok",
        "yes please, sounds lovely",
        "sí, me sirve",
        "sí, muy bien",
        "yes, all set",
        "sí, al final no",
        "yeah, nice one",
        "ok, marta gil",  # no plain yes before it: left to the other rules
    ],
)
def test_a_yes_with_everyday_words_is_no_name(text: str) -> None:
    assert lower_case_name_after_yes(fold(text)) is None
