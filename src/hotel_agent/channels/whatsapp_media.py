"""Fetch a WhatsApp media file: look it up in the Graph API, then download it, both with the access token.

`GET {api_base}/{media_id}` answers `{"url", "mime_type", "file_size", ...}`; the url (valid a few minutes)
needs the same bearer token. The size is checked against the limit three times: the declared file_size
(no download at all), the download's Content-Length (the body is not read) and the bytes actually
received (the download stops as soon as the limit is passed).

Error messages name the host and status only: never the token, never the signed download URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

MEDIA_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,128}$")


class MediaError(Exception):
    """The media could not be fetched."""


class InvalidMediaId(MediaError):
    """The media id is not one the Graph API could have issued (and is never put into a URL)."""


class MediaTooLarge(MediaError):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"media is {size} bytes, over the {limit}-byte limit")
        self.size = size
        self.limit = limit


class MediaUnavailable(MediaError):
    """The Graph API or the media host failed, timed out, or answered something unusable.

    Usually transient (5xx, 429, network) or fixable by an operator (401/403: a bad token), so worth a retry.
    """

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


@dataclass(frozen=True)
class MediaInfo:
    url: str
    mime_type: str
    file_size: int | None


@dataclass(frozen=True)
class MediaContent:
    data: bytes
    mime_type: str


async def fetch_media(
    client: httpx.AsyncClient, *, api_base: str, media_id: str, access_token: str, max_bytes: int
) -> MediaContent:
    """Look the media up and download it. Raises MediaTooLarge, MediaUnavailable or InvalidMediaId."""
    info = await lookup_media(client, api_base=api_base, media_id=media_id, access_token=access_token)
    if info.file_size is not None and info.file_size > max_bytes:
        raise MediaTooLarge(info.file_size, max_bytes)
    data = await download_media(client, info.url, access_token=access_token, max_bytes=max_bytes)
    return MediaContent(data=data, mime_type=info.mime_type)


async def lookup_media(
    client: httpx.AsyncClient, *, api_base: str, media_id: str, access_token: str
) -> MediaInfo:
    if not MEDIA_ID_PATTERN.fullmatch(media_id):
        raise InvalidMediaId("the media id has characters the Graph API does not use")
    lookup_url = f"{api_base.rstrip('/')}/{media_id}"
    try:
        response = await client.get(lookup_url, headers=_auth(access_token))
    except httpx.HTTPError as exc:
        raise MediaUnavailable(f"media lookup at {_host(lookup_url)} failed: {type(exc).__name__}") from exc
    if response.status_code != 200:
        raise MediaUnavailable(
            f"media lookup at {_host(lookup_url)} answered HTTP {response.status_code}",
            status_code=response.status_code,
        )
    try:
        body = response.json()
        url = body["url"]
        mime_type = str(body.get("mime_type") or "")
        raw_size = body.get("file_size")
        file_size = int(raw_size) if raw_size is not None else None
    except (ValueError, KeyError, TypeError) as exc:
        raise MediaUnavailable(f"media lookup at {_host(lookup_url)} answered an unexpected body") from exc
    if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https"):
        raise MediaUnavailable(f"media lookup at {_host(lookup_url)} gave no http(s) download url")
    return MediaInfo(url=url, mime_type=mime_type, file_size=file_size)


async def download_media(client: httpx.AsyncClient, url: str, *, access_token: str, max_bytes: int) -> bytes:
    host = _host(url)
    try:
        async with client.stream("GET", url, headers=_auth(access_token)) as response:
            if response.status_code != 200:
                raise MediaUnavailable(
                    f"media download from {host} answered HTTP {response.status_code}",
                    status_code=response.status_code,
                )
            declared = response.headers.get("content-length")
            if declared is not None and declared.isdigit() and int(declared) > max_bytes:
                raise MediaTooLarge(int(declared), max_bytes)
            received = bytearray()
            async for chunk in response.aiter_bytes():
                received.extend(chunk)
                if len(received) > max_bytes:
                    raise MediaTooLarge(len(received), max_bytes)
            return bytes(received)
    except httpx.HTTPError as exc:
        raise MediaUnavailable(f"media download from {host} failed: {type(exc).__name__}") from exc


def _auth(access_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token}"}


def _host(url: str) -> str:
    return urlsplit(url).netloc or "?"
