"""Guests, rooms, room types, amenities, references, emails, names and options from real-looking messages."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hotel_agent.nlp.entities import extract
from hotel_agent.nlp.normalize import prepare

MONDAY = date(2025, 3, 10)


def entities(text: str, language: str) -> dict[str, Any]:
    return extract(text, prepare(text, language), MONDAY, language)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("2 adults and 3 kids", "en", {"adults": 2, "children": 3}),
        ("dos adultos y un niño", "es", {"adults": 2, "children": 1}),
        ("somos cuatro", "es", {"adults": 4}),
        ("somos 4, 2 adultos y 2 niños", "es", {"adults": 2, "children": 2}),
        ("my wife and I", "en", {"adults": 2}),
        ("me and my husband + a baby", "en", {"adults": 2, "children": 1}),
        ("para dos personas", "es", {"adults": 2}),
        ("30 Dec to 2 Jan, 2 ppl", "en", {"adults": 2}),
        ("para mi y mi esposo", "es", {"adults": 2}),
        ("viajo con mi hermano", "es", {"adults": 2}),
        ("me and my mate", "en", {"adults": 2}),
        ("vamos 4 cuates", "es", {"adults": 4}),
        ("somos 2 y un pibe de 5", "es", {"adults": 2, "children": 1}),
        ("me my wife and our two little ones", "en", {"adults": 2, "children": 2}),
        ("al final voy solo", "es", {"adults": 1}),
        ("al final viene tmb mi hija de 8 años", "es", {"children": 1}),
        ("this Friday for my wife and myself?", "en", {"adults": 2}),
        ("suite 8-10 june free?", "en", {}),
        ("hay alguien disponible para una consulta?", "es", {}),
        ("nos vamos un dia antes", "es", {}),
        ("2 adults and a 6 year old", "en", {"adults": 2, "children": 1}),
        ("I'm booked in for 22 March", "en", {}),
        ("3 individuales para un grupo de trabajo", "es", {}),
        ("una pareja con un niño", "es", {"adults": 2, "children": 1}),
        ("mi mujer y yo con nuestros 2 hijos", "es", {"adults": 2, "children": 2}),
        ("4 personas, 2 de ellos niños", "es", {"adults": 2, "children": 2}),
        ("just me", "en", {"adults": 1}),
        ("viajo sola", "es", {"adults": 1}),
        ("room for 3", "en", {"adults": 3}),
        ("there are 5 of us", "en", {"adults": 5}),
        ("2 adultos sin niños", "es", {"adults": 2, "children": 0}),
        ("we are a couple", "en", {"adults": 2}),
        ("ah, perdón, vamos a ir dos", "es", {"adults": 2}),
        ("perdona, iremos 3", "es", {"adults": 3}),
        ("vamos a ir 3 noches", "es", {}),
        ("iremos 2 de mayo", "es", {}),
    ],
)
def test_guests(text: str, language: str, expected: dict[str, Any]) -> None:
    found = entities(text, language)
    assert {k: found[k] for k in ("adults", "children") if k in found} == expected


@pytest.mark.parametrize(
    ("text", "language", "rooms", "room_type"),
    [
        ("2 habitaciones dobles", "es", 2, "double"),
        ("dos habitaciones", "es", 2, None),
        ("una habitación individual", "es", None, "single"),
        ("habitación sencilla", "es", None, "single"),
        ("single room", "en", None, "single"),
        ("a matrimonial", "es", None, "double"),
        ("cama de matrimonio", "es", None, "double"),
        ("double room", "en", None, "double"),
        ("king bed please", "en", None, "double"),
        ("twin room", "en", None, "twin"),
        ("con dos camas", "es", None, "twin"),
        ("doble con camas separadas", "es", None, "twin"),
        ("2 camas individuales", "es", None, "twin"),
        ("3 rooms, a suite", "en", 3, "suite"),
        ("en vez de la doble nos pueden dar la suite?", "es", None, "suite"),
        ("can I swap the twin for a double?", "en", None, "double"),
        ("habitación familiar", "es", None, "family"),
        ("family room", "en", None, "family"),
        ("one room", "en", None, None),
        ("a single night", "en", None, None),
    ],
)
def test_rooms_and_room_types(text: str, language: str, rooms: int | None, room_type: str | None) -> None:
    found = entities(text, language)
    assert (found.get("rooms"), found.get("room_type")) == (rooms, room_type)


@pytest.mark.parametrize(
    ("text", "language", "amenity", "several"),
    [
        ("tienen piscina?", "es", "pool", None),
        ("a q hora abre la pileta?", "es", "pool", None),
        ("is breakfast included", "en", "breakfast", None),
        ("el desayuno está incluido?", "es", "breakfast", None),
        ("can I park my car", "en", "parking", None),
        ("hay aparcamiento", "es", "parking", None),
        ("contraseña del wifi", "es", "wifi", None),
        ("wi-fi password", "en", "wifi", None),
        ("gimnasio y spa", "es", "gym", ["gym", "spa"]),
        ("does the hotel have a restaurant", "en", "restaurant", None),
        ("admiten perros?", "es", "pets", None),
        ("piscina al aire libre", "es", "pool", None),
        ("do you do airport transfers?", "en", "airport_shuttle", None),
        ("el aire no funciona", "es", "air_conditioning", None),
        ("hola que tal", "es", None, None),
    ],
)
def test_amenities(text: str, language: str, amenity: str | None, several: list[str] | None) -> None:
    found = entities(text, language)
    assert found.get("amenity") == amenity
    assert found.get("amenities") == several


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mi reserva es HA-7F3K2Q", "HA-7F3K2Q"),
        ("cancel ha-7f3k2q please", "HA-7F3K2Q"),
        ("booking #1234", "1234"),
        ("reserva 1234", "1234"),
        ("reserva número 98765", "98765"),
        ("booking ABC123", "ABC123"),
        ("pls cancel, conf number 99812", "99812"),
        ("hola cancelar la 44871 grasias", "44871"),
        ("cancel 44871 ta", "44871"),
        ("cancel res 30917 pls", "30917"),
        ("booking ref: abc123", "ABC123"),
        ("my booking is XKBKNABJK", "XKBKNABJK"),
        ("localizador: QX77Z", "QX77Z"),
        ("quiero reservar para 2", None),
        ("reserva para el 3 de marzo", None),
        ("mi email es ana-1234@mail.com", None),
        ("late check-out please", None),
        ("wi-fi", None),
    ],
)
def test_booking_references(text: str, expected: str | None) -> None:
    assert entities(text, "es").get("booking_reference") == expected


@pytest.mark.parametrize(
    ("text", "language", "name", "email"),
    [
        ("me llamo Ana García", "es", "Ana García", None),
        ("me llamo ana garcia y mi correo es Ana.G@Mail.com", "es", "Ana Garcia", "ana.g@mail.com"),
        ("my name is John Smith", "en", "John Smith", None),
        ("My name is john smith, email john@smith.io", "en", "John Smith", "john@smith.io"),
        ("a nombre de Pedro de la Cruz", "es", "Pedro de la Cruz", None),
        ("Hola, soy Marta", "es", "Marta", None),
        ("I'm Peter Jones", "en", "Peter Jones", None),
        ("I'm looking for a room", "en", None, None),
        ("pencil me in, name's Rob Fletcher", "en", "Rob Fletcher", None),
        ("confirm the booking, name Sean Doyle", "en", "Sean Doyle", None),
        ("can you confirm? it's Valentina Rios", "en", "Valentina Rios", None),
        ("Quedo atenta. Laura Méndez", "es", "Laura Méndez", None),
        ("CANCELEN LA RESERVA DE MARIA JOSE ORTIZ, GRACIAS", "es", "Maria Jose Ortiz", None),
        ("put the booking under Ximena Torres instead", "en", "Ximena Torres", None),
        ("a booking for Friday please", "en", None, None),
        ("it's OK thanks", "en", None, None),
        ("soy de Madrid", "es", None, None),
        ("mail: someone@example.org", "en", None, "someone@example.org"),
    ],
)
def test_names_and_emails(text: str, language: str, name: str | None, email: str | None) -> None:
    found = entities(text, language)
    assert (found.get("name"), found.get("email")) == (name, email)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("book_1", "en", 1),
        ("reservar_2", "es", 2),
        ("opción 3", "es", 3),
        ("la segunda", "es", 2),
        ("the first one", "en", 1),
        ("2nd option looks good", "en", 2),
        ("ok vamos con la tercera, mi correo es a@b.co", "es", 3),
        ("I'll go with number 2", "en", 2),
        ("second offer please", "en", 2),
        ("la primera noche", "es", None),
        ("quiero reservar 2 habitaciones", "es", None),
    ],
)
def test_options(text: str, language: str, expected: int | None) -> None:
    assert entities(text, language).get("option") == expected


def test_dates_join_the_other_entities() -> None:
    found = entities(
        "Hola! somos 2 adultos y un niño, del 3 al 5 de abril, habitación doble con desayuno", "es"
    )
    assert found == {
        "check_in": "2025-04-03",
        "check_out": "2025-04-05",
        "adults": 2,
        "children": 1,
        "room_type": "double",
        "amenity": "breakfast",
    }
