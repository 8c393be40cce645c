"""Stay dates from Spanish and English text, resolved against a given `now`.

`resolve_stay(text, now, language)` finds every date mention ("mañana", "el próximo viernes", "3 de marzo",
"March 3", "3/4", "el 15"), joins neighbours into ranges ("del 3 al 5 de marzo", "March 3 to 5", "3-5 march",
"entre el 10 y el 12"), reads a stay length ("3 noches", "for a week") and returns check-in, check-out and
nights. Conventions (documented because people disagree):
- "viernes" / "this Friday" / "este viernes": the next Friday on or after today.
- "next Friday" / "el próximo viernes" / "el viernes que viene": the first Friday strictly after today.
- "Friday next week" / "el viernes de la semana que viene": the Friday of the next Monday-based week.
- "this weekend" / "el finde": Friday to Sunday (the current one if today is Friday to Sunday).
- "el finde del 14" / "the weekend of March 14": the Friday to Sunday of the weekend holding that day.
- Holidays: Easter ("Pascua", "Easter weekend") Good Friday to Easter Monday; "Semana Santa" / "Holy Week"
  Palm Sunday to Easter Sunday; "el puente de mayo" / "May Day weekend" the long weekend around 1 May;
  Christmas 24-26 December; New Year's Eve / "Nochevieja" / "Año Nuevo" 31 December to 1 January;
  Thanksgiving (fourth Thursday of November) to its Sunday; "Black Friday" (weekend) its Friday to Sunday;
  "Cyber Monday" that Monday, one night; "Black Friday to Cyber Monday" Friday to Monday. The next
  one to come; a number of nights given with it keeps the arrival and sets the length.
- "next week" / "la semana que viene": Monday of next week, check-in only.
- Numeric dates: day/month in Spanish; in English month/day unless the first number cannot be a month.
- A date without a year that has already passed this year means next year.
- A day without a month ("the 21st", "del 13 al 16") takes the month of `reference` when the conversation
  is already about a date (not before today), else the next such day from today.
- A lone date introduced by a departure cue ("salida el 5", "check out on the 7th") is the check-out.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rapidfuzz.distance import OSA

from hotel_agent.nlp.normalize import prepare

MONTHS = {
    "enero": 1,
    "ene": 1,
    "febrero": 2,
    "feb": 2,
    "marzo": 3,
    "abril": 4,
    "abr": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "ago": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
    "dic": 12,
    "january": 1,
    "jan": 1,
    "february": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
# Month names that may come before the day ("March 3", "marzo 3"): full names and English abbreviations.
# "vista al mar 3 noches" is saved by the unit check after the number.
_EN_MONTHS = [
    m
    for m in MONTHS
    if len(m) > 4
    or m
    in {
        "january",
        "jan",
        "february",
        "feb",
        "march",
        "mar",
        "april",
        "apr",
        "may",
        "june",
        "jun",
        "july",
        "jul",
        "august",
        "aug",
        "september",
        "sept",
        "sep",
        "october",
        "oct",
        "november",
        "nov",
        "december",
        "dec",
        "mayo",  # "mayo 3 al 5" (Latin America)
    }
]
WEEKDAYS = {
    "lunes": 0,
    "martes": 1,
    "miercoles": 2,
    "jueves": 3,
    "viernes": 4,
    "sabado": 5,
    "domingo": 6,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "mon": 0,
    "tue": 1,
    "tues": 1,
    "wed": 2,
    "thu": 3,
    "thurs": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
    # common typos in chat: "this frday n saturday nite", "wensday", "thrusday"
    "frday": 4,
    "firday": 4,
    "fridy": 4,
    "saturdy": 5,
    "satruday": 5,
    "sunady": 6,
    "wensday": 2,
    "wednsday": 2,
    "wendsday": 2,
    "thrusday": 3,
    "thursay": 3,
    "tuseday": 1,
    "tusday": 1,
    "munday": 0,
    "miercole": 2,
    "sabdo": 5,
}


def _alternation(words: list[str] | dict[str, int]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_MONTH = _alternation(MONTHS)
_MONTH_EN = _alternation(_EN_MONTHS)
_WEEKDAY = _alternation(WEEKDAYS)
_YEAR = r"(?:,? (?:de |del |of )?(?P<y>20\d\d))?"

_DAY_MONTH = re.compile(rf"\b(?P<d>[0-3]?\d) (?:de |of |del mes de )?(?P<m>{_MONTH})\b\.?{_YEAR}")
_MONTH_DAY = re.compile(rf"\b(?P<m>{_MONTH_EN})\.? (?:the )?(?P<d>[0-3]?\d)\b(?!:|\d){_YEAR}")
# A month written short or misspelt after a day: "3 al 5 d mayo", "7 de agsoto", "14 de febreo", "2 of agust".
_DAY_THEN_WORD = re.compile(r"\b(?P<d>[0-3]?\d) (?P<of>de |d |del |of )?(?P<w>[a-z]{3,11})\b")
# ... or before it: "octobr 23 to 25", "decembre 2"; a shorter word only as a month's letters swapped or one
# dropped ("Marhc 19", "agust 4", "aprl 8"), never one changed: "match 3" stays a match.
_WORD_THEN_DAY = re.compile(r"\b(?P<w>[a-z]{4,11}) (?P<d>[0-3]?\d)\b(?![:.]\d)")
_SHORT_SLIP_LETTERS = 5
_FULL_MONTHS = tuple(month for month in MONTHS if len(month) >= 4)
# Real words one letter away from a month: "5 de junto", "2 de mayores".
_NEAR_MONTH_WORDS = frozenset({"mayor", "mayores", "junto", "juntos", "marco", "marca", "mayoria", "jumo"})
# ... and one letter short of a month, before a number: "Mach 3", "Marc 2", "Juno 1".
_SHORT_NEAR_MONTH_WORDS = frozenset({"mach", "marc", "juno"})


def _month_like(word: str) -> str | None:
    """The month a misspelt word stands for: same first letter, one edit away (two for long names)."""
    if word in MONTHS or word in _NEAR_MONTH_WORDS or len(word) < 4:
        return None
    for month in _FULL_MONTHS:
        if month[0] == word[0] and OSA.distance(word, month) <= (1 if len(month) <= 6 else 2):
            return month
    return None


def _swapped_or_dropped(word: str, month: str) -> bool:
    """ "marhc" (two letters swapped) or "agust" (one dropped) for the month, never a letter changed ("match")."""
    if word in _SHORT_NEAR_MONTH_WORDS:
        return False
    if len(word) == len(month):
        return sorted(word) == sorted(month)
    return any(word == month[:i] + month[i + 1 :] for i in range(len(month)))


_SHORTHAND = (
    (re.compile(r"\b(?:2nite|2night|2nyt|tonite|tonigth)\b"), "tonight"),
    (re.compile(r"\b(?:2moro|2morrow|2morow|2mrw|2mro|tomoro|tomorro)\b"), "tomorrow"),
    (re.compile(r"\b(?:nxt|nex)\b(?= (?:week|wk|weekend|wknd|month|mon|tue|wed|thu|fri|sat|sun))"), "next"),
)
_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# "17 to 19 of this month", "el 3 del mes que viene": the month by name.
_THIS_MONTH = re.compile(r"(?<=\d) (?:of|de|del) (?:this|este|the current) (?:month|mes)\b")
_NEXT_MONTH = re.compile(
    r"(?<=\d) (?:of|de|del) (?:next month|the following month|el mes que viene|el proximo mes|mes que viene|proximo mes)\b"
)


def _name_months(text: str, today: date) -> str:
    for pattern, word in _SHORTHAND:
        text = pattern.sub(word, text)
    if _THIS_MONTH.search(text):
        text = _THIS_MONTH.sub(f" of {_MONTH_NAMES[today.month - 1]}", text)
    if _NEXT_MONTH.search(text):
        text = _NEXT_MONTH.sub(f" of {_MONTH_NAMES[today.month % 12]}", text)
    return text


# Weekday names long enough that one slip still names them ("satuday", "wednseday", "domigo"); "jueves",
# "martes" and "lunes" are left out: one letter from real words ("jueces", "marte", "lunas").
_SPELLABLE_WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "miercoles",
    "viernes",
    "sabado",
    "domingo",
)
_WORD = re.compile(r"\b[a-z]{5,10}\b")
_NEAR_WEEKDAY_WORDS = frozenset({"sundae", "sundry", "salado", "frida", "fridas", "monda", "viernas"})


def _spell_weekdays(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        word = match[0]
        if word in WEEKDAYS or word in MONTHS or word in _NEAR_WEEKDAY_WORDS:
            return word
        near = [
            weekday
            for weekday in _SPELLABLE_WEEKDAYS
            # "on sundays", "los sabados": every week, not a date
            if not (word[-1] == "s" and weekday[-1] != "s")
            and (weekday[0] == word[0] or {weekday[0], word[0]} == {"b", "v"})  # "biernes"
            and abs(len(weekday) - len(word)) <= 1
            and OSA.distance(word, weekday) <= (1 if len(weekday) <= 7 else 2)
        ]
        # "tursday" is one slip from Tuesday and from Thursday: no guess
        return near[0] if len(near) == 1 else word

    return _WORD.sub(replace, text)


def _spell_months(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        word = match["w"]
        month = word if word in MONTHS else _month_like(word)
        if month is None or (word not in MONTHS and not match["of"] and len(word) < 5):
            return match[0]
        connector = {"d ": "de ", None: ""}.get(match["of"], match["of"])
        return f"{match['d']} {connector}{month}"

    def replace_before(match: re.Match[str]) -> str:
        word = match["w"]
        month = _month_like(word)
        if month is None or (len(word) <= _SHORT_SLIP_LETTERS and not _swapped_or_dropped(word, month)):
            return match[0]
        return f"{month} {match['d']}"

    return _WORD_THEN_DAY.sub(replace_before, _DAY_THEN_WORD.sub(replace, text))


_NUMERIC = re.compile(
    # "open 24/7" is no date, but the end of a range is ("21/7 - 24/7", "del 21/7 al 24/7")
    r"(?<![#\d/.:-])(?!(?<!- )(?<!\bto )(?<!\bal )24/7\b)(?P<a>\d{1,2})[/.](?P<b>\d{1,2})(?:[/.](?P<y>\d{2}|\d{4}))?(?![\d/:]|\.\d)"
)
_ISO_DATE = re.compile(r"(?<![#\d/.-])(?P<y>20\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?![\d/-])")
_NUMERIC_DASH_YEAR = re.compile(r"(?<![#\d-])(?P<a>\d{1,2})-(?P<b>\d{1,2})-(?P<y>\d{4})\b")
_WEEKEND = re.compile(
    r"\b(?P<q>este |el |this |the |next |el proximo |proximo |este proximo )?"
    r"(?:fin de semana|finde|weekend)(?P<n> que viene| next week)?"
    r"(?P<after> after next| after the next one|(?: de)? despues del? (?:proximo|que viene)|(?: de)? siguiente al proximo)?\b"
)
# "el finde del 14", "the weekend of the 14th": the weekend is the one holding the date that follows.
_OF_DATE = re.compile(r"^ ?(?:del?|of(?: the)?|on(?: the)?|around(?: the)?) ?$")
_HOLIDAY = re.compile(
    r"\b(?:(?:el |the )?(?:fin de semana|finde|puente|long weekend|weekend) (?:de |of |over )?)?"
    r"(?P<h>semana santa|holy week|pascuas?|easter|"
    r"(?:puente|finde largo|fin de semana largo) de mayo|(?:primero|1) de mayo|may day|"
    r"nochebuena|navidad(?:es)?|christmas|xmas|"
    r"nochevieja|fin de ano|ano nuevo|new year'?s? eve|new yea?rs? eve|new years?|new yea?rs?|nye|"
    # the US shopping holidays: Thanksgiving (the fourth Thursday of November), Black Friday the day after,
    # Cyber Monday the Monday after; "black friday to cyber monday" is one stay
    r"black friday (?:to|till|until|thru|through|-|and|al|hasta(?: el)?) (?:the |el )?cyber monday|"
    r"black ?friday|viernes negro|cyber ?monday|lunes cibernetico|thanks ?giving|"
    r"(?:el )?dia de accion de gracias|accion de gracias)"
    r"(?: weekend| holidays?| sunday| day)?\b"
)
_NEXT_WEEK = re.compile(r"\b(?:la semana que viene|la proxima semana|la semana proxima|next week)\b")
_WEEKDAY_RE = re.compile(
    rf"\b(?P<q>el proximo |proximo |el pro |este |esta |el |this |next |this coming |coming |on |on the |"
    rf"after |despues del |pasado el )?"
    rf"(?P<w>{_WEEKDAY})\b"
    r"(?P<n> que viene| de la semana que viene| de la proxima semana| next week| after next)?"
)
# "sat to mon", "from wed to fri", "wed-fri": an abbreviated weekday in a range of weekdays.
_WEEKDAY_RANGE_BEFORE = re.compile(rf"(?:\b(?:from|to|till|until|thru|through)|(?:{_WEEKDAY}) ?-) ?$")
# "any rooms for sat", "rates 4 sat nite": an abbreviated weekday read as one after these words.
_ABBREVIATION_CUE_BEFORE = re.compile(
    r"\b(?:for|4|till|til|until|by|arriving|arrive|leaving|leave|checking in|check ?-?in|check ?-?out|from) $"
)
_ABBREVIATION_CUE_AFTER = re.compile(r" (?:night|nite|nyt|nights|nites)\b")
_WEEKDAY_RANGE_AFTER = re.compile(rf" ?(?:-|to\b|till\b|until\b|thru\b|through\b) ?(?:{_WEEKDAY})\b")
_RELATIVE = re.compile(
    r"\b(?P<r>pasado manana|(?:the )?day after tomorrow|manana|tomorrow|tommorow|tomorow|tommorrow|tmrw|tmr|"
    r"tomoz|hoy|today|tonight|esta noche|"
    r"this evening|this afternoon|this arvo|esta tarde|en (?P<n1>\d{1,2}) dias|in (?P<n2>\d{1,2}) days)\b"
    # "get in 2 days before", "check in 2 days earlier": a shift of the stay talked about, not an offset from today
    r"(?! (?:before|earlier|sooner|after|later|antes|despues)\b)"
)
_TOMORROW = frozenset({"manana", "tomorrow", "tommorow", "tomorow", "tommorrow", "tmrw", "tmr", "tomoz"})
_SEE_YOU = re.compile(r"\b(?:hasta|see you|see ya|nos vemos|talk to you|speak|hablamos|catch you|until) $")
# "mañana" is also "morning": "por la mañana", "de la mañana", "mañana por la mañana".
_MORNING = re.compile(r"\b(?:la|las|por la|de la|esta|cada) $")
# "una noche más" / "1 more night" is an extension, not the length of the stay.
_NIGHTS = re.compile(
    r"\b(?P<n>\d{1,2}) ?(?:more |extra )?(?:noches?|nochecitas?|nights?|nites?|nts?|nigths?|nigts?|nihgts?)\b"
)
_TOO_FEW = re.compile(
    r",? (?:(?:es|son|seria|serian|is|are|'s|would be|sounds|se (?:nos )?hace|se hacen) )?"
    r"(?:(?:muy|demasiado|un poco|too|very|a bit|way too|really) )?"
    r"(?:poco|pocas|corto|cortas?|short|little|few)\b"
    r"|,? (?:no (?:es|son|alcanza|alcanzan|basta|bastan)|(?:is|are)(?: not|n't)|isnt|arent) (?:suficientes?|enough)\b"
)
# Nights are reported whenever stated, extensions too ("add a night", "dos noches más": docs/nlp-labels.md).
_ONE_NIGHT = re.compile(
    # "the one at 1820 a night", "100 euros a night": a price per night, not a stay of one
    r"(?<!\d )(?<!dollars )(?<!euros )(?<!pounds )(?<!bucks )(?<!usd )"
    r"\b(?:a|one|just a|only a|another|1 more|one more|an extra) night\b|\buna sola noche\b"
)
# A stay of weeks only when it reads as a length ("for a week", "una semana desde..."), not "by a week".
_WEEKS = re.compile(
    r"(?:^|\b(?:for|para|durante|por) |"
    # "arriving 30 April and staying a week", "nos quedamos una semana": the stay's length
    r"\b(?:staying|stay|stays|quedamos|quedarnos|quedarme|quedo|me quedo|quedaremos|quedariamos|estaremos|"
    r"estariamos) (?:(?:for|por|durante) )?(?:(?:about|around|like|unos|una|como) )?)(?P<n>\d|a) (?:semanas?|weeks?)\b"
)
_FORTNIGHT = re.compile(r"\b(?:a|one|1) fortnight\b")
_BARE_DAY = re.compile(r"(?<![\d/.:#])(?P<d>[0-3]?\d)(?![\d/:.]\d|\d)")
_BARE_DAY_CUE = re.compile(
    r"(?:\b(?:el|del|al|dia|desde el|hasta el|entre el|y el|from|from the|the|to the|on the|between|"
    r"between the|and the|till the|until the|entre|desde|a partir del|starting the|starting|"
    # "check in 28th, check out 2nd", "llegada: 14"
    r"check ?-?in|check ?-?out|llegada|salida|entrada|arrival|departure)(?: on| el| the| on the)?:?) $"
)
_STAY_CONTEXT = re.compile(
    r"\b(?:rooms?|habitacion\w*|cuartos?|book\w*|reserv\w*|stay\w*|estancia|nights?|noches?|adults?|adultos?|"
    r"people|personas|guests?|huespedes|availab\w*|disponib\w*|double|doble|twin|single|individual|suite|"
    r"dbl|avail|free|libre)\b"
)
_AGE_BEFORE = re.compile(r"\b(?:aged?|ages|edad(?:es)?|years?|anos|de entre|between) $")
_CONNECTOR = re.compile(
    r"^ ?(?:-|–|al?|al dia|to|to the|(?:till|until|through|thru)(?: the)?|hasta(?: el)?|y(?: el)?|and(?: the)?) ?$"
)
_NOT_A_DAY_AFTER = re.compile(
    r"^ ?(?:noches?|nights?|nites?|personas?|people|persons?|adult|adultos?|adults?|ninos?|ninas?|kids?|"
    r"children|child|hijos?|bebes?|babies|baby|habitacion|habitaciones|rooms?|camas?|beds?|pax|ppl|peeps|pers\b|"
    r"huespedes|guests?|"
    r"h\b|hrs?|horas?|hours?|am\b|pm\b|a\.m|p\.m|dias|days|semanas|weeks|euros?|eur|usd|\$|%|min|of us|of them|"
    r"de nosotros|de ellos|de ellas|mayores|menores|year|anos|meses|months|floors?|planta|piso|one\b|options?|opcion|offers?|ofertas?|"
    # "the four lads and me": a group of people, not a day
    r"lads|mates|friends|blokes|chaps|guys|girls|boys|colleagues|amigos|amigas|chavales|couples|parejas|"
    r":|\.\d)"
)
_DEPARTURE_CUE = re.compile(
    r"\b(?:salida|salir|salgo|salimos|nos vamos|me voy|marcho|marchamos|check ?-?out|checking out|leave|leaving|"
    r"depart\w*|"
    r"hasta(?: el| la)?|until|till|dejar la habitacion|vacate|leave the room|we'?re off|i'?m off|hand (?:back|in) the keys?|"
    r"return the keys?|entregar (?:la |las )?llaves?|c/o|heading off|head off|heading home|nos iriamos|me iria|"
    r"saldriamos|we'?d leave|i'?d leave)\b[^.?!]{0,18}$"
    # Asking to stay longer names the departure day: "¿podemos estirarnos un poco más el domingo?"
    r"|\b(?:estirar\w*|stretch it|late check ?-?out|late c/?o|salida tardia|keep the room|hang on to the room|"
    r"(?:stretch|extend|alargar|ampliar|extender|prolongar)\w* (?:my|our|mi|la|nuestra) (?:stay|estancia|reserva|"
    r"booking)(?: out)? (?:to|until|till|hasta))"
    r"[^.?!]{0,30}$"
)
# ... or followed by one: "mañana nos vamos", "el sábado ... entregar las llaves", "tomorrow we leave".
_DEPARTURE_AFTER = re.compile(
    r"^[^.?!,]{0,12}\b(?:nos vamos|me voy|salimos|nos marchamos|me marcho|we leave|i leave|we'?re leaving|"
    r"salir (?:(?:un|1) (?:poco|poquito|rato) )?mas tarde|check ?-?out (?:a (?:bit|little) )?later|"
    r"i'?m leaving|we check ?-?out|checking out|dejamos (?:el hotel|la habitacion)|(?:es|is) (?:nuestra salida|"
    r"nuestro ultimo dia|mi ultimo dia|our last day|my last day|our check ?-?out day|check ?-?out day))\b"
    r"|^[^.?!]{0,35}\b(?:entregar (?:la |las )?(?:llaves?|tarjetas?)|devolver (?:la |las )?(?:llaves?|tarjetas?)|"
    r"hand (?:back|in) the keys?|return the keys?|drop (?:off )?the key|keep the room|seguir en la habitacion|"
    r"quedarnos en la habitacion|stay in the room|hang on(?: ?to)? the room|late check ?-?out)"
)
# A value being replaced is not part of the stay: "me voy el miércoles en lugar del viernes".
_REPLACED = re.compile(
    r"\b(?:en lugar del?|en vez del?|instead of|rather than|not|no)(?: el| the| on)? ?$"
    # a booking made for the wrong date: "puse el 5 de abril y era el 5 de mayo", "no es el 3 sino el 4"
    r"|\b(?:no es|no era|isn'?t|wasn'?t|puse|pusimos|escribi|marque|elegi|i put|i typed|i entered|i picked|"
    r"i chose|we put|we picked)(?: mal| por error| by mistake)?(?: el| the| for| for the)? ?$"
    # the day of cancelling is not a stay: "si lo anulo el lunes que viene"
    r"|\b(?:anulo|cancelo|anulamos|cancelamos|cancel|pull out|anular|cancelar)(?: (?:it|lo|la))?(?: el| on)? ?$"
)
# "pasar la llegada del jueves al viernes", "push our arrival from thursday to friday": only the new date
# counts, and it is the arrival or the departure as named.
_MOVED = re.compile(
    r"\b(?:pasar|mover|cambiar|adelantar|retrasar|atrasar|move|push|change|shift|bring)\b.{0,25}"
    r"\b(?P<what>llegada|entrada|arrival|check ?-?in|salida|departure|check ?-?out)\b"
    r"(?: (?:date|day|back|forward))? (?:del?|from(?: the)?) ?$"
)
_DEPARTURE_WORD = re.compile(r"salida|departure|check ?-?out")
_EXTRA_NIGHTS = re.compile(
    r"\b\d{1,2} (?:more|extra) (?:nights?|noches?)\b|\b(?:noches?|nights?) (?:mas|extra)\b"
    r"|\b(?:another|1 more|one more|an extra|add a|add 1|add an extra) night\b"
    r"|\b(?:anadir|agregar|sumar|alargar\w*|extender|extend)\b.{0,20}\b(?:noches?|nights?)\b"
)
_NIGHTS_LISTED = re.compile(r"^ ?(?:and|y|&|n)(?: the| el)? ?$")
_BETWEEN = re.compile(r"\b(?:between|entre)\b")
_ONE_NIGHT_STAY = re.compile(
    rf"\b(?:tonight|esta noche|(?:tomorrow|tmrw|manana|{_WEEKDAY})(?: por la)? (?:night|noche|nite|nyt)|"
    rf"(?:la )?noche del? (?:{_WEEKDAY}|manana|\d{{1,2}})|the night of)\b"
)


@dataclass(frozen=True)
class Stay:
    check_in: date | None = None
    check_out: date | None = None
    nights: int | None = None
    # English numeric dates that read as two stays (month first, then day first: "12/03" is December 3 or
    # 12 March), both bookable and nothing settling which: no dates are taken, the guest is asked.
    readings: tuple[Stay, Stay] | None = None


@dataclass
class _Mention:
    start: int
    end: int
    value: date | None = None  # resolved date; None for a bare day still waiting for its month
    day: int | None = None
    explicit_year: bool = False
    range_end: date | None = None  # weekend mentions carry their own end
    weekday: int | None = None  # weekday mentions are re-resolved after an earlier date
    event: bool = False  # the date of something happening there ("la boda es el 13"), not of the stay


def _today(now: datetime | date) -> date:
    return now.date() if isinstance(now, datetime) else now


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _roll_forward(month: int, day: int, today: date) -> date | None:
    candidate = _safe_date(today.year, month, day)
    if candidate is None:
        return _safe_date(today.year + 1, month, day)
    if candidate < today:
        return _safe_date(today.year + 1, month, day)
    return candidate


def _full_year(raw: str) -> int:
    year = int(raw)
    return year + 2000 if year < 100 else year


def _next_weekday(today: date, weekday: int, strictly_after: bool) -> date:
    ahead = (weekday - today.weekday()) % 7
    if ahead == 0 and strictly_after:
        ahead = 7
    return today + timedelta(days=ahead)


def _overlaps(mentions: list[_Mention], start: int, end: int) -> bool:
    return any(m.start < end and start < m.end for m in mentions)


def _absolute_mentions(text: str, today: date, language: str | None) -> list[_Mention]:
    found: list[_Mention] = []

    def add(mention: _Mention) -> None:
        if not _overlaps(found, mention.start, mention.end):
            found.append(mention)

    for match in _ISO_DATE.finditer(
        text
    ):  # "2026-08-03": year, month, day, as forms and calendars write them
        value = _safe_date(int(match["y"]), int(match["m"]), int(match["d"]))
        if value:
            add(_Mention(match.start(), match.end(), value, explicit_year=True))
    for match in _NUMERIC_DASH_YEAR.finditer(text):
        a, b = int(match["a"]), int(match["b"])
        day, month = (b, a) if language == "en" and a <= 12 and b > 12 else (a, b)
        if language == "en" and a <= 12 and b <= 12:
            day, month = b, a
        value = _safe_date(int(match["y"]), month, day)
        if value:
            add(_Mention(match.start(), match.end(), value, explicit_year=True))
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        for match in pattern.finditer(text):
            day, month = int(match["d"]), MONTHS[match["m"]]
            if not 1 <= day <= 31:
                continue
            after = text[match.end() : match.end() + 12]
            if pattern is _MONTH_DAY and _NOT_A_DAY_AFTER.match(after):
                continue
            if match["y"]:
                value = _safe_date(int(match["y"]), month, day)
            else:
                value = _roll_forward(month, day, today)
            # An impossible date ("31 de febrero") still consumes its span so no part of it is reused.
            add(_Mention(match.start(), match.end(), value, explicit_year=bool(match["y"])))
    numeric = list(_NUMERIC.finditer(text))
    # "from 10/04 to 13/04": one date that can only be day/month makes the message's others day/month too
    day_first = any(int(m["a"]) > 12 and 1 <= int(m["b"]) <= 12 for m in numeric)
    month_first = any(int(m["b"]) > 12 and 1 <= int(m["a"]) <= 12 for m in numeric)
    swapped = _other_order_reads_the_range(numeric, today, language)
    for match in numeric:
        a, b = int(match["a"]), int(match["b"])
        if swapped and a <= 12 and b <= 12:
            a, b = b, a
        if language == "en" and not day_first:
            # Month/day unless the first number cannot be a month.
            day, month = (a, b) if a > 12 else (b, a)
        elif language == "en":
            day, month = a, b
        elif month_first and a <= 12 and b <= 12 and not day_first:
            # "05/14-05/17": written month first; the message's other dates are read the same way
            day, month = b, a
        else:
            day, month = (b, a) if b > 12 and a <= 12 else (a, b)
        if not (1 <= month <= 12 and 1 <= day <= 31):
            add(_Mention(match.start(), match.end(), None))
            continue
        if match["y"]:
            value = _safe_date(_full_year(match["y"]), month, day)
        else:
            value = _roll_forward(month, day, today)
        add(_Mention(match.start(), match.end(), value, explicit_year=bool(match["y"])))
    return found


# Longest stay a range of two numeric dates is read as when the other order reads a short one.
_PLAUSIBLE_NIGHTS = 31


def _other_order_reads_the_range(numeric: list[re.Match[str]], today: date, language: str | None) -> bool:
    """Two numeric dates that could each be read either way, joined as a range ("10/4 - 12/4" in English,
    "04/10 - 04/12" in Spanish), whose usual order reads a stay of months (or none) while the other reads a
    stay of days: the other order is the one meant."""
    if len(numeric) != 2 or any(m["y"] for m in numeric):
        return False
    pairs = [(int(m["a"]), int(m["b"])) for m in numeric]
    if not all(1 <= a <= 12 and 1 <= b <= 12 for a, b in pairs):
        return False

    def nights(month_first: bool) -> int | None:
        dates = [_roll_forward(a, b, today) if month_first else _roll_forward(b, a, today) for a, b in pairs]
        first, second = dates
        if first is None or second is None:
            return None
        if second <= first:
            second = _safe_date(second.year + 1, second.month, second.day)
        return None if second is None else (second - first).days

    usual, other = nights(language == "en"), nights(language != "en")
    plausible_usual = usual is not None and usual <= _PLAUSIBLE_NIGHTS
    return not plausible_usual and other is not None and other <= _PLAUSIBLE_NIGHTS


def easter_sunday(year: int) -> date:
    """Western Easter (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    weekday_offset = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_offset) // 451
    month, day = divmod(h + weekday_offset - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _thanksgiving(year: int) -> date:
    """US Thanksgiving: the fourth Thursday of November."""
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 21)


