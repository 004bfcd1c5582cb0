"""Messages of importing and exporting clients (CLI and app)."""

from __future__ import annotations

# key: (Simplified Chinese, English)
CATALOG: dict[str, tuple[str, str]] = {
    # --- fields the main catalog does not name ----------------------------------
    "import.field.id": ("系统编号", "id"),
    "import.field.customer_no": ("客户号", "Customer number"),
    "import.field.english_name": ("英文名", "English name"),
    "import.field.birthday_lunar": ("过农历生日", "Keeps lunar birthday"),
    "import.field.tier_reason": ("等级调整原因", "Tier override reason"),
    "import.field.importance_reason": ("重要性调整原因", "Importance override reason"),
    "import.field.deposit": ("存款余额", "Deposits"),
    "import.field.wealth": ("理财余额", "Wealth management"),
    "import.field.fund": ("基金余额", "Funds"),
    "import.field.insurance": ("保险余额", "Insurance"),
    # --- the file as a whole -------------------------------------------------------
    "import.not_found": ("找不到文件 {path}。", "The file {path} does not exist."),
    "import.is_directory": (
        "{path} 是文件夹，不是表格文件。",
        "{path} is a folder, not a spreadsheet.",
    ),
    "import.unreadable": ("无法读取 {path}：{detail}", "Cannot read {path}: {detail}"),
    "import.read_failed": (
        "读取 {path} 时出错，未导入任何数据：{detail}",
        "Reading {path} failed; nothing was imported: {detail}",
    ),
    "import.too_large": (
        "{path} 超过 {limit} MB，无法导入。",
        "{path} is larger than {limit} MB and cannot be imported.",
    ),
    "import.empty": ("{path} 是空文件。", "{path} is empty."),
    "import.not_spreadsheet": (
        "{path} 不是表格文件：请用 .csv 或 .xlsx 格式。",
        "{path} is not a spreadsheet: use a .csv or .xlsx file.",
    ),
    "import.old_excel": (
        "{path} 是旧版 Excel（.xls）文件：请在 Excel 中另存为 .xlsx 或 CSV 后再导入。",
        "{path} is an old Excel (.xls) file: save it as .xlsx or CSV in Excel, then import that.",
    ),
    "import.bad_encoding": (
        "{path} 的文字编码无法识别：应为 UTF-8 或 GBK/GB18030（Excel 另存为“CSV UTF-8”或“CSV”）。",
        'The text encoding of {path} is not UTF-8 or GBK/GB18030: save it from Excel as "CSV UTF-8" or "CSV".',
    ),
    "import.bad_xlsx": (
        "{path} 无法作为 Excel 工作簿读取：{detail}",
        "{path} cannot be read as an Excel workbook: {detail}",
    ),
    "import.bad_json": (
        "{path} 不是客户管家导出的 JSON：{detail}",
        "{path} is not a clientdesk JSON export: {detail}",
    ),
    "import.no_known_column": (
        "第一行没有可识别的列名（如 客户姓名、证件号码、手机号码），这不像是客户名单。",
        "The first row has no known column name (such as 客户姓名, 证件号码, id_number, phone): this does not look like a client list.",
    ),
    "import.no_match_column": (
        "文件需要 id、证件号码或统一社会信用代码列，才能对应到客户。",
        "The file needs an id, ID number (证件号码) or credit code (统一社会信用代码) column to match rows to clients.",
    ),
    "import.duplicate_column": (
        "列“{first}”和“{second}”都表示{field}，请只保留一列。",
        'The columns "{first}" and "{second}" both mean {field}; keep only one.',
    ),
    "import.no_rows": (
        "{path} 只有标题行，没有客户数据。",
        "{path} has a header row but no clients.",
    ),
    "import.rejected": (
        "{rows} 行有 {count} 处错误，未导入任何数据。",
        "{count} problems in {rows} rows; nothing was imported.",
    ),
    # --- where a problem is --------------------------------------------------------
    "import.at_line": ("第 {number} 行", "line {number}"),
    "import.at_row": ("第 {number} 行", "row {number}"),
    "import.at_record": ("第 {number} 条", "record {number}"),
    "import.problem": ("{where}，{column}：{reason}", "{where}, column {column}: {reason}"),
    "import.problem_row": ("{where}：{reason}", "{where}: {reason}"),
    # --- what is wrong with a cell or a row ------------------------------------------
    "import.invalid.cell_too_large": (
        "单元格过大（{size} 个字符，上限 {limit}）",
        "the cell is too large ({size} characters; at most {limit})",
    ),
    "import.invalid.extra_cells": (
        "比标题行多出 {count} 个单元格",
        "has {count} cells more than the header row",
    ),
    "import.invalid.bad_id": ("{value} 不是有效的系统编号", "{value} is not a valid clientdesk id"),
    "import.invalid.unknown_id": (
        "找不到系统编号为 {value} 的客户（只有编号、没有姓名时无法新建）",
        "no client has the id {value} (a row with an id but no name cannot create one)",
    ),
    "import.invalid.deleted_id": (
        "系统编号为 {value} 的客户已删除",
        "the client with the id {value} was deleted",
    ),
    "import.invalid.duplicate_in_file": ("与{other}重复", "same as on {other}"),
    "import.invalid.belongs_to_other": (
        "已属于另一位客户 {name}",
        "already belongs to another client, {name}",
    ),
    "import.invalid.name_required": ("新客户必须有姓名或名称", "a new client needs a name"),
    "import.invalid.id_mismatch": (
        "与证件号码不符（证件号码中为 {expected}）",
        "does not match the ID number (which says {expected})",
    ),
    "import.invalid.kind_change": (
        "客户类型不能由{old}改为{new}",
        "a client cannot change from {old} to {new}",
    ),
    "import.invalid.unknown_manager": (
        "没有姓名或工号为 {value} 的客户经理",
        "no client manager has the name or employee number {value}",
    ),
    "import.invalid.ambiguous_manager": (
        "有 {count} 位客户经理叫 {value}，请改用工号",
        "{count} client managers are called {value}; use the employee number",
    ),
    "import.invalid.unknown_branch": (
        "没有代码或名称为 {value} 的网点",
        "no branch has the code or name {value}",
    ),
    "import.invalid.ambiguous_branch": (
        "有 {count} 个网点叫 {value}，请改用网点代码",
        "{count} branches are called {value}; use the branch code",
    ),
    "import.invalid.future_date": ("{value} 晚于今天", "{value} is in the future"),
    "import.invalid.doc_number": ("应为5到20位字母或数字", "must be 5 to 20 letters or digits"),
    "import.invalid.nationality": (
        "应为三位国家代码，如 CHN",
        "must be a three-letter country code such as CHN",
    ),
    "import.invalid.tag_too_long": (
        "标签“{tag}”超过 {limit} 个字符",
        'the tag "{tag}" is longer than {limit} characters',
    ),
    # --- results ---------------------------------------------------------------------
    "import.tier_reason": (
        "按导入文件（核心系统）的等级",
        "tier as given in the import file (core banking)",
    ),
    "import.importance_reason": ("按导入文件的重要性", "importance as given in the import file"),
    "import.summary": (
        "已导入 {path}：新增 {created} 位，更新 {updated} 位，{unchanged} 位不变。",
        "Imported {path}: {created} new, {updated} updated, {unchanged} unchanged.",
    ),
    "import.summary_dry": (
        "检查完毕（未写入）：将新增 {created} 位，更新 {updated} 位，{unchanged} 位不变。",
        "Checked, nothing written: {created} new, {updated} to update, {unchanged} unchanged.",
    ),
    "import.changed_fields": ("更新的字段：{fields}", "Fields updated: {fields}"),
    "import.unknown_columns": (
        "未识别的列（已忽略）：{columns}",
        "Unknown columns (ignored): {columns}",
    ),
    "import.progress_checking": ("正在检查", "Checking"),
    "import.progress_writing": ("正在写入", "Writing"),
    # --- export ----------------------------------------------------------------------
    "export.unknown_format": (
        "无法导出为 {path}：文件名应以 .csv、.xlsx 或 .json 结尾。",
        "Cannot export to {path}: the file name must end in .csv, .xlsx or .json.",
    ),
    "export.no_folder": ("文件夹 {folder} 不存在。", "The folder {folder} does not exist."),
    "export.is_directory": ("{path} 是文件夹。", "{path} is a folder."),
    "export.failed": (
        "无法写入 {path}：{detail}。原有文件未改动。",
        "Cannot write {path}: {detail}. Any existing file was left as it was.",
    ),
    "export.done": ("已导出 {count} 位客户到 {path}。", "Exported {count} clients to {path}."),
    "export.progress": ("正在导出", "Exporting"),
    # --- command line ------------------------------------------------------------------
    "cli.import": ("从表格导入", "import from a spreadsheet"),
    "cli.import_clients": (
        "从 .csv（UTF-8 或 GBK）、.xlsx 或导出的 .json 导入客户；有任何错误则不写入",
        "import clients from .csv (UTF-8 or GBK), .xlsx or an exported .json; nothing is written if any row is bad",
    ),
    "cli.import_file": ("要导入的文件", "the file to import"),
    "cli.dry_run": ("只检查，不写入", "check only; write nothing"),
    "cli.export": ("导出到文件", "export to a file"),
    "cli.export_clients": (
        "把客户导出为 .csv、.xlsx 或 .json（按文件扩展名）",
        "export clients to .csv, .xlsx or .json (by the file's extension)",
    ),
    "cli.export_file": ("导出文件路径", "the file to write"),
    "cli.export_headers": (
        "表头：keys 为英文字段名（默认，可原样导回），zh 为中文列名",
        "column headers: keys = English field names (default; imports back as is), zh = Chinese names",
    ),
    # --- the app -------------------------------------------------------------------------
    "key.import_clients": ("导入", "Import"),
    "key.export_clients": ("导出", "Export"),
    "key.import_check": ("检查", "Check"),
    "key.import_run": ("确认导入", "Import now"),
    "import.title": ("导入客户", "Import clients"),
    "import.path_label": (
        "要导入的文件（.csv、.xlsx 或 .json）",
        "File to import (.csv, .xlsx or .json)",
    ),
    "import.path_placeholder": ("如 ~/下载/客户名单.xlsx", "e.g. ~/Downloads/clients.xlsx"),
    "import.hint": (
        "回车检查文件（不写入）；检查无误后按 ctrl+o 导入。Esc 返回。",
        "Enter checks the file (writes nothing); when it is clean, ctrl+o imports it. Escape goes back.",
    ),
    "import.path_required": ("请输入文件路径", "Type the file's path"),
    "import.path_missing": ("文件不存在", "No such file"),
    "import.path_folder": ("这是文件夹", "This is a folder"),
    "import.checking": ("正在检查 {path}", "Checking {path}"),
    "import.importing": ("正在导入 {path}", "Importing {path}"),
    "import.more_problems": (
        "……另有 {count} 处错误未列出",
        "... and {count} more problems not listed",
    ),
    "import.not_checked": ("请先检查文件（回车）", "Check the file first (enter)"),
    "import.col_where": ("位置", "Where"),
    "import.col_column": ("列", "Column"),
    "import.col_reason": ("问题", "Problem"),
    "import.ready": ("检查无误：按 ctrl+o 导入。", "The file is clean: press ctrl+o to import it."),
    "import.wait": ("正在导入，请稍候。", "Importing; please wait for it to finish."),
    "import.nothing_to_do": ("没有需要写入的变化", "Nothing to change"),
    "export.title": ("导出客户", "Export clients"),
    "export.path_label": (
        "把当前列表导出到（.xlsx、.csv 或 .json）",
        "Export the current list to (.xlsx, .csv or .json)",
    ),
    "export.hint": (
        "回车导出，Esc 取消。已有同名文件将被替换。",
        "Enter exports; escape cancels. A file of the same name is replaced.",
    ),
    "command.import_help": (
        "从 .csv 或 .xlsx 导入客户",
        "Import clients from a .csv or .xlsx file",
    ),
    "command.export_help": (
        "把当前列表导出为 .xlsx、.csv 或 .json",
        "Export the current list to .xlsx, .csv or .json",
    ),
    "help.import": ("导入客户", "Import clients"),
}
