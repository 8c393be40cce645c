"""FastAPI dependencies shared by every router."""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Header, HTTPException, Request, status

if TYPE_CHECKING:
    from hotel_agent.container import Container


def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


async def require_admin(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """Operator endpoints: `Authorization: Bearer <ADMIN_TOKEN>`; 401 without, 403 with a wrong one."""
    expected = get_container(request).admin_token
    if not authorization or not authorization.lower().startswith("bearer "):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "admin endpoint: send 'Authorization: Bearer <HOTEL_AGENT_ADMIN_TOKEN>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    given = authorization[7:].strip()
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "admin token not accepted")


AdminOnly = Depends(require_admin)
