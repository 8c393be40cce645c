"""The hotel profile YAML: the bundled demo loads and fits the simulator; bad files name the bad field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hotel_agent.nlp.entities import AMENITIES
from hotel_agent.orchestrator.profile import (
    DEMO_PROFILE_PATH,
    HotelProfileError,
    load_profile,
    parse_profile,
)
from hotel_agent.pms.simulator import demo


def _demo_data() -> dict[str, object]:
    data = yaml.safe_load(DEMO_PROFILE_PATH.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_demo_profile_loads_and_is_coherent_with_the_simulator() -> None:
    profile = load_profile()
    assert profile.name == demo.HOTEL_NAME
    assert profile.currency == demo.CURRENCY
    assert {rt.kind for rt in demo.DEMO_ROOM_TYPES} <= set(profile.room_descriptions)
    assert profile.check_in_time == "15:00" and profile.late_checkout.available


def test_every_amenity_the_nlp_recognises_has_an_answer_in_the_demo_profile() -> None:
    profile = load_profile()
    for key, _pattern in AMENITIES:
        assert profile.find_amenity(key) is not None, key


def test_amenity_lookup_by_key_alias_and_localized_name() -> None:
    profile = load_profile()
    pool = profile.find_amenity("pool")
    assert pool is not None
    assert profile.find_amenity("Piscina") is pool and profile.find_amenity("alberca") is pool
    assert profile.find_amenity("airport shuttle") is profile.find_amenity("airport_shuttle")
    assert profile.find_amenity("casino") is None


def test_amenities_named_in_a_message_folded_for_case_and_accents() -> None:
    profile = load_profile()
    assert [a.key for a in profile.amenities_in_text("¿Tenéis PISCINA y Wi-Fi?")] == ["wifi", "pool"]
    assert [a.key for a in profile.amenities_in_text("¿Hay aparcamiento?")] == ["parking"]
    assert profile.amenities_in_text("¿a qué hora es el check-out?") == []
    assert profile.amenities_in_text("piscinas") == []  # whole words only


def test_a_reloaded_or_edited_profile_is_matched_by_its_own_words(tmp_path: Path) -> None:
    # The amenities' folded names are cached: every profile must still answer to its own words.
    before = load_profile()
    assert before.amenities_in_text("¿Tenéis jacuzzi?") == [] and before.find_amenity("jacuzzi") is None
    data = _demo_data()
    pool = next(a for a in data["amenities"] if a["key"] == "pool")  # type: ignore[attr-defined]
    pool["aliases"] = ["jacuzzi"]
    path = tmp_path / "hotel.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    reloaded = load_profile(path)
    assert [a.key for a in reloaded.amenities_in_text("¿Tenéis jacuzzi?")] == ["pool"]
    assert reloaded.find_amenity("Jacuzzi") is reloaded.amenities[1]
    assert reloaded.amenities_in_text("¿Hay alberca?") == [] and reloaded.find_amenity("alberca") is None
    # The profile loaded before is not changed by the reload.
    assert [a.key for a in before.amenities_in_text("¿Hay alberca?")] == ["pool"]
    assert before.amenities_in_text("¿Tenéis jacuzzi?") == []
    # A copy with other amenities, and one edited in place, answer to their own words too.
    gym_only = before.model_copy(update={"amenities": [before.amenities[4]]})
    assert [a.key for a in gym_only.amenities_in_text("pool or gym?")] == ["gym"]
    edited = load_profile()
    edited.amenities[1].aliases.append("lap pool")
    edited.amenities[1].name.en = "Lido"
    assert [a.key for a in edited.amenities_in_text("is the lido open?")] == ["pool"]
    assert edited.find_amenity("lap pool") is edited.amenities[1]
    assert before.amenities_in_text("is the lido open?") == []


def test_path_is_read_from_a_file(tmp_path: Path) -> None:
    data = _demo_data()
    data["name"] = "Hotel Sol"
    path = tmp_path / "hotel.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert load_profile(path).name == "Hotel Sol"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (lambda d: d.update(check_in_time="3pm"), "check_in_time", "HH:MM"),
        (lambda d: d["late_checkout"].update(until="25:00"), "late_checkout.until", "HH:MM"),
        (lambda d: d["cancellation_policy"].pop("en"), "cancellation_policy.en", "Field required"),
        (lambda d: d.update(currency="dollars"), "currency", "pattern"),
        (lambda d: d.update(timezone="Mars/Olympus"), "timezone", "unknown time zone"),
        (lambda d: d["amenities"][0].update(key="Wi Fi"), "amenities.0.key", "pattern"),
        (lambda d: d.update(checkin="15:00"), "checkin", "Extra inputs"),
        (lambda d: d["contact"].update(email="not-an-email"), "contact.email", "pattern"),
    ],
)
def test_invalid_profiles_name_the_field(change: object, field: str, message: str) -> None:
    data = _demo_data()
    change(data)  # type: ignore[operator]
    with pytest.raises(HotelProfileError) as error:
        parse_profile(data, source="hotel.yaml")
    assert f"field '{field}'" in str(error.value)
    assert message in str(error.value)
    assert "hotel.yaml" in str(error.value)


def test_unreadable_and_malformed_files_give_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(HotelProfileError, match="cannot read it"):
        load_profile(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(HotelProfileError, match="not valid YAML"):
        load_profile(broken)
    listed = tmp_path / "list.yaml"
    listed.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(HotelProfileError, match="mapping at the top level"):
        load_profile(listed)
