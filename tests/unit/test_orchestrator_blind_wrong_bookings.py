"""Kinds of wrong booking the blind sets found, played whole (not every third dialogue, as the dev-set guard does):
a no at the summary ("ay no, pensándolo bien no voy a reservar", set 7), another room wanted in place of the one
shown ("mejor la estándar, la suite es muy cara", set 7), a room changed by a feature alone and a surname put
right ("no espera, mejor la de balcón", "me equivoqué de apellido, es …", set 8), a departure said with a leaving
verb and the party said without "adults" after the room is chosen ("que sean 3 noches, salimos el 17", "vamos a
ir dos", set 8); a correction that cannot be read, said so and never booked on the next yes; at the summary, a
day swapped ('no entramos el 24 sino el 25', by weekday, month first), nights alone, children added or taken off,
the party changed by one ("un adulto más", "one adult less"), the departure named without a verb, the name after
"espera, es …"; and set 8's conversations that gave everything and ended with no booking (all-in-one messages
with "name …", texting shorthand, a room called by what it has, a yes with thanks, the total of the nights asked,
a price or breakfast asked on the way); set 9's "Two General rooms" read as one room (and the name then taken
as choosing the room shown instead) and "I'd prefer the one with the balcony" booked as the room shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotel_agent.orchestrator.evaluate import evaluate, load_dialogues

DIALOGUES = Path(__file__).resolve().parents[1] / "dialogues"


@pytest.mark.no_cover
@pytest.mark.parametrize(
    ("spanish", "english", "count"),
    [
        ("no_en_el_resumen.yaml", "no_at_the_summary.yaml", 11),
        ("habitacion_preferida.yaml", "room_wanted_instead.yaml", 4),
        ("cambio_por_caracteristica.yaml", "change_by_feature.yaml", 4),
        ("correcciones_tras_elegir.yaml", "corrections_after_choice.yaml", 16),
        ("correccion_no_entendida.yaml", "correction_not_caught.yaml", 10),
        ("cambios_en_el_resumen.yaml", "changes_at_the_summary.yaml", 34),
        ("grupo_y_salida_corregidos.yaml", "party_and_departure_put_right.yaml", 14),
        ("todo_junto_kinds8.yaml", "all_in_one_kinds.yaml", 55),
        ("habitaciones_contadas_y_elegidas.yaml", "rooms_counted_and_chosen.yaml", 21),
        ("cambio_de_idea_por_caracteristica.yaml", "changed_mind_by_feature.yaml", 5),
    ],
)
def test_every_dialogue_of_a_kind_ends_in_the_right_outcome(spanish: str, english: str, count: int) -> None:
    outcomes = evaluate(load_dialogues([DIALOGUES / "es" / spanish, DIALOGUES / "en" / english]))
    assert len(outcomes) == count
    assert [(o.dialogue.id, o.failures) for o in outcomes if not o.ok] == []
