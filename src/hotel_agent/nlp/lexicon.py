"""Intent cues for the rule stage: (weight, regex) pairs over folded text (lower case, no accents).

A weight is the confidence the cue alone gives its intent. Transactional cues outweigh social ones, so "hola,
quiero cancelar" is a cancellation; "no gracias" (deny, 0.95) beats "gracias" (thanks, 0.85). Whole-message
cues (^...$) catch button replies and one-word answers.
"""

from __future__ import annotations

import re

_AFFIRM_WORDS = (
    r"si|sip|sii|yes|yep|yeah|yup|yes please|vale|ok|okay|okey|oki|okis|dale|claro|claro que si|de acuerdo|perfecto|"
    r"perfect|great|genial|correcto|correct|exacto|exactly|sure|of course|por supuesto|confirmo|confirmar|confirm|"
    r"confirmed|adelante|go ahead|sounds good|me parece bien|esta bien|that'?s right|right|eso es|afirmativo|"
    r"listo|do it|hazlo|venga|bien|good|fine|alright|all right|si por favor|si claro|yes sure|sure thing|"
    r"me sirve|works for me|that works|va|sale|simon|obvio|totally|absolutely|definitely|why not|por que no|"
    r"todo correcto|todo perfecto|todo ok|all good|all correct|that'?s the one|this one|that one|esa misma|"
    r"ese mismo|esa|ese|adelante con (?:eso|ello|esa|ese)|go ahead with (?:it|that)|let'?s do it|hagamoslo|"
    r"go for it|pls|plz|va que va|dale que va|sweet as|sweet|righto|right-o|cool|grand|lovely|brilliant|spot on|de una|"
    r"sale y vale|orale|sounds grand|nice one"
)
_DENY_WORDS = (
    r"no|nop|nope|nah|no gracias|no thanks|no thank you|not really|negativo|para nada|mejor no|no quiero|"
    r"no hace falta|not now|ahora no|de momento no|por ahora no|dejalo|olvidalo|forget it|never mind|nevermind|"
    r"noo|no way|ni hablar|nada|nothing|nothing else|nada mas|eso es todo|that'?s all|that'?s it|no es necesario|"
    r"no need|no, thanks|no, gracias|tampoco|neither|no me interesa|not interested|no lo quiero|i don'?t want it|"
    r"asi esta bien|asi (?:ya )?esta bien|estamos bien|estoy bien|we'?re good|we are good|i'?m good|all set|"
    r"we'?re all set|we'?re fine|i'?m fine|no hace falta nada|ni de broma|dejalo asi|dejalo como esta|"
    r"you'?re (?:alright|all right|grand)|nah mate|nah,? (?:you'?re|we'?re|i'?m) (?:alright|good|fine)|"
    r"no te preocupes|don'?t worry|no worries"
)
_POLITE_TAIL = r"(?:[ ,]+(?:please|pls|plz|por favor|porfa|porfis|xfa|porfavor|bro|amigo|tio|mate))*"
# "ok gracias" closes a topic (thanks); "sí, gracias" answers a question (affirm).
_THANKS_TAIL = r"(?:[ ,]+(?:gracias|thanks|thank you|thx|ty))"

