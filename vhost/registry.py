"""Typed registries of backends, resolved lazily so optional dependencies load only when used."""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from vhost.errors import ConfigError

F = TypeVar("F", bound=Callable[..., Any])


class Registry(Generic[F]):
    def __init__(self, family: str, lazy: dict[str, str] | None = None) -> None:
        self.family = family
        self._lazy = dict(lazy or {})  # name -> "module:attr"
        self._loaded: dict[str, F] = {}

    def register(self, name: str) -> Callable[[F], F]:
        def deco(factory: F) -> F:
            self._loaded[name] = factory
            return factory

        return deco

    def names(self) -> list[str]:
        return sorted(set(self._lazy) | set(self._loaded))

    def get(self, name: str) -> F:
        if name in self._loaded:
            return self._loaded[name]
        if name in self._lazy:
            mod, _, attr = self._lazy[name].partition(":")
            factory: F = getattr(importlib.import_module(mod), attr)
            self._loaded[name] = factory
            return factory
        close = difflib.get_close_matches(name, self.names(), n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(self.names())}"
        raise ConfigError(f"unknown {self.family} '{name}'", fix=hint)
