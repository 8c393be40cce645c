"""Answers from the hotel profile (times, late check-out, amenities, location, policies) and room options."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from hotel_agent.channels.types import Reply
from hotel_agent.orchestrator import replies as r
from hotel_agent.orchestrator.context import Context
from hotel_agent.orchestrator.references import kinds_in_text

LATE_CHECKOUT_WORDS = ("late", "tarde", "tardío", "tardio")


CHECK_IN_WORDS = re.compile(r"\b(?:check[- ]?in|entrada|entrar|llegada|arrival)\b", re.IGNORECASE)
CHECK_OUT_WORDS = re.compile(r"\b(?:check[- ]?out|salida|salir|departure)\b", re.IGNORECASE)


async def check_in_info(ctx: Context) -> Reply:
    text = r.say("check_in_info", ctx.language, time=ctx.profile.check_in_time)
    if ctx.profile.early_check_in is not None:
        text = f"{text} {ctx.profile.early_check_in.get(ctx.language)}"
    if CHECK_OUT_WORDS.search(ctx.text):  # "what time are check-in and check-out?": both
        text = f"{text} {r.say('check_out_info', ctx.language, time=ctx.profile.check_out_time)}"
    return Reply(text)


async def check_out_info(ctx: Context) -> Reply:
    text = r.say("check_out_info", ctx.language, time=ctx.profile.check_out_time)
    if CHECK_IN_WORDS.search(ctx.text):
        text = f"{r.say('check_in_info', ctx.language, time=ctx.profile.check_in_time)} {text}"
    if ctx.profile.late_checkout.available:
        text = f"{text} {_late_checkout_text(ctx)}"
    return Reply(text)


async def late_checkout(ctx: Context) -> Reply:
    if not ctx.profile.late_checkout.available:
        return r.text_reply("late_checkout_unavailable", ctx.language, time=ctx.profile.check_out_time)
    return Reply(_late_checkout_text(ctx))


async def amenities(ctx: Context) -> Reply:
    profile, language = ctx.profile, ctx.language
    answers = amenity_answers(ctx)
    if not answers:
        names = r.format_list([a.name.get(language) for a in profile.amenities], language)
        return r.text_reply("amenities_list", language, hotel=profile.name, names=names)
    return Reply("\n".join(answers))


def amenity_answers(ctx: Context) -> list[str]:
    """What the profile says of each amenity the message names (or that the hotel lacks it)."""
    profile, language = ctx.profile, ctx.language
    asked = ctx.entities.get("amenities") or [ctx.entities.get("amenity")]
    wanted = [str(word) for word in asked if isinstance(word, str) and word.strip()]
    if not wanted:  # "can I bring my dog?": the amenity named by one of the profile's own words
        return [amenity.description.get(language) for amenity in profile.amenities_in_text(ctx.text)]
    answers = []
    for word in wanted:
        amenity = profile.find_amenity(word)
        if amenity is not None:
            answers.append(amenity.description.get(language))
        else:
            names = r.format_list([a.name.get(language) for a in profile.amenities], language)
            missing = word.strip().replace("_", " ")
            answers.append(r.say("amenity_missing", language, amenity=missing, names=names))
    return answers


async def location(ctx: Context) -> Reply:
    place = ctx.profile.location
    text = r.say(
        "location",
        ctx.language,
        address=place.address,
        city=place.city,
        country=place.country,
        directions=place.directions.get(ctx.language),
    )
    return Reply(f"{text}\n{place.maps_url}" if place.maps_url else text)


async def cancellation_policy(ctx: Context) -> Reply:
    return r.text_reply(
        "cancellation_policy", ctx.language, policy=ctx.profile.cancellation_policy.get(ctx.language)
    )


async def contact(ctx: Context) -> Reply:
    return r.text_reply(
        "contact", ctx.language, phone=ctx.profile.contact.phone, email=ctx.profile.contact.email
    )


async def room_options(ctx: Context) -> Reply:
    language = ctx.language
    lines = [r.say("room_options_header", language), *await room_lines(ctx)]
    lines.append(r.say("room_options_footer", language))
    return Reply("\n".join(lines), [r.button("check_availability", language)])


async def room_lines(ctx: Context) -> list[str]:
    """One line per room type (only those the message names, if it names any): capacity, what a night
    costs the guest, and what the room is like."""
    language = ctx.language
    rooms = await ctx.rooms.all()
    named = kinds_in_text(ctx.text, rooms)
    prices = await ctx.rooms.nightly_prices(ctx.today)
    lines = []
    for room in rooms:
        if named and room.kind not in named:
            continue
        described = ctx.profile.room_descriptions.get(room.kind)
        capacity = r.format_guests(room.max_adults, room.max_children, language)
        price = prices.get(room.id)
        lines.append(
            r.say(
                "room_option_line" if price is not None else "room_option_line_no_price",
                language,
                room=room.name,
                capacity=capacity,
                price=r.format_price(price, ctx.profile.currency, language) if price is not None else "",
                description=f" — {described.get(language)}" if described else "",
            )
        )
    return lines


def _late_checkout_text(ctx: Context) -> str:
    policy, language = ctx.profile.late_checkout, ctx.language
    fee = (
        r.say("late_checkout_fee", language, fee=r.format_price(policy.fee, ctx.profile.currency, language))
        if policy.fee
        else ""
    )
    text = r.say(
        "late_checkout_available", language, until=policy.until or ctx.profile.check_out_time, fee=fee
    )
    return f"{text} {policy.note.get(language)}" if policy.note else text


HANDLERS: dict[str, Callable[[Context], Awaitable[Reply]]] = {
    "check_in_info": check_in_info,
    "check_out_info": check_out_info,
    "late_checkout": late_checkout,
    "amenities": amenities,
    "location": location,
    "cancellation_policy": cancellation_policy,
    "contact": contact,
    "room_options": room_options,
}
