"""Messages of the schedule (日程): the entry form, the agenda, iCalendar export and their CLI."""

from __future__ import annotations

# key: (Simplified Chinese, English)
CATALOG: dict[str, tuple[str, str]] = {
    # --- fields of the entry form ---------------------------------------------------
    "schedule.field.kind": ("类别", "Kind"),
    "schedule.field.clients": ("客户", "Clients"),
    "schedule.field.date": ("日期", "Date"),
    "schedule.field.time": ("开始时间", "Start time"),
    "schedule.field.duration": ("时长", "Duration"),
    "schedule.field.title": ("标题", "Title"),
    "schedule.field.location": ("地点", "Location"),
    "schedule.field.reminder": ("提前提醒", "Reminder"),
    "schedule.field.notes": ("备注", "Notes"),
    # --- validation reasons -------------------------------------------------------------
    "schedule.invalid.date": ("{problem}", "{problem}"),
    "schedule.invalid.past": (
        "{day} 已经过去，日程只能排在今天（{today}）或以后",
        "{day} is in the past; an entry must be on today ({today}) or later",
    ),
    "schedule.invalid.time": (
        "看不懂“{value}”，请写成 10:00、14:30 或 下午3点；全天日程请留空",
        'cannot read "{value}"; write 10:00, 14:30 or 3pm, or leave it empty for all day',
    ),
    "schedule.invalid.time_skipped": (
        "{day} 的 {time} 在 {zone} 不存在（夏令时拨快了一小时），请换一个时间",
        "{time} does not exist on {day} in {zone} (the clocks go forward); pick another time",
    ),
    "schedule.invalid.span": (
        "看不懂“{value}”，请写成 {examples}",
        'cannot read "{value}"; write {examples}',
    ),
    "schedule.invalid.duration_range": (
        "应在 1 分钟到 24 小时之间：{value}",
        "must be between 1 minute and 24 hours: {value}",
    ),
    "schedule.invalid.duration_all_day": (
        "全天日程不设时长；要设时长请先填写开始时间",
        "an all-day entry has no duration; give a start time to set one",
    ),
    "schedule.invalid.reminder_range": (
        "最多提前 {limit} 天：{value}",
        "can be at most {limit} days ahead: {value}",
    ),
    "schedule.invalid.needs_client": (
        "{kind}至少要关联一位客户",
        "a {kind} entry needs at least one client",
    ),
    "schedule.invalid.needs_title": (
        "没有关联客户的日程须填写标题",
        "an entry without clients needs a title",
    ),
    "schedule.invalid.unknown_client": (
        "该客户不存在或已删除：{value}",
        "the client does not exist or was deleted: {value}",
    ),
    "schedule.invalid.not_planned": (
        "已取消或已完成的日程不能改期，请先恢复",
        "a cancelled or done entry cannot be moved; restore it first",
    ),
    "schedule.invalid.cancel_done": (
        "已完成的日程不能取消",
        "a done entry cannot be cancelled",
    ),
    "schedule.not_found": ("该日程不存在或已删除", "the entry does not exist or was deleted"),
    # --- how entries read ----------------------------------------------------------------
    "schedule.span_examples.duration": ("90、45m、1h30m 或 1小时", "90, 45m, 1h30m or 1 hour"),
    "schedule.span_examples.reminder": (
        "30m、2h、1d 或 1天，留空表示不提醒",
        "30m, 2h, 1d or 1 day, or leave it empty for none",
    ),
    "schedule.auto_title": ("{kind}{name}", "{kind}: {name}"),
    "schedule.auto_title_more": (
        "{kind}{name}等{count}位客户",
        "{kind}: {name} and others ({count})",
    ),
    "schedule.all_day": ("全天", "all day"),
    "schedule.reminder_title": ("日程提醒", "Reminder"),
    "schedule.reminder_ringing": ("{when} {title}", "{when} {title}"),
    "event_status.planned": ("已安排", "Planned"),
    "event_status.done": ("已完成", "Done"),
    "event_status.cancelled": ("已取消", "Cancelled"),
    # --- the agenda ------------------------------------------------------------------------
    "agenda.reminder_title": ("{occasion}：{person}", "{occasion}: {person}"),
    "agenda.col.date": ("日期", "Date"),
    "agenda.col.time": ("时间", "Time"),
    "agenda.col.kind": ("类别", "Kind"),
    "agenda.col.client": ("客户", "Client"),
    "agenda.col.what": ("事项", "What"),
    "agenda.cli.help": (
        "列出从今天起的日程和问候提醒（日期、类别、客户、事项）",
        "print the agenda from today: scheduled entries and greeting reminders",
    ),
    "agenda.cli.days": ("列出多少天（默认 {days}）", "how many days to list (default {days})"),
    "cli.too_many_days": ("{value} 天太长，最多 {most} 天", "{value} days is too long; at most {most}"),
    "agenda.status.done": ("已完成", "done"),
    "agenda.status.dismissed": ("已忽略", "dismissed"),
    "agenda.status.cancelled": ("已取消", "cancelled"),
    "agenda.cli.empty": (
        "{start} 至 {end} 没有日程或提醒。",
        "Nothing scheduled and no reminders from {start} to {end}.",
    ),
    # --- iCalendar export ---------------------------------------------------------------------
    "ical.calendar_name": ("客户管家日程", "clientdesk schedule"),
    "ical.not_ics": (
        "{path} 不是 .ics 文件；日历导出只写 iCalendar（.ics）文件",
        "{path} is not an .ics file; the calendar export writes iCalendar (.ics) files only",
    ),
    "ical.cli.help": ("日历（导出 iCalendar 文件）", "the calendar (export to iCalendar)"),
    "ical.cli.export": (
        "把日程写成 .ics 文件，可导入 Outlook 和手机日历",
        "write the schedule to an .ics file for Outlook and phone calendars",
    ),
    "ical.cli.file": ("要写入的 .ics 文件", "the .ics file to write"),
    "ical.cli.days": (
        "从今天起导出多少天（默认 {days}）",
        "how many days from today (default {days})",
    ),
    "ical.cli.reminders": (
        "同时导出生日、节日等问候提醒（全天）",
        "also export greeting reminders (birthdays, festivals) as all-day entries",
    ),
    "ical.cli.details": (
        "包括地点、备注和提醒详情（默认只写类别、标题和客户姓名）",
        "include location, notes and reminder details (by default only kind, title and names)",
    ),
    "ical.nothing": (
        "{start} 至 {end} 没有日程可导出，未写文件",
        "Nothing scheduled from {start} to {end}; no file written",
    ),
    "ical.done": ("已把 {count} 条写入 {path}", "Wrote {count} entries to {path}"),
}
