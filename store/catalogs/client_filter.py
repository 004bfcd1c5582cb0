"""Text of the client list's search, filters, sort orders and saved filters."""

from __future__ import annotations

CATALOG: dict[str, tuple[str, str]] = {
    # --- keys --------------------------------------------------------------------
    "key.client_filter.open": ("筛选", "Filter"),
    "key.client_filter.mine": ("我的/全行", "Mine/branch"),
    "key.client_filter.sort": ("排序", "Sort"),
    "key.client_filter.reverse": ("倒序", "Reverse sort"),
    "key.client_filter.clear": ("清除筛选", "Clear filters"),
    "key.client_filter.close": ("关闭", "Close"),
    "key.client_filter.delete_saved": ("删除已存筛选", "Delete saved filter"),
    # --- list headings and the line of active filters -----------------------------
    "client_filter.col_tier": ("等级", "Tier"),
    "client_filter.col_importance": ("重要", "Imp"),
    "client_filter.scope_mine": ("我的客户", "My clients"),
    "client_filter.scope_branch": ("全行客户", "Whole branch"),
    "client_filter.summary_owner": ("客户经理：{names}", "manager: {names}"),
    "client_filter.summary_owner_count": ("{count} 位客户经理", "{count} managers"),
    "client_filter.summary_tags": ("标签：{tags}", "tags: {tags}"),
    "client_filter.summary_no_contact": ("{days} 天未联系", "no contact {days}+ days"),
    "client_filter.summary_birth": ("出生 {start}～{end}", "born {start} to {end}"),
    "client_filter.summary_aum": ("资产 {low}～{high} 万元", "AUM {low} to {high} (10k)"),
    "client_filter.summary_occupations_except": ("职业：除{names}外", "occupation: not {names}"),
    "client_filter.summary_not_recorded": ("未记录：{fields}", "not recorded: {fields}"),
    "client_filter.separator": ("；", "; "),
    "client_filter.list_separator": ("、", ", "),
    # --- the filter screen ----------------------------------------------------------
    "client_filter.title": ("筛选与排序", "Filter and sort"),
    "client_filter.scope": ("范围", "Scope"),
    "client_filter.tiers": ("客户等级", "Tier"),
    "client_filter.importance": ("重要性", "Importance"),
    "client_filter.kind": ("客户类型", "Client type"),
    "client_filter.kind_all": ("全部", "All"),
    "client_filter.statuses": (
        "状态（不选＝除已归档外）",
        "Status (none ticked = all but archived)",
    ),
    "client_filter.owner": ("归属客户经理", "Owner manager"),
    "client_filter.tags": ("圈层标签（任一）", "Tags (any of)"),
    "client_filter.no_contact": ("未联系天数（留空＝不限）", "No contact for days (blank = any)"),
    "client_filter.no_contact_placeholder": ("如 90", "e.g. 90"),
    "client_filter.sort": ("排序", "Sort by"),
    "client_filter.ascending": ("升序", "Ascending"),
    "client_filter.descending": ("降序", "Descending"),
    "client_filter.saved": (
        "已存筛选（回车应用，Del 删除）",
        "Saved filters (enter applies, del deletes)",
    ),
    "client_filter.no_saved": ("还没有保存的筛选", "No saved filters yet"),
    "client_filter.save_as": ("保存当前筛选为（回车保存）", "Save this filter as (enter saves)"),
    "client_filter.save_placeholder": (
        "名称，如 90天未联系的钻石客户",
        "a name, e.g. diamond, no contact 90 days",
    ),
    "client_filter.hint": (
        "修改立即生效。Tab 切换项目，空格勾选，Esc 关闭。",
        "Changes apply at once. Tab moves, space ticks, escape closes.",
    ),
    "client_filter.saved_done": ("已保存筛选“{name}”", 'Saved the filter "{name}"'),
    "client_filter.replaced_done": ("已更新筛选“{name}”", 'Updated the filter "{name}"'),
    "client_filter.deleted_done": ("已删除筛选“{name}”", 'Deleted the filter "{name}"'),
    "client_filter.applied": ("已应用筛选“{name}”", 'Applied the filter "{name}"'),
    "client_filter.no_manager": (
        "未登录客户经理，“我的客户”为空。",
        'No manager is signed in, so "my clients" is empty.',
    ),
    # --- sort column names ------------------------------------------------------------
    "client_filter.sort_name": ("姓名（拼音）", "Name (pinyin)"),
    "client_filter.sort_tier": ("客户等级", "Tier"),
    "client_filter.sort_importance": ("重要性", "Importance"),
    "client_filter.sort_aum": ("金融资产", "AUM"),
    "client_filter.sort_owner": ("客户经理", "Owner manager"),
    "client_filter.sort_last_contact": ("最近联系", "Last contact"),
    # --- saved filter specs and names ----------------------------------------------------
    "client_filter.spec_unknown_key": (
        "忽略了无法识别的筛选项 {setting}",
        "Ignored the unknown filter setting {setting}",
    ),
    "client_filter.spec_bad_value": (
        "筛选项 {setting} 的值 {value} 无效，已忽略",
        "Ignored the filter setting {setting}: {value} is not a valid value",
    ),
    "client_filter.spec_not_json": (
        "已存筛选“{name}”无法读取，已忽略：{detail}",
        'The saved filter "{name}" cannot be read and was ignored: {detail}',
    ),
    "client_filter.field_name": ("筛选名称", "Filter name"),
    "client_filter.no_contact_days": ("未联系天数", "No contact for days"),
    "client_filter.invalid_days": (
        "应为 1 到 {limit} 之间的整数",
        "must be a whole number from 1 to {limit}",
    ),
}
