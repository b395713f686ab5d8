"""The kernel's models: import jobs (``core.imports``)."""

from leitstern.core.imports.models import ImportJob

__all__ = ["ImportJob"]
