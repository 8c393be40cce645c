"""The stay-date resolver against fixed clocks: relative days, weekdays, ranges, nights, numeric dates."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from hotel_agent.nlp.dates import resolve_stay

MONDAY = date(2025, 3, 10)  # a Monday
FRIDAY = date(2025, 3, 14)
LATE_DECEMBER = date(2025, 12, 20)  # a Saturday


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize(
    ("text", "language", "check_in", "check_out", "nights"),
    [
        # relative days
        ("hoy", "es", "2025-03-10", None, None),
        ("para esta noche", "es", "2025-03-10", "2025-03-11", None),  # one night (as the training data)
        ("tonight", "en", "2025-03-10", "2025-03-11", None),
        ("mañana", "es", "2025-03-11", None, None),
        ("manana", "es", "2025-03-11", None, None),
        ("tomorrow", "en", "2025-03-11", None, None),
        ("pasado mañana", "es", "2025-03-12", None, None),
        ("the day after tomorrow", "en", "2025-03-12", None, None),
        ("day after tomorrow", "en", "2025-03-12", None, None),
        ("mañana por la mañana", "es", "2025-03-11", None, None),
        ("llego a las 10 de la mañana", "es", None, None, None),
        ("in 3 days", "en", "2025-03-13", None, None),
        ("en 5 dias", "es", "2025-03-15", None, None),
        # weekdays
        ("el viernes", "es", "2025-03-14", None, None),
        ("este sábado", "es", "2025-03-15", None, None),
        ("el próximo viernes", "es", "2025-03-14", None, None),
        ("el viernes que viene", "es", "2025-03-14", None, None),
        ("next Friday", "en", "2025-03-14", None, None),
        ("this saturday", "en", "2025-03-15", None, None),
        ("on Sunday", "en", "2025-03-16", None, None),
        ("el lunes", "es", "2025-03-10", None, None),
        ("el próximo lunes", "es", "2025-03-17", None, None),
        ("next monday", "en", "2025-03-17", None, None),
        ("friday next week", "en", "2025-03-21", None, None),
        ("el viernes de la semana que viene", "es", "2025-03-21", None, None),
        ("del viernes al domingo", "es", "2025-03-14", "2025-03-16", None),
        ("from thursday to saturday", "en", "2025-03-13", "2025-03-15", None),
        # weekends and next week
        ("this weekend", "en", "2025-03-14", "2025-03-16", None),
        ("el finde", "es", "2025-03-14", "2025-03-16", None),
        ("este fin de semana", "es", "2025-03-14", "2025-03-16", None),
        ("la semana que viene", "es", "2025-03-17", None, None),
        ("la próxima semana", "es", "2025-03-17", None, None),
        ("next week", "en", "2025-03-17", None, None),
        # ranges
        ("del 3 al 5 de marzo", "es", "2026-03-03", "2026-03-05", None),
        ("del 12 al 15 de marzo", "es", "2025-03-12", "2025-03-15", None),
        ("del 12 de marzo al 15 de marzo", "es", "2025-03-12", "2025-03-15", None),
        ("from March 12 to 15", "en", "2025-03-12", "2025-03-15", None),
        ("from March 12 to March 15", "en", "2025-03-12", "2025-03-15", None),
        ("March 12-14", "en", "2025-03-12", "2025-03-14", None),
        ("12-14 march", "en", "2025-03-12", "2025-03-14", None),
        ("12 al 14 de abril", "es", "2025-04-12", "2025-04-14", None),
        ("entre el 20 y el 22", "es", "2025-03-20", "2025-03-22", None),
        ("entre el 20 y el 22 de abril", "es", "2025-04-20", "2025-04-22", None),
        ("between the 20th and the 22nd of april", "en", "2025-04-20", "2025-04-22", None),
        ("from the 3rd to the 5th of april", "en", "2025-04-03", "2025-04-05", None),
        ("del 28 de febrero al 2 de marzo", "es", "2026-02-28", "2026-03-02", None),
        ("del 28 al 2 de abril", "es", "2025-03-28", "2025-04-02", None),
        ("del 3 al 5", "es", "2025-04-03", "2025-04-05", None),
        ("llegamos el 20 y nos vamos el 22", "es", "2025-03-20", "2025-03-22", None),
        ("desde el 1 hasta el 4 de mayo", "es", "2025-05-01", "2025-05-04", None),
        ("del 3/4 al 6/4", "es", "2025-04-03", "2025-04-06", None),
        # nights
        ("3 noches desde el 20 de abril", "es", "2025-04-20", "2025-04-23", 3),
        ("tres noches desde el 20 de abril", "es", "2025-04-20", "2025-04-23", 3),
        ("next Friday for 3 nights", "en", "2025-03-14", "2025-03-17", 3),
        ("for two nights starting tomorrow", "en", "2025-03-11", "2025-03-13", 2),
        ("una noche", "es", None, None, 1),
        ("just one night", "en", None, None, 1),
        ("for a night tomorrow", "en", "2025-03-11", "2025-03-12", 1),
        ("una semana desde el sábado", "es", "2025-03-15", "2025-03-22", 7),
        ("for a week from tomorrow", "en", "2025-03-11", "2025-03-18", 7),
        ("2 nights", "en", None, None, 2),
        # month names with and without "de", years
        ("el 3 de abril", "es", "2025-04-03", None, None),
        ("3 abril", "es", "2025-04-03", None, None),
        ("1 de enero", "es", "2026-01-01", None, None),
        ("el primero de mayo", "es", "2025-05-01", None, None),
        ("12 de marzo de 2026", "es", "2026-03-12", None, None),
        ("April 3rd", "en", "2025-04-03", None, None),
        ("3rd of April", "en", "2025-04-03", None, None),
        ("March 3", "en", "2026-03-03", None, None),
        ("June 5, 2026", "en", "2026-06-05", None, None),
        ("marzo 20", "es", "2025-03-20", None, None),
        ("el 15", "es", "2025-03-15", None, None),
        ("el 5", "es", "2025-04-05", None, None),
        ("on the 20th", "en", "2025-03-20", None, None),
        # numeric
        ("12/04", "es", "2025-04-12", None, None),
        ("12/04", "en", None, None, None),  # December 4 or 12 April: asked (issue #17)
        ("12/04 to 14/04", "en", "2025-04-12", "2025-04-14", None),
        ("4/15", "en", "2025-04-15", None, None),
        ("15/4", "en", "2025-04-15", None, None),
        ("5/3", "es", "2026-03-05", None, None),
        ("20/03/2025", "es", "2025-03-20", None, None),
        ("20-03-2025", "es", "2025-03-20", None, None),
        ("20.3.26", "es", "2026-03-20", None, None),
        # departure only
        ("hasta el 15", "es", None, "2025-03-15", None),
        ("check out on the 20th", "en", None, "2025-03-20", None),
        ("cambiar la salida al 18", "es", None, "2025-03-18", None),
        # things that are not dates
        ("a las 12", "es", None, None, None),
        ("checkout at 11am?", "en", None, None, None),
        ("can I stay until 2pm", "en", None, None, None),
        ("somos 4 personas", "es", None, None, None),
        ("the 2 of us", "en", None, None, None),
        ("habitación 12 no tiene agua", "es", None, None, None),
        ("vista al mar 3 noches", "es", None, None, 3),
        ("may I book 2 rooms", "en", None, None, None),
        ("reserva HA-7F3K2Q", "es", None, None, None),
        ("booking #1234", "en", None, None, None),
        ("mi numero es 600 123 456", "es", None, None, None),
    ],
)
def test_resolves_against_monday(
    text: str, language: str, check_in: str | None, check_out: str | None, nights: int | None
) -> None:
    stay = resolve_stay(text, MONDAY, language)
    assert (stay.check_in, stay.check_out, stay.nights) == (
        d(check_in) if check_in else None,
        d(check_out) if check_out else None,
        nights,
    )


@pytest.mark.parametrize(
    ("text", "language", "check_in", "check_out"),
    [
        ("el viernes", "es", "2025-03-14", None),  # today is Friday: today
        ("el próximo viernes", "es", "2025-03-21", None),
        ("next friday", "en", "2025-03-21", None),
        ("this weekend", "en", "2025-03-14", "2025-03-16"),
        ("next weekend", "en", "2025-03-21", "2025-03-23"),
        ("tomorrow", "en", "2025-03-15", None),
    ],
)
def test_resolves_against_friday(text: str, language: str, check_in: str, check_out: str | None) -> None:
    stay = resolve_stay(text, FRIDAY, language)
    assert stay.check_in == d(check_in)
    assert stay.check_out == (d(check_out) if check_out else None)


@pytest.mark.parametrize(
    ("text", "language", "check_in", "check_out"),
    [
        ("del 28 de diciembre al 2 de enero", "es", "2025-12-28", "2026-01-02"),
        ("from Dec 30 to Jan 2", "en", "2025-12-30", "2026-01-02"),
        ("el 3 de enero", "es", "2026-01-03", None),
        ("del 30 al 2 de enero", "es", "2025-12-30", "2026-01-02"),
        ("3/1", "es", "2026-01-03", None),
        ("this weekend", "en", "2025-12-20", "2025-12-21"),  # Saturday: the rest of this weekend
    ],
)
def test_rolls_years_forward(text: str, language: str, check_in: str, check_out: str | None) -> None:
    stay = resolve_stay(text, LATE_DECEMBER, language)
    assert stay.check_in == d(check_in)
    assert stay.check_out == (d(check_out) if check_out else None)


def test_accepts_a_datetime_as_now() -> None:
    stay = resolve_stay("tomorrow for 2 nights", datetime(2025, 3, 10, 23, 30), "en")
    assert (stay.check_in, stay.check_out, stay.nights) == (d("2025-03-11"), d("2025-03-13"), 2)


def test_invalid_calendar_dates_are_ignored() -> None:
    assert resolve_stay("el 31 de febrero", MONDAY, "es").check_in is None
    assert resolve_stay("31/02", MONDAY, "es").check_in is None


@pytest.mark.parametrize(
    ("text", "language", "check_in", "check_out"),
    [
        # a departure named after the date
        ("mañana nos vamos temprano", "es", None, "2025-03-11"),
        ("el sábado a qué hora tenemos que entregar las llaves?", "es", None, "2025-03-15"),
        ("we're off early tomorrow", "en", None, "2025-03-11"),
        ("what time do we hand back the keys on saturday?", "en", None, "2025-03-15"),
        ("mañana llegamos y nos vamos el viernes", "es", "2025-03-11", "2025-03-14"),
        # a value being replaced is not part of the stay
        ("me voy el miércoles en lugar del viernes", "es", None, "2025-03-12"),
        ("leaving wednesday instead of friday", "en", None, "2025-03-12"),
        # a moved arrival or departure: only the new date, in its role
        ("podemos pasar la llegada del jueves al viernes?", "es", "2025-03-14", None),
        ("can we push our arrival from thursday to friday?", "en", "2025-03-14", None),
        ("can we move the departure from friday to sunday?", "en", None, "2025-03-16"),
        ("del jueves al viernes", "es", "2025-03-13", "2025-03-14"),
        # a weekday with its day of the month: the number decides
        ("para el jueves 20 una noche", "es", "2025-03-20", "2025-03-21"),
        ("thursday the 20th", "en", "2025-03-20", None),
        ("del viernes 14 al viernes 21", "es", "2025-03-14", "2025-03-21"),
        ("el martes 2 noches", "es", "2025-03-11", "2025-03-13"),
        ("queria alargar la estancia hasta el martes 18", "es", None, "2025-03-18"),
        ("I'd love to stretch my stay out to tuesday the 18th", "en", None, "2025-03-18"),
        ("late c/o tmrw pls", "en", None, "2025-03-11"),
        ("tommorow, 2 nites", "en", "2025-03-11", "2025-03-13"),
        ("para mañana, 2 nochecitas", "es", "2025-03-11", "2025-03-13"),
        # asking to stay longer names the departure day; a goodbye names no stay
        ("mañana podria salir un poco mas tarde?", "es", None, "2025-03-11"),
        ("our train on friday is at 5, could we keep the room till 3?", "en", None, "2025-03-14"),
        ("hasta mañana, buenas noches", "es", None, None),
        ("see you tomorrow!", "en", None, None),
        # an extension or a correction: the new value only
        ("could we add a night? we'd leave monday the 17th instead of sunday", "en", None, "2025-03-17"),
        ("we'll be arriving saturday not friday", "en", "2025-03-15", None),
        ("en vez del 20 al 22 seria del 27 al 29 de marzo", "es", "2025-03-27", "2025-03-29"),
        # numbers that are not days
        ("we're on the 6th floor", "en", None, None),
        ("yep that's the one", "en", None, None),
        ("the 2nd one", "en", None, None),
        ("y si lo anulo el lunes que viene, pierdo algo?", "es", None, None),
        ("the first one", "en", None, None),
    ],
)
def test_date_roles(text: str, language: str, check_in: str | None, check_out: str | None) -> None:
    stay = resolve_stay(text, MONDAY, language)
    assert (stay.check_in, stay.check_out) == (
        d(check_in) if check_in else None,
        d(check_out) if check_out else None,
    )
