"""Copy the opinions entered one at a time on the old page (meetings.Opinion) into consult.Opinion.

Nothing is lost: every old row is copied (text, subject, meeting) with a random id, left unclassified
(the pages classify it to the meeting's framework on the fly until an admin confirms), and inserted in
content-hash order. The old table is left as it is for the meetings app to retire.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata

from django.db import migrations


def _norm_hash(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    kept = "".join(ch for ch in text if not (ch.isspace() or unicodedata.category(ch).startswith("P")))
    return hashlib.sha256(kept.encode("utf-8")).hexdigest()


def copy_legacy(apps, schema_editor):  # type: ignore[no-untyped-def]
    Old = apps.get_model("meetings", "Opinion")
    New = apps.get_model("consult", "Opinion")
    rows = []
    for old in Old.objects.all().iterator():
        text = (old.text or "").strip()
        if not text:
            continue
        rows.append(
            New(
                id=secrets.token_urlsafe(16),
                meeting_id=old.meeting_id,
                subject_id=old.subject_id,
                source="legacy",
                text=text,
                norm_hash=_norm_hash(text),
            )
        )
    rows.sort(key=lambda r: (r.meeting_id, r.norm_hash))
    New.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("consult", "0001_initial"),
        ("meetings", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy_legacy, migrations.RunPython.noop)]
