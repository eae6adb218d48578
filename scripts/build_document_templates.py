"""Writes the DOCX templates shipped with Dangbo (dangbo/documents/shipped/) from dangbo/documents/build.py."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from dangbo.documents.build import build_all  # noqa: E402

for path in build_all():
    print(path)
