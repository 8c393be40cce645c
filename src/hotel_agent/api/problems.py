"""The one error shape of the API, and an OpenAPI schema that tells the truth about it.

Every error is `{"detail": "<plain words>"}`; a 422 adds `errors`, one item per wrong field. The schema
documents that shape (FastAPI's default says `detail` is an array), the statuses any route can answer
(400 and 413 from the request limits, 401/403 on operator routes, 422 on routes with input), and a 405
lists every method the path has in `Allow`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import fastapi.routing
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.routing import BaseRoute, Match


class FieldError(BaseModel):
    loc: list[str | int] = Field(description="Where: 'body', 'query', 'path' or 'header', then the field")
    type: str = Field(description="Pydantic's error type, e.g. missing, string_too_long")
    msg: str


class ErrorOut(BaseModel):
    detail: str = Field(description="What was wrong, in plain words")
    errors: list[FieldError] = Field(
        default=[], description="422 only: each wrong field (the input itself is never echoed)"
    )


NO_NUL_PATTERN = "^[^\\x00]*$"

DESCRIPTIONS = {
    400: "Malformed request: invalid JSON, JSON nested too deeply, or a NUL in the URL",
    401: "Credentials missing",
    403: "Credentials not accepted",
    404: "Not found",
    409: "Conflicts with the current state",
    413: "Request body over the limit (HOTEL_AGENT_HTTP_MAX_BODY_BYTES, HOTEL_AGENT_CHAT_MAX_BODY_BYTES)",
    422: "A field is missing or wrong: `detail` names each, `errors` lists them",
    429: "Too many requests: wait Retry-After seconds",
    503: "A part this request needs is not available in this process",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route or router: these statuses, with the error shape."""
    return {code: {"model": ErrorOut, "description": DESCRIPTIONS[code]} for code in codes}


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.openapi = _documenting_errors(app, app.openapi)  # type: ignore[method-assign]


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    """422 that names each wrong field in plain words. The rejected input is not echoed back: it may be
    megabytes, or hold what the caller should not see again in logs and proxies."""
    assert isinstance(exc, RequestValidationError)
    problems, field_errors = [], []
    for error in exc.errors():
        if error["type"] == "json_invalid":
            reason = (error.get("ctx") or {}).get("error", "")
            where, message = "body", f"invalid JSON ({reason})" if reason else "invalid JSON"
        else:
            where = ".".join(str(p) for p in error["loc"] if p != "body") or "body"
            message = error["msg"]
        problems.append(f"{where}: {message}")
        field_errors.append({"loc": error["loc"], "type": error["type"], "msg": message})
    return JSONResponse(
        {"detail": "; ".join(problems), "errors": jsonable_encoder(field_errors)}, status_code=422
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 405:
        # Starlette names only the first route that matched the path, but several routes may share that
        # path (GET and DELETE /admin/dlq). Allow lists them all; a route matching only through a path
        # parameter ("/admin/dlq/{entry_id}" for "/admin/dlq/retry-all") is another resource.
        matching = [route for route in _routes(request.app) if route.matches(request.scope)[0] != Match.NONE]
        if matching:
            template = getattr(matching[0], "path_format", None)
            methods = {
                method
                for route in matching
                if getattr(route, "path_format", None) == template
                for method in getattr(route, "methods", None) or ()
            }
            exc.headers = {**(exc.headers or {}), "Allow": ", ".join(sorted(methods))}
    return await http_exception_handler(request, exc)


def _routes(app: FastAPI) -> Iterable[BaseRoute]:
    """Every route, those of included routers too (FastAPI >= 0.16x nests included routers)."""
    iter_route_contexts = getattr(fastapi.routing, "iter_route_contexts", None)
    if iter_route_contexts is None:
        return list(app.routes)
    return list(iter_route_contexts(app.routes))


def _documenting_errors(app: FastAPI, build: Callable[[], dict[str, Any]]) -> Callable[[], dict[str, Any]]:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        shape = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(shape.pop("$defs", {}))
        components["ErrorOut"] = shape
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
        error_content = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                parameters = operation.get("parameters", [])
                # Operator routes are those that take `Authorization` (the require_admin dependency).
                admin = any(p["in"] == "header" and p["name"].lower() == "authorization" for p in parameters)
                responses = operation.setdefault("responses", {})
                for code in [400, 413] + ([401, 403] if admin else []):
                    responses.setdefault(str(code), {"description": DESCRIPTIONS[code]})
                for code, response in responses.items():
                    if code.startswith("4"):
                        response["content"] = error_content
                for parameter in parameters:
                    _forbid_nul(parameter.get("schema", {}))
        app.openapi_schema = schema
        return schema

    return openapi


def _forbid_nul(schema: dict[str, Any]) -> None:
    """Say in the schema what the request limits enforce: no parameter holds a NUL."""
    if schema.get("type") == "string" and "pattern" not in schema and "enum" not in schema:
        schema["pattern"] = NO_NUL_PATTERN
    for option in schema.get("anyOf", []):
        _forbid_nul(option)
