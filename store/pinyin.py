"""Pinyin search keys for client names.

A relationship manager finds 张伟 by typing ``zhangwei`` or ``zw``, so each
name gets two keys computed once, when it is saved, and stored next to it:
searching is then a plain indexed string match with no pinyin work at
query time.

`pypinyin` takes about a third of a second to import (it loads large
dictionaries). It is imported inside `name_search_keys`, never at module
level, so opening the store or starting the TUI does not pay that cost
unless a name is actually saved.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from types import MappingProxyType
from typing import Final

__all__ = ["SURNAME_READINGS", "name_search_keys"]

#: How a surname is read when it starts a name, one syllable per character.
#: pypinyin picks the most common reading of a character (单 → dan,
#: 曾 → ceng, 解 → jie), which is wrong for these characters used as family
#: names. Compound surnames are listed too so that they are matched as a
#: unit (longest match first): 尉迟 is yu chi, although 尉 alone is wei.
SURNAME_READINGS: Final[MappingProxyType[str, tuple[str, ...]]] = MappingProxyType(
    {
        # compound surnames
        "万俟": ("mo", "qi"),
        "尉迟": ("yu", "chi"),
        "长孙": ("zhang", "sun"),
        "澹台": ("tan", "tai"),
        "令狐": ("ling", "hu"),
        # single-character surnames
        "单": ("shan",),
        "曾": ("zeng",),
        "解": ("xie",),
        "仇": ("qiu",),
        "区": ("ou",),
        "朴": ("piao",),
        "查": ("zha",),
        "覃": ("qin",),
        "盖": ("ge",),
        "乐": ("yue",),
        "缪": ("miao",),
        "秘": ("bi",),
        "种": ("chong",),
        "召": ("shao",),
        "员": ("yun",),
        "黑": ("he",),
        "翟": ("zhai",),
        "阚": ("kan",),
        "隗": ("wei",),
        "繁": ("po",),
        "句": ("gou",),
        "重": ("chong",),
        "折": ("she",),
    }
)

_LONGEST_SURNAME = max(len(s) for s in SURNAME_READINGS)
# Within one pypinyin item: runs of Latin letters (a syllable or a word) and
# runs of digits; everything else (punctuation, ·, unknown characters) is
# dropped.
_TOKEN = re.compile(r"[a-z]+|[0-9]+")


def _fold(text: str) -> str:
    """Lowercase ASCII with accents removed (``José`` → ``jose``).

    Foreign clients' names are typed with and without accents; the search
    key must be the same either way.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _split_surname(name: str) -> tuple[tuple[str, ...], str]:
    """The leading surname's syllables from the table, if any, and the rest."""
    for length in range(min(_LONGEST_SURNAME, len(name)), 0, -1):
        reading = SURNAME_READINGS.get(name[:length])
        if reading is not None:
            return reading, name[length:]
    return (), name


@lru_cache(maxsize=65536)
def name_search_keys(name: str, *, personal: bool = True) -> tuple[str, str]:
    """The (full pinyin, initials) search keys for a name.

    ``张伟`` → ``("zhangwei", "zw")``, ``John Smith`` → ``("johnsmith", "js")``.
    Tones are dropped and ü is written ``v`` (吕 → ``lv``) because that is
    what people type on a keyboard. Digits are kept whole in both keys;
    other characters are dropped. Cached because demo and imported data
    repeat the same common names many times.

    `personal=False` skips the surname table, for company names: 解放 in
    ``解放日报`` is jie fang, and only a person's name starts with a surname.
    """
    from pypinyin import Style, lazy_pinyin  # slow import: see module docstring

    text = unicodedata.normalize("NFKC", name).strip()
    surname, rest = _split_surname(text) if personal else ((), text)
    # errors="default" hands non-Chinese runs back unchanged, so Latin words
    # and digits come through in the same list, in order.
    items = list(surname)
    items += lazy_pinyin(rest, style=Style.NORMAL, errors="default", v_to_u=False)
    tokens = [token for item in items for token in _TOKEN.findall(_fold(item))]
    full = "".join(tokens)
    initials = "".join(token if token.isdigit() else token[0] for token in tokens)
    return full, initials