# Days after Thanksgiving a stay named after it starts, and its nights: Thanksgiving its long weekend
# (Thursday to Sunday), Black Friday its weekend (Friday to Sunday), Cyber Monday that one night.
_THANKSGIVING_DAYS = {
    "thanksgiving": (0, 3),
    "thanks giving": (0, 3),
    "dia de accion de gracias": (0, 3),
    "el dia de accion de gracias": (0, 3),
    "accion de gracias": (0, 3),
    "black friday": (1, 2),
    "blackfriday": (1, 2),
    "viernes negro": (1, 2),
    "cyber monday": (4, 1),
    "cybermonday": (4, 1),
    "lunes cibernetico": (4, 1),
}


def _holiday_range(name: str, year: int) -> tuple[date, date]:
    """Arrival and departure of a holiday stay in a given year (see the module's conventions)."""
    if name in ("semana santa", "holy week"):
        easter = easter_sunday(year)
        return easter - timedelta(days=7), easter
    if name in ("pascua", "pascuas", "easter"):
        easter = easter_sunday(year)
        return easter - timedelta(days=2), easter + timedelta(days=1)
    # "el finde largo de mayo" (Río de la Plata) is the same long weekend
    if name in (
        "puente de mayo",
        "primero de mayo",
        "1 de mayo",
        "may day",
        "finde largo de mayo",
        "fin de semana largo de mayo",
    ):
        first = date(year, 5, 1)
        weekday = first.weekday()
        if weekday in (3, 4):  # Thursday or Friday: to the Sunday after
            return first, first + timedelta(days=6 - weekday)
        if weekday in (5, 6):  # on the weekend: that Friday to Sunday
            friday = first - timedelta(days=weekday - 4)
            return friday, friday + timedelta(days=2)
        if weekday in (0, 1):  # Monday or Tuesday: from the Saturday before
            return first - timedelta(days=weekday + 2), first + timedelta(days=1)
        return first, first + timedelta(days=2)
    if name.startswith("black friday ") or name in _THANKSGIVING_DAYS:
        thanksgiving = _thanksgiving(year)
        if name.startswith("black friday "):
            return thanksgiving + timedelta(days=1), thanksgiving + timedelta(days=4)  # Friday to Monday
        arrival, nights = _THANKSGIVING_DAYS[name]
        return thanksgiving + timedelta(days=arrival), thanksgiving + timedelta(days=arrival + nights)
    if name in ("nochebuena", "navidad", "navidades", "christmas", "xmas"):
        return date(year, 12, 24), date(year, 12, 26)
    return date(year, 12, 31), date(year + 1, 1, 1)  # New Year's Eve


