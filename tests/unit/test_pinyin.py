"""Tests for store.pinyin: the search keys stored next to each client name."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from store.pinyin import SURNAME_READINGS, name_search_keys

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [
        ("张伟", "zhangwei", "zw"),
        ("单田芳", "shantianfang", "stf"),  # pypinyin alone reads 单 as dan
        ("曾国藩", "zengguofan", "zgf"),  # ... 曾 as ceng
        ("解缙", "xiejin", "xj"),  # ... 解 as jie
        ("仇英", "qiuying", "qy"),  # ... 仇 as chou
        ("朴槿惠", "piaojinhui", "pjh"),  # ... 朴 as pu
        ("区志航", "ouzhihang", "ozh"),  # ... 区 as qu
        ("翟志刚", "zhaizhigang", "zzg"),  # ... 翟 as di
        ("欧阳娜娜", "ouyangnana", "oynn"),
        ("吕布", "lvbu", "lb"),
        ("尉迟恭", "yuchigong", "ycg"),
        ("长孙无忌", "zhangsunwuji", "zswj"),
        ("令狐冲", "linghuchong", "lhc"),
        ("单", "shan", "s"),
    ],
)
def test_chinese_names(name: str, full: str, initials: str) -> None:
    assert name_search_keys(name) == (full, initials)


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [
        ("John Smith", "johnsmith", "js"),
        ("  MARY  ann o'neil ", "maryannoneil", "maon"),
        ("José García", "josegarcia", "jg"),
        ("Ｊｏｈｎ", "john", "j"),
        ("王·John", "wangjohn", "wj"),
    ],
)
def test_latin_names(name: str, full: str, initials: str) -> None:
    assert name_search_keys(name) == (full, initials)


def test_digits_kept_whole_and_punctuation_dropped() -> None:
    assert name_search_keys("李3号") == ("li3hao", "l3h")
    assert name_search_keys("Room 101") == ("room101", "r101")
    assert name_search_keys("王·小明") == ("wangxiaoming", "wxm")
    assert name_search_keys("（）！") == ("", "")
    assert name_search_keys("") == ("", "")


def test_surname_table_applies_only_at_the_start() -> None:
    # 单 at the start is the surname shan; 简单 in the middle is jian dan.
    assert name_search_keys("单简单")[0] == "shanjiandan"


def test_company_names_can_skip_the_surname_table() -> None:
    assert name_search_keys("解放日报", personal=False) == ("jiefangribao", "jfrb")
    assert name_search_keys("解放日报") == ("xiefangribao", "xfrb")


def test_surname_table_has_one_syllable_per_character() -> None:
    for surname, syllables in SURNAME_READINGS.items():
        assert len(syllables) == len(surname), surname
        assert all(s.isascii() and s.isalpha() and s.islower() for s in syllables), surname


def test_results_are_cached() -> None:
    name_search_keys("缓存测试名")
    before = name_search_keys.cache_info().hits
    name_search_keys("缓存测试名")
    assert name_search_keys.cache_info().hits == before + 1


def _fresh_python(code: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.strip()


def test_import_does_not_load_pypinyin() -> None:
    loaded = _fresh_python("import sys, store.pinyin; print('pypinyin' in sys.modules)")
    assert loaded == "False"
    # The same probe does see pypinyin once a key is computed, so the check
    # above is able to fail.
    loaded = _fresh_python(
        "import sys, store.pinyin; store.pinyin.name_search_keys('张伟');"
        " print('pypinyin' in sys.modules)"
    )
    assert loaded == "True"
