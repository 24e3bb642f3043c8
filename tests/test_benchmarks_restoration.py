"""benchmarks.restoration: which page copies lack their own marks (set apart in one figure)."""

from __future__ import annotations

from benchmarks.restoration import typed_without_marks

MARKED = [
    "Ủy ban nhân dân huyện đề nghị các phòng, ban chuyên môn rà soát số liệu",
    "về số hộ dân có nhà bị tốc mái sau đợt gió lớn cuối tuần qua.",
]
# the same page typed without the marks of many words, as some web copies are
UNMARKED = [
    "Ủy ban nhan dan huyện đề nghi cac phòng, ban chuyen môn ra soat so liêu",
    "vê sô hô dân co nha bi tôc mai sau đơt gio lơn cuôi tuân qua.",
]
# a page whose legacy font lost its marked letters, leaving what it could show
LETTERS_LOST = ["Y BAN NHÂN DÂN HUY N", "K HO CH v vi c t ch c h i ngh s k t n m h c"]


def test_a_page_with_its_marks_is_kept() -> None:
    assert not typed_without_marks(MARKED)


def test_a_page_typed_without_marks_or_with_its_letters_lost_is_set_apart() -> None:
    assert typed_without_marks(UNMARKED)
    assert typed_without_marks(LETTERS_LOST)
