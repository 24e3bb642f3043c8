"""The register of a text (administrative or general) and the weighting it gives."""

from __future__ import annotations

from diacritics.model import load_model
from diacritics.register import administrative_share, register_bonus, registers
from diacritics.restore import restore

ADMIN = (
    "uy ban nhan dan huyen ban hanh ke hoach trien khai cong tac cai cach hanh chinh "
    "nam 2024 cac co quan don vi can cu chuc nang nhiem vu to chuc thuc hien bao cao ket qua "
    "ve uy ban nhan dan huyen truoc ngay 15 thang 12"
)
GENERAL = (
    "loai ca nay song o vung nuoc ngot phia nam chung an con trung va hat cay "
    "mua sinh san bat dau vao thang tu khi nuoc song dang cao ca me de trung tren la cay"
)


def test_an_administrative_text_reads_as_more_administrative_than_prose() -> None:
    model = load_model()
    admin = administrative_share(ADMIN.split(), model)
    general = administrative_share(GENERAL.split(), model)
    assert 0.0 <= general < admin <= 1.0
    assert admin > registers().trained > 0  # more administrative than the training mix


def test_a_text_without_known_words_keeps_the_training_mix() -> None:
    model = load_model()
    assert administrative_share(["xyzzy", "qwrt"], model) == registers().trained
    bonus = register_bonus([], model)
    assert max(abs(b) for b in bonus) < 1e-9


def test_the_bonus_follows_the_register() -> None:
    model = load_model()
    word = model.ids["ủy"]
    assert register_bonus(ADMIN.split(), model)[word] > 0
    assert register_bonus(ADMIN.split(), model)[word] > register_bonus(GENERAL.split(), model)[word]


def test_restoring_with_the_register_keeps_both_kinds_of_text_right() -> None:
    assert restore("cong tac cai cach hanh chinh").text == "công tác cải cách hành chính"
    assert restore(ADMIN).text.startswith("ủy ban nhân dân huyện ban hành kế hoạch triển khai")


def test_a_word_the_administrative_text_never_has_gains_nothing_from_it() -> None:
    # the administrative training text is small: a word it never has (a rare one, "tủng")
    # must not look administrative for want of counts, and so win over a word both
    # registers use ("tầng" of "hạ tầng")
    model = load_model()
    bonus = register_bonus(ADMIN.split(), model)
    assert bonus[model.ids["tủng"]] <= 0.0
    assert bonus[model.ids["tủng"]] < bonus[model.ids["tầng"]]
    assert bonus[model.ids["ủy"]] > 0  # a word administrative text uses more still gains


def test_a_word_neither_register_has_is_weighed_by_neither() -> None:
    # no counts in either register is no evidence for one: such a syllable ("hẩng", a rare
    # word's) was once weighed as if only administrative text used it
    from corpora.registers import load_registers

    model = load_model()
    counted = load_registers()
    unseen = [i for w, i in model.ids.items() if i in model.syllables and w not in counted]
    assert len(unseen) > 100
    for text in (ADMIN, GENERAL):
        bonus = register_bonus(text.split(), model)
        assert max(abs(bonus[i]) for i in unseen) < 1e-9
