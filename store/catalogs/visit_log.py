"""Messages of the visit log: logging, correcting and reading contacts with clients."""

from __future__ import annotations

# key: (Simplified Chinese, English)
CATALOG: dict[str, tuple[str, str]] = {
    # --- fields ------------------------------------------------------------------
    "visit_log.field.kind": ("联系方式", "Kind"),
    "visit_log.field.when": ("时间", "When"),
    "visit_log.field.ends": ("结束时间", "Ends"),
    "visit_log.field.duration": ("时长(分钟)", "Minutes"),
    "visit_log.field.participants": ("我行参与人员", "Present (bank)"),
    "visit_log.field.purpose": ("目的", "Purpose"),
    "visit_log.field.summary": ("沟通内容", "Discussed"),
    "visit_log.field.prepared": ("准备事项", "Prepared"),
    "visit_log.field.needs": ("客户需求", "Needs found"),
    "visit_log.field.products": ("涉及产品", "Products"),
    "visit_log.field.outcome": ("结果", "Outcome"),
    "visit_log.field.satisfaction": ("客户满意度", "Satisfaction"),
    "visit_log.field.follow_ups": ("后续事项", "Follow-ups"),
    "visit_log.field.next_contact_on": ("下次联系日期", "Next contact"),
    "visit_log.field.recorded_by": ("记录人", "Recorded by"),
    "visit_log.field.client": ("客户", "Client"),
    "visit_log.field.deleted": ("撤回", "Withdrawn"),
    # --- validation reasons --------------------------------------------------------
    "visit_log.invalid.when": (
        "无法识别 {value}；请写 YYYY-MM-DD HH:MM、昨天 15:00、11-27 15:00、HH:MM 或“现在”",
        "cannot read {value}; write YYYY-MM-DD HH:MM, yesterday 15:00, 11-27 15:00, HH:MM or now",
    ),
    "visit_log.invalid.date": ("{problem}", "{problem}"),
    "visit_log.invalid.no_such_date": (
        "日历上没有 {value} 这一天",
        "{value} is not a day on the calendar",
    ),
    "visit_log.invalid.time": ("时间 {value} 无法识别，请写 HH:MM", "time {value} cannot be read; write HH:MM"),
    "visit_log.invalid.future": (
        "{value} 尚未发生：记录的是已发生的联系，未来的安排请放进日程",
        "{value} is in the future: logged contacts are things that happened; "
        "plan future ones in the calendar",
    ),
    "visit_log.invalid.ends_before": ("结束早于开始（{start}）", "ends before it starts ({start})"),
    "visit_log.invalid.duration": (
        "应为 1 至 1440 之间的分钟数：{value}",
        "must be 1 to 1,440 minutes: {value}",
    ),
    "visit_log.invalid.duration_mismatch": (
        "与结束时间不符（按结束时间为 {minutes} 分钟）",
        "does not match the end time ({minutes} minutes from the start)",
    ),
    "visit_log.invalid.next_before": (
        "{value} 早于本次联系的日期 {day}",
        "{value} is before the contact's day {day}",
    ),
    "visit_log.invalid.satisfaction": ("应为 1 至 5：{value}", "must be 1 to 5: {value}"),
    "visit_log.invalid.too_long": (
        "共 {length} 个字符；最多 {limit} 个",
        "is {length} characters; at most {limit}",
    ),
    "visit_log.invalid.line_too_long": (
        "第 {line} 行超过 {limit} 个字符（每行成为一个待办标题）",
        "line {line} is longer than {limit} characters (each line becomes a task title)",
    ),
    "visit_log.invalid.unknown_manager": (
        "{value} 不是本行在册的客户经理",
        "{value} is not a current manager here",
    ),
    "visit_log.invalid.no_participants": (
        "至少写一位在场的本行人员",
        "name at least one person from the bank who was there",
    ),
    "visit_log.invalid.not_found": ("该记录不存在或已撤回", "this entry does not exist or was withdrawn"),
    "visit_log.invalid.client_missing": ("该客户不存在或已删除", "the client does not exist or was deleted"),
    "visit_log.invalid.changed_elsewhere": (
        "打开表单后已被他人修改，请关闭后重新打开再改",
        "was changed elsewhere since this form opened; close it and open it again",
    ),
    # --- the form --------------------------------------------------------------------
    "visit_log.title_new": ("记录联系 · {name}", "Log a contact: {name}"),
    "visit_log.title_edit": ("更正记录 · {name}", "Correct an entry: {name}"),
    "visit_log.group.contact": ("联系", "Contact"),
    "visit_log.group.record": ("拜访记录", "Visit record"),
    "visit_log.hint.when": ("昨天 15:00 / HH:MM / 现在", "yesterday 15:00 / HH:MM / now"),
    "visit_log.hint.ends": ("HH:MM", "HH:MM"),
    "visit_log.hint.date": ("下周三 / +2w / 12-5", "next wed / +2w / 12-5"),
    # the line under "when": natural_dates' preview of the day, then the time
    "visit_log.when_preview": ("{day} {time}", "{day} {time}"),
    "visit_log.hint.follow_ups": (
        "每行一项，成为待办；行首写 ✓ 或 x 表示当场已办",
        "One per line; each becomes a task. ✓ or x at the start = already done",
    ),
    "visit_log.hint.form": (
        "F2 保存 · Tab 下一项 · Esc 放弃。时间只能是过去或现在；未来的安排请放进日程。",
        "F2 saves · Tab next field · Esc leaves. Only past or present times: "
        "plan future contacts in the calendar.",
    ),
    "visit_log.hint.participants": ("空格勾选", "space ticks"),
    "visit_log.no_satisfaction": ("未询问", "Not asked"),
    "visit_log.participant_choice": ("{name}（{level}）", "{name} ({level})"),
    "visit_log.loading": ("正在读取……", "Loading..."),
    "visit_log.saved_new": ("已记录{kind}：{name}", "Logged a {kind} with {name}"),
    "visit_log.saved_edit": ("已更正 {name} 的记录（{count} 项）", "Corrected {name}'s entry ({count} fields)"),
    "visit_log.nothing_changed": ("没有改动", "Nothing changed"),
    "visit_log.tasks_made": ("，生成 {count} 项待办", "; {count} follow-up tasks"),
    "visit_log.no_client": ("请先在列表中选择客户", "Select a client in the list first"),
    # --- the pane and the entry screen ------------------------------------------------
    "visit_log.edited_mark": ("✎", "✎"),
    "visit_log.entry_title": ("{kind} · {when}", "{kind} · {when}"),
    "visit_log.group.entry": ("记录", "Entry"),
    "visit_log.group.participants": ("参与人员", "Present"),
    "visit_log.group.tasks": ("后续待办", "Follow-up tasks"),
    "visit_log.group.history": ("更正记录", "Corrections"),
    "visit_log.no_tasks": ("无", "None"),
    "visit_log.no_participants": ("未记录", "Not recorded"),
    "visit_log.history.create": ("记录", "Logged"),
    "visit_log.history.delete": ("撤回", "Withdrawn"),
    "visit_log.history.restore": ("恢复", "Restored"),
    "visit_log.history.change": ("{field}：{old} → {new}", "{field}: {old} → {new}"),
    "visit_log.history.edited_note": ("（已更正，按 h 查看）", "(corrected: h shows how)"),
    "visit_log.minutes": ("{minutes} 分钟", "{minutes} min"),
    "visit_log.task_line": ("{title} · {due} · {status}", "{title} · {due} · {status}"),
    "visit_log.withdraw_title": ("撤回这条记录？", "Withdraw this entry?"),
    "visit_log.withdraw_body": (
        "撤回 {when} 的{kind}记录（{name}）？审计日志会保留原内容。",
        "Withdraw the {kind} of {when} with {name}? The audit log keeps what it said.",
    ),
    "visit_log.withdrawn": ("已撤回 {when} 的记录", "Withdrew the entry of {when}"),
    "visit_log.task_status.open": ("未完成", "open"),
    "visit_log.task_status.done": ("已完成", "done"),
    "visit_log.task_status.cancelled": ("已取消", "cancelled"),
    # --- keys --------------------------------------------------------------------------
    "key.visit_log.log_visit": ("记录拜访", "Log visit"),
    "key.visit_log.log_phone": ("记录电话", "Log call"),
    "key.visit_log.open": ("查看记录", "Open entry"),
    "key.visit_log.edit": ("更正", "Correct"),
    "key.visit_log.withdraw": ("撤回", "Withdraw"),
    "key.visit_log.history": ("更正记录", "Corrections"),
    "help.visit_log.form": ("记录联系表单", "Log a contact (form)"),
    "help.visit_log.entry": ("拜访记录条目", "Visit log entry"),
}
