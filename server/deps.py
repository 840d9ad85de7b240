"""Dependency aliases for the routes; tests replace them with app.dependency_overrides."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from server.control import Control
from server.settings import Settings

_bearer = HTTPBearer(auto_error=False)


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_control(request: Request) -> Control:
    control: Control | None = getattr(request.app.state, "control", None)
    if control is None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "the show is not started yet")
    return control


SettingsDep = Annotated[Settings, Depends(get_settings)]
ControlDep = Annotated[Control, Depends(get_control)]


def token_ok(settings: Settings, given: str | None) -> bool:
    """Constant-time check; an empty configured token (loopback only) lets everyone in."""
    if not settings.auth_required:
        return True
    return given is not None and hmac.compare_digest(given.encode(), settings.control_token.encode())


def require_token(
    settings: SettingsDep, creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    if not token_ok(settings, creds.credentials if creds else None):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "missing or wrong token (Authorization: Bearer <VHOST_CONTROL_TOKEN>)",
            headers={"WWW-Authenticate": "Bearer"},
        )  # fmt: skip


Authorized = Depends(require_token)
