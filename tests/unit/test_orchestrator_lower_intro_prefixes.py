"""A name typed after "im" / "this is" when it is asked: the lead-in is never part of the name ("Im Leo")."""

from __future__ import annotations

import pytest

from hotel_agent.orchestrator.handlers.common import split_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("im leo", ("Leo", "")),
        ("Im leo grant", ("Leo", "Grant")),
        ("im Leo Grant", ("Leo", "Grant")),
        ("this is tom baker", ("Tom", "Baker")),
        ("i am omar haddad", ("Omar", "Haddad")),
        ("soy marta lópez", ("Marta", "López")),
        ("Im Soojin", ("Im", "Soojin")),  # the surname Im, capitalised as a name
    ],
)
def test_the_lead_in_of_a_typed_name_is_dropped(text: str, expected: tuple[str, str]) -> None:
    assert split_name(text) == expected
