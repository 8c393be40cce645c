"""The console's words in Spanish and English. The language is the `console_lang` cookie (set by the switch
in the header), else the browser's Accept-Language, else Spanish."""

from __future__ import annotations

import re
from typing import Literal

from starlette.requests import Request

Lang = Literal["es", "en"]
LANG_COOKIE = "console_lang"

# key: (es, en). `{name}` placeholders are filled by t(key, name=...).
MESSAGES: dict[str, tuple[str, str]] = {
    "title": ("Consola del hotel", "Hotel console"),
    "login": ("Entrar", "Log in"),
    "logout": ("Salir", "Log out"),
    "email": ("Correo electrónico", "E-mail"),
    "password": ("Contraseña", "Password"),
    "login_failed": ("Correo o contraseña incorrectos.", "Wrong e-mail or password."),
    "login_locked": (
        "Demasiados intentos fallidos. Vuelve a intentarlo en {minutes} min.",
        "Too many failed attempts. Try again in {minutes} min.",
    ),
    "login_form_expired": (
        "El formulario caducó; vuelve a enviarlo.",
        "The form expired; please submit it again.",
    ),
    "session_expired": (
        "Tu sesión ha caducado. Entra de nuevo: tu respuesta se ha guardado y no se ha enviado.",
        "Your session has expired. Log in again: your reply was kept and has not been sent.",
    ),
    "kept_reply": ("Respuesta guardada (sin enviar)", "Kept reply (not sent)"),
    "inbox": ("Bandeja", "Inbox"),
    "ops": ("Operaciones", "Operations"),
    "audit": ("Registro de auditoría", "Audit log"),
    "search": ("Buscar", "Search"),
    "search_hint": (
        "huésped, nombre, nº de reserva o texto",
        "guest, name, booking number or text",
    ),
    "needs_person": ("Necesita una persona", "Needs a person"),
    "late_or_dlq": ("Respondido tarde / en DLQ", "Answered late / in DLQ"),
    "any_language": ("Cualquier idioma", "Any language"),
    "any_channel": ("Cualquier canal", "Any channel"),
    "filter": ("Filtrar", "Filter"),
    "clear": ("Quitar filtros", "Clear filters"),
    "no_conversations": ("No hay conversaciones.", "No conversations."),
    "unread": ("sin leer", "unread"),
    "held_by": ("Atendida por {name}", "Held by {name}"),
    "bot_paused": ("Bot en pausa", "Bot paused"),
    "live": ("En directo", "Live"),
    "conversation": ("Conversación", "Conversation"),
    "guest": ("Huésped", "Guest"),
    "channel": ("Canal", "Channel"),
    "language": ("Idioma", "Language"),
    "history": ("Historial", "History"),
    "guest_said": ("Huésped", "Guest"),
    "agent_said": ("Agente", "Agent"),
    "staff_said": ("{name} (personal)", "{name} (staff)"),
    "voice_note": ("Nota de voz (transcripción)", "Voice note (transcript)"),
    "holding_reply": ("Respuesta de espera", "Holding reply"),
    "notice": ("Aviso", "Notice"),
    "status_dead_lettered": ("En la DLQ: aún sin respuesta", "In the DLQ: not answered yet"),
    "status_answered_late": ("Respondido tarde (DLQ)", "Answered late (DLQ)"),
    "status_failed": ("Sin respuesta: el proceso falló", "Not answered: processing failed"),
    "understood": ("Lo que entendió el agente", "What the agent understood"),
    "understood_then_hint": (
        "la lectura del motor de NLP cuando el agente respondió este mensaje",
        "the NLP engine's reading when the agent answered this message",
    ),
    "read_now": ("leído ahora, no en su momento", "read now, not at the time"),
    "read_now_hint": (
        "Este mensaje no guarda la lectura de su turno (es anterior, o lo atendía una persona): es la "
        "lectura del motor ahora, que puede no ser la que usó el agente.",
        "This message has no stored reading from its turn (written before readings were kept, or held by "
        "a person): this is the engine's reading now, which may not be the one the agent acted on.",
    ),
    "decided_acted": ("actuó según esta lectura", "acted on this reading"),
    "decided_clarified": ("preguntó qué quería decir", "asked which reading was meant"),
    "decided_handed_off": ("pasó al huésped a una persona", "handed the guest to a person"),
    "decided_held": (
        "El agente no lo leyó: una persona atendía la conversación.",
        "The agent did not read it: a person held the conversation.",
    ),
    "alternatives": ("Lecturas posibles", "Possible readings"),
    "provider_id": ("Id de WhatsApp", "WhatsApp id"),
    "intent": ("Intención", "Intent"),
    "confidence": ("Confianza", "Confidence"),
    "entities": ("Entidades", "Entities"),
    "corrected_as": ("Corregido por el personal: {intent}", "Corrected by staff: {intent}"),
    "correct": ("Corregir", "Correct"),
    "save_correction": ("Guardar corrección", "Save correction"),
    "correction_saved": (
        "Corrección guardada (no cambia el motor; se exporta para evaluarlo).",
        "Correction saved (it does not change the engine; it is exported to evaluate it).",
    ),
    "handoff_reason": ("Motivo del traspaso", "Handoff reason"),
    "no_handoff": ("El agente atiende esta conversación.", "The agent is answering this conversation."),
    "bookings": ("Reservas en el PMS", "Bookings in the PMS"),
    "no_bookings": (
        "Ninguna reserva conocida en esta conversación.",
        "No booking known in this conversation.",
    ),
    "pms_unavailable": ("El PMS no responde ahora.", "The PMS is not answering now."),
    "take_over": ("Tomar la conversación", "Take over"),
    "take_from": ("Quitársela a {name}", "Take it from {name}"),
    "held_by_other": (
        "{name} atiende esta conversación desde {since}. ¿Quieres quitársela?",
        "{name} has held this conversation since {since}. Take it from them?",
    ),
    "you_hold": (
        "Atiendes tú esta conversación; el bot está en pausa.",
        "You hold this conversation; the bot is paused.",
    ),
    "hand_back": ("Devolver al agente", "Hand back to the agent"),
    "reply": ("Responder", "Reply"),
    "send": ("Enviar", "Send"),
    "reply_needs_take_over": ("Toma la conversación para responder.", "Take over the conversation to reply."),
    "reply_empty": ("La respuesta está vacía.", "The reply is empty."),
    "reply_too_long": (
        "La respuesta tiene {length} caracteres; el máximo es {limit}.",
        "The reply has {length} characters; the limit is {limit}.",
    ),
    "reply_taken": (
        "{name} tomó esta conversación; tu respuesta no se ha enviado y sigue aquí.",
        "{name} took this conversation; your reply was not sent and is still here.",
    ),
    "reply_not_held": (
        "Ya no atiendes esta conversación; tu respuesta no se ha enviado y sigue aquí.",
        "You no longer hold this conversation; your reply was not sent and is still here.",
    ),
    "window_template": (
        "Han pasado más de 24 h desde el último mensaje del huésped: WhatsApp solo acepta la plantilla "
        "aprobada «{template}», que llevará tu texto.",
        "More than 24 h since the guest's last message: WhatsApp only accepts the approved template "
        "'{template}', which will carry your text.",
    ),
    "window_closed": (
        "Han pasado más de 24 h desde el último mensaje del huésped y no hay plantilla configurada "
        "(HOTEL_AGENT_WHATSAPP_LATE_TEMPLATE_NAME): WhatsApp no entregará una respuesta.",
        "More than 24 h since the guest's last message and no template is configured "
        "(HOTEL_AGENT_WHATSAPP_LATE_TEMPLATE_NAME): WhatsApp will not deliver a reply.",
    ),
    "whatsapp_not_configured": (
        "El envío por WhatsApp no está configurado (HOTEL_AGENT_WHATSAPP_ACCESS_TOKEN y "
        "HOTEL_AGENT_WHATSAPP_PHONE_NUMBER_ID): la respuesta no puede salir.",
        "WhatsApp sending is not configured (HOTEL_AGENT_WHATSAPP_ACCESS_TOKEN and "
        "HOTEL_AGENT_WHATSAPP_PHONE_NUMBER_ID): the reply cannot go out.",
    ),
    "send_failed": (
        "WhatsApp rechazó la respuesta ({detail}); no se ha enviado y sigue aquí.",
        "WhatsApp refused the reply ({detail}); it was not sent and is still here.",
    ),
    "chat_delivery": (
        "La respuesta llegará al chat del huésped en su próxima consulta.",
        "The reply reaches the guest's chat on its next poll.",
    ),
    "sent": ("Respuesta enviada.", "Reply sent."),
    "notes": ("Notas internas", "Internal notes"),
    "notes_hint": ("Solo las ve el personal.", "Only staff see them."),
    "add_note": ("Añadir nota", "Add note"),
    "note_empty": ("La nota está vacía.", "The note is empty."),
    "note_too_long": (
        "La nota tiene más de {limit} caracteres.",
        "The note has more than {limit} characters.",
    ),
    "draft": ("Borrador del agente", "Agent's draft"),
    "draft_hint": (
        "Lo que respondería el agente (no se envía nada ni se ejecuta ninguna reserva); edítalo y envíalo.",
        "What the agent would reply (nothing is sent, no booking action runs); edit it and send it.",
    ),
    "draft_action": (
        "El agente haría ahora en el PMS: {action}. No se ha ejecutado.",
        "The agent would now do in the PMS: {action}. Not executed.",
    ),
    "draft_failed": (
        "El agente no pudo preparar un borrador: {detail}",
        "The agent could not draft: {detail}",
    ),
    "not_found": ("No existe esa conversación.", "No such conversation."),
    "admins_only": ("Solo para administradores.", "Admins only."),
    "dlq": ("Cola de mensajes fallidos (DLQ)", "Dead-letter queue (DLQ)"),
    "permanent_failures": ("Fallos permanentes", "Permanent failures"),
    "retry": ("Reintentar", "Retry"),
    "purge": ("Eliminar", "Purge"),
    "replay": ("Reencolar", "Replay"),
    "resolve": ("Resolver", "Resolve"),
    "purge_older": ("Eliminar las de más de (horas)", "Purge those older than (hours)"),
    "reason": ("Motivo", "Reason"),
    "retries": ("Reintentos", "Retries"),
    "next_retry": ("Próximo intento", "Next retry"),
    "empty": ("Nada.", "Nothing."),
    "breaker": ("Disyuntor del PMS", "PMS circuit breaker"),
    "state": ("Estado", "State"),
    "force_open": ("Forzar abierto", "Force open"),
    "force_closed": ("Forzar cerrado", "Force closed"),
    "reset": ("Reiniciar", "Reset"),
    "faults": ("Inyección de fallos (simulador)", "Fault injection (simulator)"),
    "faults_qloapps": ("Sin simulador: el PMS es QloApps.", "No simulator: the PMS is QloApps."),
    "apply": ("Aplicar", "Apply"),
    "alerts": ("Alertas recibidas", "Alerts received"),
    "done": ("Hecho: {what}", "Done: {what}"),
    "failed": ("No se pudo: {what}", "Could not: {what}"),
    "retry_all": ("Reintentar todas", "Retry all"),
    "breaker_closed": ("cerrado", "closed"),
    "breaker_open": ("abierto", "open"),
    "breaker_half_open": ("semiabierto", "half-open"),
    "breaker_forced": ("forzado: {state}", "forced {state}"),
    "breaker_stats": (
        "{streak} fallos seguidos · ventana de {calls} llamadas, {rate} % fallidas",
        "{streak} failures in a row · window of {calls} calls, {rate} % failed",
    ),
    "half_open_in": ("semiabierto en {seconds} s", "half-open in {seconds} s"),
    "mode": ("Modo", "Mode"),
    "mode_ok": ("normal", "normal"),
    "mode_down": ("caído", "down"),
    "mode_error": ("errores", "errors"),
    "mode_slow": ("lento", "slow"),
    "alert": ("Alerta", "Alert"),
    "severity": ("Gravedad", "Severity"),
    # Results of the operations page's actions (ops.py: a key and its values travel in the redirect).
    "ops_retried": ("reintento de {id}: {result}", "retry {id}: {result}"),
    "ops_retried_detail": ("reintento de {id}: {result} ({detail})", "retry {id}: {result} ({detail})"),
    "ops_result_success": ("respondido", "success"),
    "ops_result_failure": ("falló otra vez; se reintentará", "failed again; it will be retried"),
    "ops_result_permanent": ("falló: pasa a fallos permanentes", "failed: moved to permanent failures"),
    "ops_result_lost": (
        "otro proceso la tomó o se eliminó antes de anotar el resultado",
        "another process took it or it was purged before the result was recorded",
    ),
    "ops_result_deferred": (
        "aplazado: el PMS sigue sin responder (disyuntor abierto)",
        "deferred: the PMS is still not answering (breaker open)",
    ),
    "ops_purged": ("entrada {id} eliminada", "entry {id} purged"),
    "ops_retry_all_done": (
        "{count} entradas programadas para reintentar ya",
        "{count} entries scheduled to retry now",
    ),
    "ops_purged_older": (
        "{count} entradas de más de {hours} h eliminadas",
        "{count} entries older than {hours} h purged",
    ),
    "ops_hours_number": ("las horas deben ser un número", "hours must be a number"),
    "ops_hours_negative": ("las horas deben ser 0 o más", "hours must be 0 or more"),
    "ops_replayed": ("fallo {id} reencolado como {entry}", "failure {id} replayed as {entry}"),
    "ops_resolved": ("fallo {id} marcado como resuelto", "failure {id} marked resolved"),
    "ops_not_found": ("{id}: no existe (¿ya se procesó?)", "{id}: not found (handled already?)"),
    "ops_busy": (
        "{id}: un proceso la está reintentando ahora mismo",
        "{id}: a worker is retrying it right now",
    ),
    "ops_already_queued": ("{id}: el mensaje ya está en la cola", "{id}: the message is already queued"),
    "ops_no_dlq": (
        "la cola de mensajes fallidos no está configurada",
        "the dead-letter queue is not configured",
    ),
    "ops_no_simulator": (
        "la inyección de fallos necesita el simulador del PMS",
        "fault injection needs the PMS simulator",
    ),
    "ops_breaker_done": ("disyuntor — {action}: ahora {state}", "breaker — {action}: now {state}"),
    "ops_faults_done": ("fallos del simulador: {mode} {settings}", "simulator faults: {mode} {settings}"),
    "ops_faults_invalid": ("valores de fallos no válidos: {detail}", "invalid fault values: {detail}"),
    "canned": ("Respuestas rápidas", "Canned responses"),
    "canned_hint": (
        "Textos que el equipo envía a menudo. En una conversación se insertan en la respuesta para editarlos "
        "antes de enviar; {name} se cambia por el nombre del huésped.",
        "Texts the team sends often. In a conversation they go into the reply box to edit before sending; "
        "{name} becomes the guest's name.",
    ),
    "canned_add": ("Nueva respuesta rápida", "New canned response"),
    "canned_title": ("Título", "Title"),
    "canned_text": ("Texto", "Text"),
    "canned_insert": ("Insertar", "Insert"),
    "canned_saved": ("Respuesta rápida guardada.", "Canned response saved."),
    "canned_empty": ("Faltan el título o el texto.", "The title or the text is missing."),
    "canned_title_too_long": (
        "El título tiene más de {limit} caracteres.",
        "The title has more than {limit} characters.",
    ),
    "delete": ("Borrar", "Delete"),
    "save": ("Guardar", "Save"),
    "when": ("Cuándo", "When"),
    "who": ("Quién", "Who"),
    "what": ("Qué", "What"),
    "target": ("Sobre", "On"),
    "export_corrections": ("Exportar correcciones (JSON lines)", "Export corrections (JSON lines)"),
    "forbidden": ("Petición rechazada: {why}", "Request refused: {why}"),
}


# The handoff reasons the agent and the console write (orchestrator/handlers/small_talk.py, actions.py), in
# the page's language; any other reason is shown as written.
REASONS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"guest asked for a person"), "el huésped pidió una persona", "guest asked for a person"),
    (re.compile(r"issue reported: (?P<x>.*)", re.S), "incidencia comunicada: {x}", "issue reported: {x}"),
    (
        re.compile(r"not understood (?P<x>\d+) times in a row"),
        "no entendido {x} veces seguidas",
        "not understood {x} times in a row",
    ),
    (
        re.compile(r"taken over by (?P<x>.*) in the console", re.S),
        "{x} la tomó en la consola",
        "taken over by {x} in the console",
    ),
)


def handoff_reason(lang: Lang, reason: str) -> str:
    for pattern, es, en in REASONS:
        if found := pattern.fullmatch(reason):
            return (en if lang == "en" else es).format(**found.groupdict())
    return reason


def language_of(request: Request) -> Lang:
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in ("es", "en"):
        return "en" if chosen == "en" else "es"
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in ("es", "en"):
            return "en" if code == "en" else "es"
    return "es"


def translate(lang: Lang, key: str, **values: object) -> str:
    pair = MESSAGES.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text
