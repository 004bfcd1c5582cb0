"""Messages of the calendar screen (日历): month, week and agenda views and the day panel."""

from __future__ import annotations

# key: (Simplified Chinese, English)
CATALOG: dict[str, tuple[str, str]] = {
    # --- titles and dates ------------------------------------------------------------
    # {month} is "11月" in Chinese, "November" / "Nov" in English.
    "calendar_screen.title.month": ("{year}年{month}", "{month} {year}"),
    "calendar_screen.title.week": (
        "{start} 至 {end}（第{week}周）",
        "{start} to {end} (week {week})",
    ),
    "calendar_screen.title.agenda": ("{start} 起 {days} 天", "{days} days from {start}"),
    "calendar_screen.date": ("{year}年{month}{day}日", "{day} {month} {year}"),
    "calendar_screen.date_short": ("{month}{day}日", "{day} {month}"),
    "calendar_screen.view.month": ("月视图", "Month"),
    "calendar_screen.view.week": ("周视图", "Week"),
    "calendar_screen.view.agenda": ("日程列表", "Agenda"),
    # `b`: whose schedule the screen shows (the heading names the branch's; a notice both).
    "calendar_screen.scope.mine": ("我的日程", "My schedule"),
    "calendar_screen.scope.branch": ("全行日程", "Branch schedule"),
    # --- day facts -------------------------------------------------------------------
    # The marks a phone calendar puts on days off and make-up workdays (调休).
    "calendar_screen.mark.off": ("休", "off"),
    "calendar_screen.mark.work": ("班", "work"),
    # A day's facts in the day panel and the agenda's headings.
    "calendar_screen.fact.off": ("休 {holiday}", "day off: {holiday}"),
    "calendar_screen.fact.day_off": ("休", "day off"),
    "calendar_screen.fact.makeup": ("班 调休上班", "make-up workday"),
    "calendar_screen.weekend": ("周末", "weekend"),
    "calendar_screen.estimated": (
        "（该年节假日安排尚未公布，为推定）",
        "(the year's holiday schedule is not published yet: estimated)",
    ),
    "calendar_screen.warning": ("注意：{text}", "Note: {text}"),
    # --- what a day holds ------------------------------------------------------------
    # Counts in a month cell: "拜访2 问候1". {n} is the number of entries.
    "calendar_screen.count.visit": ("拜访{n}", "visit {n}"),
    "calendar_screen.count.call": ("电话{n}", "call {n}"),
    "calendar_screen.count.meeting": ("会议{n}", "meet {n}"),
    "calendar_screen.count.club": ("活动{n}", "club {n}"),
    "calendar_screen.count.other": ("其他{n}", "other {n}"),
    "calendar_screen.count.greeting": ("问候{n}", "greet {n}"),
    # When the counts do not fit a narrow cell (Chinese first drops the gaps):
    "calendar_screen.count.total": ("{n}项", "{n} items"),
    "calendar_screen.all_day": ("全天", "all day"),
    "calendar_screen.greeting": ("问候", "Greeting"),
    "calendar_screen.status.cancelled": ("已取消", "cancelled"),
    "calendar_screen.status.done": ("已完成", "done"),
    "calendar_screen.status.dismissed": ("已忽略", "dismissed"),
    "calendar_screen.more": ("还有{count}项", "+{count} more"),
    "calendar_screen.loading": ("正在读取……", "Reading..."),
    "calendar_screen.day_empty": (
        "这一天没有安排。按 n 新建。",
        "Nothing on this day. Press n to add an entry.",
    ),
    "calendar_screen.agenda_empty": (
        "这 {days} 天里没有安排。按 + 多看一周。",
        "Nothing in these {days} days. Press + to see a week more.",
    ),
    "calendar_screen.agenda_days": ("日程列表显示 {days} 天", "The agenda shows {days} days"),
    # --- actions ---------------------------------------------------------------------
    "calendar_screen.no_entry": (
        "这一天没有可选的日程",
        "There is no entry on this day to act on",
    ),
    "calendar_screen.reminder_not_editable": (
        "问候提醒由客户资料生成，不能修改；按 g 记录问候",
        "Greeting reminders come from client data and cannot be edited; g records the greeting",
    ),
    "calendar_screen.not_planned": (
        "只能修改或取消计划中的日程（此项{status}）",
        "Only a planned entry can be changed or cancelled (this one is {status})",
    ),
    "calendar_screen.not_a_greeting": (
        "只有问候提醒可以标记完成",
        "Only a greeting reminder can be marked done",
    ),
    "calendar_screen.greeting_closed": (
        "这条问候{status}",
        "This greeting is {status}",
    ),
    "calendar_screen.reminder_gone": (
        "这条问候提醒已不存在（客户资料可能已修改）",
        "This greeting reminder no longer exists (the client's data may have changed)",
    ),
    "calendar_screen.cancel_title": ("取消日程", "Cancel entry"),
    "calendar_screen.cancel_question": (
        "取消 {day} 的“{title}”？按 u 可撤销。",
        "Cancel \"{title}\" on {day}? u undoes it.",
    ),
    "calendar_screen.cancelled": ("已取消“{title}”。按 u 撤销。", "Cancelled \"{title}\". u undoes it."),
    "calendar_screen.restored": ("已恢复“{title}”。", "\"{title}\" is planned again."),
    "calendar_screen.nothing_to_undo": ("没有可撤销的取消", "Nothing to undo"),
    "calendar_screen.saved": ("日程已保存", "Entry saved"),
    # --- keys ------------------------------------------------------------------------
    "key.calendar_screen.open": ("日历", "Calendar"),
    "key.calendar_screen.open_day": ("打开当天", "Open day"),
    "key.calendar_screen.month": ("月", "Month"),
    "key.calendar_screen.week": ("周", "Week"),
    "key.calendar_screen.agenda": ("列表", "Agenda"),
    "key.calendar_screen.new": ("新建", "New"),
    "key.calendar_screen.edit": ("修改", "Edit"),
    "key.calendar_screen.cancel": ("取消日程", "Cancel entry"),
    "key.calendar_screen.undo": ("撤销", "Undo"),
    "key.calendar_screen.branch": ("我的/全行日程", "My / branch schedule"),
    "key.calendar_screen.greet": ("问候完成", "Greeted"),
    "key.calendar_screen.more_days": ("多一周", "More days"),
    "key.calendar_screen.fewer_days": ("少一周", "Fewer days"),
    "key.calendar_screen.earlier": ("往前", "Earlier"),
    "key.calendar_screen.later": ("往后", "Later"),
    "key.calendar_screen.to_view": ("回到日历", "Back to calendar"),
    "key.calendar_screen.act": ("修改此项（问候：记录问候）", "Edit it (a greeting: record it)"),
    "help.calendar_screen": ("日历", "Calendar"),
    "calendar_screen.command_help": (
        "月视图、周视图和日程列表，含农历、节日和节假日",
        "Month, week and agenda views with lunar dates, festivals and holidays",
    ),
    "key.calendar_screen.open_here": ("在日历中打开", "Open in the calendar"),
    "help.calendar_screen.day": ("日历：当天日程", "Calendar: the day's entries"),
    "calendar_screen.not_yours": (
        "这是同事的日程，只能查看；请本人修改或取消",
        "This is a colleague's entry: it can be read here, changed only by its owner",
    ),
}
