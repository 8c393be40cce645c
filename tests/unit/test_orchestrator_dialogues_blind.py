"""The blind dialogues (tests/dialogues_blind/), kept apart from the suite the engine was developed on.

Set 1: measured once before it joined (BENCHMARKS.md, 'Blind samples of 2026-12-05'): es 0.847, en 0.785 right
(0.871 / 0.823 with the hotel's current prices). After the dialogue work that read its failures (so no longer
blind): es 0.968, en 0.954, one wrong booking each (BENCHMARKS.md, 'Dialogues: no booking without a plain yes').
Set 2: written after that work was frozen, measured once on 853a464: es 0.833, en 0.817, wrong bookings 1 / 3
(BENCHMARKS.md, 'Blind samples of 2026-12-06').
After the capacity/taxes/deferral/day-not-position work of 2026-12-06 (read, so no longer blind): set1 es 0.992,
en 0.962, wrong bookings 1 / 0; set2 es 0.933, en 0.983, none.
Set 3 (100 per language): written after the asking-when-close, entity and capacity/taxes work was frozen,
measured once on d7269c3: es 0.920, en 0.920, wrong bookings 2 / 0, wrong handoffs 0 / 0
(BENCHMARKS.md, 'Blind samples of 2026-12-06, second').
Set 4 (100 per language): written after the party/stay/two-ranges guards and the blind-written training lines were
frozen (24dbc66), measured once on 44c8836: es 0.930, en 0.900, wrong bookings 4 / 4, wrong handoffs 0 / 0
(BENCHMARKS.md, 'Blind samples of 2026-12-06, third'). After the work that read its failures (acknowledgements
kept out of names, late name/date/month/room corrections, parties said without a number, so no longer blind):
es 1.000, en 1.000, no wrong booking (BENCHMARKS.md, 'Dialogues: set 4's kinds of failure').
Set 5 (100 per language): written at 06:30 UTC while no one changed the dialogue engine (after set 4's fixes),
measured once on 9a1fb16: es 0.940, en 0.880, wrong bookings 2 / 3, wrong handoffs 0 / 1 (BENCHMARKS.md, 'Blind
samples of 2026-12-06, fourth'). After the work that read its failures (name spellings put right, 'myself and a
colleague', 'para mi mujer y para mí', a room corrected by its price, dates changed while choosing; no longer blind): es 0.970, en 0.930, no
wrong booking or handoff (BENCHMARKS.md, 'Dialogues: set 5's wrong bookings and wrong handoff').
After the all-in-one, total-asked, email-put-right, name-part, short-Spanish and room-comparison work of 2026-12-06
(BENCHMARKS.md, 'Dialogues: set 5's remaining kinds'): every set es 1.000, en 1.000, no wrong booking or handoff; the
floors keep a margin for a regenerated intent model.
Set 9 (100 per language): written at 10:48 UTC, measured once on f1a85c1 after an hour of engine work by people
who never saw it: es 0.990, en 0.950, wrong bookings 0 / 2, wrong handoffs 0 / 0 (BENCHMARKS.md, 'Blind samples of
2026-12-06, eighth'). After the work that read its missed kinds (no longer blind): es 1.000, en 0.980.
Set 10 (100 per language, a different `now` in about half): written at 10:48 UTC, measured once on 83253b6 after
set 9's fixes: es 0.950, en 0.910, wrong bookings 0 / 4, wrong handoffs 0 / 0 (BENCHMARKS.md, 'Blind samples of
2026-12-06, ninth').
Set 11 (100 per language): written at 12:38 UTC while set 10's kinds were fixed, measured once on 26974e8: es
0.950, en 0.980, wrong bookings 1 / 0, wrong handoffs 0 / 0 (BENCHMARKS.md, 'Blind samples of 2026-12-06, tenth').
Set 12 (100 per language): written at 13:10 UTC after the engine was frozen, measured once on 1f81c63: es 0.950,
en 0.980, wrong bookings 1 / 0, wrong handoffs 0 / 0 (BENCHMARKS.md, 'Blind samples of 2026-12-06, eleventh').
Set 13 (100 per language): written at 13:48 UTC, unread by the engineers who worked on the engine until its freeze,
measured once on 07a066d: es 1.000, en 0.950, wrong bookings 0 / 2, wrong handoffs 0 / 0 (BENCHMARKS.md, 'Blind
samples of 2026-12-06, twelfth'). After its two wrong-booking kinds and two missed ones were fixed: en 0.99 / 0.
Set 14 (100 per language): written at 13:48 UTC with set 13, unread by the engineers, measured once on e58eefc after
set 13's fixes: es 0.980, en 0.970, wrong bookings 0 / 1, wrong handoffs 0 / 0 (BENCHMARKS.md, 'Blind samples of
2026-12-06, thirteenth').
Set 15 (100 per language): written at 13:52 UTC, unread by the engineers, measured once on 9f37390 after set 14's
fix: es 0.920, en 0.970, wrong bookings 1 / 1, wrong handoffs 2 / 0 (BENCHMARKS.md, 'Blind samples of 2026-12-06,
fourteenth'). After one fix (availability asked is not a request for a person): es 0.930, 1 wrong handoff. After
its kinds (a booking for someone else; another room asked for after one was chosen, 'one change, the cheapest room
instead?'): no wrong booking or handoff left.
Set 16 (100 per language): written at 16:47 UTC before this session's engine work, unread by the engineers,
measured once on 528022d: es 0.970, en 0.940, wrong bookings 0 / 1 ('a week from today' read as today), wrong
handoffs 0 / 0 (BENCHMARKS.md, 'Blind samples of 2026-12-06, fifteenth').
Set 17 (100 per language): written at 16:46 UTC with set 16, unread by the engineers, measured once on 4e33297
after set 16's fixes: es 0.950, en 0.940, wrong bookings 2 / 2, wrong handoffs 0 / 1 (BENCHMARKS.md, 'Blind samples
of 2026-12-06, sixteenth'). After the fixes that read its wrong bookings and handoff (no longer blind): es 0.980,
en 0.960, none wrong.
Set 18 (100 per language): written at 19:43 UTC before this session's engine work, unread by the engineers,
measured once on 9957b40 after four engineers' work on known kinds: es 0.950, en 0.940, wrong bookings 3 / 1,
wrong handoffs 0 / 0 (BENCHMARKS.md, 'Blind samples of 2026-12-06, seventeenth'). After the work that read its
failures (no longer blind): es 0.990, en 1.000, none wrong.
Set 19 (100 per language): written at 19:43 UTC with set 18, unread by the engineers, measured once on d7f5ac2
after set 18's fixes: es 0.970, en 0.970, wrong bookings 0 / 1, wrong handoffs 1 / 0 (BENCHMARKS.md, 'Blind samples
of 2026-12-06, eighteenth'). After the work that read its failures (no longer blind): 1.000 / 1.000, none wrong.
Set 20 (100 per language): written at 22:38-22:41 UTC before this session's engine work, unread by the
engineers, measured once on 10b5fd5 (main after set 19's fixes): es 0.970, en 0.950, wrong bookings 0 / 2,
wrong handoffs 0 / 0 (BENCHMARKS.md, 'Blind samples of 2026-12-06, nineteenth'). After the work that read its
failures (no longer blind): es 0.980, en 0.990, none wrong; 1.000 / 1.000 after the second round.
Set 21 (100 per language): written at 22:38-22:41 UTC with set 20, unread by the engineers, measured once on
21e606e after this session's first round (names, numeric dates, party, choosing, set 20's kinds): es 0.980,
en 0.920, wrong bookings 1 / 1, wrong handoffs 0 / 0 (BENCHMARKS.md, 'Blind samples of 2026-12-06, twentieth'). After the work that read its
failures (no longer blind): 1.000 / 1.000, none wrong.
Set 22 (100 per language): written at 02:14-02:18 UTC on 2026-12-07 before that session's engine work, unread by
the engineers, measured once on 0a4783c (the engine as the previous session left it): es 1.000, en 0.910, wrong
bookings 0 / 1, wrong handoffs 0 / 0 (BENCHMARKS.md, 'Blind samples of 2026-12-07, twenty-first').
Set 23 (100 per language): written at 02:14-02:17 UTC with set 22, unread by the engineers, measured once on
0a8008e after that session's first round: es 0.990, en 0.970, wrong bookings 0 / 1, wrong handoffs 0 / 0
(BENCHMARKS.md, 'Blind samples of 2026-12-07, twenty-second').
Set 24 (100 per language): written at 03:32-03:36 UTC during that session's second round, unread by the
engineers, measured once on 7c83b28: es 0.970, en 0.960, wrong bookings 1 / 1, wrong handoffs 0 / 0, a missed
handoff (BENCHMARKS.md, 'Blind samples of 2026-12-07, twenty-third'). After the lead's fixes that read it (no longer
blind): 0.980 / 0.980, none wrong.
Set 25 (100 per language): written at 05:28-05:31 UTC on 2026-12-07 before that session's engine work, unread by
the engineers, measured once on 6adb6c6 (the engine as the previous session left it): es 0.950, en 0.990, wrong
bookings 1 / 0, wrong handoffs 0 / 0 (BENCHMARKS.md, 'Blind samples of 2026-12-07, twenty-fourth').
Set 26 (100 per language): written at 05:28-05:32 UTC with set 25, unread by the engineers, measured once on 27aff9a
after that session's first landings: es 0.990, en 0.980, wrong bookings 0 / 2, wrong handoffs 0 / 0 (BENCHMARKS.md,
'Blind samples of 2026-12-07, twenty-fifth'). After the lead's fixes that read it (no longer blind): 0.99 / 1.00.
Set 27 (100 per language): written at 05:49-05:53 UTC during that session's first round, unread by the engineers,
measured once on e0f789d with every landing of the session: es 0.970, en 0.990, no wrong booking or handoff in
either language (BENCHMARKS.md, 'Blind samples of 2026-12-07, twenty-sixth').
These floors guard against regressions; they are not goals (the goal is 0.90 and no wrong booking).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hotel_agent.orchestrator.evaluate import evaluate, load_dialogues, summarise

BLIND_DIR = Path(__file__).resolve().parents[1] / "dialogues_blind"


# A measurement over hundreds of whole dialogues: `make test` does not trace it for coverage (pytest-cov's
# no_cover), which took 1.8x its CPU (set2: 13.8 -> 24.5 s); the lines it runs have their own tests.
@pytest.mark.no_cover
@pytest.mark.parametrize(
    ("folder", "per_language", "min_success_rate", "max_wrong_bookings", "max_wrong_handoffs"),
    [
        ("set1", 100, 0.97, 0, 0),
        ("set2", 60, 0.96, 0, 0),
        ("set3", 100, 0.97, 0, 0),
        ("set4", 100, 0.97, 0, 0),
        ("set5", 100, 0.97, 0, 0),
        ("set6", 100, 0.97, 0, 0),  # blind 0.95 / 1 wrong booking; after its kinds were fixed 0.99 / 0
        # blind 0.95 / 4 wrong bookings; after its kinds were fixed 0.98-0.99 / 0; 1.00 with set 8's reply-times,
        # price-question and couple kinds
        ("set7", 100, 0.99, 0, 0),
        # measured blind: 0.91, 4 wrong (es); 2 after its first fixes, 0 after the second; 1.00 / 1.00 after its
        # all-in-one kinds
        ("set8", 100, 0.98, 0, 0),
        # measured blind on f1a85c1: es 0.99 / 0 wrong, en 0.95 / 2 wrong bookings (floors as measured); 1.00 / 0.98
        # after its missed kinds (a total beside its parts, "book it for NAME", a sign-off name, an extra's price);
        # 1.00 / 1.00, 0 wrong after its wrong-booking kinds (rooms of a kind counted, a room shown instead never chosen by a
        # name, a feature the room shown lacks looked up among all)
        ("set9", 100, 1.00, 0, 0),
        # measured blind on 83253b6: es 0.95 / 0 wrong, en 0.91 / 4 wrong bookings (floors as measured); en 0.92 /
        # es 0.96 after a room's price asked by naming it ("and in the Delux?") is said for the stay; 0.96 / 0.96,
        # 0 wrong after its wrong-booking kinds; 0.97 / 0.97 after a room wanted by a feature ("w/ the balcony",
        # "con vistas al mar")
        ("set10", 100, 0.97, 0, 0),
        # measured blind on 26974e8: es 0.95 / 1 wrong booking ("cuarto" read as "the fourth"), en 0.98 / 0; after
        # that fix es 0.96 / 0
        ("set11", 100, 0.96, 0, 0),
        # measured blind on 1f81c63: es 0.95 / 1 wrong booking ("no, cambio de idea, la de vista al mar" kept the twin),
        # en 0.98 / 0; after that fix es 0.96 / 0
        ("set12", 100, 0.96, 0, 0),
        # measured blind on 07a066d: es 1.00 / 0 wrong, en 0.95 / 2 wrong bookings ("no wait, 13 to 15" unread, then a
        # room chosen on the old dates; "checkout is the 16th, so 4 nights" read as arriving on the 16th)
        ("set13", 100, 0.98, 0, 0),
        # measured blind on e58eefc: es 0.98 / 0 wrong, en 0.97 / 1 wrong booking ("email tom.baker at gmail dot com"
        # booked as baker@gmail.com); after that fix en 0.98 / 0; 1.00 / 1.00 after the dates-and-forms kinds (a form's
        # "Titular:", "reserva" alone then a date, a follow-up on breakfast hours, a room chosen beside one ruled out)
        ("set14", 100, 0.99, 0, 0),
        # measured blind on 9f37390: es 0.92 / 1 wrong booking / 2 wrong handoffs, en 0.97 / 1 wrong booking (each a
        # room change at the summary read as something else; floors as measured until they are fixed); es 0.96 / 0 / 0
        # after a booking for someone else (never a change, "una persona" a count) and a room taken by a feature asked;
        # en 0.98 / 0 after another room asked for at the summary ("one change, the cheapest room instead?")
        ("set15", 100, 0.96, 0, 0),
        # measured blind on 528022d: es 0.97 / 0 wrong, en 0.94 / 1 wrong booking ("a week from today" booked
        # from today); en 0.95 / 0 after an arrival given as an offset ("a week from today", "dentro de 15 días")
        # is that day, never today; 1.00 / 1.00 after the feature wanted before the list, two questions in one
        # message, the location asked and the whole name given again at the summary
        ("set16", 100, 0.99, 0, 0),
        # measured blind on 4e33297: es 0.95 / 2 wrong bookings, en 0.94 / 2 wrong bookings / 1 wrong handoff (floors
        # as measured until they are fixed); 0.98 / 0.96, no wrong booking or handoff after a complaint about another
        # place, a changed name at the summary never a yes, "after the cheapest room" as wanted, one room re-counted
        ("set17", 100, 0.96, 0, 0),
        # measured blind on 9957b40: es 0.95 / 3 wrong bookings, en 0.94 / 1 wrong booking; es 0.99 / en 1.00, none
        # wrong after its kinds (b18-es-047 asks a date past the one-year booking window, so it is never booked)
        ("set18", 100, 0.98, 0, 0),
        # measured blind on d7f5ac2: es 0.97 / 0 wrong bookings / 1 wrong handoff, en 0.97 / 1 wrong booking
        # ("Contact Rafael Moreno"); 1.00 / 1.00, none wrong after its kinds
        ("set19", 100, 0.99, 0, 0),
        # measured blind on 10b5fd5: es 0.97 / 0 wrong, en 0.95 / 2 wrong bookings ("Family room is too much. We will
        # take the double one" booked the Family room for 1 adult; "2 nights, so leaving on the 2nd" after New Year's
        # Eve booked 2-4 December); es 0.98 / en 0.99, none wrong after a room put aside by its price, a room's "one",
        # a departure day alone, the party counted whole in a capacity question, a policy asked beside a search;
        # 1.00 / 1.00 with the feminine counts, grandchildren counted in brackets, another room priced at the summary
        ("set20", 100, 0.99, 0, 0),
        # measured blind on 21e606e: es 0.98 / 1 wrong booking ("mejor del 30 de diciembre al 2 de enero" after New
        # Year's Eve booked 30-31 December), en 0.92 / 1 ("a Friday in October, the 16th" booked 2 October); floors as
        # measured until they were fixed; 1.00 / 1.00, none wrong after its kinds
        ("set21", 100, 0.99, 0, 0),
        # measured blind on 0a4783c: es 1.00 / 0 wrong, en 0.91 / 1 wrong booking ("the whole family is flying in" beside
        # "a room for me and my husband" listed the Family Rooms alone); 1.00 / 0.99, none wrong after its kinds
        ("set22", 100, 0.99, 0, 0),
        # measured blind on 0a8008e: es 0.99 / 0 wrong, en 0.97 / 1 wrong booking ("March 25 to March 28 ... sorry, I meant
        # March 26 to March 29" in one message booked 25-28); floors as measured until it is fixed
        # 1.00 / 0.99 after the second round; 1.00 / 1.00, none wrong, once a stay put right in the same message is
        # read as the corrected one (nlp3, 2026-12-07)
        ("set23", 100, 0.99, 0, 0),
        # measured blind on 7c83b28: es 0.97 / 1 wrong booking ("la familiar, que vamos con un montón de maletas" booked
        # the first room), en 0.96 / 1 ("Saturday to Monday instead" of the weekend of the 24th booked the week
        # before) and a missed handoff; 0.98 / 0.98, none wrong after the lead's fixes
        ("set24", 100, 0.98, 0, 0),
        # measured blind on 6adb6c6: es 0.95 / 1 wrong booking ("mi hermana se casa ... seríamos mi mujer y yo con
        # nuestros dos hijos" booked 3 adults), en 0.99 / 0; es 1.00 / en 0.99, none wrong after people only talked
        # about are no guests
        ("set25", 100, 0.99, 0, 0),
        # measured blind on 27aff9a: es 0.99 / 0 wrong, en 0.98 / 2 wrong bookings ("Laura Kim and laura.kim@…" booked
        # as "Laura Kim And"; "back on the 27th, so make it 22 to 27" booked 27-28); 0.99 / 1.00, none wrong after them
        ("set26", 100, 0.99, 0, 0),
        # measured blind on e0f789d: es 0.97 / 0 wrong, en 0.99 / 0 wrong — both languages met every goal
        ("set27", 100, 0.97, 0, 0),
    ],
)
def test_the_blind_dialogues_hold_their_floors(
    folder: str, per_language: int, min_success_rate: float, max_wrong_bookings: int, max_wrong_handoffs: int
) -> None:
    dialogues = load_dialogues([BLIND_DIR / folder])
    assert len([d for d in dialogues if d.language == "es"]) >= per_language
    assert len([d for d in dialogues if d.language == "en"]) >= per_language
    for summary in summarise(evaluate(dialogues)):
        assert summary.success_rate >= min_success_rate, summary
        assert summary.wrong_bookings <= max_wrong_bookings, summary
        assert summary.wrong_handoffs <= max_wrong_handoffs, summary
