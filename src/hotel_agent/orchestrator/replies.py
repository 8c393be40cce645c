"""Every guest-facing text, in Spanish and English, and how prices, dates and guests are written.

Handlers never write prose themselves: they call `say(key, language, **values)` or one of the builders
below, so tone and translations live in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from hotel_agent.channels.types import Button, Reply
from hotel_agent.nlp.types import Language

# WhatsApp reply buttons: at most 3, titles at most 20 characters.
MAX_BUTTONS = 3
MAX_BUTTON_TITLE = 20

TEXTS: dict[str, dict[Language, str]] = {
    # --- small talk --------------------------------------------------------------------------
    "greeting": {
        "es": "¡Hola! Soy el asistente virtual de {hotel}. Puedo consultar disponibilidad y precios, "
        "hacer, cambiar o cancelar tu reserva y resolver dudas del hotel. ¿En qué te ayudo?",
        "en": "Hi! I'm the virtual assistant of {hotel}. I can check availability and prices, make, change "
        "or cancel your booking and answer questions about the hotel. How can I help?",
    },
    "goodbye": {
        "es": "¡Gracias por escribirnos! Aquí estaré si necesitas algo más. 👋",
        "en": "Thanks for writing to us! I'm here if you need anything else. 👋",
    },
    "thanks": {
        "es": "¡Con gusto! ¿Hay algo más en lo que pueda ayudarte?",
        "en": "You're welcome! Is there anything else I can help with?",
    },
    "anything_else": {
        "es": "¿En qué más puedo ayudarte?",
        "en": "What else can I help you with?",
    },
    "clarify": {
        "es": "Para no equivocarme: ¿qué necesitas?",
        "en": "Just to be sure I get it right: what do you need?",
    },
    "fallback": {
        "es": "Perdona, no estoy seguro de haber entendido. Puedo consultar disponibilidad y precios, "
        "gestionar tu reserva (hacerla, cambiarla, cancelarla o ver su estado) y contarte sobre horarios, "
        "servicios, ubicación y políticas del hotel. ¿Qué necesitas?",
        "en": "Sorry, I'm not sure I understood. I can check availability and prices, handle your booking "
        "(make, change, cancel it or check its status) and tell you about the hotel's times, amenities, "
        "location and policies. What do you need?",
    },
    # --- handoff -----------------------------------------------------------------------------
    "handoff": {
        "es": "De acuerdo, te paso con una persona de nuestro equipo. Te responderá por aquí en breve.",
        "en": "Sure, I'm passing you to a member of our team. They'll reply here shortly.",
    },
    "handoff_confused": {
        "es": "Parece que no te estoy entendiendo bien, disculpa. Le pedí a una persona de nuestro equipo "
        "que te responda por aquí en breve.",
        "en": "I'm sorry, I don't seem to be understanding you. I've asked a member of our team to reply "
        "here shortly.",
    },
    "report_issue": {
        "es": "Siento mucho el inconveniente. Ya avisé al equipo del hotel y una persona te escribirá por "
        "aquí en breve para resolverlo.",
        "en": "I'm very sorry about that. I've let the hotel team know and someone will write to you here "
        "shortly to sort it out.",
    },
    "complaint_unanswered": {
        "es": "Siento mucho que no te hayan atendido, y gracias por decírnoslo. Aquí te atiendo yo: puedo "
        "consultar disponibilidad y precios, hacer o gestionar tu reserva y contarte sobre el hotel. ¿En qué te "
        "ayudo?",
        "en": "I'm really sorry nobody got back to you, and thank you for telling us. I can help you right here: "
        "availability and prices, making or managing a booking, and anything about the hotel. What can I do for "
        "you?",
    },
    "complaint_elsewhere": {
        "es": "¡Vaya, cuánto lo siento! Con gusto te ayudo a encontrar una habitación con nosotros.",
        "en": "Oh no, I'm so sorry to hear that! I'd be glad to help you find a room with us.",
    },
    # --- availability ------------------------------------------------------------------------
    "ask_dates": {
        "es": "¡Claro! ¿Para qué fechas? Dime el día de llegada y de salida (por ejemplo, «del 3 al 5 de "
        "marzo») o la llegada y cuántas noches.",
        "en": 'Sure! For which dates? Tell me your arrival and departure days (for example, "March 3 to 5") '
        "or your arrival and how many nights.",
    },
    "date_order": {
        "es": "Solo para asegurarme de reservar las fechas correctas: ¿te refieres a {first} o a {second}?",
        "en": "Just to be sure I book the right dates: do you mean {first} or {second}?",
    },
    "ask_check_out": {
        "es": "Llegada el {check_in}. ¿Hasta qué día te quedas, o cuántas noches?",
        "en": "Arriving {check_in}. Until which day are you staying, or how many nights?",
    },
    "ask_guests": {
        "es": "¿Cuántas personas se hospedan? (adultos y, si vienen, niños)",
        "en": "How many guests will be staying? (adults and, if any, children)",
    },
    "party_unclear": {
        "es": "Perdona, quiero contaros bien a todos: ¿cuántos adultos y cuántos niños sois? (por ejemplo, "
        "«2 adultos y 1 niño»)",
        "en": "Sorry, I want to count everyone right: how many adults and how many children are coming? (for "
        'example, "2 adults and 1 child")',
    },
    "dates_unclear": {
        "es": "Perdona, no estoy seguro de haber leído bien las fechas. ¿Me las escribes así: «del 22 al 24 de "
        "mayo»?",
        "en": 'Sorry, I\'m not sure I read the dates right. Could you write them like this: "May 22 to 24"?',
    },
    "date_in_past": {
        "es": "Esa fecha ya pasó 🙂 ¿Para qué fechas buscas? Dime llegada y salida.",
        "en": "That date has already passed 🙂 Which dates are you looking for? Tell me arrival and departure.",
    },
    "dates_reversed": {
        "es": "La salida tiene que ser después de la llegada. ¿Me confirmas las fechas?",
        "en": "Departure has to be after arrival. Could you confirm the dates?",
    },
    "too_far_ahead": {
        "es": "Por ahora solo puedo reservar hasta un año por adelantado. ¿Me das otras fechas?",
        "en": "For now I can only book up to a year ahead. Could you give me other dates?",
    },
    "stay_too_long": {
        "es": "Por aquí puedo reservar estancias de hasta {max_nights} noches. Para estancias más largas te "
        "paso con el equipo si quieres; o dime otras fechas.",
        "en": "Here I can book stays of up to {max_nights} nights. For longer stays I can pass you to the "
        "team if you like, or tell me other dates.",
    },
    "too_many_guests": {
        "es": "Para grupos de más de {max_guests} personas te ayuda mejor nuestro equipo. ¿Quieres que te "
        "pase con una persona?",
        "en": "For groups of more than {max_guests} guests our team can help you best. Shall I pass you "
        "to a person?",
    },
    "offers_header": {
        "es": "Disponibilidad {stay}, {guests}:",
        "en": "Availability {stay}, {guests}:",
    },
    "offer_line": {
        "es": "• {room}: {nightly} por noche · {total} en total",
        "en": "• {room}: {nightly} per night · {total} total",
    },
    "price_per_room": {
        "es": "{price} por habitación y noche",
        "en": "{price} per room per night",
    },
    "offers_footer": {
        "es": "¿Cuál quieres reservar?",
        "en": "Which one would you like to book?",
    },
    "one_room_type_per_booking": {
        "es": "Ojo: cada reserva es de un solo tipo de habitación, así que {kinds} irían en reservas separadas. Estas "
        "son las opciones para {rooms} del mismo tipo; si prefieres separarlas, dime cuál reservamos primero y para "
        "cuántas personas.",
        "en": "Note: each booking is for one room type, so {kinds} would be separate bookings. These are the options "
        "for {rooms} of one type; if you'd rather split them, tell me which one to book first and for how many "
        "people.",
    },
    "only_kind_asked_shown": {
        "es": "Te muestro solo la {room_type}, como pediste (si prefieres otra o la más barata de todas, te las enseño todas).",
        "en": "Only the {room_type} is shown, as you asked (for another one or the cheapest of all, I'll show you every room).",
    },
    "every_room_shown": {
        "es": "Antes te mostré solo la {room_type}; estas son todas las habitaciones libres:",
        "en": "I had shown only the {room_type}; these are all the rooms free:",
    },
    "taken_of_every_room": {
        "es": "Antes te mostré solo la {room_type}; de todas las habitaciones libres, esa es la {room}.",
        "en": "I had shown only the {room_type}; of all the rooms free, that is the {room}.",
    },
    "requested_type_unavailable": {
        "es": "No me queda {room_type} para esas fechas, pero sí estas opciones:",
        "en": "I have no {room_type} left for those dates, but these are available:",
    },
    "no_availability": {
        "es": "Lo siento, no tenemos habitaciones disponibles {stay} para {guests}. ¿Quieres probar con "
        "otras fechas?",
        "en": "Sorry, we have no rooms available {stay} for {guests}. Would you like to try other dates?",
    },
    # --- booking -----------------------------------------------------------------------------
    "rooms_for_party": {
        "es": "Ninguna habitación es para {guests} a la vez, así que te busco {rooms} (los precios son por todas).",
        "en": "No single room takes {guests}, so I've looked for {rooms} (prices are for all of them).",
    },
    "ask_which_room": {
        "es": "¿Qué habitación quieres reservar?",
        "en": "Which room would you like to book?",
    },
    "which_room_again": {
        "es": "Perdona, no sé cuál de estas quieres:\n{offers}\nDime cuál (por ejemplo, la más barata o la segunda).",
        "en": "Sorry, I'm not sure which of these you mean:\n{offers}\nTell me which one (e.g. the cheapest or the "
        "second one).",
    },
    "not_caught": {
        "es": "Perdona, no he entendido eso y no he cambiado nada de tu reserva.",
        "en": "Sorry, I didn't follow that, and I haven't changed anything in your booking.",
    },
    "room_taken_price": {
        "es": ": {nightly} por noche, {total} en total",
        "en": ": {nightly} per night, {total} in total",
    },
    "ask_name": {
        "es": "Perfecto, {room} {stay}{price}. ¿A nombre de quién hago la reserva? (nombre y apellido)",
        "en": "Great, {room} {stay}{price}. Whose name should the booking be under? (first and last name)",
    },
    "ask_name_again": {
        "es": "¿Me dices el nombre y apellido de quien se hospeda?",
        "en": "Could you tell me the first and last name of the guest?",
    },
    # A slot asked again after a message that did not answer it: what was kept from it, and what is still missing.
    "noted_email": {
        "es": "Gracias, ya tengo tu correo ({email}).",
        "en": "Thanks, I've got your email ({email}).",
    },
    "noted_name": {
        "es": "Gracias, ya tengo tu nombre ({name}).",
        "en": "Thanks, I've got your name ({name}).",
    },
    "still_missing_name": {
        "es": "Solo me falta el nombre y apellido a nombre de quien hago la reserva.",
        "en": "I still need the first and last name the booking should be under.",
    },
    "still_missing_last_name": {
        "es": "Solo me falta tu apellido, {first_name}.",
        "en": "I still need your last name, {first_name}.",
    },
    "still_missing_email": {
        "es": "Solo me falta un correo electrónico para enviarte la confirmación.",
        "en": "I still need an email address to send the confirmation to.",
    },
    "still_missing_room": {
        "es": "Solo me falta saber qué habitación quieres (por ejemplo, la más barata o la segunda).",
        "en": "I still need to know which room you'd like (for example, the cheapest or the second one).",
    },
    "ask_last_name": {
        "es": "Gracias, {first_name}. ¿Y tu apellido?",
        "en": "Thanks, {first_name}. And your last name?",
    },
    "ask_email": {
        "es": "Gracias, {first_name}. ¿A qué correo electrónico te envío la confirmación?",
        "en": "Thanks, {first_name}. Which email address should I send the confirmation to?",
    },
    "invalid_email": {
        "es": "Ese correo no parece válido. ¿Me lo escribes de nuevo? (por ejemplo, nombre@correo.com)",
        "en": "That email doesn't look valid. Could you type it again? (for example, name@mail.com)",
    },
    "booking_summary": {
        "es": "Te confirmo los datos:\n• {room}, {rooms}\n• Llegada {check_in}, salida {check_out} ({nights})\n"
        "• {guests}\n• A nombre de {name} ({email})\n• Total: {total}\n{notes}¿Confirmo la reserva?",
        "en": "Here are the details:\n• {room}, {rooms}\n• Arrival {check_in}, departure {check_out} ({nights})\n"
        "• {guests}\n• Under {name} ({email})\n• Total: {total}\n{notes}Shall I confirm the booking?",
    },
    "summary_month_implied": {
        "es": "Ojo: el mes de las fechas ({month}) lo tomé de lo que hablamos antes; si no es así, dime las "
        "fechas.\n",
        "en": "Note: I took the month of the dates ({month}) from what we said earlier; if that's wrong, tell "
        "me the dates.\n",
    },
    "summary_guests_inferred": {
        "es": "Ojo: conté {guests} por lo que me dijiste; si no es así, dime cuántos sois.\n",
        "en": "Note: I counted {guests} from what you told me; if that's wrong, tell me how many you are.\n",
    },
    "correction_not_caught": {
        "es": "Perdona, no he entendido qué quieres cambiar, así que no he cambiado nada. Dime qué cambio (fechas, "
        "personas, habitación, nombre o correo). Esto es lo que tengo:",
        "en": "Sorry, I didn't catch what you'd like to change, so I haven't changed anything. Tell me what to "
        "change (dates, guests, room, name or email). This is what I have:",
    },
    "summary_yes_with_more": {
        "es": "Para no equivocarme, la reserva se hace exactamente así:",
        "en": "Just to be sure, the booking will be exactly this:",
    },
    "ask_children": {
        "es": "Mencionaste niños: ¿cuántos niños vienen, además de {adults}? (si no viene ninguno, dime «ninguno»)",
        "en": "You mentioned children: how many children are coming, besides {adults}? (if none, just say "
        '"none")',
    },
    "confirm_yes_no": {
        "es": "¿Me confirmas con un sí o un no?",
        "en": "Could you confirm with a yes or a no?",
    },
    "booking_confirmed": {
        "es": "¡Listo, tu reserva está confirmada! 🎉\nNúmero de reserva: {booking_id}\nTotal: {total}\n"
        "Te esperamos el {check_in}; el check-in es a partir de las {check_in_time}.",
        "en": "Done, your booking is confirmed! 🎉\nBooking number: {booking_id}\nTotal: {total}\n"
        "See you on {check_in}; check-in is from {check_in_time}.",
    },
    "amenity_for_the_stay": {
        "es": "Con {amenity} para {guests}, {stay}: {extra} más.",
        "en": "With {amenity} for {guests}, {stay}: {extra} more.",
    },
    "amenity_for_the_booking": {
        "es": "Con {amenity} para {guests}, {stay}: {extra} más; {room} quedaría en {total} en total.",
        "en": "With {amenity} for {guests}, {stay}: {extra} more; {room} would come to {total} in total.",
    },
    "no_room_has_it": {
        "es": "Ninguna de nuestras habitaciones tiene «{feature}», lo siento. Para tus fechas tengo:\n{offers}\n"
        "¿Cuál quieres reservar?",
        "en": "I'm sorry, none of our rooms has \u201c{feature}\u201d. For your dates I have:\n{offers}\n"
        "Which one would you like to book?",
    },
    "room_has": {
        "es": "Sí: {room}, {description}.",
        "en": "Yes: {room}, {description}.",
    },
    "draft_total": {
        "es": "{room}, {stay}, {guests}: {total} en total.",
        "en": "{room}, {stay}, {guests}: {total} in total.",
    },
    "room_described": {
        "es": "{room}: {description}.",
        "en": "{room}: {description}.",
    },
    "room_changed": {
        "es": "Hecho, cambio la habitación a {room}{description}.",
        "en": "Done, I've changed the room to {room}{description}.",
    },
    "change_not_applied": {
        "es": "Ojo: no he cambiado nada de tu reserva; si quieres otra habitación u otro cambio, dímelo.",
        "en": "Note: I haven't changed anything in your booking; if you'd like another room or another change, "
        "tell me.",
    },
    "room_kind_not_free": {
        "es": "No me queda {room_type} libre para esas fechas, así que no he cambiado la habitación.",
        "en": "I have no {room_type} free for those dates, so I haven't changed the room.",
    },
    "room_by_price_offered": {
        "es": "La habitación {which} {stay} es {room}: {nightly} por noche, {total} en total (elegiste {chosen}, "
        "{chosen_total}). ¿Cambio tu reserva a {room}?",
        "en": "The {which} room {stay} is {room}: {nightly} per night, {total} in total (you chose {chosen}, "
        "{chosen_total}). Shall I change your booking to {room}?",
    },
    "by_price_cheapest": {"es": "más económica", "en": "cheapest"},
    "by_price_dearest": {"es": "más cara", "en": "most expensive"},
    "room_kept": {
        "es": "De acuerdo, seguimos con {room}.",
        "en": "All right, we'll keep {room}.",
    },
    "requote": {
        "es": "Hecho, ahora es: {room}, {stay}, {guests}: {total} en total.",
        "en": "Done, it is now: {room}, {stay}, {guests}: {total} in total.",
    },
    "price_differs": {
        "es": "Ojo: el total que registró el hotel ({total}) no es el que te dije antes ({quoted}). Si no te "
        "cuadra, puedo cancelarla o pasarte con una persona del equipo.",
        "en": "Please note: the total the hotel recorded ({total}) is not the one I quoted ({quoted}). If "
        "that doesn't suit you, I can cancel it or pass you to a member of our team.",
    },
    "summary_held": {
        "es": "Sin problema, todavía no la hago. Cuando quieras, respóndeme «sí» a esto y la confirmo:",
        "en": "No problem, I haven't booked it yet. Whenever you're ready, just answer \"yes\" to this and I'll confirm it:",
    },
    "summary_nothing_changed": {
        "es": "Perfecto, no cambio nada. Todavía no la hice; si me respondes «sí», la confirmo:",
        "en": "Great, nothing changes. I haven't booked it yet; answer \"yes\" and I'll confirm it:",
    },
    "booking_declined": {
        "es": "De acuerdo, no hice la reserva. ¿Quieres ver otras fechas u otra habitación?",
        "en": "Okay, I haven't made the booking. Would you like to look at other dates or another room?",
    },
    "deferred": {
        "es": "¡Claro, sin prisa! No he reservado nada; guardo lo que hemos hablado. Cuando lo tengáis claro, "
        "escríbeme por aquí y seguimos.",
        "en": "Of course, take your time! I haven't booked anything; I'll keep what we've talked about. When "
        "you're ready, just write to me here and we'll carry on.",
    },
    "room_taken": {
        "es": "¡Vaya! Esa habitación se acaba de ocupar para esas fechas.",
        "en": "Oh no! That room has just been taken for those dates.",
    },
    "booking_rejected": {
        "es": "No pude completar la operación en nuestro sistema de reservas. ¿Quieres que te pase con una "
        "persona del equipo?",
        "en": "I couldn't complete that in our booking system. Would you like me to pass you to a member "
        "of our team?",
    },
    # --- manage ------------------------------------------------------------------------------
    "ask_reference_status": {
        "es": "Claro, ¿cuál es tu número de reserva?",
        "en": "Sure, what's your booking number?",
    },
    "ask_reference_cancel": {
        "es": "Entendido. ¿Cuál es el número de la reserva que quieres cancelar?",
        "en": "Understood. What's the number of the booking you'd like to cancel?",
    },
    "ask_reference_modify": {
        "es": "Claro. ¿Cuál es el número de la reserva que quieres cambiar?",
        "en": "Sure. What's the number of the booking you'd like to change?",
    },
    "booking_not_found": {
        "es": "No encuentro ninguna reserva con el número {booking_id}. ¿Me lo confirmas? Lo tienes en el "
        "correo de confirmación.",
        "en": "I can't find a booking with number {booking_id}. Could you check it? It's in your "
        "confirmation email.",
    },
    "ask_owner_email": {
        "es": "Para proteger los datos de nuestros huéspedes, ¿me dices el correo electrónico con el que se "
        "hizo la reserva {booking_id}?",
        "en": "To protect our guests' details, could you tell me the email address booking {booking_id} "
        "was made with?",
    },
    "owner_mismatch": {
        "es": "Lo siento, esos datos no coinciden. Revisa el número de reserva y el correo en tu email de "
        "confirmación y escríbeme el correo de nuevo, o si prefieres te paso con una persona del equipo.",
        "en": "Sorry, those details don't match. Please check the booking number and email in your "
        "confirmation email and type the email again, or I can pass you to a member of our team.",
    },
    "ownership_locked": {
        "es": "Lo siento, no puedo comprobar esa reserva por aquí. Una persona de nuestro equipo puede "
        "ayudarte con ella: ¿quieres que te pase con alguien?",
        "en": "Sorry, I can't verify that booking here. A member of our team can help you with it: would "
        "you like me to pass you to someone?",
    },
    "owner_email_declined": {
        "es": "Sin el correo de la reserva no puedo mostrarla ni cambiarla por aquí. Si quieres, te paso con "
        "una persona del equipo.",
        "en": "Without the booking's email I can't show or change it here. If you like, I can pass you to "
        "a member of our team.",
    },
    "booking_status": {
        "es": "Reserva {booking_id}: {status}.\n• {room}\n• {stay}\n• {guests}\n• Total: {total}",
        "en": "Booking {booking_id}: {status}.\n• {room}\n• {stay}\n• {guests}\n• Total: {total}",
    },
    "confirm_cancel": {
        "es": "Vas a cancelar la reserva {booking_id} ({room}, {stay}).\n{policy}\n¿Confirmas la "
        "cancelación?",
        "en": "You're about to cancel booking {booking_id} ({room}, {stay}).\n{policy}\nDo you confirm "
        "the cancellation?",
    },
    "cancelled": {
        "es": "Tu reserva {booking_id} quedó cancelada. Esperamos verte pronto en otra ocasión.",
        "en": "Your booking {booking_id} has been cancelled. We hope to see you another time.",
    },
    "cancel_declined": {
        "es": "Perfecto, tu reserva {booking_id} sigue en pie.",
        "en": "Great, your booking {booking_id} stays as it is.",
    },
    "not_active": {
        "es": "La reserva {booking_id} está {status}, así que ya no se puede cambiar ni cancelar.",
        "en": "Booking {booking_id} is {status}, so it can no longer be changed or cancelled.",
    },
    "ask_modification": {
        "es": "Tu reserva {booking_id} es {stay}, {guests}. ¿Qué quieres cambiar: las fechas o el número "
        "de personas?",
        "en": "Your booking {booking_id} is {stay}, {guests}. What would you like to change: the dates or "
        "the number of guests?",
    },
    "ask_new_dates": {
        "es": "¿Cuáles son las nuevas fechas de llegada y salida?",
        "en": "What are the new arrival and departure dates?",
    },
    "confirm_modify": {
        "es": "Cambio la reserva {booking_id} a: {stay}, {guests}. ¿Confirmas?",
        "en": "I'll change booking {booking_id} to: {stay}, {guests}. Do you confirm?",
    },
    "modified": {
        "es": "¡Hecho! Tu reserva {booking_id} ahora es {stay}, {guests}. Nuevo total: {total}.",
        "en": "Done! Your booking {booking_id} is now {stay}, {guests}. New total: {total}.",
    },
    "modify_declined": {
        "es": "De acuerdo, dejo la reserva {booking_id} como estaba.",
        "en": "Okay, I'll leave booking {booking_id} as it was.",
    },
    "modify_unavailable": {
        "es": "Lo siento, no hay disponibilidad para ese cambio. ¿Quieres probar con otras fechas?",
        "en": "Sorry, there's no availability for that change. Would you like to try other dates?",
    },
    # --- info --------------------------------------------------------------------------------
    "check_in_info": {
        "es": "El check-in es a partir de las {time}.",
        "en": "Check-in is from {time}.",
    },
    "check_out_info": {
        "es": "El check-out es hasta las {time}.",
        "en": "Check-out is until {time}.",
    },
    "late_checkout_available": {
        "es": "El check-out es hasta las {time}, y ofrecemos salida tardía hasta las {until}{fee}.",
        "en": "Check-out is until {time}, and we offer late check-out until {until}{fee}.",
    },
    "late_checkout_fee": {"es": " por {fee}", "en": " for {fee}"},
    "late_checkout_unavailable": {
        "es": "Lo siento, no ofrecemos salida tardía; el check-out es hasta las {time}.",
        "en": "Sorry, we don't offer late check-out; check-out is until {time}.",
    },
    "amenities_list": {
        "es": "En {hotel} tenemos: {names}. ¿Quieres detalles de alguno?",
        "en": "At {hotel} we have: {names}. Would you like details on any of them?",
    },
    "amenity_detail_unknown": {
        "es": "Ese detalle no te lo puedo confirmar por aquí (en recepción sí: {phone}); lo que sé:",
        "en": "I can't confirm that detail here (reception can: {phone}); what I can tell you:",
    },
    "amenity_price_unknown": {
        "es": "No tengo aquí los precios de {amenity}; en recepción te los dan: {phone} o {email}.",
        "en": "I don't have the prices for {amenity} here; reception can tell you: {phone} or {email}.",
    },
    "amenity_missing": {
        "es": "No contamos con {amenity}, lo siento. Lo que sí tenemos: {names}.",
        "en": "We don't have {amenity}, sorry. What we do have: {names}.",
    },
    "location": {
        "es": "Estamos en {address}, {city}, {country}. {directions}",
        "en": "We're at {address}, {city}, {country}. {directions}",
    },
    "cancellation_policy": {
        "es": "Nuestra política de cancelación: {policy}",
        "en": "Our cancellation policy: {policy}",
    },
    "reply_times": {
        "es": "Aquí te respondo a cualquier hora, todos los días, al momento. Si prefieres hablar con el hotel, "
        "puedes llamar al {phone} o escribir a {email}.",
        "en": "I answer here at any hour, every day, straight away. If you'd rather talk to the hotel, you can call "
        "{phone} or write to {email}.",
    },
    "contact": {
        "es": "Puedes llamarnos al {phone} o escribir a {email}.",
        "en": "You can call us at {phone} or write to {email}.",
    },
    "room_options_header": {
        "es": "Nuestras habitaciones:",
        "en": "Our rooms:",
    },
    "room_option_line": {
        "es": "• {room}: hasta {capacity}, {price} por noche{description}",
        "en": "• {room}: up to {capacity}, {price} per night{description}",
    },
    "room_offer_total": {
        "es": " ({total} en total para tus fechas)",
        "en": " ({total} in total for your dates)",
    },
    "room_option_line_no_price": {
        "es": "• {room}: hasta {capacity}{description}",
        "en": "• {room}: up to {capacity}{description}",
    },
    "prices_for_the_dates": {
        "es": "Precios {stay}, por habitación (impuestos y cargos incluidos):",
        "en": "Prices {stay}, per room (taxes and charges included):",
    },
    "up_to": {"es": "hasta {capacity}", "en": "up to {capacity}"},
    "kind_not_free_for_dates": {
        "es": "No me queda {room_type} libre {stay}; con cuántos sean te digo qué habitaciones tengo.",
        "en": "I have no {room_type} free {stay}; tell me how many you are and I'll show you what I have.",
    },
    "room_prices_header": {
        "es": "Precio por noche de cada habitación (impuestos y cargos incluidos; el total depende de las fechas):",
        "en": "Price per night of each room (taxes and charges included; the total depends on the dates):",
    },
    "room_options_footer": {
        "es": "¿Te busco disponibilidad para tus fechas?",
        "en": "Shall I check availability for your dates?",
    },
    "capacity_header": {
        "es": "Cuántas personas caben en cada habitación:",
        "en": "How many people each room takes:",
    },
    "capacity_line": {"es": "• {room}: hasta {capacity}", "en": "• {room}: up to {capacity}"},
    "capacity_fits": {
        "es": "Sí, {guests} caben en una sola habitación: {rooms}.",
        "en": "Yes, {guests} fit in one room: {rooms}.",
    },
    "capacity_other_room": {
        "es": "Para {guests} en una sola habitación: {rooms}.",
        "en": "For {guests} in one room: {rooms}.",
    },
    "capacity_several_rooms": {
        "es": "En una sola habitación no caben {guests}: la más grande, {room}, es para hasta {capacity}. "
        "Podéis reservar {rooms} y repartiros; te busco disponibilidad para {rooms} con tus fechas.",
        "en": "{guests} won't fit in one room: the largest, {room}, takes up to {capacity}. You can book "
        "{rooms} and split up; I can check availability for {rooms} for your dates.",
    },
    "taxes_unknown": {
        "es": "No tengo ese dato confirmado y no quiero darte uno equivocado: lo consulto con el equipo del "
        "hotel. Si prefieres, te paso con recepción para que te lo confirmen.",
        "en": "I don't have that confirmed and I'd rather not guess: I'll check with the hotel's team. If you "
        "prefer, I can pass you to reception to confirm it.",
    },
    "price_difference_less": {
        "es": "Son {difference} menos en total que {room} ({total}), la que tienes elegida.",
        "en": "That is {difference} less in total than the {room} you chose ({total}).",
    },
    "price_difference_more": {
        "es": "Son {difference} más en total que {room} ({total}), la que tienes elegida.",
        "en": "That is {difference} more in total than the {room} you chose ({total}).",
    },
    "resume_booking": {
        "es": "Seguimos con tu reserva: {question}",
        "en": "Back to your booking: {question}",
    },
}

BUTTON_TITLES: dict[str, dict[Language, str]] = {
    "check_availability": {"es": "Ver disponibilidad", "en": "Check availability"},
    "reservation_status": {"es": "Mi reserva", "en": "My booking"},
    "human_handoff": {"es": "Hablar con alguien", "en": "Talk to a person"},
    "affirm": {"es": "Sí", "en": "Yes"},
    "deny": {"es": "No", "en": "No"},
}

# One button per reading when the guest's message could mean several things (handlers/clarify.py).
READING_TITLES: dict[str, dict[Language, str]] = {
    "greeting": {"es": "Saludar", "en": "Just saying hi"},
    "goodbye": {"es": "Terminar", "en": "That's all"},
    "thanks": {"es": "Dar las gracias", "en": "Say thanks"},
    "affirm": {"es": "Sí", "en": "Yes"},
    "deny": {"es": "No", "en": "No"},
    "check_availability": {"es": "Ver disponibilidad", "en": "Check availability"},
    "room_options": {"es": "Tipos de habitación", "en": "Room types"},
    "make_reservation": {"es": "Hacer una reserva", "en": "Make a booking"},
    "modify_reservation": {"es": "Cambiar mi reserva", "en": "Change my booking"},
    "cancel_reservation": {"es": "Cancelar mi reserva", "en": "Cancel my booking"},
    "reservation_status": {"es": "Ver mi reserva", "en": "My booking"},
    "check_in_info": {"es": "Llegada/check-in", "en": "Check-in info"},
    "check_out_info": {"es": "Salida/check-out", "en": "Check-out info"},
    "late_checkout": {"es": "Salir más tarde", "en": "Late check-out"},
    "amenities": {"es": "Servicios", "en": "Hotel services"},
    "location": {"es": "Ubicación", "en": "Location"},
    "cancellation_policy": {"es": "Política de cancel.", "en": "Cancellation policy"},
    "report_issue": {"es": "Avisar un problema", "en": "Report a problem"},
    "human_handoff": {"es": "Hablar con alguien", "en": "Talk to a person"},
}

STATUS_NAMES: dict[str, dict[Language, str]] = {
    "confirmed": {"es": "confirmada", "en": "confirmed"},
    "cancelled": {"es": "cancelada", "en": "cancelled"},
    "completed": {"es": "completada", "en": "completed"},
    "refunded": {"es": "reembolsada", "en": "refunded"},
}

ROOM_KIND_NAMES: dict[str, dict[Language, str]] = {
    "single": {"es": "habitación individual", "en": "single room"},
    "double": {"es": "habitación doble", "en": "double room"},
    "twin": {"es": "habitación twin", "en": "twin room"},
    "suite": {"es": "suite", "en": "suite"},
    "family": {"es": "habitación familiar", "en": "family room"},
}

MONTHS: dict[Language, tuple[str, ...]] = {
    "es": (
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def say(key: str, language: Language, **values: object) -> str:
    return TEXTS[key][language].format(**values)


def button(key: str, language: Language) -> Button:
    return Button(id=key, title=BUTTON_TITLES[key][language])


def yes_no_buttons(language: Language) -> list[Button]:
    return [button("affirm", language), button("deny", language)]


def menu_buttons(language: Language) -> list[Button]:
    return [button(key, language) for key in ("check_availability", "reservation_status", "human_handoff")]


def truncate_title(title: str) -> str:
    return title if len(title) <= MAX_BUTTON_TITLE else title[: MAX_BUTTON_TITLE - 1].rstrip() + "…"


# --- formatting ------------------------------------------------------------------------------
def format_price(amount: Decimal | float | int | str, currency: str, language: Language) -> str:
    """'1.040,00 USD' in Spanish, 'USD 1,040.00' in English."""
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    grouped = f"{value:,.2f}"  # 1,040.00
    if language == "es":
        return f"{grouped.replace(',', '_').replace('.', ',').replace('_', '.')} {currency}"
    return f"{currency} {grouped}"


def format_date(day: date, language: Language) -> str:
    month = MONTHS[language][day.month - 1]
    if language == "es":
        return f"{day.day} de {month} de {day.year}"
    return f"{month} {day.day}, {day.year}"


def format_stay(check_in: date, check_out: date, language: Language) -> str:
    """'del 3 al 5 de marzo de 2026 (2 noches)' / 'March 3 to 5, 2026 (2 nights)'."""
    nights = (check_out - check_in).days
    es, en = MONTHS["es"], MONTHS["en"]
    if language == "es":
        night_word = "noche" if nights == 1 else "noches"
        if check_in.year != check_out.year:
            span = f"del {format_date(check_in, 'es')} al {format_date(check_out, 'es')}"
        elif check_in.month != check_out.month:
            span = (
                f"del {check_in.day} de {es[check_in.month - 1]} al {check_out.day} de "
                f"{es[check_out.month - 1]} de {check_out.year}"
            )
        else:
            span = f"del {check_in.day} al {check_out.day} de {es[check_in.month - 1]} de {check_in.year}"
        return f"{span} ({nights} {night_word})"
    night_word = "night" if nights == 1 else "nights"
    if check_in.year != check_out.year:
        span = f"{format_date(check_in, 'en')} to {format_date(check_out, 'en')}"
    elif check_in.month != check_out.month:
        span = (
            f"{en[check_in.month - 1]} {check_in.day} to {en[check_out.month - 1]} {check_out.day}, "
            f"{check_out.year}"
        )
    else:
        span = f"{en[check_in.month - 1]} {check_in.day} to {check_out.day}, {check_in.year}"
    return f"{span} ({nights} {night_word})"


WEEKDAYS: dict[Language, tuple[str, ...]] = {
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def format_day(day: date, language: Language) -> str:
    """'viernes 20 de marzo de 2026' / 'Friday, March 20, 2026': the weekday lets a guest catch a wrong date."""
    weekday = WEEKDAYS[language][day.weekday()]
    return (
        f"{weekday} {format_date(day, language)}"
        if language == "es"
        else f"{weekday}, {format_date(day, language)}"
    )


def format_nights(nights: int, language: Language) -> str:
    if language == "es":
        return f"{nights} {'noche' if nights == 1 else 'noches'}"
    return f"{nights} {'night' if nights == 1 else 'nights'}"


def format_rooms(rooms: int, language: Language) -> str:
    if language == "es":
        return f"{rooms} {'habitación' if rooms == 1 else 'habitaciones'}"
    return f"{rooms} {'room' if rooms == 1 else 'rooms'}"


def format_party(adults: int, children: int, language: Language) -> str:
    """Every count said, none left implied: '2 adultos, sin niños' / '2 adults, no children'."""
    if children:
        return format_guests(adults, children, language)
    if language == "es":
        return f"{format_guests(adults, 0, language)}, sin niños"
    return f"{format_guests(adults, 0, language)}, no children"


def format_guests(adults: int, children: int, language: Language) -> str:
    if language == "es":
        text = f"{adults} {'adulto' if adults == 1 else 'adultos'}"
        if children:
            text += f" y {children} {'niño' if children == 1 else 'niños'}"
        return text
    text = f"{adults} {'adult' if adults == 1 else 'adults'}"
    if children:
        text += f" and {children} {'child' if children == 1 else 'children'}"
    return text


def format_list(items: Sequence[str], language: Language) -> str:
    if len(items) <= 1:
        return "".join(items)
    conjunction = "y" if language == "es" else "and"
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def room_kind_name(kind: str, language: Language) -> str:
    return ROOM_KIND_NAMES.get(kind, {}).get(language, kind)


def status_name(status: str, language: Language) -> str:
    return STATUS_NAMES.get(status, {}).get(language, status)


def text_reply(key: str, language: Language, buttons: list[Button] | None = None, **values: object) -> Reply:
    return Reply(text=say(key, language, **values), buttons=buttons or [])