def _holiday_mentions(text: str, today: date, found: list[_Mention]) -> None:
    for match in _HOLIDAY.finditer(text):
        if _overlaps(found, match.start(), match.end()):
            continue
        start, end = _holiday_range(match["h"], today.year)
        if end <= today:
            start, end = _holiday_range(match["h"], today.year + 1)
        found.append(_Mention(match.start(), match.end(), max(start, today), range_end=end))


def _weekend_holding(day: date) -> tuple[date, date]:
    """The Friday and Sunday of the weekend that holds `day` (from Monday to Thursday: the one after)."""
    friday = (
        day - timedelta(days=day.weekday() - 4)
        if day.weekday() >= 4
        else day + timedelta(days=4 - day.weekday())
    )
    return friday, friday + timedelta(days=2)


def _weekends_of_dates(text: str, mentions: list[_Mention], today: date) -> list[_Mention]:
    """'el finde del 14': the weekend mention takes the weekend of the date after it, which is dropped."""
    kept: list[_Mention] = []
    skip: _Mention | None = None
    for mention, following in itertools.zip_longest(mentions, mentions[1:]):
        if mention is skip:
            continue
        if (
            # "the 4th of July weekend", "el puente del 12 finde": a date then "weekend" is the weekend holding it
            mention.range_end is None
            and mention.weekday is None
            and mention.value is not None
            and following is not None
            and following.range_end is not None
            and _WEEKEND.fullmatch(text[following.start : following.end].strip())
            and not text[mention.end : following.start].strip()
        ):
            friday, sunday = _weekend_holding(mention.value)
            mention.value, mention.range_end = max(friday, today), sunday
            mention.end = following.end
            skip = following
            kept.append(mention)
            continue
        is_weekend = mention.range_end is not None and _WEEKEND.fullmatch(text[mention.start : mention.end])
        if (
            is_weekend
            and following is not None
            and following.value is not None
            and _OF_DATE.match(text[mention.end : following.start])
        ):
            friday, sunday = _weekend_holding(following.value)
            mention.value, mention.range_end = max(friday, today), sunday
            mention.end = following.end
            skip = following
        kept.append(mention)
    return kept


