"""A module imported on first use, for heavy libraries that many callers never need.

Every report kernel imports the helpers, but only the cleaning and counts steps validate
tables: a profile report never does. Importing the schema library (pandera) costs about
0.4 s of CPU per kernel, and a build starts one kernel per report, so the schema modules
name it through ``lazy_module`` and pay for it on the first validation only.
"""

from __future__ import annotations

import importlib
from types import ModuleType


class LazyModule(ModuleType):
    """Stands for a module until an attribute is first read, then imports it."""

    def __init__(self, name: str):
        super().__init__(name)
        self._module: ModuleType | None = None

    def __getattr__(self, attribute: str):
        if self._module is None:
            self._module = importlib.import_module(self.__name__)
        return getattr(self._module, attribute)


def lazy_module(name: str) -> ModuleType:
    """``name`` imported when one of its attributes is first used."""
    return LazyModule(name)
