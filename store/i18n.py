"""The one catalog of user-facing text, in Simplified Chinese and English.

Both languages of a message sit on one line of `CATALOG` so that a new
message cannot be added in one language only (a test checks that both are
present and use the same placeholders). The catalog lives in `store/`
because the store's own errors are user-facing too; the TUI imports it.
"""

from __future__ import annotations

import os
import pkgutil
from importlib import import_module
from typing import Any, Literal

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")

_current: Language = "en"

# key: (Simplified Chinese, English)
CATALOG: dict[str, tuple[str, str]] = {
    # --- generic -----------------------------------------------------------
    "app.title": ("客户管家", "clientdesk"),
    "error.field": ("{field}：{reason}", "{field}: {reason}"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "none": ("无", "none"),
    # --- fields ------------------------------------------------------------
    "field.value": ("值", "Value"),
    "field.name": ("姓名", "Name"),
    "field.id_number": ("证件号码", "ID number"),
    "field.id_type": ("证件类型", "ID type"),
    "field.phone": ("手机号码", "Mobile number"),
    "field.email": ("电子邮箱", "E-mail"),
    "field.credit_code": ("统一社会信用代码", "Unified social credit code"),
    "field.amount": ("金额", "Amount"),
    "field.date": ("日期", "Date"),
    "field.birth_date": ("出生日期", "Birth date"),
    "field.gender": ("性别", "Gender"),
    "field.address": ("联系地址", "Address"),
    "field.occupation": ("职业", "Occupation"),
    "field.employer": ("工作单位", "Employer"),
    "field.industry": ("行业", "Industry"),
    "field.income_band": ("年收入", "Annual income"),
    "field.education": ("学历", "Education"),
    "field.marital_status": ("婚姻状况", "Marital status"),
    "field.wedding_date": ("结婚纪念日", "Wedding anniversary"),
    "field.risk_level": ("风险评级", "Risk tolerance"),
    "field.risk_assessed_on": ("风险评估日期", "Risk assessed on"),
    "field.tier": ("客户等级", "Tier"),
    "field.importance": ("重要性", "Importance"),
    "field.owner": ("归属客户经理", "Owner manager"),
    "field.status": ("状态", "Status"),
    "field.tags": ("圈层标签", "Circles / tags"),
    "field.notes": ("备注", "Notes"),
    "field.aum": ("金融资产", "Assets (AUM)"),
    "field.contribution": ("贡献度", "Contribution"),
    "field.legal_representative": ("法定代表人", "Legal representative"),
    "field.ownership": ("企业性质", "Ownership"),
    "field.kind": ("客户类型", "Client type"),
    "field.nationality": ("国籍", "Nationality"),
    "field.branch": ("开户网点", "Branch"),
    # --- validation reasons -----------------------------------------------
    "invalid.required": ("不能为空", "is required"),
    "invalid.yes_no": ("应为“是”或“否”：{value}", "must be yes or no: {value}"),
    "invalid.number": ("不是整数：{value}", "is not a whole number: {value}"),
    "invalid.too_long": ("超过 {limit} 个字符", "is longer than {limit} characters"),
    "invalid.not_typed_here": ("不能在此输入，请选择一方的值", "cannot be typed here; keep one of the two values"),
    "invalid.id_length": ("应为18位", "must have 18 characters"),
    "invalid.id_chars": ("前17位应为数字，末位为数字或X", "must be 17 digits followed by a digit or X"),
    "invalid.id_region": ("地区码 {region} 不存在", "region code {region} does not exist"),
    "invalid.id_birth_date": ("出生日期 {value} 不存在", "birth date {value} does not exist"),
    "invalid.id_birth_future": ("出生日期 {value} 晚于今天", "birth date {value} is in the future"),
    "invalid.id_check_digit": (
        "校验位应为 {expected}，实为 {actual}",
        "check digit should be {expected}, not {actual}",
    ),
    "invalid.mobile": (
        "应为以1开头的11位大陆手机号",
        "must be an 11-digit mainland mobile number starting with 1",
    ),
    "invalid.mobile_prefix": ("号段 {prefix} 不存在", "prefix {prefix} is not a mobile number range"),
    "invalid.email": ("格式不正确", "is not a valid e-mail address"),
    "invalid.credit_code_length": ("应为18位", "must have 18 characters"),
    "invalid.credit_code_chars": (
        "含有不允许的字符 {chars}",
        "contains characters that are not allowed: {chars}",
    ),
    "invalid.credit_code_check": (
        "校验码应为 {expected}，实为 {actual}",
        "check character should be {expected}, not {actual}",
    ),
    "invalid.amount": ("不是有效金额：{value}", "is not a valid amount: {value}"),
    "invalid.amount_precision": ("最多两位小数：{value}", "has more than two decimals: {value}"),
    "invalid.amount_negative": ("不能为负数", "must not be negative"),
    "invalid.date": ("日期 {value} 不存在或无法识别", "date {value} does not exist or cannot be read"),
    "invalid.choice": ("{value} 不是可选值（可选：{choices}）", "{value} is not one of: {choices}"),
    # --- vocabularies (store/vocab.py): "<vocabulary>.<code name>" --------
    "kind.individual": ("个人", "Individual"),
    "kind.corporate": ("公司", "Corporate"),
    "gender.male": ("男", "Male"),
    "gender.female": ("女", "Female"),
    "gender.unknown": ("未知", "Unknown"),
    "id_type.resident_id": ("居民身份证", "Resident ID"),
    "id_type.passport": ("护照", "Passport"),
    "id_type.hk_macau_permit": ("港澳通行证", "HK/Macau permit"),
    "id_type.taiwan_permit": ("台胞证", "Taiwan permit"),
    "id_type.credit_code": ("统一社会信用代码", "Credit code"),
    "level.client_manager": ("客户经理", "Client manager"),
    "level.senior_client_manager": ("高级客户经理", "Senior client manager"),
    "level.branch_leader": ("支行领导", "Branch leader"),
    "level.marketing_centre": ("营销中心", "Marketing centre"),
    "tier.standard": ("普通", "Standard"),
    "tier.gold": ("金卡", "Gold"),
    "tier.platinum": ("白金", "Platinum"),
    "tier.diamond": ("钻石", "Diamond"),
    "tier.private": ("私行", "Private"),
    "importance.A": ("A", "A"),
    "importance.B": ("B", "B"),
    "importance.C": ("C", "C"),
    "risk.C1": ("C1 保守型", "C1 conservative"),
    "risk.C2": ("C2 稳健型", "C2 cautious"),
    "risk.C3": ("C3 平衡型", "C3 balanced"),
    "risk.C4": ("C4 成长型", "C4 growth"),
    "risk.C5": ("C5 进取型", "C5 aggressive"),
    "status.active": ("正常", "Active"),
    "status.dormant": ("休眠", "Dormant"),
    "status.prospect": ("潜在", "Prospect"),
    "status.archived": ("已归档", "Archived"),
    "marital.single": ("未婚", "Single"),
    "marital.married": ("已婚", "Married"),
    "marital.divorced": ("离异", "Divorced"),
    "marital.widowed": ("丧偶", "Widowed"),
    "education.secondary": ("高中及以下", "Secondary"),
    "education.college": ("大专", "College"),
    "education.bachelor": ("本科", "Bachelor"),
    "education.master": ("硕士", "Master"),
    "education.doctorate": ("博士", "Doctorate"),
    "income.under_30": ("30万以下", "Under 300k"),
    "income.30_100": ("30-100万", "300k-1M"),
    "income.100_300": ("100-300万", "1M-3M"),
    "income.300_1000": ("300-1000万", "3M-10M"),
    "income.over_1000": ("1000万以上", "Over 10M"),
    "ownership.state_owned": ("国有", "State-owned"),
    "ownership.private": ("民营", "Private"),
    "ownership.foreign_invested": ("外资", "Foreign-invested"),
    "ownership.joint_venture": ("合资", "Joint venture"),
    "ownership.hk_macau_taiwan": ("港澳台", "HK/Macau/Taiwan"),
    "relation.spouse": ("配偶", "Spouse"),
    "relation.child": ("子女", "Child"),
    "relation.parent": ("父母", "Parent"),
    "relation.executive": ("高管", "Executive"),
    "relation.shareholder": ("股东", "Shareholder"),
    "relation.referred_by": ("推荐人", "Referred by"),
    "relation_in.spouse": ("配偶", "Spouse"),
    "relation_in.child": ("父母", "Parent"),
    "relation_in.parent": ("子女", "Child"),
    "relation_in.executive": ("任职高管", "Has executive"),
    "relation_in.shareholder": ("其股东", "Has shareholder"),
    "relation_in.referred_by": ("推荐了", "Referred"),
    "interaction.visit": ("拜访", "Visit"),
    "interaction.phone": ("电话", "Phone"),
    "interaction.sms": ("短信", "SMS"),
    "interaction.wechat": ("微信", "WeChat"),
    "interaction.email": ("邮件", "E-mail"),
    "interaction.letter": ("信函", "Letter"),
    "interaction.gift": ("礼品", "Gift"),
    "interaction.event": ("活动", "Event"),
    "interaction.greeting": ("问候", "Greeting"),
    "purpose.care": ("关系维护", "Relationship care"),
    "purpose.product": ("产品推荐", "Product"),
    "purpose.review": ("资产检视", "Review"),
    "purpose.complaint": ("投诉跟进", "Complaint"),
    "purpose.greeting": ("节日问候", "Greeting"),
    "purpose.other": ("其他", "Other"),
    "event.visit": ("拜访", "Visit"),
    "event.call": ("电话", "Call"),
    "event.meeting": ("会议", "Meeting"),
    "event.club": ("俱乐部活动", "Club activity"),
    "event.other": ("其他", "Other"),
    # --- desk -------------------------------------------------------------
    "pane.clients": ("客户", "Clients"),
    "pane.clients_count": ("客户（{count}）", "Clients ({count})"),
    "pane.calendar": ("日程", "Calendar"),
    "pane.visit_log": ("拜访记录", "Visit log"),
    "pane.visit_log_of": ("拜访记录 · {name}（{count}）", "Visit log: {name} ({count})"),
    "col.name": ("客户姓名", "Name"),
    "col.tier": ("等级", "Tier"),
    "col.aum_wan": ("资产(万元)", "AUM (10k)"),
    "col.owner": ("客户经理", "Manager"),
    "col.last_contact": ("最近联系", "Contacted"),
    "col.next_due": ("下次联系", "Next due"),
    "col.when": ("时间", "When"),
    "col.kind": ("方式", "Kind"),
    "col.purpose": ("目的", "Purpose"),
    "col.present": ("参与人员", "Present"),
    "col.summary": ("摘要", "Summary"),
    "col.next_contact": ("下次联系", "Next contact"),
    "search.placeholder": ("搜索：姓名、拼音或首字母（如 zw）", "Search: name, pinyin or initials (e.g. zw)"),
    "calendar.weekdays": ("一 二 三 四 五 六 日", "Mo Tu We Th Fr Sa Su"),
    "calendar.legend_client": ("该客户", "this client"),
    "calendar.legend_busy": ("有日程", "scheduled"),
    "agenda.empty": ("未来两周没有日程。", "Nothing scheduled in the next two weeks."),
    "status.no_manager": ("未登录客户经理", "no manager signed in"),
    "status.no_branch": ("未设网点", "no branch"),
    "status.clients": ("{count} 位客户", "{count} clients"),
    "status.pending": ("待同步 {count} 条", "{count} to sync"),
    "status.last_sync": ("上次同步 {time}", "last sync {time}"),
    "status.never_synced": ("从未同步", "never synced"),
    "status.conflicts": ("冲突 {count} 条待处理", "conflicts to review: {count}"),
    "unit.yuan": ("元", "yuan"),
    "detail.identity": ("基本信息", "Identity"),
    "detail.contact": ("联系方式", "Contact"),
    "detail.work": ("工作、收入与家庭", "Work, income and family"),
    "detail.risk_assets": ("风险与资产", "Risk and assets"),
    "detail.management": ("等级与状态", "Tier and status"),
    "detail.company": ("企业信息", "Company"),
    "detail.manager_tags": ("管户与圈层", "Manager and circles"),
    "detail.relations": ("关联关系（回车打开）", "Relations (enter opens)"),
    "detail.key_contacts": ("关键联系人", "Key contacts"),
    "detail.read_only": ("只读", "read-only"),
    "detail.lunar_birthday": ("过农历生日", "Keeps lunar birthday"),
    "detail.lunar_birthday_value": ("{day}（下次 {next}）", "{day} (next on {next})"),
    "detail.lunar": ("农历", "lunar"),
    "contact.title": ("职务", "Title"),
    "help.title": ("按键说明", "Keys"),
    "help.general": ("通用", "Everywhere"),
    "help.search": ("搜索框", "Search box"),
    "help.detail": ("客户详情", "Client detail"),
    "help.conflicts": ("同步冲突", "Sync conflicts"),
    "help.close_hint": ("按 Esc、q 或 ? 关闭。", "Press escape, q or ? to close."),
    "key.quit": ("退出", "Quit"),
    "key.help": ("帮助", "Help"),
    "key.search": ("搜索", "Search"),
    "key.next_pane": ("下一窗格", "Next pane"),
    "key.prev_pane": ("上一窗格", "Previous pane"),
    "key.palette": ("命令面板", "Command palette"),
    "key.up": ("上移", "Up"),
    "key.down": ("下移", "Down"),
    "key.page_up": ("上一页", "Page up"),
    "key.page_down": ("下一页", "Page down"),
    "key.first": ("第一位", "First"),
    "key.last": ("最后一位", "Last"),
    "key.open_client": ("客户详情", "Open client"),
    "key.clear_search": ("清除搜索", "Clear search"),
    "key.to_list": ("回到列表", "Back to list"),
    "key.prev_day": ("前一天", "Previous day"),
    "key.next_day": ("后一天", "Next day"),
    "key.prev_week": ("上一周", "Previous week"),
    "key.next_week": ("下一周", "Next week"),
    "key.prev_month": ("上月", "Prev month"),
    "key.next_month": ("下月", "Next month"),
    "key.today": ("今天", "Today"),
    "key.close": ("关闭", "Close"),
    "key.back": ("返回", "Back"),
    "key.sync": ("同步", "Sync"),
    "key.conflicts": ("冲突", "Conflicts"),
    "key.keep_current": ("保留现值", "Keep current"),
    "key.take_lost": ("改用落选值", "Take lost value"),
    "key.type_value": ("输入新值", "Type a value"),
    "key.cancel": ("取消", "Cancel"),
    "command.theme": ("主题：{label}", "Theme: {label}"),
    "command.theme_help": ("切换为{label}主题并记住", "Switch to the {label} theme and remember it"),
    "command.help_help": ("列出所有按键", "List every key"),
    "command.sync_help": ("上传本机修改并下载他人的修改", "Push this laptop's changes and pull everyone else's"),
    "command.conflicts_help": ("查看并处理同步冲突", "Review and resolve sync conflicts"),
    "command.quit_help": ("退出客户管家", "Leave clientdesk"),
    "notice.settings_ignored": ("部分设置未生效", "Some settings were ignored"),
    "notice.theme_fallback": ("找不到主题 {theme}，已改用默认主题。", "Theme {theme} was not found; using the default."),
    "notice.worker_failed": ("读取数据失败", "Could not read data"),
    # --- command line ------------------------------------------------------
    "cli.description": ("客户管家：面向客户经理的键盘操作终端工作台。", "clientdesk: a keyboard-driven desk for bank relationship managers."),
    "cli.db": ("数据文件路径（默认读取 CLIENTDESK_DB 或用户数据目录）", "store file (default: $CLIENTDESK_DB, else the user data folder)"),
    "cli.lang": ("界面语言", "language of the interface"),
    "cli.demo_flag": ("数据库为空时先填入演示数据再打开", "fill an empty store with demo data, then open it"),
    "cli.demo": ("向数据库填入演示数据", "fill the store with demo data"),
    "cli.demo_clients": ("客户数量（默认 2000）", "number of clients (default 2000)"),
    "cli.demo_seed": ("随机种子，相同种子得到相同数据", "random seed; the same seed gives the same data"),
    "cli.demo_force": ("数据库已有客户时仍然添加", "add demo data even if the store already has clients"),
    "cli.demo_progress": ("正在生成演示数据 {percent}%（{done}/{total}）", "Creating demo data {percent}% ({done}/{total})"),
    "cli.demo_done": ("已生成 {clients} 位客户、{interactions} 条拜访记录、{events} 个日程，保存在 {path}", "Created {clients} clients, {interactions} visit-log entries and {events} calendar entries in {path}"),
    "cli.not_a_number": ("{value} 不是整数", "{value} is not a whole number"),
    "cli.server": ("管理共享数据库", "manage the shared database"),
    "cli.server_init": ("创建或升级共享数据库结构（可重复运行）", "create or upgrade the shared database's schema (safe to run again)"),
    "cli.url": ("PostgreSQL 地址，如 postgresql://用户@主机/库名（密码放在 .pgpass 或 PGPASSWORD）", "PostgreSQL URL, e.g. postgresql://user@host/db (passwords from .pgpass or PGPASSWORD)"),
    "cli.server_ready": ("共享数据库 {url} 已就绪（结构版本 {after}）。", "The shared database {url} is ready (schema {after})."),
    "cli.server_upgraded": ("共享数据库 {url} 已从结构版本 {before} 升级到 {after}。", "The shared database {url} was upgraded from schema {before} to {after}."),
    "cli.sync": ("与共享数据库同步：上传本机修改，下载他人修改", "sync with the shared database: push local changes, pull everyone else's"),
    "cli.sync_url": ("共享数据库地址（省略时用配置文件中的 [sync] url；首次给出后会记住，不含密码）", "shared database URL (default: [sync] url from the config; remembered without any password once given)"),
    "cli.sync_pushing": ("正在上传 {done}/{total}", "Pushing {done}/{total}"),
    "cli.sync_pulling": ("正在下载 {done}/{total}", "Pulling {done}/{total}"),
    "cli.conflicts": ("列出尚未处理的同步冲突", "list unresolved sync conflicts"),
    "cli.json": ("以 JSON 输出", "print JSON"),
    "cli.no_conflicts": ("没有待处理的冲突。", "No unresolved conflicts."),
    "cli.conflict_line": (
        "{record} · {field}（{reason}）：现值 {kept}（{kept_by}，{kept_at}）｜落选值 {lost}（{lost_by}，{lost_at}）",
        "{record} · {field} ({reason}): kept {kept} ({kept_by}, {kept_at}) | lost {lost} ({lost_by}, {lost_at})",
    ),
    "cli.not_positive": ("{value} 应大于 0", "{value} must be at least 1"),
    # --- store open errors -------------------------------------------------
    "store.no_folder": ("文件夹 {folder} 不存在。", "The folder {folder} does not exist."),
    "store.not_writable": ("无法写入 {path}：没有权限。", "Cannot write to {path}: permission denied."),
    "store.not_a_store": (
        "{path} 不是客户管家的数据文件。",
        "{path} is not a clientdesk store.",
    ),
    "store.too_new": (
        "{path} 由更新版本的客户管家写入（数据版本 {revision}），请先升级客户管家。",
        "{path} was written by a newer clientdesk (schema {revision}); install a newer clientdesk to open it.",
    ),
    "store.is_directory": ("{path} 是文件夹，不是数据文件。", "{path} is a folder, not a store file."),
    "store.migration_failed": (
        "升级 {path} 失败，文件保持原样：{detail}",
        "Upgrading {path} failed and the file was left as it was: {detail}",
    ),
    "store.locked": (
        "{path} 正被另一个程序占用，请稍后再试。",
        "{path} is in use by another program; try again shortly.",
    ),
    # --- sync ------------------------------------------------------------------
    "sync.device": ("设备 …{device}", "device …{device}"),
    "sync.reason.edit": ("同时修改", "edited on two laptops"),
    "sync.reason.deleted": ("已被删除", "deleted elsewhere"),
    "sync.running": ("正在同步，请等本次同步结束。", "A sync is already running; wait for it to finish."),
    "sync.failed": ("同步失败", "Sync failed"),
    "sync.connecting": ("正在连接共享数据库", "Connecting to the shared database"),
    "sync.pushing": ("正在上传 {done}/{total}", "Pushing {done}/{total}"),
    "sync.pulling": ("正在下载 {done}/{total}", "Pulling {done}/{total}"),
    "conflicts.title": ("同步冲突", "Sync conflicts"),
    "conflicts.count": ("{count} 条待处理", "{count} to review"),
    "conflicts.empty": ("没有待处理的冲突，所有修改都已合并。", "No conflicts to review: every change merged cleanly."),
    "conflicts.hint": ("现值是目前保存的值，落选值是同步时被另一台电脑的修改覆盖的值。", "Current is the value kept now; lost is the value another laptop's edit overwrote in a sync."),
    "conflicts.col_record": ("记录", "Record"),
    "conflicts.col_field": ("字段", "Field"),
    "conflicts.col_kept": ("现值", "Current value"),
    "conflicts.col_lost": ("落选值", "Lost value"),
    "conflicts.col_reason": ("原因", "Reason"),
    "conflicts.prompt_title": ("{record}：{field}", "{record}: {field}"),
    "conflicts.prompt_values": ("现值 {kept}，落选值 {lost}", "Current {kept}, lost {lost}"),
    "conflicts.prompt_placeholder": ("新的值", "New value"),
    "conflicts.prompt_hint": ("回车保存，Esc 取消。", "Enter saves; escape cancels."),
    "sync.done": (
        "同步完成：上传 {pushed} 条，下载 {pulled} 条，待处理冲突 {unresolved} 条。",
        "Synced: {pushed} pushed, {pulled} pulled; conflicts to review: {unresolved}.",
    ),
    "sync.no_url": (
        "未设置共享数据库：请运行 clientdesk sync URL（如 postgresql://用户@主机/库名）。",
        "No shared database is set: run clientdesk sync URL (e.g. postgresql://user@host/db).",
    ),
    "sync.bad_url": (
        "共享数据库地址无法识别：{detail}",
        "The shared database address cannot be read: {detail}",
    ),
    "sync.unreachable": (
        "无法连接共享数据库 {url}：{detail}。本地数据未改动，联网后再同步。",
        "Cannot reach the shared database {url}: {detail}. Nothing local changed; sync again when online.",
    ),
    "sync.refused": (
        "共享数据库 {url} 拒绝了同步：{detail}。本地数据未改动。",
        "The shared database {url} refused the sync: {detail}. Nothing local changed.",
    ),
    "sync.not_initialised": (
        "{url} 还不是 clientdesk 共享数据库：请管理员先运行 clientdesk server init URL。",
        "{url} is not a clientdesk shared database yet: an administrator must run clientdesk server init URL first.",
    ),
    "sync.server_older": (
        "共享数据库的结构版本是 {server}，本机 clientdesk {version} 需要 {ours}：请管理员用 clientdesk {version} 运行 server init 升级，或在本机安装与之相配的旧版。未同步任何数据，本地修改都已保留。",
        "The shared database is at schema {server}; this clientdesk {version} needs {ours}: an administrator should run server init with clientdesk {version}, or install the older matching release here. Nothing was synced; local changes are kept.",
    ),
    "sync.server_newer": (
        "共享数据库的结构版本 {server} 比本机 clientdesk {current}（{ours}）新：请安装 clientdesk {version} 或更新版本。未同步任何数据，本地修改都已保留。",
        "The shared database is at schema {server}, newer than this clientdesk {current} ({ours}): install clientdesk {version} or later. Nothing was synced; local changes are kept.",
    ),
    # --- demo ----------------------------------------------------------------
    "demo.store_not_empty": (
        "数据库中已有 {count} 位客户；如需添加演示数据请加 --force。",
        "The store already has {count} clients; add --force to add demo data anyway.",
    ),
}


def _merge_feature_catalogs() -> None:
    """Add each `store.catalogs` module's `CATALOG` to the one catalog.

    A feature keeps its messages next to its peers in a module of its own,
    so features built side by side never edit the same lines; a key defined
    twice is a bug and stops the import rather than silently shadowing.
    """
    from store import catalogs

    for module_info in sorted(pkgutil.iter_modules(catalogs.__path__), key=lambda m: m.name):
        module = import_module(f"{catalogs.__name__}.{module_info.name}")
        clash = CATALOG.keys() & module.CATALOG.keys()
        if clash:
            raise RuntimeError(f"{module.__name__} redefines catalog keys: {sorted(clash)}")
        CATALOG.update(module.CATALOG)


_merge_feature_catalogs()


def detect_language(environ: dict[str, str] | None = None) -> Language:
    """The language the user's locale asks for: Chinese for any zh_* locale."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def set_language(language: Language) -> None:
    """Switch every later `t()` call to `language`."""
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    _current = language


def current_language() -> Language:
    return _current


def t(key: str, **params: Any) -> str:
    """The message `key` in the current language, with `params` filled in.

    An unknown key is returned as itself so a missing entry shows up on
    screen (and in tests) instead of crashing the app.
    """
    entry = CATALOG.get(key)
    if entry is None:
        return key
    text = entry[0] if _current == "zh" else entry[1]
    return text.format(**params) if params else text
