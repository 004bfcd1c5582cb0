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
    "greetings.not_found": (
        "该问候提醒已不存在（客户资料可能已更改）",
        "the greeting reminder no longer exists (the client's details may have changed)",
    ),
}