def _relative_mentions(text: str, today: date, found: list[_Mention]) -> None:
    _holiday_mentions(text, today, found)
    for match in _WEEKEND.finditer(text):
        if _overlaps(found, match.start(), match.end()) or _WEEKEND_OF_MONTH.match(text, match.end()):
            continue  # "el finde largo de octubre": a weekend of that month, its days said apart or asked
        qualifier = (match["q"] or "").strip()
        friday = today + timedelta(days=(4 - today.weekday()) % 7)
        if today.weekday() >= 4:  # already the weekend: this one
            friday = today - timedelta(days=today.weekday() - 4)
        if today.weekday() == 6:
            # on a Sunday this weekend has no night left: the coming one, as "next"
            friday += timedelta(days=7)
        elif qualifier in {"next", "el proximo", "proximo", "este proximo"} or match["n"]:
            friday = friday + timedelta(days=7) if today.weekday() >= 4 else friday
        if match["after"]:
            friday += timedelta(days=7)  # "the weekend after next": one weekend further than the next one
        start = max(friday, today)
        found.append(_Mention(match.start(), match.end(), start, range_end=friday + timedelta(days=2)))
    next_week = _NEXT_WEEK.search(text)
    in_next_week = False
    for match in _WEEKDAY_RE.finditer(text):
        if _overlaps(found, match.start(), match.end()):
            continue
        word = match["w"]
        qualifier = (match["q"] or "").strip()
        if (
            len(word) <= 4
            and not qualifier
            and word in {"mon", "sat", "sun", "wed", "tue"}
            and not _WEEKDAY_RANGE_BEFORE.search(text, 0, match.start())
            and not _WEEKDAY_RANGE_AFTER.match(text, match.end())
            and not _ABBREVIATION_CUE_BEFORE.search(text, 0, match.start())
            and not _ABBREVIATION_CUE_AFTER.match(text, match.end())
        ):
            continue  # bare abbreviations collide with ordinary words, unless in a range: "sat to mon"
        weekday = WEEKDAYS[word]
        suffix = (match["n"] or "").strip()
        if suffix in {"de la semana que viene", "de la proxima semana", "next week"}:
            monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
            value = monday + timedelta(days=weekday)
            found.append(_Mention(match.start(), match.end(), value))
            continue
        if suffix == "after next":
            value = _next_weekday(today, weekday, strictly_after=True) + timedelta(days=7)
            found.append(_Mention(match.start(), match.end(), value))
            continue
        if not suffix and qualifier in {"", "el", "del", "al", "on"} and next_week is not None:
            # "la semana que viene, del lunes al jueves", "next week, Monday to Thursday": that week's days
            monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
            found.append(_Mention(match.start(), match.end(), monday + timedelta(days=weekday)))
            in_next_week = True
            continue
        strictly = qualifier in {"el proximo", "proximo", "el pro", "next"} or suffix == "que viene"
        value = _next_weekday(today, weekday, strictly_after=strictly)
        if qualifier in {"after", "despues del", "pasado el"}:  # "after Tuesday": from Wednesday
            found.append(_Mention(match.start(), match.end(), value + timedelta(days=1)))
            continue
        found.append(_Mention(match.start(), match.end(), value, weekday=weekday))
    for match in _NEXT_WEEK.finditer(text):
        if in_next_week or _overlaps(found, match.start(), match.end()):
            continue
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
        found.append(_Mention(match.start(), match.end(), monday))
    for match in _RELATIVE.finditer(text):
        if _overlaps(found, match.start(), match.end()):
            continue
        word = match["r"]
        if word == "manana" and _MORNING.search(text[max(0, match.start() - 7) : match.start()]):
            continue
        if word in _TOMORROW and _SEE_YOU.search(text[max(0, match.start() - 16) : match.start()]):
            continue  # "hasta mañana", "see you tomorrow": a goodbye
        if word in {
            "hoy",
            "today",
            "tonight",
            "esta noche",
            "this evening",
            "this afternoon",
            "this arvo",
            "esta tarde",
        }:
            value = today
        elif word in _TOMORROW:
            value = today + timedelta(days=1)
        elif match["n1"] or match["n2"]:
            value = today + timedelta(days=int(match["n1"] or match["n2"]))
        else:
            value = today + timedelta(days=2)
        found.append(_Mention(match.start(), match.end(), value))


# "20-24", "11 to 14", "18 till 21": how two bare days join into a range ("a" is left out: "de 7 a 10" is hours).
_BARE_RANGE_JOIN = re.compile(r" ?- ?| (?:to|till|til|until|thru|through|al) ")


def _bare_days(text: str, found: list[_Mention]) -> None:
    """Numbers that are days only in context: after "el"/"the"/"del", or joined to a full date by "al"/"-"."""
    starts = sorted(m.start for m in found)
    ends = sorted(m.end for m in found)
    candidates: list[_Mention] = []
    waiting: list[_Mention] = []
    for match in _BARE_DAY.finditer(text):
        day = int(match["d"])
        if not 1 <= day <= 31 or _overlaps(found, match.start(), match.end()):
            continue
        if _NOT_A_DAY_AFTER.match(text[match.end() : match.end() + 12]):
            continue
        before = text[max(0, match.start() - 20) : match.start()]
        cued = bool(_BARE_DAY_CUE.search(before))
        joined = any(_CONNECTOR.match(text[match.end() : s]) for s in starts if s > match.end()) or any(
            _CONNECTOR.match(text[e : match.start()]) for e in ends if e <= match.start()
        )
        # "the 20 to 22": a number right after a day and a connector is the other end of the range.
        chained = bool(candidates) and bool(_CONNECTOR.match(text[candidates[-1].end : match.start()]))
        if cued or joined or chained:
            candidates.append(_Mention(match.start(), match.end(), None, day=day))
        else:
            waiting.append(_Mention(match.start(), match.end(), None, day=day))
    # "18-19th", "10 to the 12th": a number right before a day and a connector is the range's first day.
    for mention in reversed(waiting):
        following = next((c for c in candidates if c.start >= mention.end), None)
        if following is not None and _CONNECTOR.match(text[mention.end : following.start]):
            candidates.append(mention)
    # "20-24" alone in a message about a stay: two days joined by a dash, the first before the second, are a
    # range (its month resolved as for any day given without one); not after an age ("kids aged 5-8"), nor
    # hours with no stay in sight ("breakfast 7-10").
    stay = bool(_STAY_CONTEXT.search(text))
    for first, second in itertools.pairwise(waiting):
        if (
            stay
            and _BARE_RANGE_JOIN.fullmatch(text[first.end : second.start])
            and first.day is not None
            and second.day is not None
            and first.day < second.day
            and not _AGE_BEFORE.search(text, 0, first.start)
        ):
            candidates.extend([first, second])
    found.extend(candidates)


