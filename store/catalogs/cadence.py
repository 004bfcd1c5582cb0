"""Text of the visit cadence (拜访频率): the due & overdue list, the `due` command
and the cadence status in the client list."""

from __future__ import annotations

CATALOG: dict[str, tuple[str, str]] = {
    # --- states ------------------------------------------------------------------
    "cadence.state.overdue": ("逾期未访", "Overdue"),
    "cadence.state.due": ("即将到期", "Due"),
    "cadence.state.ok": ("正常", "On track"),
    # compact forms for the client list's "next due" column (10 cells)
    "cadence.short.overdue": ("逾期{days}天", "{days}d late"),
    "cadence.short.due": ("到期", "due"),
    # --- the due & overdue screen and the `due` command -----------------------------
    "cadence.title": ("到期与逾期拜访", "Due & overdue visits"),
    "cadence.loading": ("正在计算拜访频率…", "Working out the visit cadence..."),
    "cadence.empty": ("没有到期或逾期的拜访", "No visits due or overdue"),
    "cadence.empty_mine": ("您没有到期或逾期的拜访", "You have no visits due or overdue"),
    "cadence.scope.mine": ("我负责的", "Mine"),
    "cadence.scope.branch": ("全行", "Whole branch"),
    "cadence.summary": (
        "{scope}：{overdue} 项逾期，{due} 项将在 {lead} 天内到期",
        "{scope}: {overdue} overdue, {due} due within {lead} days",
    ),
    "cadence.group": ("{manager}（{role}）  {count} 项", "{manager} ({role})  {count}"),
    "cadence.nobody": ("无人负责", "Nobody"),
    "cadence.no_manager": (
        "未登录客户经理，只能查看全行",
        "No manager is signed in: only the whole branch can be shown",
    ),
    "cadence.never": ("从未", "never"),
    "cadence.days": ("{days} 天", "{days} d"),
    "cadence.col.client": ("客户", "Client"),
    "cadence.col.tier": ("等级", "Tier"),
    "cadence.col.role": ("应访角色", "Role"),
    "cadence.col.manager": ("负责人", "Manager"),
    "cadence.col.last_contact": ("上次拜访", "Last visit"),
    "cadence.col.due_on": ("应访日期", "Due on"),
    "cadence.col.days_overdue": ("逾期天数", "Days late"),
    "cadence.col.state": ("状态", "State"),
    "cadence.col.note": ("提示", "Note"),
    "cadence.no_visit_form": (
        "记录拜访的功能尚未安装",
        "Logging a visit is not available in this build",
    ),
    # --- keys (footer and help) ---------------------------------------------------
    "key.cadence.due": ("到期拜访", "Due visits"),
    "key.cadence.mine": ("只看我的", "Only mine"),
    "key.cadence.log_visit": ("记录拜访", "Log visit"),
    "help.cadence": ("到期与逾期拜访", "Due & overdue visits"),
    # --- the command line -----------------------------------------------------------
    "cadence.cli.help": (
        "列出到期和逾期的拜访（客户、应访角色、上次拜访、应访日期、逾期天数）",
        "list due and overdue visits (client, role, last visit, due date, days late)",
    ),
    "cadence.cli.manager": (
        "只列出该客户经理负责的（姓名或工号）",
        "only the visits this manager carries (name or employee number)",
    ),
    "cadence.cli.unknown_manager": (
        "找不到客户经理：{name}（请用姓名或工号）",
        "no manager named or numbered {name}",
    ),
    "cadence.cli.ambiguous_manager": (
        "有多位客户经理叫 {name}，请用工号：{numbers}",
        "several managers are called {name}; use an employee number: {numbers}",
    ),
}
