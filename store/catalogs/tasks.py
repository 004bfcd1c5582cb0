"""Messages of tasks (待办), generated cadence tasks and the my day screen (今日工作)."""

from __future__ import annotations

# key: (Simplified Chinese, English)
CATALOG: dict[str, tuple[str, str]] = {
    # --- fields ------------------------------------------------------------------
    "tasks.field.title": ("待办事项", "Title"),
    "tasks.field.client": ("客户", "Client"),
    "tasks.field.assignee": ("负责人", "Assignee"),
    "tasks.field.due_on": ("到期日", "Due date"),
    "tasks.field.notes": ("备注", "Notes"),
    "tasks.field.status": ("状态", "Status"),
    "tasks.field.snooze_until": ("推迟到", "Snooze until"),
    # --- validation reasons -------------------------------------------------------
    "tasks.not_found": ("该待办不存在或已删除", "the task does not exist or was deleted"),
    "tasks.invalid.unknown_client": (
        "该客户不存在或已删除",
        "the client does not exist or was deleted",
    ),
    "tasks.invalid.unknown_manager": (
        "不是本行在册的客户经理",
        "is not a current manager here",
    ),
    "tasks.invalid.status": (
        "应为待办、已完成或已取消：{value}",
        "must be open, done or cancelled: {value}",
    ),
    "tasks.invalid.snooze_not_later": (
        "须晚于今天（{today}）",
        "must be a later day than today ({today})",
    ),
    "tasks.invalid.not_open": (
        "只能推迟未完成的待办",
        "only an open task can be snoozed",
    ),
    "tasks.invalid.snooze_text": (
        "请输入日期（如 2026-12-05）或天数（如 +3d）：{value}",
        "write a date (2026-12-05) or a number of days (+3d): {value}",
    ),
    # --- vocabulary -----------------------------------------------------------------
    "tasks.status.open": ("待办", "Open"),
    "tasks.status.done": ("已完成", "Done"),
    "tasks.status.cancelled": ("已取消", "Cancelled"),
    "tasks.source.manual": ("手工", "By hand"),
    "tasks.source.follow_up": ("跟进", "Follow-up"),
    "tasks.source.cadence": ("拜访频率", "Cadence"),
    "tasks.cadence_title": ("{role}按频率拜访到期", "{role} visit due by cadence"),
    # --- the task list --------------------------------------------------------------
    "tasks.title": ("我的待办（{count}）", "My tasks ({count})"),
    "tasks.title_all": ("我的全部待办（{count}）", "All my tasks ({count})"),
    "tasks.loading": ("正在读取……", "Reading tasks..."),
    "tasks.empty_open": (
        "没有未完成的待办。按 n 新建一条。",
        "No open tasks. Press n to add one.",
    ),
    "tasks.empty_all": ("还没有任何待办。按 n 新建一条。", "No tasks yet. Press n to add one."),
    "tasks.no_manager": (
        "本机未登记登录的客户经理，待办无法归属。",
        "No manager is signed in on this store, so no task is yours.",
    ),
    "tasks.col.title": ("待办事项", "Task"),
    "tasks.col.client": ("客户", "Client"),
    "tasks.col.due": ("到期日", "Due"),
    "tasks.col.status": ("状态", "Status"),
    "tasks.snoozed_mark": ("推迟至 {day}", "snoozed to {day}"),
    "tasks.overdue_mark": ("逾期{days}天", "{days}d late"),
    "tasks.marked_done": ("已完成：{title}", "Done: {title}"),
    "tasks.marked_cancelled": ("已取消：{title}", "Cancelled: {title}"),
    "tasks.reopened": ("已重新打开：{title}", "Reopened: {title}"),
    "tasks.snoozed": ("已推迟到 {day}：{title}", "Snoozed until {day}: {title}"),
    "tasks.undo_hint": ("按 u 撤销。", "Press u to undo."),
    "tasks.nothing_to_undo": ("没有可撤销的操作", "Nothing to undo"),
    "tasks.cancel_confirm_title": ("取消待办", "Cancel task"),
    "tasks.cancel_confirm_body": (
        "取消“{title}”？取消后可在全部待办中重新打开。",
        "Cancel \u201c{title}\u201d? It can be reopened from all tasks.",
    ),
    "tasks.not_open": ("该待办已不是未完成状态", "This task is not open"),
    "tasks.already_open": ("该待办本来就是未完成状态", "This task is already open"),
    "tasks.no_client": ("该待办没有关联客户", "This task has no client"),
    "tasks.created": ("已新建待办：{title}", "Task added: {title}"),
    # --- the task form --------------------------------------------------------------
    "tasks.form.title_new": ("新建待办", "New task"),
    "tasks.form.no_client": ("（不关联客户）", "(no client)"),
    "tasks.form.no_assignee": ("（未指定）", "(nobody)"),
    "tasks.form.hint": (
        "F2 保存，Esc 取消。到期日可留空。",
        "F2 saves, escape cancels. The due date may stay empty.",
    ),
    # --- the snooze prompt ----------------------------------------------------------
    "tasks.snooze.title": ("推迟到哪天", "Snooze until"),
    "tasks.snooze.hint": (
        "输入日期（12-5、下周一）或天数（+3d），回车确定，Esc 取消。",
        "A date (12-5, next mon) or a number of days (+3d); enter to snooze, escape to cancel.",
    ),
    # --- my day ---------------------------------------------------------------------
    "my_day.title": ("今日工作", "My day"),
    "my_day.header": ("{name}（{level}）· {day}", "{name} ({level}) - {day}"),
    "my_day.loading": ("正在读取……", "Reading my day..."),
    "my_day.no_manager": (
        "本机未登记登录的客户经理，无法列出“我的”拜访和待办。",
        "No manager is signed in on this store, so there are no visits or tasks of yours.",
    ),
    "my_day.visits": ("按频率应拜访（{count}）", "Visits due by cadence ({count})"),
    "my_day.tasks": ("到期待办（{count}）", "Tasks due ({count})"),
    "my_day.greetings": ("问候（{count}）", "Greetings ({count})"),
    "my_day.visits_empty": (
        "没有到期或逾期的拜访：名下客户都在拜访频率之内。",
        "No visits due: every client of yours is within their cadence.",
    ),
    "my_day.tasks_empty": (
        "今天没有到期的待办。按 Esc 返回后按 t 查看全部待办。",
        "No tasks due today. Back on the desk, t lists all your tasks.",
    ),
    "my_day.greetings_empty": (
        "近期没有要发的生日、纪念日或节日问候。",
        "No birthday, anniversary or festival greetings due.",
    ),
    "my_day.late": ("逾期{days}天", "{days} days late"),
    "my_day.due_today": ("今天到期", "due today"),
    "my_day.due_in": ("{days}天后到期", "due in {days} days"),
    "my_day.due_off": (
        "到期日休息，前一工作日 {day}", "due on a day off; the working day before is {day}"
    ),
    "my_day.last": ("上次 {day}", "last {day}"),
    "my_day.never": ("从未拜访", "never visited"),
    "my_day.due_on": ("应于 {day}", "due {day}"),
    "my_day.visit_not_task": (
        "应拜访项在记录拜访后自动完成：按 v 记录拜访。",
        "A due visit is met by logging it: press v.",
    ),
    "my_day.nothing_here": ("这一行没有可操作的内容", "Nothing to act on in this line"),
    "my_day.visit_snoozed": (
        "已推迟到 {day}：{client}的{role}拜访",
        "Snoozed until {day}: {role} visit to {client}",
    ),
    "my_day.no_visit_task": (
        "该拜访还没有待办，无法推迟",
        "This visit has no task yet, so it cannot be snoozed",
    ),
    "my_day.not_ready": ("{feature}尚未提供", "{feature} is not available yet"),
    # --- keys and help ---------------------------------------------------------------
    "key.my_day.open": ("今日工作", "My day"),
    "key.my_day.open_line": ("打开客户", "Open"),
    "key.my_day.visit": ("拜访", "Visit"),
    "key.my_day.call": ("电话", "Call"),
    "key.my_day.brief": ("拜访准备", "Brief"),
    "key.my_day.due": ("到期清单", "Due list"),
    "key.my_day.done": ("完成", "Done"),
    "key.my_day.snooze": ("推迟", "Snooze"),
    "key.my_day.undo": ("撤销", "Undo"),
    "key.my_day.mark": ("标记", "Mark"),
    "key.my_day.greet_all": ("批量问候", "Greet all"),
    "key.tasks.open": ("待办", "Tasks"),
    "key.tasks.new": ("新建待办", "New task"),
    "key.tasks.done": ("完成", "Done"),
    "key.tasks.cancel": ("取消待办", "Cancel task"),
    "key.tasks.reopen": ("重新打开", "Reopen"),
    "key.tasks.snooze": ("推迟", "Snooze"),
    "key.tasks.all": ("全部/未完成", "All / open"),
    "key.tasks.save": ("保存", "Save"),
    "key.tasks.snooze_ok": ("确定", "Snooze"),
    "help.my_day": ("今日工作", "My day"),
    "help.tasks": ("待办", "Tasks"),
    "help.task_form": ("新建待办", "New task form"),
}
