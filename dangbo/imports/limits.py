"""The caps of an import, from the settings (config/settings.py DANGBO_IMPORT_MAX_*)."""

from __future__ import annotations

from django.conf import settings

from dangbo.imports.guard import MB, Limits


def import_limits() -> Limits:
    return Limits(
        max_rows=int(settings.DANGBO_IMPORT_MAX_ROWS),
        max_columns=int(settings.DANGBO_IMPORT_MAX_COLUMNS),
        max_cells=int(settings.DANGBO_IMPORT_MAX_CELLS),
        max_shared_strings=int(settings.DANGBO_IMPORT_MAX_SHARED_STRINGS),
        max_uncompressed=int(settings.DANGBO_IMPORT_MAX_UNCOMPRESSED_MB) * MB,
        max_ratio=int(settings.DANGBO_IMPORT_MAX_COMPRESSION_RATIO),
        max_members=int(settings.DANGBO_IMPORT_MAX_ZIP_PARTS),
    )
