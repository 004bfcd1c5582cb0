"""Messages of natural date entry (`store.natural_dates`): the preview and the refusals."""

from __future__ import annotations

# key: (Simplified Chinese, English)
CATALOG: dict[str, tuple[str, str]] = {
    # --- the preview under a date field ------------------------------------------
    "natural_dates.preview": ("{date} {weekday} · {relative}", "{weekday} {date} · {relative}"),
    "natural_dates.rel.today": ("今天", "today"),
    "natural_dates.rel.tomorrow": ("明天", "tomorrow"),
    "natural_dates.rel.day_after": ("后天", "the day after tomorrow"),
    "natural_dates.rel.yesterday": ("昨天", "yesterday"),
    "natural_dates.rel.day_before": ("前天", "the day before yesterday"),
    "natural_dates.rel.ahead": ("{days}天后", "in {days} days"),
    "natural_dates.rel.ago": ("{days}天前", "{days} days ago"),
    # --- refusals ------------------------------------------------------------------
    "natural_dates.empty": (
        "请输入日期，如 2026-12-05、明天 或 下周三",
        "enter a date, e.g. 2026-12-05, tomorrow or next wed",
    ),
    "natural_dates.cannot_read": (
        "看不懂“{text}”：{reason}",
        "cannot read \u201c{text}\u201d: {reason}",
    ),
    "natural_dates.examples": (
        "可以写 2026-12-05、12-5、+3d、明天 或 下周三",
        "try 2026-12-05, 12-5, +3d, tomorrow or next wed",
    ),
    "natural_dates.no_month": ("没有{month}月", "there is no month {month}"),
    "natural_dates.no_day": ("{month}没有{day}日", "{month} has no day {day}"),
    "natural_dates.no_day_in_year": (
        "{year}年{month}没有{day}日",
        "{month} {year} has no day {day}",
    ),
    "natural_dates.no_day_any_month": ("没有哪个月有{day}日", "no month has a day {day}"),
    "natural_dates.year_range": (
        "年份须在 {low} 到 {high} 之间",
        "the year must be between {low} and {high}",
    ),
    "natural_dates.month.1": ("1月", "January"),
    "natural_dates.month.2": ("2月", "February"),
    "natural_dates.month.3": ("3月", "March"),
    "natural_dates.month.4": ("4月", "April"),
    "natural_dates.month.5": ("5月", "May"),
    "natural_dates.month.6": ("6月", "June"),
    "natural_dates.month.7": ("7月", "July"),
    "natural_dates.month.8": ("8月", "August"),
    "natural_dates.month.9": ("9月", "September"),
    "natural_dates.month.10": ("10月", "October"),
    "natural_dates.month.11": ("11月", "November"),
    "natural_dates.month.12": ("12月", "December"),
}