def _resolve_bare_days(
    text: str, mentions: list[_Mention], today: date, reference: date | None = None
) -> None:
    """Give each bare day the month of the date it is joined to, else the month of `reference` (the date
    the conversation is about), else the next such day from today."""
    for index, mention in enumerate(mentions):
        if mention.value is not None or mention.day is None:
            continue
        partner: _Mention | None = None
        for other in mentions[index + 1 :]:
            if _CONNECTOR.match(text[mention.end : other.start]) and other.day is None:
                partner = other
            break
        if partner is not None and partner.value is not None:
            anchor = partner.value
            value = _safe_date(anchor.year, anchor.month, mention.day)
            if value is not None and value > anchor:  # "del 28 al 2 de marzo": the 28th of February
                prev_month = anchor.replace(day=1) - timedelta(days=1)
                value = _safe_date(prev_month.year, prev_month.month, mention.day)
            if value is not None and value < today and not partner.explicit_year:
                # "12-16 march" on 13 March: next year's, both ends
                next_year = _safe_date(value.year + 1, value.month, value.day)
                moved = _safe_date(anchor.year + 1, anchor.month, anchor.day)
                value, partner.value = (next_year, moved) if next_year and moved else (None, partner.value)
            mention.value = value
            continue
        # "entrada el 3, salida el 5 de mayo": a day before a full date, with no connector, takes its month.
        later = next((m for m in mentions[index + 1 :] if m.value is not None and m.day is None), None)
        if (
            later is not None
            and later.value is not None
            and later.range_end is None
            and later.weekday is None
        ):
            value = _safe_date(later.value.year, later.value.month, mention.day)
            if value is not None and value > later.value:
                before = later.value.replace(day=1) - timedelta(days=1)
                value = _safe_date(before.year, before.month, mention.day)
            if value is not None and value >= today and (later.value - value).days <= 31:
                mention.value = value
                continue
        previous = next((m for m in reversed(mentions[:index]) if m.value is not None), None)
        # "en agosto, del 3 al 13", "the puente de diciembre, del 5 al 8": a month named alone before the days
        named = None if previous is not None else _last_month_named(text[: mention.start])
        if named is not None:
            value = _safe_date(today.year, named, mention.day)
            if value is not None and value < today:
                value = _safe_date(today.year + 1, named, mention.day)
            if value is not None:
                mention.value = value
                continue
        # (a weekend before it is anchored on this day, "el finde del 18", so it is no base)
        if (previous is None or previous.range_end is not None) and reference is not None:
            value = _safe_date(reference.year, reference.month, mention.day)
            if value is not None and value >= today:
                mention.value = value
                continue
        base = previous.value if previous is not None and previous.value is not None else today
        value = _safe_date(base.year, base.month, mention.day)
        # "the wedding is June 13, we'd arrive the 12th": a day around an event is in the event's month
        around_event = previous is not None and previous.event and value is not None and value >= today
        if not around_event and (value is None or value < base or (previous is not None and value == base)):
            following = base.replace(day=28) + timedelta(days=4)
            value = _safe_date(following.year, following.month, mention.day)
        mention.value = value


