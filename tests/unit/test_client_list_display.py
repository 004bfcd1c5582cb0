"""How the client list draws: headings with the sort mark, rows in cells, the filter line."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from rich.cells import cell_len

from store import i18n
from store.client_list import SORT_KEYS, ClientQuery, ClientRow
from tui.widgets.client_list import (
    ASCENDING_MARK,
    COLUMNS,
    DESCENDING_MARK,
    filter_summary,
    header_line,
    row_line,
)

ROW = ClientRow(
    id="c1",
    name="贵州茅台酒股份有限公司",
    kind="corporate",
    tier="platinum",
    importance="A",
    aum_fen=123_456_789_00,
    owner_name="王海涛",
    last_contact=date(2026, 11, 20),
    next_due=date(2026, 12, 1),
)


def _starts(line: str) -> list[int]:
    """Cell offsets where each column starts, from the column widths."""
    starts, at = [], 0
    for index, column in enumerate(COLUMNS):
        at += column.gap if index else 0
        starts.append(at)
        at += column.cells
    return starts


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("column", SORT_KEYS)
@pytest.mark.parametrize("descending", [True, False])
def test_heading_and_rows_line_up_with_the_mark_on_the_sorted_column(
    language: i18n.Language, column: str, descending: bool
) -> None:
    i18n.set_language(language)
    query = ClientQuery().sorted_by(column, descending)
    heading, row = header_line(query=query), row_line(ROW)
    assert cell_len(heading) == cell_len(row) == sum(c.cells + c.gap for c in COLUMNS) - 2
    mark = DESCENDING_MARK if descending else ASCENDING_MARK
    assert heading.count(mark) == 1
    # The mark sits inside the sorted column's cells.
    index = [c.sort for c in COLUMNS].index(column)
    start = _starts(heading)[index]
    before = cell_len(heading[: heading.index(mark)])
    assert start <= before < start + COLUMNS[index].cells


def test_sort_marks_are_one_cell_wide_in_every_terminal() -> None:
    for mark in (ASCENDING_MARK, DESCENDING_MARK):
        assert cell_len(mark) == 1
        assert unicodedata.east_asian_width(mark) == "N"  # not "A" (ambiguous)


def test_columns_drop_from_the_right_in_a_narrow_list() -> None:
    wide, narrow = header_line(200), header_line(40)
    assert cell_len(narrow) <= 40 < cell_len(wide)
    assert narrow.startswith(wide[:10])
    assert cell_len(row_line(ROW, 40)) == cell_len(narrow)


def test_filter_line_names_every_active_filter() -> None:
    i18n.set_language("en")
    assert filter_summary(ClientQuery(search="zw").sorted_by("name")) == ""
    query = ClientQuery(
        mine=True,
        tiers=("gold", "private"),
        importance=("A",),
        kind="individual",
        tags=("高尔夫",),
        no_contact_days=90,
        owner_ids=("m1",),
    )
    assert filter_summary(query, {"m1": "王海涛"}) == (
        "My clients; manager: 王海涛; Private, Gold; A; Individual; tags: 高尔夫;"
        " no contact 90+ days"
    )
    assert "1 managers" in filter_summary(ClientQuery(owner_ids=("m1",)))
    i18n.set_language("zh")
    assert filter_summary(ClientQuery(statuses=("archived",), no_contact_days=30)) == (
        "已归档；30 天未联系"
    )
    assert filter_summary(ClientQuery(not_recorded=("income_band",))) == "未记录：年收入"


@pytest.mark.parametrize("language", ["zh", "en"])
def test_next_due_column_says_when_the_cadence_is_late(language: i18n.Language) -> None:
    from dataclasses import replace

    from tui.widgets.client_list import next_contact_text

    i18n.set_language(language)
    late = replace(ROW, cadence=("overdue", 138))
    assert next_contact_text(late) == ("逾期138天" if language == "zh" else "138d late")
    # Due soon: the planned date says more; without a plan, "due".
    assert next_contact_text(replace(ROW, cadence=("due", 0))) == "2026-12-01"
    assert next_contact_text(replace(ROW, cadence=("due", 0), next_due=None)) == (
        "到期" if language == "zh" else "due")
    assert next_contact_text(replace(ROW, cadence=("ok", 0), next_due=None)) == ""
    assert next_contact_text(replace(ROW, cadence=None)) == "2026-12-01"
    # The row keeps its width and the columns their places.
    assert cell_len(row_line(late)) == cell_len(row_line(ROW)) == cell_len(header_line())
    assert row_line(late).endswith(fit_cell(next_contact_text(late)))


def fit_cell(text: str) -> str:
    from tui.format import fit

    return fit(text, COLUMNS[-1].cells)
