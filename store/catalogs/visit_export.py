"""Text of the visit-log export (issue 5, item 9): columns, errors, CLI and screen.

Column headers are read in Chinese from this catalog whatever the app's
language (a branch's monthly report is in Chinese); the English entries
are what the screen and `--help` show an English-speaking user.
"""

from __future__ import annotations

CATALOG: dict[str, tuple[str, str]] = {
    # --- columns ---------------------------------------------------------------------
    "visit_export.col.occurred_at": ("时间", "Date and time"),
    "visit_export.col.client_name": ("客户姓名", "Client"),
    "visit_export.col.customer_no": ("客户号", "Customer no."),
    "visit_export.col.kind": ("方式", "Kind"),
    "visit_export.col.purpose": ("目的", "Purpose"),
    "visit_export.col.duration_min": ("时长(分钟)", "Duration (min)"),
    "visit_export.col.present": ("参与人员", "Present"),
    "visit_export.col.summary": ("沟通内容", "Summary"),
    "visit_export.col.prepared": ("准备事项", "Prepared"),
    "visit_export.col.needs": ("客户需求", "Needs"),
    "visit_export.col.products": ("涉及产品", "Products"),
    "visit_export.col.outcome": ("结果", "Outcome"),
    "visit_export.col.satisfaction": ("满意度", "Satisfaction"),
    "visit_export.col.follow_ups": ("后续跟进", "Follow-ups"),
    "visit_export.col.next_contact_on": ("下次联系", "Next contact"),
    "visit_export.col.recorded_by": ("记录人", "Recorded by"),
    # --- errors (each names the field it is about) -------------------------------------
    "visit_export.unknown_format": (
        "无法导出为 {path}：拜访记录只能导出为 .xlsx 或 .csv。",
        "Cannot export to {path}: the visit log exports to .xlsx or .csv only.",
    ),
    "visit_export.bad_date": (
        "{field}“{value}”不是有效日期（应为 YYYY-MM-DD，且该日存在）。",
        "{field} “{value}” is not a date (YYYY-MM-DD, a day that exists).",
    ),
    "visit_export.from_after_to": (
        "{field} {start} 晚于截止日期 {end}。",
        "{field} {start} is after the end date {end}.",
    ),
    "visit_export.unknown_client": (
        "没有客户号为“{value}”的客户。",
        "No client has the customer number “{value}”.",
    ),
    "visit_export.field.path": ("文件", "File"),
    "visit_export.field.from": ("开始日期", "From date"),
    "visit_export.field.to": ("截止日期", "To date"),
    "visit_export.field.client": ("客户", "Client"),
    "visit_export.done": (
        "已导出 {count} 条拜访记录到 {path}。",
        "Exported {count} visit log entries to {path}.",
    ),
    # --- command line --------------------------------------------------------------------
    "visit_export.cli.help": (
        "把拜访记录导出为 .xlsx 或 .csv（按文件扩展名），供月度报表使用",
        "export the visit log to .xlsx or .csv (by the file's extension) for the monthly report",
    ),
    "visit_export.cli.file": ("导出文件路径", "the file to write"),
    "visit_export.cli.from": (
        "开始日期 YYYY-MM-DD（含当日；默认不限）",
        "first day, YYYY-MM-DD (inclusive; default: no limit)",
    ),
    "visit_export.cli.to": (
        "截止日期 YYYY-MM-DD（含当日；默认不限）",
        "last day, YYYY-MM-DD (inclusive; default: no limit)",
    ),
    "visit_export.cli.client": (
        "只导出该客户号的客户",
        "only the client with this customer number",
    ),
    "visit_export.cli.headers": (
        "表头：zh 为中文列名（默认），keys 为英文字段名",
        "column headers: zh = Chinese names (default), keys = English field names",
    ),
    # --- the app --------------------------------------------------------------------------
    "key.visit_export.open": ("导出拜访记录", "Export visits"),
    "key.visit_export.run": ("导出", "Export"),
    "visit_export.title": ("导出拜访记录", "Export the visit log"),
    "visit_export.path_label": ("文件 .xlsx/.csv", "File .xlsx/.csv"),
    "visit_export.from_label": ("开始日期", "From"),
    "visit_export.to_label": ("截止日期", "To"),
    "visit_export.only_client": ("只导出所选客户：{name}", "Only the selected client: {name}"),
    "visit_export.no_client": ("（未选择客户：导出全部客户）", "(no client selected: all clients)"),
    "visit_export.path_required": ("请输入文件路径", "Type the file's path"),
    "visit_export.hint": (
        "回车或 F2 导出，Esc 取消。已有同名文件将被替换。",
        "Enter or F2 exports; escape cancels. A file of the same name is replaced.",
    ),
    "visit_export.command_help": (
        "把一段时间或所选客户的拜访记录导出为 .xlsx 或 .csv",
        "Export the visit log of a period or of the selected client to .xlsx or .csv",
    ),
    "help.visit_export": ("导出拜访记录", "Export the visit log"),
}