_SHORT_MONTHS_ALONE = ("jan", "feb", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_ALONE_WORDS = _alternation(
    [m for m in MONTHS if (len(m) >= 4 or m in _SHORT_MONTHS_ALONE) and m != "mayor"]
)
_WEEKEND_OF_MONTH = re.compile(
    rf" (?:largo |long )?(?:de|del mes de|of|in|en)(?: the month of)? (?:{_MONTH_ALONE_WORDS})\b(?! ?(?:the )?\d)"
)
# "in May, from the 6th to the 9th": the month, never the verb ("check in may be late", "in may i ask")
_MAY_ALONE = (
    r"may(?=\s*(?:[.,!?;:]|$| (?:for|from|the|del?|and|or|next|this|20\d\d|please|pls|2 adults|for 2)\b))"
)
_MONTH_ALONE = re.compile(
    # "en agosto", "in August", "in late Jan", "late Feb", "a finales de enero", "mid-March"
    r"(?:\b(?:(?:en|de|a|para|in|for|to|of|del|por|around)(?: el mes de| the month of)?"
    r"(?: (?:late|early|mid|the end of|the start of|the beginning of|the middle of|finales de|principios de|"
    r"mediados de|fines de|inicios de))?|late|early|mid|finales de|principios de|mediados de)[ -]"
    # "move our April booking to the 14th-17th": a month naming the booking
    rf"|\b(?:our|my|the|this|that|your) (?=(?:{_MONTH_ALONE_WORDS}) (?:booking|reservation|stay|trip|visit|"
    r"holiday|break|dates)s?\b))"
    rf"(?P<m>{_MONTH_ALONE_WORDS}|{_MAY_ALONE})\b"
)


# "sorry, February! we arrive the 20th", "febrero mejor, del 20 al 22": a full month name said alone before the
# days, without a preposition (never "march", a verb too, nor a month gone by: "last February", "enero pasado").
_MONTH_WORD_ALONE = re.compile(
    # at the start of a clause or after a word of choosing, never inside one ("my name is June", "last April")
    r"(?:^|[,.!?;:(¡¿-] ?|\b(?:make it|mejor|actually|rather|sorry|perdon|so|ok|okay|then|entonces|pues|prefer|"
    r"prefiero|preferimos|would be|seria|it'?s|its|es|try|better|o sea|i meant|quise decir|meant) )"
    r"(?P<m>"
    + _alternation([m for m in MONTHS if len(m) >= 5 and m != "march"])
    + r")\b(?! (?:pasado|last|ago)\b)(?! ?\d)"
)


def _last_month_named(text: str) -> int | None:
    """The month of the last "en agosto" / "in August" in `text` (a month word after a preposition), else of the
    last full month name said alone."""
    months = [match["m"] for match in _MONTH_ALONE.finditer(text)]
    if not months:
        months = [match["m"] for match in _MONTH_WORD_ALONE.finditer(text)]
    return MONTHS[months[-1]] if months else None


# After a stated number of nights, "make it 4", "hacerla de 4", "dejarla en 3" is the new number of nights.
_NEW_LENGTH = re.compile(
    r"\b(?:make it|change it to|extend it to|cut it to|hacerla|hacerlo|dejarla|dejarlo|ampliarla|alargarla|"
    r"acortarla|pasarla|cambiarla)(?: de| en| a| to)? (?P<n>\d{1,2})\b"
    r"(?! ?(?:de |of )?(?:adult\w*|personas?|people|pax|guests?|huespedes|nin\w*|kids?|child\w*|rooms?|habitacion\w*|"
    r"am\b|pm\b|h\b|hrs?\b|horas?|:|\.\d|de (?:[a-z]+)\b))"
)


def _nights(text: str) -> int | None:
    # "una noche es muy poco", "2 nights is too short": a length turned down is not the stay's length
    stated = [m for m in _NIGHTS.finditer(text) if not _TOO_FEW.match(text, m.end())]
    if stated and (new := _NEW_LENGTH.search(text, stated[-1].end())):
        # "tenía 2 noches pero quiero hacerla de 4": the new length, said without the word "nights"
        return int(new["n"]) or None
    if len(stated) >= 2 and _CHANGE_CUE.search(text, stated[0].end(), stated[-1].start()):
        # "we booked three nights but can we make it five": the new length
        return int(stated[-1]["n"]) or None
    if stated:
        return int(stated[0]["n"]) or None
    if _ONE_NIGHT.search(text):
        return 1
    if _FORTNIGHT.search(text):
        return 14
    weeks = _WEEKS.search(text)
    if weeks and not re.search(r"\bsemana(?:s)? que viene|next weeks?\b", text[weeks.start() :]):
        count = 1 if weeks["n"] == "a" else int(weeks["n"])
        return 7 * count
    return None


def resolve_stay(
    text: str, now: datetime | date, language: str | None = None, reference: date | None = None
) -> Stay:
    """The stay a message talks about; every field None when it names none."""
    today = _today(now)
    prepared = prepare(text, language)
    return resolve_prepared(prepared, today, language, reference)


# "el jueves 20", "thursday the 20th": the day of the month decides, the weekday only confirms it.
_WEEKDAY_AND_DAY = re.compile(
    rf"\b(?:{_WEEKDAY}) (?P<a>el |the )?(?P<d>[0-3]?\d)\b(?!:| ?(?:h\b|am\b|pm\b|hrs?\b|horas?\b))"
)
# "Friday April 2nd", "sat, june the 5th": the weekday only confirms the date that follows it.
_WEEKDAY_BEFORE_MONTH_DAY = re.compile(
    rf"\b(?:{_WEEKDAY}),? (?=(?:{_MONTH_EN})\.? (?:the )?[0-3]?\d\b(?!:| ?(?:h\b|am\b|pm\b|nights?|noches?)))"
)
_DAY_CUED = re.compile(r"\b(?:el|del|al|the|on|from|to|hasta|desde|a partir del?) $")


def _weekday_and_day_to_day(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        if _NOT_A_DAY_AFTER.match(text[match.end() : match.end() + 12]):
            return match[0]  # "el martes 2 noches": a count, not the day of the month
        if match["a"]:
            return f"{match['a']}{match['d']}"
        return match["d"] if _DAY_CUED.search(text, 0, match.start()) else f"el {match['d']}"

    return _WEEKDAY_AND_DAY.sub(replace, _WEEKDAY_BEFORE_MONTH_DAY.sub("", text))


# "we're booked for the 3rd but can we come on the 5th instead?", "tengo reserva del 10 al 12 y la quiero del 12
# al 14": the dates of the booking as it stands are not the stay asked for, when other dates follow.
_BOOKED_FOR = re.compile(
    r"\b(?:booked|booking|reservation|reserved|reserva|reservado|reservada|reservamos|reserve|originally|"
    r"al principio)\b[^.?!]{0,25}?(?:\b(?:for|para|del?|from|el|on|in)(?: the| el)?)? ?$"
)
_CHANGE_CUE = re.compile(
    r"\b(?:instead|en vez|en lugar|change|cambi\w*|move|mover|moverla|pasar\w*|make it|hacerla|could it be|rather|"
    r"but|pero|now|ahora|need|necesit\w*|quiero|quisiera|quisieramos|want|would like|podemos|can we|could we|"
    r"i'?d like|we'?d like|prefer\w*|acortar\w*|shorten\w*|cut it short)\b"
)
# "booked 2nd-4th April, we'd like 6th-8th instead": the word after the new dates.
_INSTEAD_AFTER = re.compile(r"^[ ,]*(?:instead|en su lugar|en vez|mejor)\b")


def _without_booked_dates(prepared: str, dates: list[_Mention]) -> list[_Mention]:
    if len(dates) < 2 or not _BOOKED_FOR.search(prepared[max(0, dates[0].start - 45) : dates[0].start]):
        return dates
    end = 1
    while end < len(dates) and (
        _CONNECTOR.match(prepared[dates[end - 1].end : dates[end].start])
        or _NIGHTS_LISTED.match(prepared[dates[end - 1].end : dates[end].start])
    ):
        end += 1
    if end < len(dates) and (
        _CHANGE_CUE.search(prepared[dates[end - 1].end : dates[end].start])
        or _INSTEAD_AFTER.match(prepared[dates[-1].end : dates[-1].end + 20])
    ):
        booked_start, new = dates[0].value, dates[end]
        if booked_start is not None and new.day is not None and new.value is not None:
            # "del 3 al 6 de julio, quisiera acortarla y salir el 5": a day given alone is the next such day from
            # the booked arrival, not from the booked departure (the 5th of July, not of August)
            again = _safe_date(booked_start.year, booked_start.month, new.day)
            if again is not None and booked_start <= again < new.value:
                shift = new.value - again
                for later in dates[end:]:
                    if later.day is not None and later.value is not None:
                        later.value -= shift
        return dates[end:]
    return dates


# A person's age is never a day of the stay: "my daughter (she's 8) April 30 to May 2", "mi hija de 5 años",
# "tiene 7", "(6 y 9 años)", "aged 4", "8 years old". Each age becomes the word "age" before dates are read.
_AGE_LIST = r"\d{1,2}(?:(?: ?,| and| y| &| n) \d{1,2})*"
_AGES = re.compile(
    rf"\b(?:she|he|they|who|which)(?:'s|'re| is| are) {_AGE_LIST}\b(?!:|\.\d| ?(?:h\b|am\b|pm\b|nights?|noches?))"
    rf"|\b(?:aged?|ages|edad(?:es)? de|edad(?:es)?|tiene|tienen|cumple|cumplen) {_AGE_LIST}\b(?!:|\.\d| ?(?:h\b|am\b|pm\b|"
    r"nights?|noches?|habitacion\w*|rooms?|camas?|beds?|personas?|people|adult\w*|nin\w*|kids?|children))"
    rf"|\b{_AGE_LIST}(?:[ -]?(?:years?|yrs?|y)[ -]?(?:olds?|o\b)| (?:anos|ano|anitos)\b)"
)
# "18. September", "3. to 5. May" (a day written with a dot, European style) are "18 September", "3 to 5 May".
_DOTTED_DAY = re.compile(
    rf"\b(?P<d>[0-3]?\d)\.(?= (?:(?:-|–|to|till|until|thru|through|bis|al|a|hasta|and|y)(?: the| el)? [0-3]?\d\.? )?"
    rf"(?:de |of )?(?:{_MONTH})\b(?! (?:i|we|you|he|she|they|be)\b))"
)


# "mañana viernes una noche", "leaving tomorrow Tuesday": the weekday names the same day, not a second date.
_SAME_DAY_WEEKDAY = re.compile(
    rf"\b(?P<rel>manana|tomorrow|hoy|today|tonight),? (?:el |the |this )?(?P<w>{_WEEKDAY})\b"
)


def _without_same_day_weekday(text: str, today: date) -> str:
    def replace(match: re.Match[str]) -> str:
        offset = 1 if match["rel"] in ("manana", "tomorrow") else 0
        same = WEEKDAYS[match["w"]] == (today + timedelta(days=offset)).weekday()
        return match["rel"] if same else match[0]

    return _SAME_DAY_WEEKDAY.sub(replace, text)


def _without_ages(text: str) -> str:
    return _AGES.sub("age", _DOTTED_DAY.sub(lambda match: match["d"], text))


_RANGE_JOIN = re.compile(
    r"^ ?(?:-|–|al|al dia|to|to the|(?:till|until|through|thru)(?: the)?|hasta(?: el)?|a(?: el)?) ?$"
)
_RANGE_OPENS = re.compile(r"(?:\bdel|\bfrom(?: the)?|\bdesde(?: el)?|\bsay(?: the)?|\bel|\bthe|[,?!:] ?) ?$")


def _restated_range(prepared: str, dates: list[_Mention], today: date) -> list[_Mention]:
    """'NYE? 31st to 2nd', 'el finde largo del 12? del viernes 11 al lunes 14', 'between Christmas and New Year?
    say 27th to 30th': an occasion named first, then the exact range for it, which is the stay. Only when the
    occasion lies within a week of that range, so two different stays are not merged into one."""
    if len(dates) < 3:
        return dates
    first, last = dates[-2], dates[-1]
    if (
        first.range_end is not None
        or last.range_end is not None
        # "este finde? del viernes al domingo": weekdays are already read after the weekend
        or first.weekday is not None
        or last.weekday is not None
        or not _RANGE_JOIN.match(prepared[first.end : last.start])
        or not _RANGE_OPENS.search(prepared[max(0, first.start - 12) : first.start])
        or len(dates) > 4
    ):
        return dates
    if any(
        a.range_end is None and b.range_end is None and _CONNECTOR.match(prepared[a.end : b.start])
        for a, b in itertools.pairwise(dates[:-2])
    ):
        return dates  # "pasar la reserva del 12 al 19? la tenía del 5 al 12": two ranges, not one restated
    earlier = [m.value for m in dates[:-2] if m.value is not None]
    if not earlier or first.value is None or last.value is None:
        return dates
    start, end = first.value, last.value
    if first.day is not None and last.day is not None:
        # both days given alone: their months come from the occasion, not from each other
        anchor = max(min(earlier) - timedelta(days=7), today)
        start_or_none = _safe_date(anchor.year, anchor.month, first.day)
        if start_or_none is None or start_or_none < anchor:
            following = anchor.replace(day=28) + timedelta(days=4)
            start_or_none = _safe_date(following.year, following.month, first.day)
        if start_or_none is None:
            return dates
        start = start_or_none
        end_or_none = _safe_date(start.year, start.month, last.day)
        if end_or_none is None or end_or_none <= start:
            following = start.replace(day=28) + timedelta(days=4)
            end_or_none = _safe_date(following.year, following.month, last.day)
        if end_or_none is None:
            return dates
        end = end_or_none
    if end <= start or (end - start).days > 31:
        return dates
    if not all(start - timedelta(days=7) <= value <= end + timedelta(days=7) for value in earlier):
        return dates
    first.value, last.value = start, end
    return [first, last]


# An arrival given as an offset from a day ("a week from today", "in 2 weeks", "a fortnight from Friday",
# "dentro de 15 días", "de hoy en 8 días") is written as the days from today ("in 9 days"), which the relative
# dates read; the offset is never the stay's length, nor its anchor ("today") the arrival.
_OFFSET_COUNT = r"a|an|one|a couple of|couple of|\d{1,2}"
_OFFSET_UNIT = r"weeks?|wks?|days?|fortnights?"
_FULL_WEEKDAY_EN = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_OFFSET_EN = re.compile(
    rf"\b(?:in (?P<n>{_OFFSET_COUNT}) (?P<u>{_OFFSET_UNIT})(?! (?:before|earlier|sooner|after|later)\b)"
    r"(?:'s| s)?(?: time)?(?: from (?:today|now))?"
    rf"|(?P<n3>{_OFFSET_COUNT}) (?P<u3>{_OFFSET_UNIT}) (?:from|after) (?:(?P<q>this |next |on )?(?P<w>{_WEEKDAY})|"
    r"(?P<a>today|now|tomorrow|tonight))"
    rf"|(?P<n2>a|one) (?P<u2>week|fortnight) (?:(?P<a2>today|tomorrow)|on (?P<w2>{_WEEKDAY}))"
    # "Friday week", "Tuesday fortnight" (British): a week (two) on from the coming Friday
    rf"|(?P<w4>{_FULL_WEEKDAY_EN}) (?P<u4>week|fortnight)"
    # "a few days from now": no day to read, and never today
    r"|(?P<vague>(?:a few|few|some|several|a couple) (?:days|weeks) from (?:today|now)))\b"
)
_OFFSET_ES = re.compile(
    r"\b(?:(?:dentro de|en|de aqui a|de aca a) (?P<n>un par de|unos|\d{1,2}) (?P<u>semanas?|dias|quincenas?)"
    r"(?: (?:desde|a partir de) hoy)?"
    r"|de (?P<a>hoy|manana) en (?P<d>8|15)(?: dias)?)\b"
)
# "for a week from Friday", "staying a week from today": the weeks are the stay's length.
_OFFSET_IS_LENGTH = re.compile(
    r"\b(?:for|para|durante|por|staying|stay|stays|quedamos|quedarnos|quedarme|quedo|quedaremos|estaremos)"
    r"(?: about| around| like| unos)? $"
)
_OFFSET_DAYS = {"week": 7, "wk": 7, "day": 1, "fortnight": 14, "semana": 7, "dia": 1, "quincena": 14}


def _offset_days(count: str, unit: str) -> int | None:
    if count == "unos":
        return None  # "dentro de unos días": no day to read
    number = (
        1 if count in {"a", "an", "one"} else 2 if count.endswith(("couple of", "par de")) else int(count)
    )
    return number * _OFFSET_DAYS[unit.rstrip("s")]


def _offsets_as_days(text: str, today: date) -> str:
    def kept(match: re.Match[str], length_first: bool) -> bool:
        # "for a week from Friday": a length ("to stay in a week", "para dentro de una semana" are not);
        # "see you in a week": a goodbye
        return bool(
            (length_first and _OFFSET_IS_LENGTH.search(text, 0, match.start()))
            or _SEE_YOU.search(text[max(0, match.start() - 16) : match.start()])
        )

    def english(match: re.Match[str]) -> str:
        if match["vague"]:
            return "some time"
        if kept(match, length_first=not match["n"] and not match["w4"]):
            return match[0]
        if match["w4"]:
            days = _OFFSET_DAYS[match["u4"]]
            anchor, weekday, qualifier = None, match["w4"], None
        elif match["n2"]:
            days = _OFFSET_DAYS[match["u2"]]
            anchor, weekday, qualifier = match["a2"], match["w2"], "on "
        else:
            count, unit = (match["n"], match["u"]) if match["n"] else (match["n3"], match["u3"])
            found = _offset_days(count, unit)
            if found is None:
                return match[0]
            days = found
            anchor, weekday, qualifier = match["a"], match["w"], match["q"]
        if weekday is not None:
            start = _next_weekday(
                today, WEEKDAYS[weekday], strictly_after=(qualifier or "").strip() == "next"
            )
            days += (start - today).days
        elif anchor == "tomorrow":
            days += 1
        return f"in {days} days" if days < 100 else match[0]

    def spanish(match: re.Match[str]) -> str:
        if kept(match, length_first=False):
            return match[0]
        if match["d"]:
            # "de hoy en ocho días" is a week on (the day counted twice), "de hoy en quince" two
            days = 7 if match["d"] == "8" else 14
            days += 1 if match["a"] == "manana" else 0
        else:
            found = _offset_days(match["n"], match["u"])
            if found is None:
                return match[0]
            days = found
        return f"en {days} dias" if days < 100 else match[0]

    return _OFFSET_ES.sub(spanish, _OFFSET_EN.sub(english, text))


# Written as spoken: "pal 18 asta el 21" is "para el 18 hasta el 21".
_PAL = re.compile(r"\bpal\b(?= \d)")
_ASTA = re.compile(r"\b(?:asta|hsta|hasa)\b(?= (?:el |la )?\d)")


# "el 3 del 4", "the 3rd of the 4th": the month as a number after the day. Said as such, never a range's end
# day (which booked 3-4 March for "del 3 del 4 al 6 del 4"); the month is written by name for the rules below.
_DAY_OF_MONTH_NUMBER = re.compile(
    r"\b(?P<cue>(?:el|del|al|hasta|desde|the) )(?P<d>[0-3]?\d) (?:del|of the) (?P<m>0?[1-9]|1[0-2])\b"
    r"(?![/:.,]?\d| ?(?:%|adult|person|people|guest|room|night|noche|habitaci|huesped|nin|kid|child|bed|cama))"
)


# "04/10-04/12", "10/4–12/4": two numeric dates joined by a dash with no spaces are a range, as with spaces.
_NUMERIC_DASH_RANGE = re.compile(r"(?<![\d/.])(\d{1,2}[/.]\d{1,2})[-–](?=\d{1,2}[/.]\d{1,2}(?![\d/]|\.\d))")


# A shopping day's sales are chat, never a stay ("black friday vibes, dec 8 til dec 13", "any cyber monday
# deals?", "ofertas de black friday"); the day named alone is a stay (see the holidays above).
_SHOPPING = r"(?:black ?friday|cyber ?monday|viernes negro)"
_SHOPPING_DAY = re.compile(
    rf"\b{_SHOPPING} (?:deals?|sales?|discounts?|offers?|promos?|promotions?|prices?|rates?|specials?|vibes|"
    r"ofertas?|descuentos?|promociones?|precios?|tarifas?)\b"
    rf"|\b(?:ofertas?|descuentos?|promociones?|promos?|precios?|tarifas?|deals?|discounts?|sales?|offers?|"
    rf"rebajas?) (?:(?:de|del|por|para|for|on|of) )?(?:el |la |the )?{_SHOPPING}\b"
)


def _date_typos(text: str) -> str:
    text = _SHOPPING_DAY.sub("sale", text)
    text = _NUMERIC_DASH_RANGE.sub(r"\1 - ", text)
    text = _DAY_OF_MONTH_NUMBER.sub(lambda m: f"{m['cue']}{m['d']} of {_MONTH_NAMES[int(m['m']) - 1]}", text)
    return _ASTA.sub("hasta", _PAL.sub("para el", text))


# A date of something happening at the destination: "mi hermana se casa en Cancún el 13 de junio", "the
# wedding is on June 13th", "my birthday, 4 May".
_EVENT_BEFORE = re.compile(
    r"\b(?:se casa\w*|nos casamos|me caso|boda|wedding|get(?:s|ting)? married|cumple\w*|birthday|concierto|concert|"
    r"conferen\w*|congreso|graduation|graduacion|gradu[ae]\w*|se recibe|se titula|evento|event|festival|partido|torneo|tournament|bautizo|"
    r"christening|aniversario|anniversary|quince anos|quinceanera|fiesta|party|show)\b[^.?!;,]{0,30}$"
)
# Arriving or leaving said with a verb: "llegaríamos el 12", "nos iríamos el 15", "we'd arrive on the 12th".
_ARRIVAL_CUE = re.compile(
    r"\b(?:lleg\w*|arriv\w*|entramos|entrariamos|check ?-?in|checking in|get (?:there|in)|getting (?:there|in)|"
    r"fly(?:ing)? in|come in|coming in)\b[^.?!]{0,12}$"
)


def _mark_events(text: str, mentions: list[_Mention]) -> None:
    for mention in mentions:
        if mention.value is not None and _EVENT_BEFORE.search(
            text, max(0, mention.start - 40), mention.start
        ):
            mention.event = True


# "the wedding is on 4th July, so I need to reach one day before", "la boda es el 12, llegamos 2 días antes"
_DAYS_AROUND = re.compile(
    r"\b(?:(?P<n>\d{1,2}|a|one|un|una) (?:days?|dias?)|the (?:day|night)|el dia|la noche)"
    r" (?:de )?(?P<w>before|earlier|after|later|antes|despues)\b(?! (?:the |el |del |de )?\d| (?:de|del|of) \w)"
)


def _days_around_events(text: str, mentions: list[_Mention]) -> None:
    """A day said as days before or after an event's date ("one day before"), when no date follows it."""
    events = [m for m in mentions if m.event and m.value is not None and m.range_end is None]
    if len(events) != 1:
        return
    event = events[0]
    for match in _DAYS_AROUND.finditer(text, event.end, event.end + 80):
        if _overlaps(mentions, match.start(), match.end()) or event.value is None:
            continue
        count = 1 if match["n"] in (None, "a", "one", "un", "una") else int(match["n"])
        sign = -1 if match["w"] in ("before", "earlier", "antes") else 1
        # the day said stands for the stay's date; the event's own date is only its anchor
        mentions.remove(event)
        mentions.append(_Mention(match.start(), match.end(), event.value + timedelta(days=sign * count)))
        mentions.sort(key=lambda m: m.start)
        return


def _without_events(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """An event's date is not the stay when the arrival or departure is said with its own verb elsewhere, or the
    stay is a range of its own."""
    if not any(m.event for m in mentions):
        return mentions
    stay_said = any(
        not m.event
        and (
            _ARRIVAL_CUE.search(text, max(0, m.start - 25), m.start)
            or _DEPARTURE_CUE.search(text, max(0, m.start - 25), m.start)
        )
        for m in mentions
    )
    others = [m for m in mentions if not m.event]
    # "the wedding is June 13, book June 12 to 15": a range of its own
    ranged = any(_CONNECTOR.match(text[a.end : b.start]) for a, b in itertools.pairwise(others))
    return others if stay_said or ranged else mentions


# How far ahead a stay can be booked and how long it can be: a reading beyond either is not the one meant.
_WINDOW_DAYS = 365
_MAX_STAY_NIGHTS = 30


def _numeric_written(prepared: str, month_first: bool) -> str:
    """The message with its numeric dates written out in one order ("12/03" -> "december 3" or "march 12")."""

    def replace(match: re.Match[str]) -> str:
        a, b = int(match["a"]), int(match["b"])
        month, day = (a, b) if month_first else (b, a)
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return match[0]
        year = f" {_full_year(match['y'])}" if match["y"] else ""
        return f"{_MONTH_NAMES[month - 1]} {day}{year}"

    return _NUMERIC.sub(replace, prepared)


def _bookable(stay: Stay, today: date, passed: bool) -> bool:
    """A reading a guest can mean: its arrival to come (not a date already past this year when the other reading's
    is not), within the booking window, and a stay of days (not months)."""
    if stay.check_in is None or passed:
        return False
    if not today <= stay.check_in <= today + timedelta(days=_WINDOW_DAYS):
        return False
    return stay.check_out is None or 0 < (stay.check_out - stay.check_in).days <= _MAX_STAY_NIGHTS


def _passed_this_year(match: re.Match[str], month_first: bool, today: date) -> bool:
    a, b = int(match["a"]), int(match["b"])
    month, day = (a, b) if month_first else (b, a)
    if match["y"]:
        written = _safe_date(_full_year(match["y"]), month, day)
    else:
        written = _safe_date(today.year, month, day)
    return written is not None and written < today


def _either_order(prepared: str, today: date, reference: date | None) -> Stay | None:
    """English numeric dates both of whose readings are bookable ("12/03": December 3 or 12 March). The reading
    taken when only one is bookable, or when the conversation's date is in the month of only one; both, to ask
    about, when nothing settles it. None when the message has no such date (read as usual)."""
    prepared = _date_typos(prepared)  # "04/10-04/12": the dash between two dates read as "to"
    numeric = [m for m in _NUMERIC.finditer(prepared) if not m["y"] or len(m["y"]) == 4]
    if not numeric or any(int(m["a"]) > 12 or int(m["b"]) > 12 for m in numeric):
        return None  # a day over 12 settles the order ("15/04"), read as usual
    if all(int(m["a"]) == int(m["b"]) for m in numeric) or any(
        int(m["a"]) == 0 or int(m["b"]) == 0 for m in numeric
    ):
        return None
    month_first = resolve_prepared(_numeric_written(prepared, True), today, "en", reference)
    day_first = resolve_prepared(_numeric_written(prepared, False), today, "en", reference)
    if month_first.check_in == day_first.check_in and month_first.check_out == day_first.check_out:
        return None
    first = numeric[0]
    passed_us, passed_uk = _passed_this_year(first, True, today), _passed_this_year(first, False, today)
    us = _bookable(month_first, today, passed_us and not passed_uk)
    uk = _bookable(day_first, today, passed_uk and not passed_us)
    if us != uk:
        return month_first if us else day_first
    if not us:
        return None  # neither can be booked: read as usual, the guest is told why
    if reference is not None and month_first.check_in is not None and day_first.check_in is not None:
        same_us = (month_first.check_in.year, month_first.check_in.month) == (reference.year, reference.month)
        same_uk = (day_first.check_in.year, day_first.check_in.month) == (reference.year, reference.month)
        if same_us != same_uk:
            return month_first if same_us else day_first  # "April 10 to 12 ... make it 04/11"
    return Stay(nights=month_first.nights or day_first.nights, readings=(month_first, day_first))


# "a Friday in October, the 16th", "un viernes de octubre, el 16": the day said after the weekday.
_WEEKDAY_THEN_DAY_GAP = re.compile(
    r"^(?: (?:in|en|de|of|del mes de)(?: the month of)? (?P<m>[a-z]+))?,? (?:(?:the|el|on the|on) )?$"
)


def _weekday_then_day(prepared: str, mentions: list[_Mention], today: date) -> list[_Mention]:
    """A weekday followed by a bare day: the day is the date and the weekday only confirms it; when the
    weekday disagrees with that day, neither is read (the guest is asked)."""
    kept: list[_Mention] = []
    skip: set[int] = set()
    for index, mention in enumerate(mentions):
        if index in skip:
            continue
        after = mentions[index + 1] if index + 1 < len(mentions) else None
        gap = _WEEKDAY_THEN_DAY_GAP.match(prepared[mention.end : after.start]) if after is not None else None
        if (
            after is None
            or gap is None
            or mention.weekday is None
            or mention.range_end is not None
            or after.day is None
            or after.range_end is not None
        ):
            kept.append(mention)
            continue
        value = after.value
        if gap["m"] is not None:
            month = MONTHS.get(gap["m"])
            if month is None:
                kept.append(mention)
                continue
            value = _roll_forward(month, after.day, today)
        skip.add(index + 1)
        if value is None or value.weekday() != mention.weekday:
            continue  # "Friday the 17th" when the 17th is a Saturday: asked, never guessed
        after.value = value
        kept.append(after)
    return kept


def _range_after_its_own_day(prepared: str, dates: list[_Mention]) -> list[_Mention]:
    """'we can only arrive on the 20th. So February 20 to 22', 'leaving the 9th, so the 6th to the 9th': a range
    given in full after a day it restates (its arrival or its departure) is the stay, the day only said first."""
    if len(dates) < 3:
        return dates
    first, last = dates[-2], dates[-1]
    if (
        first.range_end is not None
        or last.range_end is not None
        or first.weekday is not None
        or last.weekday is not None
        or first.value is None
        or last.value is None
        or not first.value < last.value
        or not _RANGE_JOIN.match(prepared[first.end : last.start])
    ):
        return dates
    ends = (first.value, last.value)
    # a day given alone names its day of the month, whichever month it was read in ("the 22nd ... feb 20-22")
    if all(
        m.range_end is None and (m.value in ends or (m.day is not None and m.day in (e.day for e in ends)))
        for m in dates[:-2]
    ):
        return [first, last]
    return dates


# A stay corrected inside the same message: "March 25 to 28... sorry, I meant March 26 to 29", "del 3 al 5 de
# abril, perdón, del 4 al 6", "arriving the 10th, no wait the 11th": the dates after the correction are the stay.
# Only when a date follows the correction word closely, so "April 3 to 5, sorry for the late reply, …" is no
# correction; a vague period made exact ("la próxima semana... bueno, del 15 al 17") reads the same way.
_STAY_CORRECTED = re.compile(
    r"(?:\b(?:sorry|perdon|perdona|perdone|disculpa|disculpe|oops|ups|whoops|my bad|correction|correccion|"
    r"bueno|mejor dicho|en realidad|actually|scratch that)\b[,.!:;]*(?: ?(?:no|nope))?[,.!:;]*"
    r"(?: ?(?:i meant|i mean|i meant to say|meant|quise decir|quiero decir|digo|queria decir|make (?:it|that)|"
    r"it'?s|it is|es|era|seria|mejor))?"
    r"|\b(?:i meant|i mean|i meant to say|quise decir|quiero decir|queria decir|o sea|mejor dicho|"
    r"no,? (?:wait|espera|perdon|digo)|wait,? no|espera,? no|make (?:that|it)|scratch that|"
    # "el 20, digo el 21"; never a bare "no": "la salida es el 18, no el 17" names the date replaced
    r"(?:(?<=[,.!;] )|(?<=\.\.\.))digo)\b)[,.!:;]*"
)
_DATE_NEAR = re.compile(
    rf"^.{{0,20}}?(?:\d|\b(?:{_MONTH}|{_WEEKDAY}|next|proxim\w*|manana|tomorrow|tonight|weekend|finde|"
    r"fin de semana)\b)"
)


def _corrected_stay(prepared: str, today: date, language: str | None, reference: date | None) -> Stay | None:
    for marker in reversed(list(_STAY_CORRECTED.finditer(prepared))):
        after = prepared[marker.end() :]
        if not _DATE_NEAR.search(after):
            continue
        before = _resolve_one(prepared[: marker.start()], today, language, reference)
        if before.check_in is None and before.check_out is None and before.readings is None:
            continue
        anchor = before.check_in or before.check_out or reference
        if before.readings is not None:
            anchor = before.readings[0].check_in or reference
        fixed = resolve_prepared(after, today, language, anchor)
        if fixed.check_in is None and fixed.check_out is None and fixed.readings is None:
            continue
        if (
            fixed.check_in is not None
            and fixed.check_out is None
            and fixed.nights is None
            and before.nights is not None
            and before.check_in is not None
        ):
            # "3 nights from the 10th, no wait the 11th": the nights said before still hold
            return Stay(fixed.check_in, fixed.check_in + timedelta(days=before.nights), before.nights)
        if before.check_out is not None and fixed.check_out is None and fixed.nights is None:
            # "April 3 to 5, sorry, is the 4th a holiday?", "del 3 al 5, bueno, el 4 es mi cumple": one day after
            # a whole range replaces nothing for sure; the message is read as before
            return None
        return fixed
    return None


def resolve_prepared(
    prepared: str, today: date, language: str | None = None, reference: date | None = None
) -> Stay:
    corrected = _corrected_stay(prepared, today, language, reference)
    return corrected if corrected is not None else _resolve_one(prepared, today, language, reference)


def _resolve_one(
    prepared: str, today: date, language: str | None = None, reference: date | None = None
) -> Stay:
    if (
        language == "en"
        and _NUMERIC.search(prepared)
        and (either := _either_order(prepared, today, reference))
    ):
        return either
    prepared = _offsets_as_days(
        _weekday_and_day_to_day(
            _without_same_day_weekday(
                _spell_weekdays(_spell_months(_name_months(_without_ages(_date_typos(prepared)), today))),
                today,
            )
        ),
        today,
    )
    mentions = _absolute_mentions(prepared, today, language)
    _relative_mentions(prepared, today, mentions)
    _bare_days(prepared, mentions)
    mentions.sort(key=lambda m: m.start)
    _mark_events(prepared, mentions)
    _days_around_events(prepared, mentions)
    _resolve_bare_days(prepared, mentions, today, reference)
    mentions = _weekday_then_day(prepared, mentions, today)
    mentions = _without_events(prepared, mentions)
    mentions = _weekends_of_dates(prepared, mentions, today)
    # A weekday after an earlier date means the first such day after it ("del viernes al domingo").
    for earlier, later in itertools.pairwise(mentions):
        if later.weekday is not None and earlier.value is not None and later.value is not None:
            later.value = _next_weekday(earlier.value, later.weekday, strictly_after=True)
    dates = []
    replaced: _Mention | None = None
    for mention in mentions:
        if mention.value is None:
            continue
        if _REPLACED.search(prepared[max(0, mention.start - 25) : mention.start]) or (
            # "en vez del 20 al 22": the whole replaced range
            replaced is not None and _CONNECTOR.match(prepared[replaced.end : mention.start])
        ):
            replaced = mention
            continue
        replaced = None
        dates.append(mention)
    dates = _restated_range(prepared, _without_booked_dates(prepared, dates), today)
    dates = _range_after_its_own_day(prepared, dates)
    # "Easter? the 17th to the 20th", "el puente de mayo, del 1 al 3": the dates given win over the name.
    if (
        len(dates) > 2
        and dates[0].range_end is not None
        and dates[1].range_end is None
        and dates[1].weekday is None
    ):
        dates = dates[1:]
    moved_departure = False
    if len(dates) == 2 and _CONNECTOR.match(prepared[dates[0].end : dates[1].start]):
        moved = _MOVED.search(prepared[: dates[0].start])
        if moved:
            dates = dates[1:]
            moved_departure = bool(_DEPARTURE_WORD.fullmatch(moved["what"]))
    nights = _nights(prepared)
    # Nights added to a booking are reported, but they are not the length of the stay the dates name.
    length = None if _EXTRA_NIGHTS.search(prepared) else nights
    check_in: date | None = None
    check_out: date | None = None
    if dates:
        first = dates[0]
        check_in = first.value
        departure = (
            moved_departure
            or _DEPARTURE_CUE.search(prepared[: first.start])
            or _DEPARTURE_AFTER.search(prepared[first.end :])
        )
        second_after = dates[1] if len(dates) > 1 else None
        if (
            first.range_end is not None
            and second_after is not None
            and second_after.range_end is None
            and second_after.value is not None
            and first.value is not None
            and second_after.value > first.value
            and (
                _CONNECTOR.match(prepared[first.end : second_after.start])
                or _DEPARTURE_CUE.search(prepared[first.end : second_after.start])
            )
        ):
            # "New Year's until January 2nd", "Nochevieja hasta el 3 de enero": the holiday's arrival, the
            # departure stated.
            check_out = second_after.value
        elif first.range_end is not None:
            check_out = first.range_end if nights is None else None  # "Easter, 2 nights": its length
        elif len(dates) > 1:
            check_out = dates[1].value
            # "Friday and Saturday", "the 5th and 6th": those nights, so out the morning after the second.
            between = prepared[dates[0].end : dates[1].start]
            if (
                check_out is not None
                and _NIGHTS_LISTED.match(between)
                and not _BETWEEN.search(prepared[max(0, dates[0].start - 12) : dates[0].start])
            ):
                check_out += timedelta(days=1)
        elif departure and length is None:
            check_in, check_out = None, first.value
    if check_in is not None and check_out is not None and check_out <= check_in:
        second = dates[1] if len(dates) > 1 else None
        # A holiday or weekend is never moved a year on ("el 31 ... fin de año", "July 4 ... this weekend").
        if (
            second is not None
            and not second.explicit_year
            and second.value is not None
            and second.range_end is None
            # "Dec 30 to Jan 2" crosses the year; a departure in the arrival's own month or before is no stay
            # of a year ("the 20th ... February 20"), it is asked
            and second.value.month < check_in.month
        ):
            rolled = _safe_date(second.value.year + 1, second.value.month, second.value.day)
            check_out = rolled if rolled and rolled > check_in else None
        else:
            check_out = None
    if check_in is not None and check_out is not None and length and (check_out - check_in).days != length:
        # "2 nights starting June 12 ... the 2 of them": a second date that disagrees with the nights stated
        # is never quoted as is; the arrival and the nights said win.
        check_out = None
    if check_in is not None and check_out is None and length:
        check_out = check_in + timedelta(days=length)
    if (
        len(dates) > 2
        and dates[0].weekday is None
        and dates[1].day is not None
        and check_in is not None
        and check_out is not None
        and (check_out - check_in).days >= 28
    ):
        # a date, then a bare day a month on, then more: some date is of something else; asked again
        check_in = check_out = None
    if check_in is not None and check_out is None and len(dates) == 1 and _ONE_NIGHT_STAY.search(prepared):
        check_out = check_in + timedelta(days=1)  # "tonight", "Friday night": a one-night stay
    return Stay(check_in=check_in, check_out=check_out, nights=nights)
