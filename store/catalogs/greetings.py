"""Messages of generated greeting reminders and the greeting workflow (store side).

Occasion names ("occasion.<value>") live in `calendar_days`; this catalog
has the channels a greeting is sent by, the short detail a reminder line
shows, and the greeting form's fields and errors.
"""

from __future__ import annotations

# key: (Simplified Chinese, English)
CATALOG: dict[str, tuple[str, str]] = {
    # --- channels (store.vocab.GreetingChannel): "greetings.channel.<value>" --------
    "greetings.channel.sms": ("短信", "SMS"),
    "greetings.channel.card": ("贺卡", "Card"),
    "greetings.channel.flowers": ("鲜花", "Flowers"),
    "greetings.channel.cake": ("蛋糕", "Cake"),
    "greetings.channel.gift": ("礼品", "Gift"),
    "greetings.channel.call": ("电话", "Call"),
    # --- reminder status ------------------------------------------------------------
    "greetings.status.open": ("待问候", "To greet"),
    "greetings.status.done": ("已问候", "Greeted"),
    "greetings.status.dismissed": ("已略过", "Dismissed"),
    # --- a reminder's detail: short, joined with " · " -------------------------------
    "greetings.detail.age": ("{age}岁", "turns {age}"),
    "greetings.detail.married": ("结婚{years}周年", "{years} years married"),
    "greetings.detail.join": (" · ", " · "),
    # a married couple who are both clients: one anniversary greeting naming both
    "greetings.couple": ("{first}、{second}", "{first} & {second}"),
    # --- a greeting task in the task list (store.tasks.task_title) -----------------------
    "greetings.task_title": ("{occasion}问候 · {client}", "{occasion} greeting · {client}"),
    # --- the entry a completed greeting logs -------------------------------------------
    "greetings.summary": ("{occasion}问候（{channel}）", "{occasion} greeting by {channel}"),
    "greetings.summary_person": (
        "{occasion}问候{person}（{channel}）",
        "{occasion} greeting to {person} by {channel}",
    ),
    # --- the visit export's greeting columns (store.exporting.VISIT_COLUMNS) ------------
    "visit_export.col.channel": ("问候方式", "Greeting channel"),
    "visit_export.col.cost": ("费用(元)", "Cost (yuan)"),
    # --- the greeting form -------------------------------------------------------------
    "greetings.field.channel": ("问候方式", "Channel"),
    "greetings.field.sent": ("问候方式及费用", "Sent as"),
    "greetings.field.cost": ("费用（元）", "Cost (yuan)"),
    "greetings.field.note": ("备注", "Note"),
    "greetings.invalid.client_missing": (
        "该客户不存在或已删除",
        "the client does not exist or was deleted",
    ),
    "greetings.invalid.client_archived": (
        "该客户已归档，不再问候",
        "the client is archived and no longer greeted",
    ),
    "greetings.refused.done_on": (
        "{person}的{occasion}问候已于 {on} 记过",
        "{occasion} greeting to {person} was already logged on {on}",
    ),
    "greetings.refused.done": (
        "{person}的{occasion}问候已记为完成",
        "{occasion} greeting to {person} is already marked done",
    ),
    "greetings.refused.done_on_dismiss": (
        "{person}的{occasion}问候已于 {on} 记过，不能略过；如需更改请先撤销",
        "{occasion} greeting to {person} was already logged on {on}; reopen it before"
        " dismissing it",
    ),
    "greetings.refused.done_dismiss": (
        "{person}的{occasion}问候已记为完成，不能略过；如需更改请先撤销",
        "{occasion} greeting to {person} is already marked done; reopen it before"
        " dismissing it",
    ),
    "greetings.refused.contact_gone": (
        "关键联系人{person}已删除或不再属于该客户",
        "the key contact {person} was deleted or no longer belongs to this client",
    ),
    # --- many greetings at once (complete_greetings; the greeting form's batch mode) ------
    "greetings.batch.title": ("{count}条问候", "{count} greetings"),
    "greetings.batch.who_more": ("{names} 等{count}人", "{names} and others ({count} in all)"),
    "greetings.batch.names_join": ("、", ", "),
    "greetings.field.cost_each": ("每条费用（元）", "Cost each (yuan)"),
    "greetings.batch.saved": (
        "已记录{count}条问候（{channel}）",
        "{count} greetings logged ({channel})",
    ),
    "greetings.batch.skipped": ("已跳过{count}条：{reasons}", "{count} skipped: {reasons}"),
    "greetings.not_found": (
        "该问候提醒已不存在（客户资料可能已更改）",
        "the greeting reminder no longer exists (the client's details may have changed)",
    ),
}
