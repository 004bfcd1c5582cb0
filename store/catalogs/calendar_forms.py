"""Messages of the date field, the schedule form, greeting completion and my day's greetings."""

from __future__ import annotations

# key: (Simplified Chinese, English)
CATALOG: dict[str, tuple[str, str]] = {
    # --- the natural-date field (tui/widgets/date_input.py) ------------------------
    "key.date_input.previous_workday": ("改前一工作日", "Previous workday"),
    "key.date_input.delete_word": ("删除前一个词", "Delete word"),
    "date_input.offer_workday": ("（按 {keys} 改用）", " ({keys} takes it)"),
    "date_input.hint": ("如 12-5、+2w、下周三、月底", "e.g. 12-5, +2w, next fri, end of month"),
    # --- the schedule form (tui/screens/event_form.py) ---------------------------------
    "key.event_form.open": ("安排日程", "Schedule"),
    "key.event_form.save": ("保存", "Save"),
    "help.event_form": ("日程表单", "Schedule an entry (form)"),
    "event_form.title_new": ("新建日程", "New entry"),
    "event_form.title_edit": ("修改日程", "Edit entry"),
    "event_form.title_edit_of": ("修改日程：{title}", "Edit entry: {title}"),
    "event_form.add_client": ("添加客户", "Add client"),
    "event_form.hint.time": ("10:00、下午3点；留空为全天", "10:00, 3pm; empty = all day"),
    "event_form.hint.reminder": ("30m、2h、1d；留空不提醒", "30m, 2h, 1d; empty = none"),
    "event_form.hint": (
        "日期可写 +2w、下周三、12-5；空格勾选客户，在“添加客户”中搜索再回车选择。"
        "F2 保存，Esc 取消。",
        "Dates like +2w, next wed, 12-5. Space ticks a client; search under Add client "
        "and press enter to pick one. F2 saves, escape cancels.",
    ),
    "event_form.saved_new": ("已安排：{title}，{when}", "Scheduled: {title}, {when}"),
    "event_form.saved_edit": ("已改期：{title}，{when}", "Rescheduled: {title}, {when}"),
    # --- greeting done (tui/screens/greeting_done.py) -----------------------------------
    "key.greeting_done.save": ("记录问候", "Log greeting"),
    "key.greeting_done.channel": ("问候方式", "Channel"),
    "help.greeting_done": ("完成问候", "Greeting done"),
    "greeting_done.title": ("问候已完成", "Greeting done"),
    "greeting_done.when": ("{day} {weekday}（{relative}）", "{weekday} {day} ({relative})"),
    "greeting_done.person_at": ("{person}（{client}）", "{person} ({client})"),
    "greeting_done.cost_hint": ("元，可不填", "yuan, optional"),
    "greeting_done.hint": (
        "按 1-6 选问候方式（或方向键加空格），费用和备注可不填；F2 记录，Esc 取消。",
        "Press 1-6 for the channel (or arrows and space); cost and note are optional. "
        "F2 logs it, escape cancels.",
    ),
    "greeting_done.saved": (
        "已记录问候：{person}（{channel}）",
        "Greeting logged: {person} ({channel})",
    ),
    # --- my day's greetings (tui/screens/my_day.py) -------------------------------------
    "key.my_day.greeting_done": ("已问候", "Greeted"),
    "key.my_day.greeting_dismiss": ("略过", "Skip"),
    "my_day.not_a_greeting": ("这一行不是问候", "This line is not a greeting"),
    "my_day.greeting_dismissed": ("已略过对{person}的问候。", "Greeting to {person} put aside."),
}
