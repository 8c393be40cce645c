"""Entity kinds read on 2026-12-06 (second batch): a month named with the booking ("our April booking"), a
dash with spaces between dates, a change to new dates after booked ones ("until the 4th ... instead"), bare
"11 to 14" in a message about a stay, weekday names misspelt or abbreviated after "for", "<weekday> nite" as one
night, changes of a count ("from 2 people to 3"), people counted by who they are, a second room for other people,
vehicles as parking, short booking numbers. Examples written for these tests (none from the evaluation sets or
the training data)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hotel_agent.nlp.entities import extract
from hotel_agent.nlp.normalize import prepare

TUESDAY = date(2026, 2, 3)


def found(text: str, language: str = "en", reference: date | None = None) -> dict[str, Any]:
    return extract(text, prepare(text, language), TUESDAY, language, reference)


def stay(result: dict[str, Any]) -> tuple[Any, Any]:
    return result.get("check_in"), result.get("check_out")


def test_a_month_naming_the_booking_gives_the_new_days_their_month() -> None:
    result = found("could we shift our June reservation to the 9th-12th?")
    assert stay(result) == (date(2026, 6, 9).isoformat(), date(2026, 6, 12).isoformat())


def test_the_days_after_booked_ones_and_instead_are_the_new_stay() -> None:
    result = found("reservation from 11th until 13th of May, we'd prefer 20th-22nd instead")
    assert stay(result) == ("2026-05-20", "2026-05-22")


@pytest.mark.parametrize("text", ["Oct 2 – Oct 6 for two", "from Oct 2 — Oct 6, two of us"])
def test_a_spaced_dash_between_dates_is_a_range(text: str) -> None:
    assert stay(found(text)) == ("2026-10-02", "2026-10-06")


@pytest.mark.parametrize(
    "text",
    ["any double free 22 to 25? two adults", "could you check 22 till 25 for a room instead"],
)
def test_two_bare_days_joined_by_to_are_a_range_in_a_message_about_a_stay(text: str) -> None:
    assert stay(found(text)) == ("2026-02-22", "2026-02-25")


@pytest.mark.parametrize(
    "text", ["breakfast runs 7 to 10", "a room for 2 to 3 ppl", "a room for 3 to 4 nights"]
)
def test_numbers_joined_by_to_that_are_not_days_stay_numbers(text: str) -> None:
    assert stay(found(text)) == (None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("checking in thursdy, out satuday", ("2026-02-05", "2026-02-07")),
        ("llegamos el viernes y nos vamos el domigo", ("2026-02-06", "2026-02-08")),
    ],
)
def test_a_weekday_with_a_slip_is_still_the_weekday(text: str, expected: tuple[str, str]) -> None:
    language = "es" if "llegamos" in text else "en"
    assert stay(found(text, language)) == expected


def test_a_slip_as_near_to_two_weekdays_is_no_guess() -> None:
    assert stay(found("arriving tursday")) == (None, None)


def test_weekdays_in_the_plural_are_every_week_not_a_date() -> None:
    assert stay(found("is the bar open on sundays?")) == (None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("got a single for sat?", ("2026-02-07", None)),
        ("price 4 fri nite, only me", ("2026-02-06", "2026-02-07")),
        ("put me down for thursday nite please", ("2026-02-05", "2026-02-06")),
    ],
)
def test_a_weekday_abbreviated_after_for_or_before_night(text: str, expected: tuple[Any, Any]) -> None:
    assert stay(found(text)) == expected


def test_next_written_short_before_week() -> None:
    assert stay(found("free nxt week tue-thu?")) == ("2026-02-10", "2026-02-12")


@pytest.mark.parametrize(
    ("text", "adults"),
    [
        ("please switch it from 2 guests to 3 guests", 3),
        ("can it go from 4 people to 5", 5),
        ("cambiadla de 2 personas a 3, porfa", 3),
    ],
)
def test_a_change_of_the_count_gives_the_new_count(text: str, adults: int) -> None:
    language = "es" if "cambiadla" in text else "en"
    assert found(text, language).get("adults") == adults


@pytest.mark.parametrize(
    ("text", "adults", "children"),
    [
        ("a room for myself, my partner and my grandparents", 4, None),
        ("me, the hubby and our 2 girls", 2, 2),
        ("it's for me and my mum and dad", 3, None),
        ("the 3 mates and me, friday", 4, None),
        ("4 guys, one night", 4, None),
        ("we r 5, all adults", 5, None),
        ("2 adults and our 9 month old", 2, 1),
        ("2 adults with a toddler and a newborn", 2, 2),
    ],
)
def test_people_counted_by_who_they_are(text: str, adults: int, children: int | None) -> None:
    result = found(text)
    assert (result.get("adults"), result.get("children")) == (adults, children)


def test_a_child_named_again_in_other_words_is_the_same_child() -> None:
    assert found("our daughter is coming after all, please add a child to the booking").get("children") == 1


def test_a_day_before_a_group_word_is_not_a_date() -> None:
    result = found("the 6 lads and me")
    assert stay(result) == (None, None)
    assert result.get("adults") == 7


@pytest.mark.parametrize(
    "text",
    [
        "one room for the grandparents and one for us",
        "a room for us and a second one for our friends",
        "una habitación para los abuelos y otra para nosotros",
    ],
)
def test_a_room_for_some_and_another_for_others_is_two_rooms(text: str) -> None:
    language = "es" if "habitación" in text else "en"
    assert found(text, language).get("rooms") == 2


def test_how_many_nights_asked_as_alternatives_is_not_a_head_count() -> None:
    assert "adults" not in found("is our booking for 2 or 3 nights?")


def test_the_new_number_of_nights_after_a_change() -> None:
    assert found("we booked two nights, could you make it four nights instead").get("nights") == 4


@pytest.mark.parametrize(
    "text",
    [
        "can we park a motorhome at the hotel",
        "we're coming on motorbikes, is there space",
        "¿dónde dejo la moto?",
    ],
)
def test_a_vehicle_to_leave_is_parking(text: str) -> None:
    language = "es" if "dónde" in text else "en"
    assert found(text, language).get("amenity") == "parking"


@pytest.mark.parametrize("text", ["is the national park far", "how do I get to the theme park"])
def test_a_park_to_visit_is_not_parking(text: str) -> None:
    assert "amenity" not in found(text)


def test_a_heated_pool_is_a_question_about_the_pool() -> None:
    result = found("is your outdoor pool heated in winter?")
    assert result.get("amenity") == "pool"
    assert "amenities" not in result


@pytest.mark.parametrize(
    ("text", "amenity"),
    [("is there a steam room?", "spa"), ("could someone iron my suit", "laundry")],
)
def test_a_sauna_and_ironing_are_amenities(text: str, amenity: str) -> None:
    assert found(text).get("amenity") == amenity


def test_a_room_hot_like_a_sauna_is_not_the_spa() -> None:
    assert "amenity" not in found("our room is like a sauna tonight")


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("cancel booking 7", "7"),
        ("booking 15 - is breakfast included?", "15"),
        ("reserva 23, ¿sigue activa?", "23"),
    ],
)
def test_a_short_booking_number(text: str, reference: str) -> None:
    language = "es" if "reserva" in text else "en"
    assert found(text, language).get("booking_reference") == reference


@pytest.mark.parametrize("text", ["booking 5-7 June for two", "booking 2 rooms for the weekend"])
def test_a_number_after_booking_that_is_a_day_or_a_count_is_no_reference(text: str) -> None:
    assert "booking_reference" not in found(text)


def test_a_holiday_after_booking_to_is_not_a_name() -> None:
    assert "name" not in found("can we move the booking to Christmas week?")


@pytest.mark.parametrize(
    ("text", "language"),
    [("iríamos mi esposa, mis 3 hijos y yo", "es"), ("my husband, my 3 kids and me", "en")],
)
def test_a_partner_with_me_and_my_children_is_two_adults(text: str, language: str) -> None:
    result = found(text, language)
    assert (result.get("adults"), result.get("children")) == (2, 3)


def test_a_weekday_written_with_b_for_v() -> None:
    assert found("hay sitio el biernes?", "es").get("check_in") == "2026-02-06"


def test_tomorrow_and_its_weekday_are_one_day() -> None:
    # TUESDAY: tomorrow is Wednesday
    result = found("para mañana miércoles, una noche", "es")
    assert stay(result) == ("2026-02-04", "2026-02-05")


def test_the_label_word_before_a_name_is_not_part_of_it() -> None:
    assert found("doble 3-5 marzo. Nombre Leire Goikoetxea, leire@example.com", "es").get("name") == (
        "Leire Goikoetxea"
    )


def test_a_garage_said_cochera_is_parking() -> None:
    assert found("¿tienen cochera?", "es").get("amenity") == "parking"
