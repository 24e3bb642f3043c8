"""The review queue: processed documents ordered by how much they need a person's eye.

Each record's doubt and doubtful words are worked out by ``archive.review`` when the record
is saved and kept beside it, so a page of the queue is one ordered query of the archive.
"""

from __future__ import annotations

from typing import Any

from archive import Store


def queue(
    archive: Store, *, page: int = 1, page_size: int = 50, reviewed: bool = False
) -> dict[str, Any]:
    """One page of the processed documents, most doubtful first; those marked reviewed
    only when ``reviewed`` is true (then all of them)."""
    page = max(1, page)
    total, rows = archive.review_rows(
        reviewed=reviewed, limit=page_size, offset=(page - 1) * page_size
    )
    return {"documents": rows, "page": page, "page_size": page_size, "total": total}