CUES: dict[str, list[tuple[float, str]]] = {
    "affirm": [
        # a polite word between two yeses too: "yeah mate, go for it", "sí porfa, adelante"
        (0.95, rf"^(?:{_AFFIRM_WORDS}){_POLITE_TAIL}(?:[ ,]+(?:{_AFFIRM_WORDS}){_POLITE_TAIL})*[ .!]*$"),
        (0.95, rf"^(?:si|yes|yep|yeah|claro|sure){_THANKS_TAIL}[ .!]*$"),
    ],
    "deny": [
        (0.96, rf"^(?:{_DENY_WORDS})(?:[ ,]+(?:{_DENY_WORDS}))*{_POLITE_TAIL}{_THANKS_TAIL}?[ .!]*$"),
        (
            0.96,
            r"^(?:no|nah|nope)[ ,]+(?:no hace falta|no (?:la|lo|las|los) necesit\w+|we don'?t need|i don'?t need|"
            r"(?:those|these|the) dates don'?t work|that doesn'?t work|no me sirve|no nos sirve|no nos va)\b",
        ),
    ],
    # A bare "help" / "ayuda" asks what the agent can do: the clarifying menu, not "thanks" (the model
    # otherwise hears "gracias por la ayuda").
    "unknown": [
        (
            0.9,
            r"^\W*(?:help|help me|ayuda|ayudame|menu|opciones|options|que puedes hacer|que haces|"
            r"what can you do|what do you do)\W*$",
        )
    ],
    "greeting": [
        (
            0.8,
            r"^(?:hola+|holi|holis|ola|buenas|buen dia|buenos dias|buenas tardes|buenas noches|hey|hi|hello|helo|"
            r"hiya|howdy|good morning|good afternoon|good evening|saludos|que tal|ey|hallo|morning)\b",
        ),
        (0.6, r"\b(?:hola|hello|hi there|buenos dias|buenas tardes|good morning)\b"),
    ],
    "goodbye": [
        (
            0.9,
            r"\b(?:adios|adeu|chao|chau|ciao|hasta luego|hasta pronto|nos vemos|bye|byebye|goodbye|good bye|"
            r"see you|see ya|cya|take care|hasta la proxima|hasta otra|que (?:tenga|tengas|vaya) (?:un )?buen "
            r"(?:dia|viaje)|have a (?:nice|good|great) (?:day|one|night|evening)|buen viaje|bye for now|"
            r"talk (?:to you )?later|hablamos|un saludo|saludos cordiales|me despido|nos despedimos|un abrazo|"
            r"abrazos|besos|cuidate|cuidense|speak soon|talk soon|chat soon|until next time|catch you later|"
            r"catch ya|laters|later(?:s)? mate|nos pillamos|nos vidrios|nos vemos pronto|hasta mañana|"
            r"i'?m off|me piro|me voy yendo|chau chau|flip side)\b",
        ),
        (0.85, r"^(?:buenas noches|good night|goodnight)[ .!]*$"),
    ],
    "thanks": [
        (
            0.85,
            r"\b(?:gracias|grax|grcs|graciass|thanks|thank you|thank u|thx|thanx|thnx|ty|cheers|agradecid[oa]|"
            r"appreciate it|muy amable|very kind|mil gracias|many thanks|tq)\b",
        )
    ],
    "check_availability": [
        (
            # a message that opens with the arrival date, with no word of a change: "llegamos el 20 de mayo",
            # "arriving on the 3rd, 2 nights" (a stay being planned; "ya no llegamos el jueves" is a change)
            0.8,
            r"^(?!.*\b(?:en vez|en lugar|instead|cambi\w*|change\w*|ya no|al final|finalmente|now|ahora|mov\w*|"
            r"reserva|reservation|booking|not|no)\b)(?:(?:hola|hi|hello|buenas|hey)\W+)?"
            r"(?:llegamos|llego|llegaremos|llegariamos|llegaria|we arrive|we'?re arriving|arriving|we'?ll arrive|"
            r"i arrive|i'?m arriving|we'?d arrive|i'?d arrive) (?:el |on |the |on the |este |this |next |el proximo )?"
            r"(?:\d|lunes|martes|miercoles|jueves|viernes|sabado|domingo|monday|tuesday|wednesday|thursday|friday|"
            r"saturday|sunday|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
        ),
        (
            # a follow-up on the search being shown: "y para 4 noches en vez de 2?", "and for 3 people?"
            0.92,
            r"^(?:y|and|what about|y si|y para|and for|how about)\b.{0,25}\b\d{1,2} ?(?:noches|nights|personas|people|"
            r"adults|adultos|pax)\b|^(?:y|and) (?:para|for) (?:el|la|the|next|this|este|esta)\b",
        ),
        (
            0.85,
            r"\b(?:disponibilidad|disponible|disponibles|available|availability|vacancy|vacancies|hay sitio|"
            r"hay hueco|hay plazas?|quedan? (?:alguna |algunas )?habitacion(?:es)?|"
            r"(?:tienen|tienes|teneis|hay|tendrian|tendrias|habria|hay alguna) (?:una |alguna |algo de |algo )?"
            r"(?:habitacion|habitaciones|hab|cuarto|libre|sitio|doble|individual|suite)|"
            r"(?:have|got) (?:a |any |an )?(?:rooms?|free rooms?|availability|double|single|suite|twin)|"
            r"any rooms?|rooms? (?:free|left|open|available)|is there (?:a |any )?room|are there (?:any )?rooms|"
            r"a room for|room for|habitacion para|habitaciones para|libres? para|free (?:for|on|from)|"
            r"buscando (?:una )?habitacion|looking for a room|need a room|necesito (?:una )?habitacion|"
            r"quisiera (?:una )?habitacion|queria (?:una )?habitacion|quiero (?:una )?habitacion|"
            r"want a room|would like a room|can we stay|podemos alojarnos|podriamos alojarnos|alojamiento|"
            r"anything (?:for|on|from|free|open|available|left)|(?:tienen|teneis|tendrian|hay) algo (?:para|libre)"
            r")\b",
        ),
        (
            # the price of a stay with an extra: "y con desayuno cuánto sería?"
            0.9,
            r"\b(?:(?:y |and )?(?:con|with) (?:el |la )?(?:desayuno|breakfast|media pension|half board|parking)\b"
            r".{0,25}\b(?:cuanto|how much|precio|price)|(?:cuanto|how much)\b.{0,30}\b(?:con|with) (?:el |la )?"
            r"(?:desayuno|breakfast|media pension|half board))\b",
        ),
        (0.6, r"\b(?:libre|libres|free|open)\b"),
    ],
    "room_options": [
        (
            0.95,
            r"\b(?:dan a la calle|face the street|facing the street|street-facing|interiores o exteriores|"
            r"interior o exterior|quiet side|lado tranquilo|cabe una cun\w*|fit a (?:cot|crib))\b",
        ),
        (
            0.86,
            r"\b(?:que (?:tipos? de |clase de )?habitaciones (?:tienen|tienes|teneis|hay|ofrecen)|tipos? de "
            r"habitacion(?:es)?|que habitaciones|what (?:kind|kinds|type|types|sort) of rooms?|room types?|"
            r"what rooms|which rooms|rooms do you (?:have|offer)|opciones de habitacion|diferencia entre|"
            r"difference between|como (?:es|son) (?:la|las) (?:habitacion|habitaciones|suite|doble|individual)|"
            r"what(?:'s| is) the (?:suite|double|single|twin|family room|room) like|(?:what|how) (?:are|is) the rooms? like|"
            r"tell me about the (?:rooms|"
            r"suite)|fotos?|photos?|pictures?|pics|cuantas camas|how many beds|que vistas|what view|vistas|"
            r"view|balcon|balcony|terraza|metros|square (?:meters|feet)|how big|como de grande|que tan grande|"
            r"capacidad|capacity|cuanta gente cabe|caben|how many (?:people|guests) (?:fit|can)|max(?:imum)? "
            r"(?:occupancy|people)|lista de precios|price list|precios de las habitaciones|room prices|"
            r"rooms? (?:and|&) (?:prices|rates)|habitaciones y precios|que incluye la (?:suite|habitacion|doble)|"
            r"what does the (?:suite|room|double) include|cama supletoria|extra bed|cuna|crib|cot|"
            r"mas barata|cheapest|mas economica|best room|la mejor habitacion|room options|"
            r"fit in(?:to)? (?:the|a|one)|"
            r"(?:tiene|tienen|have|has|is there|are there|hay) (?:a |an |una |un )?(?:banera|bathtub|bath|ducha|"
            r"shower|escritorio|desk|minibar|nevera|fridge|cafetera|kettle|coffee (?:machine|maker)|caja fuerte|"
            r"safe|sofa(?: cama| bed)?|microondas|microwave|cocina|kitchen(?:ette)?|plancha|iron|secador|"
            r"hair ?dryer|armario|wardrobe|closet|jacuzzi|hot tub|literas?|bunk ?beds?|cunas?|cunitas?|cots?|"
            r"cribs?|bano propio|private bathroom|own bathroom)|literas?|bunk ?beds?|bano (?:propio|privado|compartido)|"
            r"(?:private|shared|own) bathroom|en ?-?suite|m2|metros cuadrados|es amplia|how spacious|comunicadas|interconnecting|connecting rooms|adjoining rooms|"
            r"dan a la calle|face the street|interiores|exteriores|interior o exterior|quiet side|lado tranquilo|"
            r"cabe una cuna|fit a cot|fit a crib)\b",
        ),
    ],
    "make_reservation": [
        (
            0.88,
            r"\b(?:reservar|reservarla|reservarlo|reservame|reservadme|reservamos|reservo|reserve|"
            r"quiero (?:hacer )?(?:una|la) reserva|hacer (?:una |la )?reserva|hacer la reservacion|"
            r"book|bok|i(?:'d| would) like to book|want to book|book it|make a (?:reservation|booking)|"
            r"reservation for|lo reservo|la reservo|me la quedo|me lo quedo|me quedo con|nos quedamos con|"
            r"i'?ll take|i will take|we'?ll take|quedo con|apartar|go ahead and book|booking for|"
            r"quiero la (?:primera|segunda|tercera|doble|suite|individual)|la (?:primera|segunda|tercera) opcion|"
            r"the (?:first|second|third) (?:one|option)|confirmar (?:la )?reserva|confirm (?:the )?booking|"
            r"formalizar|proceed|procede|procedamos|me (?:la|lo) reservas?|nos (?:la|lo) reservas?|reservamel[ao]|"
            r"reservanosl[ao]|(?:go|going) ahead with (?:the|a|that|this)|seguimos adelante con|"
            r"let'?s go with|vamos con (?:la|el)|pencil (?:me|us) in|hold (?:the|a|that|this) (?:room|suite|double|"
            r"single|twin|family room)|me (?:guardas|guardan|guardais|aparta|apartas) (?:la|el|una)|"
            r"guardame (?:la|el|una)|separar(?:la|lo|me|nos)?|separame(?:l[ao])?|separanos(?:l[ao])?|"
            r"(?:me|nos) (?:la|lo) (?:separas|separan|separais|apartas|apartan)|(?:la|lo) separo|"
            r"(?:me|nos) (?:separas|separan|separa) (?:la|el|una)|apartame(?:l[ao])?|confirm the (?:room|suite|double|single|twin|family room|rate|price|offer)"
            r"(?: you)? quoted|secure (?:the|a) (?:room|booking)|lock (?:it|that|the room) in|la otra|el otro|"
            r"the other one)\b",
        ),
        (0.8, r"^(?:book|reservar|reserve|select|offer|option)_\d+$"),
    ],
    "modify_reservation": [
        (
            0.95,
            r"\b(?:switch|swap|change|move|pasar\w*|cambiar\w*) (?:us |me )?(?:to|a) (?:a |an |una |la |the )?"
            r"(?:single|double|twin|suite|family room|individual|doble|familiar)\b",
        ),
        (
            0.93,
            r"\b(?:cambiar|modificar|cambio|modificacion|change|modify|move|amend|update|mover|pasar|adelantar|"
            r"retrasar|postpone|reschedule|posponer|switch|swap|push|bring forward|cambiarnos|pasarnos)\b.{0,40}"
            r"\b(?:reserva|reservation|booking|fechas?|dates?|"
            r"llegada|salida|arrival|departure|estancia|stay|check ?-?in date|check ?-?out date|noches|nights|"
            r"personas|adultos|people|guests|adults|ninos|kids|habitacion doble|room type|tipo de habitacion|"
            r"a una (?:doble|suite|individual|familiar)|to (?:a|the) (?:double|suite|single|twin|family))\b",
        ),
        (
            0.91,
            r"\b(?:extender|ampliar|alargar|extend|prolongar)\b.{0,30}\b(?:estancia|stay|reserva|booking|"
            r"noches?|nights?|dias?|days?)\b|\b(?:add|anadir|agregar|sumar)\b.{0,12}\b(?:night|noche|adult|"
            r"adulto|person|persona|guest|nino|child|kid)s?\b|\buna noche mas\b|\bone more night\b|"
            r"\banother night\b|\botra noche\b|\bquedarnos (?:un dia|una noche|2 noches|dos noches) mas\b|"
            r"\ben vez del?\b|\binstead of\b|\ben lugar del?\b|\bacortar\b|\bshorten\b|\buna noche menos\b|"
            r"\bstretch (?:my|our|the) (?:stay|booking)\b|\b(?:cambien|cambia|cambie|cambiar|change|update)\b.{0,25}"
            r"\b(?:nombre|name)\b|\bpasar(?:nos|me)? a (?:una |la )?(?:individual|doble|suite|familiar)\b|"
            r"\b(?:put|move) the (?:booking|reservation) (?:under|in)\b|\binto (?:our|my|the) (?:booking|reservation)\b|"
            r"\b(?:shift|move|push) (?:it|that|ha-\w+|my booking|our booking)\b|"
            r"\b(?:corregir|corrigen|corrige|corrijan|correct|fix) (?:la |my |mi |the )?(?:reserva|booking|reservation)\b|"
            r"\bme corrigen\b|"
            r"\b(?:pasala|pasalo|pasarla|pasarlo|muevela|muevelo|cambiala|cambialo)\b|"
            r"\b(?:cambia\w*|swap|switch|change)\b.{0,20}\b(?:por|for) (?:dos |two |2 |una |a |an |un )?(?:individual\w*|"
            r"doble\w*|single\w*|double\w*|twin\w*|suite\w*|familiar\w*)|"
            r"\b(?:put|add|anadir|agregar|poner|pon|meter|incluir)\b.{0,25}\b(?:on|to|in|en|a) (?:the|my|our|la|mi) "
            r"(?:booking|reservation|reserva)\b|"
            r"\b\d{1,2}(?:st|nd|rd|th)?,? (?:not|no|en vez del?|instead of) (?:the |el )?\d|"
            r"\b(?:an extra night|a further night|una noche extra|noche adicional)\b|"
            r"\b(?:be|ser) (?:moved|changed|shifted|postponed|movida|cambiada|pasada)\b|"
            r"\b(?:change|move|shift|cambiar|mover|pasar)\w*(?: (?:it|that|them|la|lo|esto|eso))?\b.{0,25}\b(?:to|a|para|al) "
            r"(?:arrive|leave|llegar|salir|the \d|el \d|\d)|"
            r"\b(?:lunes|martes|miercoles|jueves|viernes|sabado|domingo|monday|tuesday|wednesday|thursday|friday|"
            r"saturday|sunday),? (?:not|no|en vez del?|instead of) (?:el |on )?(?:lunes|martes|miercoles|jueves|"
            r"viernes|sabado|domingo|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
            r"\bone night less\b|\bcut (?:my|our|the) stay short\b|\bahora somos \d|\bnow (?:it'?s|we'?re|we are) \d"
            r"|\b\d{1,2} (?:personas|people|adultos|adults|guests)(?: now| ahora)?,? (?:no|not) \d{1,2}\b"
            r"|\b(?:add|anadir|agregar|sumar|incluir|include)\b.{0,30}\b(?:to|a|en) (?:(?:my|our|the|mi|nuestra|la) )?"
            r"(?:reserva|booking|reservation)\b",
        ),
        (
            0.93,
            r"\b(?:reserva|reservation|booking)\b.{0,30}\b(?:cambiar|pasar|mover|modificar|change|move|modify|"
            r"update|postpone|posponer|retrasar|adelantar)\b",
        ),
        (0.6, r"\b(?:cambiar|modificar|change|modify|update|actualizar|actualiza)\b"),
    ],
    "cancel_reservation": [
        (
            0.93,
            r"\b(?:cancelar|cancela|cancelo|cancelen|cancelad|cancel|cancell?ing|anular|anula|anulen|"
            r"call off|cancelarla|cancelarlo|cancelacion de (?:mi|la) reserva|dar de baja|darla de baja|"
            r"den de baja|de baja (?:la|mi) reserva|scrap (?:the|my|our) (?:booking|reservation)|bin it|"
            r"forget (?:about )?(?:my|our|the) (?:\w+ )?(?:booking|reservation|room)|olvid\w+ de (?:mi|la|nuestra) reserva|"
            r"(?:me|nos) (?:la|lo) (?:pueden|puede|podeis) quitar|ya no necesito la habitacion|"
            r"(?:don'?t|do not|no longer) need the (?:room|booking)|"
            r"cancellation of (?:my|the) (?:booking|reservation)|ya no (?:vamos|voy|podemos|puedo) ir|"
            r"no podremos ir|can'?t make it|cannot make it|won'?t be (?:coming|able to come))\b",
        ),
    ],
    "cancellation_policy": [
        (
            0.96,
            r"\b(?:politica de cancelacion|politicas de cancelacion|cancellation policy|cancelation policy|"
            r"condiciones de cancelacion|cancellation (?:terms|conditions)|cancelacion gratuita|free cancell?ation|"
            r"cancel for free|cancelar gratis|cancelo gratis|cancelar sin (?:coste|costo|cargo|penalizacion|pagar)|"
            r"penalizacion|penalty|politica de anulacion|condiciones de anulacion|cancellation (?:fee|charge)|gastos de cancelacion|hasta cuando (?:se )?"
            r"(?:puedo|podemos|puede) cancelar|until when can (?:i|we) cancel|how late can (?:i|we) cancel|"
            r"if (?:i|we) cancel|si cancelo|si cancelamos|si tengo que cancelar|if i (?:have|need) to cancel|"
            r"reembolso|refund|reembolsable|refundable|devuelven el dinero|devolucion|non refundable|"
            r"cuanto antes (?:hay que|tengo que) cancelar|se puede cancelar|can (?:i|you|we) cancel (?:a|the) "
            r"booking later|what happens if (?:i|we) cancel|que pasa si cancelo|cobran (?:algo )?si cancelo|"
            r"me devuelven|nos devuelven|devuelven (?:la plata|el dinero|lo pagado)|(?:my|our|the) money back|"
            r"sin que (?:me|nos) cobren|without (?:being charged|a charge|a fee|a penalty|paying)|"
            r"(?:cuantos|how many) (?:dias|days|horas|hours) (?:antes|before)|how (?:long|far) in advance|"
            r"con cuanta antelacion|que gastos tiene cancelar|charges? for cancell?ing|cost to cancel|"
            r"cuesta cancelar|cancel(?:ar|ling|ing)? (?:con|with) (?:menos|less) (?:de|than)|antes de cancelar|"
            r"before (?:i|we) cancel|cuanto me cobrar\w*|how much (?:would|will|do) you charge|se puede anular|"
            r"no se devuelven|no reembolsable|pierdo todo|perdemos todo|lose everything|lose (?:my|our|the) money|"
            r"si me enfermo|if (?:i|we) get sick|travel insurance|seguro de cancelacion|pierdo algo|perdemos algo|"
            r"(?:do|would) (?:i|we) lose anything|refundable\?)\b",
        ),
    ],
    "reservation_status": [
        (
            0.9,
            r"\b(?:estado de (?:mi|la) reserva|mi reserva (?:esta|sigue|existe)|esta confirmada|"
            r"is (?:my|the) (?:booking|reservation) (?:confirmed|ok|still)|booking status|reservation status|"
            r"status of (?:my|the|our|(?:booking|reservation)\b)|(?:help|ayuda) (?:with|con) (?:my|mi|la|the) "
            r"(?:booking|reservation|reserva)|check (?:on )?my (?:booking|reservation)|ver (?:mi|la) reserva|consultar (?:mi |la )?"
            r"reserva|comprobar (?:mi |la )?reserva|revisar (?:mi |la )?reserva|confirmar (?:si|que) (?:mi|la) "
            r"reserva|tengo (?:una )?reserva|i have a (?:booking|reservation)|do you have my (?:booking|reservation)|"
            r"my (?:booking|reservation) (?:details|info)|detalles de (?:mi |la )?reserva|datos de (?:mi |la )?"
            r"reserva|confirmacion de (?:mi |la )?reserva|did (?:my|the) (?:booking|reservation) go through|"
            r"se hizo (?:la )?reserva|recibieron mi reserva|got my (?:booking|reservation)|"
            r"no (?:me )?ha llegado (?:la |el )?(?:confirmacion|email|correo)|"
            r"(?:haven'?t|didn'?t|not) (?:received|get|got) (?:a |the |my |any )?(?:confirmation|email)|"
            r"find my (?:booking|reservation)|look up my|para cuando es mi reserva|"
            r"when is my (?:booking|reservation)|que (?:dia|fechas|habitacion) (?:tengo|reserve)|"
            r"what (?:dates|room) (?:did i|do i have)|is everything (?:ok|fine) with my|"
            r"todo bien con (?:mi|la) reserva|esta todo bien con|sigue en pie|still on|esta a mi nombre|"
            r"under my name|quedo (?:hecha|confirmada|registrada|hecho)|went through|go through|"
            r"(?:confirmar|confirmarme|confirm|check|checking) (?:if|si|whether|that) (?:my|mi|la|our|the) "
            r"(?:booking|reservation|reserva)|"
            r"(?:mirar|ver|comprobar|revisar|check|look|see) (?:if|si|whether) (?:there'?s|there is|you have|"
            r"tienen|hay|teneis|existe) (?:a |una |any |alguna )?(?:reserva|booking|reservation)|"
            r"no confirmation|sin (?:email |correo )?(?:de )?confirmacion|still no (?:confirmation|email)|"
            r"tengo reservad[oa]|tenemos reservad[oa]|(?:i'?m|we'?re|i am|we are) booked|"
            r"esta todo (?:ok|bien)|all good\?|todo en orden con|(?:all|we'?re|are we) sorted for|"
            r"booked,? right|(?:se|si) (?:hizo|quedo) la reserva|no se si la reserva|"
            r"how many nights (?:have i|do i have|did i book)|cuantas noches (?:tengo|reserve)|"
            r"que (?:tipo de )?habitacion me (?:toco|dieron|asignaron)|what (?:kind of |type of )?room did (?:i|we) "
            r"(?:end up with|get|book)|para (?:q|que) (?:dia|fecha) es mi reserva|which (?:day|date|dates) is my "
            r"(?:booking|reservation)|(?:i'?ve|i have|we'?ve|we have) got a room booked|what room (?:type )?is on|"
            r"que (?:tipo de )?habitacion (?:tiene|hay en|es) (?:mi|la) reserva|que habitacion me (?:habeis|han) dado|"
            r"(?:which|what) room (?:am i|are we) in|(?:cuantas personas|how many (?:guests|people)) (?:puse|did i put|"
            r"are on|hay en)|esta pagada|(?:has|did) (?:it|the payment|my payment|the deposit|my deposit) (?:gone|go) "
            r"through|recibieron (?:el|mi) pago|(?:got|received) my (?:payment|deposit|transfer)|"
            r"any update on (?:my|the|our) (?:booking|reservation)|novedades (?:de|sobre|con) mi reserva)\b",
        ),
    ],
    "check_in_info": [
        (
            0.88,
            r"\b(?:check ?-?in|checkin|chekin|hora de (?:entrada|llegada)|a que hora (?:puedo|podemos|se puede) "
            r"(?:entrar|llegar|hacer el check)|cuando (?:puedo|podemos) (?:entrar|llegar)|"
            r"what time can (?:i|we) (?:arrive|check in|get the room)|when can (?:i|we) (?:check in|arrive|get)|"
            r"early check|llegar (?:antes|temprano|pronto)|arrive early|arrive before|arrive earlier|"
            r"entrada anticipada|"
            r"dejar (?:las )?(?:maletas|maleta|equipaje)|leave (?:my |our |the )?(?:bags|luggage|suitcases)|"
            r"consigna|luggage storage|store (?:our |my )?(?:bags|luggage)|llegada tarde|late arrival|"
            r"arrive late|arriving late|llegar tarde|llegaremos tarde|llegamos tarde|llego tarde|"
            r"reception open|recepcion (?:abierta|24)|24 ?h(?:oras|ours)?|que documentos|what documents|"
            r"necesito (?:el )?(?:pasaporte|dni)|need (?:my |a )?(?:passport|id)|self check|"
            r"hora de llegada|arrival time|a partir de que hora|from what time|how do (?:i|we) get in\b|"
            r"(?:will|is) (?:someone|anyone|somebody) (?:be )?at (?:the )?(?:desk|reception)|"
            r"(?:habra|hay) alguien en (?:la )?recepcion|(?:podemos|puedo|se puede) entrar (?:ya|antes|directamente)|"
            r"can (?:we|i) (?:go in|get in|check in) (?:already|straight away|right away|early)|"
            r"(?:alguien|someone|somebody|anyone) (?:nos|me)? ?(?:abre|abrira|let us in|let me in)|let us in|"
            r"rock up|get into the room|la habitacion (?:estara|esta) lista|will the room be ready|"
            r"room (?:be )?ready (?:by|at|when)|aterriza\w* (?:tarde|tardisimo)|(?:desde|a partir de) (?:q|que) hora "
            r"(?:esta|estara) (?:disponible|lista) la habitacion|what time (?:are|is) (?:the )?rooms? ready|"
            r"(?:dia|day) (?:q|que|we) (?:llegamos|arrive)|deposito|fianza|deposit|guardan? (?:el |las |nuestro |"
            r"nuestras )?(?:equipaje|maletas)|hold (?:our|my|the) (?:bags|luggage)|para el registro|at registration|"
            r"(?:what|que) (?:do you|necesitan)\b.{0,20}\b(?:registration|registro))",
        ),
    ],
    "check_out_info": [
        (
            0.97,
            r"\b(?:hasta que hora (?:nos podemos|me puedo|podemos|puedo) quedar|(?:leaving|we'?re leaving|nos vamos|"
            r"salimos) (?:\w+ )?(?:super |re |muy |really )?(?:early|temprano)\b.{0,40}\b(?:reception|recepcion|"
            r"what do we do|como hacemos|que hacemos|key|llave))",
        ),
        (
            0.87,
            r"\b(?:check ?-?out|checkout|chekout|hora de salida|a que hora (?:hay que|tengo que|tenemos que|debo|"
            r"debemos|es la) (?:salir|dejar|salida|irnos)|when (?:is|do i|do we|must i|should we|should i) "
            r"(?:check ?-?out|leave|vacate)|dejar la habitacion|leave the room|vacate|entregar (?:la )?llave|"
            r"return the key|hand in the key|departure time|hasta que hora (?:es|podemos|puedo) (?:la habitacion|"
            r"quedarnos|quedarme)|by what time (?:do|must|should) (?:i|we) leave|dia de salida|ultimo dia|"
            r"(?:on )?the last day|al irme|al irnos|al salir|when (?:i|we) leave|when leaving|buzon|"
            r"drop (?:off )?the key|key (?:drop|box)|drop box|hand (?:back|in) the keys?|return the keys?|"
            r"(?:devolver|entregar|dejar) (?:la |las )?(?:llaves?|tarjetas?)|how long do (?:i|we) have the room|"
            r"hasta q(?:ue)? hora tenemos la habitacion|pay (?:at|on|when) (?:check ?-?out|departure|leaving)|"
            r"(?:como|donde) (?:se )?pag[oa] al (?:irme|irnos|salir)|cutoff for leaving|cut-?off (?:time )?for "
            r"(?:leaving|check ?-?out)|(?:leaving|nos vamos|salimos) (?:super |re |muy )?(?:early|temprano)|"
            r"antes de que abra (?:la )?recepcion|before reception opens|final morning|ultima manana|"
            r"a (?:q|que) hora hay (?:q|que) salir|(?:factura|the bill|invoice)\b.{0,25}\b(?:manana|tomorrow|al "
            r"salir|when (?:i|we) leave|check ?-?out|que me voy))\b",
        ),
        (
            0.95,
            r"\b(?:maletas|equipaje|luggage|bags)\b.{0,40}\b(?:despues del? (?:check ?-?out|salir)|after "
            r"(?:checking out|check ?-?out|we check out))\b",
        ),
    ],
    "late_checkout": [
        (
            0.95,
            r"\b(?:late check ?-?out|late checkout|salida tardia|salir (?:mas )?tarde|check ?-?out (?:mas )?tarde|"
            r"check ?-?out tardio|quedarnos (?:un poco|unas horas|hasta)|quedarme (?:un poco|unas horas|hasta)|"
            r"dejar la habitacion (?:mas )?tarde|stay (?:a bit |a little |a few hours )?longer in the room|"
            r"leave (?:a bit |a little )?later|check ?-?out later|later check ?-?out|extend (?:my |our |the )?"
            r"check ?-?out|retrasar (?:la )?(?:salida|hora de salida)|delay (?:the |my |our )?check ?-?out|"
            r"keep the room (?:until|till|a bit)|salir a las (?:1[3-8]|[1-6])|check ?-?out at (?:[1-6]|1[3-8])"
            r"(?: ?pm)?|hasta las (?:1[3-8]|[1-6])\b.{0,20}\b(?:habitacion|room)|until [1-6] ?pm|"
            r"hang on to the room|hold (?:on to )?the room (?:until|till)|stay in the room (?:until|till)|"
            r"quedarnos en la habitacion hasta|rather than (?:noon|midday|12)|en vez de a las 12|late c/?o|"
            r"estirar\w* (?:un poco|un poquito|un rato)|stretch it (?:out )?(?:a bit|a little)|"
            r"stay (?:till|until) [1-6] on (?:our|the) last day|quedarnos (?:hasta las|mas tiempo) el (?:ultimo|dia de salida)|"
            r"salir (?:un (?:poco|poquito|rato) )?mas tarde|seguir en la habitacion|check ?-?out (?:a (?:bit|little) )?later|"
            r"hang onto the room|a las (?:1[3-8]|[1-6])h? en vez de (?:las )?12|at [1-6] ?pm instead of (?:12|noon)|"
            r"leave at [1-6] ?pm instead|(?:nos )?quedamos en la habitacion hasta)\b",
        ),
    ],
    "amenities": [
        (
            0.7,
            r"\b(?:servicios|instalaciones|facilities|amenities|que incluye|what'?s included|que ofrecen|"
            r"what do you offer|hotel (?:has|have|tiene)|el hotel tiene|contrasena|password|clave del wifi|"
            r"a que hora (?:es|abre|cierra) el|what time (?:is|does) (?:the )?(?:breakfast|pool|gym|spa|"
            r"restaurant|bar)|horario del?|opening hours|admiten|allowed|se permiten|permitido|pet friendly)\b",
        ),
        (
            0.9,
            r"\b(?:tienen|teneis|hay|ofrecen|do you (?:do|have|offer)|is there an?|any) (?:servicio de )?"
            r"(?:traslados?|transfers?|shuttles?|(?:airport )?pick ?-?ups?)\b",
        ),
    ],
    "location": [
        (
            0.87,
            r"\b(?:donde (?:esta|estan|estais|queda|quedan|se encuentra)|ubicacion|ubicados|direccion|address|"
            r"where (?:is|are) (?:the hotel|you|it|your hotel)|where are you|location|located|"
            r"como (?:llego|llegar|se llega|puedo llegar|podemos llegar|ir)|how (?:do i|can i|do we|can we|to) "
            r"get|llegar (?:al hotel )?desde|get (?:there|to the hotel|to you)|from the airport|desde el aeropuerto|"
            r"desde la estacion|from the (?:train )?station|mapa|map|google maps|ubicacion exacta|"
            r"how far|que tan lejos|a que distancia|distancia|distance|lejos del|far from|cerca del? "
            r"(?:centro|playa|aeropuerto|estacion|metro)|close to the|near the|en que zona|what area|"
            r"which neighbou?rhood|barrio|coordenadas|pin|ubicacion por whatsapp|la dire|tu dire|su dire|"
            r"(?:from|de) [a-z]+ (?:to yours|to you|hasta ustedes|hasta el hotel)|to yours|where r u|where are u)\b",
        ),
        (
            0.65,
            r"\b(?:aeropuerto|airport|estacion|station|metro|taxi|autobus|bus|centro|downtown|playa|beach|"
            r"nearby|cerca)\b",
        ),
    ],
    "report_issue": [
        (
            0.92,
            r"\b(?:no funciona|no funcionan|no va|no anda|no enciende|no enfria|no calienta|no abre|no cierra|"
            r"roto|rota|rotos|rotas|estropeado|estropeada|averiado|averiada|broken|not working|doesn'?t work|"
            r"does not work|isn'?t working|is not working|won'?t (?:work|turn on|open|close)|stopped working|"
            r"don'?t work|aren'?t working|tengo un problema|hay un problema|i have a problem|there'?s a problem|"
            r"problem with|problema con|queja|quejarme|complain|complaint|reclamacion|reclamar|ruido|noise|"
            r"noisy|ruidoso|ruidosos|sucio|sucia|sucios|dirty|cucaracha|cockroach|bichos|bugs|chinches|bed ?bugs|"
            r"mal olor|huele mal|smells|bad smell|gotera|leak|leaking|fuga|no hay agua caliente|no hot water|"
            r"agua fria|atascado|atascada|clogged|blocked|no sale agua|no towels|faltan toallas|sin toallas|"
            r"no hay toallas|no hay papel|no toilet paper|locked out|me he quedado fuera|nos hemos quedado fuera|"
            r"mal servicio|bad service|terrible|horrible|awful|desastre|unacceptable|inaceptable|"
            r"hace (?:mucho )?(?:frio|calor) en la habitacion|too (?:hot|cold) in|freezing|congelando|"
            r"no limpiaron|not cleaned|wasn'?t cleaned|no han limpiado|inundad[oa]|flood|mojad[oa]|"
            r"fallo|falla|no tenemos agua|sin agua|sin luz|no power|no electricity|"
            r"se ha ido la luz|atrapado|stuck|molestando|disturbing|vecinos|neighbou?rs|fiesta|party next door|"
            r"no tiene senal|sin senal|no hay senal|no signal|pantalla negra|black screen|se ve negro|"
            r"va (?:muy |super )?lent[oa]|lentisim[oa]|(?:very|painfully|super|really|so|too) slow|"
            r"out of order|fuera de servicio|se corta|keeps (?:dropping|disconnecting|cutting out)|"
            r"(?:can|could) (?:someone|somebody) (?:look at|check|fix|come and fix)|"
            r"(?:can|could) you (?:look at|fix|check) (?:it|this|that)\b(?! (?:is|if|for))|"
            r"(?:me|nos) (?:lo|la) (?:pueden|puede|podeis) (?:mirar|revisar|arreglar)|arreglar|arreglarlo|"
            r"sin poder conectar\w*|can'?t connect|cannot connect|(?:has been|is|went|been) down|esta caid[oa]|"
            r"se cayo|is dead|esta muert[oa]|pixelad[oa]|pixelated|dando golpes|banging|no hemos pegado ojo|"
            r"haven'?t slept|can'?t sleep|no podemos dormir|huele a tabaco|smells? (?:of|like) smoke|"
            r"melting|nos morimos de calor|nos estamos asando|freezing cold|no tiene pilas|no batteries|"
            r"no (?:me|nos|le) (?:funciona|funcionan|va|anda|carga|enciende|sale)|(?:isn'?t|not|won'?t|doesn'?t) "
            r"(?:cooling|heating|cool|heat|draining|flushing)|se cae|was a joke|todo frio|everything (?:was )?cold|"
            r"cobrado dos veces|charged (?:me |my card )?twice|double[- ]charged|cobro doble|doble cobro|"
            r"hair on the)\b",
        ),
        (
            0.96,
            r"\b(?:manchas?|manchad[oa]s?|stains?|stained|pelos en|hair in the|sabanas sucias|dirty sheets)\b",
        ),
        (
            0.6,
            r"\b(?:toallas|towels|papel higienico|toilet paper|almohadas?|pillows?|mantas?|blankets?|"
            r"necesitamos|we need|need more|traer|bring|ducha|shower|bano|toilet|grifo|tap|bombilla|"
            r"llave|key card|tarjeta|ascensor|elevator|lift|limpieza|cleaning|housekeeping)\b",
        ),
    ],
    "human_handoff": [
        (
            0.93,
            r"\b(?:hablar con (?:una persona|alguien|un humano|un agente|recepcion|el gerente|un responsable|"
            r"una persona real|el encargado|la encargada|un empleado|personal)|persona real|humano|human|"
            r"agente|agent|operador|operadora|operator|real person|someone real|actual person|"
            r"talk to (?:someone|somebody|a person|a human|reception|the manager|staff|a real)|"
            r"speak (?:to|with) (?:someone|somebody|a person|a human|reception|the manager|staff|a real)|"
            r"representante|representative|manager|gerente|encargado|llamame|llamenme|llamadme|call me|"
            r"puede(?:n)? llamarme|can (?:someone|you|somebody) call me|(?:me )?(?:puede|pueden|podeis|podria) "
            r"llamar|quiero (?:una )?persona|"
            r"no eres (?:una )?persona|are you a (?:bot|robot)|eres un (?:bot|robot|robotito)|bot|robot|"
            r"atencion al cliente|customer service|pasame con|pasadme con|ponme con|put me through|me pasas con|"
            r"me pasan con|me pones con|persona (?:q|que) me (?:pueda )?(?:atien|aten)\w+|someone (?:to|who can) (?:help|attend) me|"
            r"transfer me|connect me|contact (?:a|the) (?:person|staff|reception|hotel)|"
            r"contactar con (?:el hotel|alguien|recepcion)|numero de telefono|phone number|telefono del hotel|"
            r"(?:recepcionista|receptionist|someone|somebody|alguien|una persona|a person|staff|personal|"
            r"empleado|employee|anyone|anybody) (?:disponible|available)|(?:anyone|someone) (?:on|at) the front desk|"
            r"comunic\w* con (?:la gerencia|el gerente|recepcion|alguien|una persona|el encargado)|gerencia|"
            # one of the hotel's people, never a companion: "a colleague of yours", "un compañero tuyo"
            r"(?:colleague|coworker|co-worker|workmate|companero|companera|colega)s? (?:of yours|tuyos?|tuyas?|"
            r"suyos?|suyas?|de ustedes|vuestros?|vuestras?)|(?:someone|somebody|anyone) (?:from|on|of|in) your team|"
            r"alguien de (?:su|tu|vuestro) equipo)\b",
        ),
        (0.6, r"\b(?:recepcion|reception|front desk|recepcionista|receptionist)\b"),
    ],
}

COMPILED: dict[str, list[tuple[float, re.Pattern[str]]]] = {
    intent: [(weight, re.compile(pattern)) for weight, pattern in cues] for intent, cues in CUES.items()
}

# Words the typo corrector may snap misspellings to: every literal word of five letters or more in the cues.
VOCABULARY: frozenset[str] = frozenset(
    word
    for cues in CUES.values()
    for _, pattern in cues
    for word in re.findall(r"[a-z]{5,}", pattern.replace("\\b", " "))
)

PRICE_QUESTION = re.compile(
    r"\b(?:cuanto (?:cuesta|sale|vale|seria|costaria|es|cobran)|how much|precio|precios|price|prices|rate|rates|"
    r"tarifa|tarifas|cost|costs|coste|costo)\b"
)
