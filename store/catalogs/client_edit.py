"""Messages of the client profile, the client form, archiving and manual tiers."""

from __future__ import annotations

# key: (Simplified Chinese, English)
CATALOG: dict[str, tuple[str, str]] = {
    # --- fields the main catalog does not name ---------------------------------
    "client_edit.field.company_name": ("客户名称", "Company name"),
    "client_edit.field.english_name": ("英文名", "English name"),
    "client_edit.field.customer_no": ("客户号", "Customer number"),
    "client_edit.field.birthday_lunar": ("过农历生日", "Keeps lunar birthday"),
    "client_edit.field.tier_reason": ("等级调整原因", "Tier override reason"),
    "client_edit.field.importance_reason": ("重要性调整原因", "Importance override reason"),
    "client_edit.field.override_reason": ("调整原因", "Reason"),
    "client_edit.field.override_value": ("调整为", "Set to"),
    "client_edit.field.override_field": ("调整项目", "Adjust"),
    "client_edit.field.tags_hint": ("多个标签用逗号或顿号分隔", "separate tags with commas"),
    # --- groups of the form and the profile ------------------------------------
    "client_edit.group.identity": ("基本信息", "Identity"),
    "client_edit.group.company": ("企业信息", "Company"),
    "client_edit.group.contact": ("联系方式", "Contact"),
    "client_edit.group.family": ("家庭与关系", "Family and relations"),
    "client_edit.group.work": ("工作与收入", "Work and income"),
    "client_edit.group.risk": ("风险与偏好", "Risk and preferences"),
    "client_edit.group.assets": ("资产概况", "Assets summary"),
    "client_edit.group.management": ("管户与等级", "Manager and tier"),
    "client_edit.group.tags": ("圈层标签", "Circles and tags"),
    "client_edit.group.notes": ("备注", "Notes"),
    "client_edit.group.contacts_relations": (
        "关键联系人与关联客户",
        "Key contacts and related clients",
    ),
    "client_edit.group.history": ("变更记录", "Change history"),
    # --- validation reasons ------------------------------------------------------
    "client_edit.invalid.nationality": (
        "应为三位国家代码，如 CHN",
        "must be a three-letter country code such as CHN",
    ),
    "client_edit.invalid.doc_number": (
        "应为5到20位字母或数字",
        "must be 5 to 20 letters or digits",
    ),
    "client_edit.invalid.future_date": ("{value} 晚于今天", "{value} is in the future"),
    "client_edit.invalid.not_for_kind": ("不适用于{kind}客户", "does not apply to {kind} clients"),
    "client_edit.invalid.duplicate": (
        "已有客户 {name}（客户号 {customer}）使用此号码",
        "already belongs to client {name} (customer number {customer})",
    ),
    "client_edit.invalid.duplicate_no_number": (
        "已有客户 {name} 使用此号码",
        "already belongs to client {name}",
    ),
    "client_edit.invalid.tag_too_long": (
        "标签“{tag}”超过 {limit} 个字符",
        'tag "{tag}" is longer than {limit} characters',
    ),
    "client_edit.invalid.id_mismatch": (
        "与身份证号不符（身份证号中为 {expected}）",
        "does not match the resident ID number (which says {expected})",
    ),
    "client_edit.invalid.changed_elsewhere": (
        "在您打开表单后已被他处修改，请重新打开查看新值",
        "changed elsewhere since you opened the form — reopen to see the new value",
    ),
    "client_edit.not_found": ("客户不存在或已删除。", "The client does not exist or was deleted."),
    # --- the profile -------------------------------------------------------------
    "client_edit.manual": ("{value}（手动：{reason}）", "{value} (manual: {reason})"),
    "client_edit.by_rule": ("{value}（按规则）", "{value} (by rule)"),
    "client_edit.age": ("{date}（{age}岁）", "{date} (age {age})"),
    "client_edit.wan": ("{yuan} 元（{wan} 万元）", "{yuan} yuan ({wan} 10k)"),
    "client_edit.relations_hint": ("回车打开关联客户", "enter opens a related client"),
    "client_edit.no_relations": ("无关联客户", "No related clients"),
    "client_edit.no_contacts": ("无关键联系人", "No key contacts"),
    "client_edit.no_history": ("暂无变更记录", "No changes recorded yet"),
    "client_edit.archived_banner": (
        "该客户已归档，不在客户列表中；按 r 恢复。",
        "This client is archived and not in the client list; press r to restore.",
    ),
    "client_edit.risk_due": ("已满一年，需重新评估", "over a year ago: reassess"),
    "client_edit.role.spouse": ("配偶", "Spouse"),
    "client_edit.role.parent": ("父母", "Parent"),
    "client_edit.role.child": ("子女", "Child"),
    "client_edit.role.employer": ("任职企业", "Executive at"),
    "client_edit.role.holding": ("持股企业", "Shareholder of"),
    "client_edit.role.referrer": ("推荐人", "Referred by"),
    "client_edit.role.executive": ("高管", "Executive"),
    "client_edit.role.shareholder": ("股东", "Shareholder"),
    "client_edit.role.referred": ("经其推荐", "Referred by this client"),
    "client_edit.history.change": ("{field}：{old} → {new}", "{field}: {old} → {new}"),
    "client_edit.relation": ("{role}：{name}", "{role}: {name}"),
    "client_edit.relation_note": ("{role}：{name}（{note}）", "{role}: {name} ({note})"),
    # a Gregorian birth date of someone who keeps the lunar birthday: name "腊月二十"
    "client_edit.lunar_date": (
        "{date}（过农历生日：{day}）", "{date} (keeps the lunar birthday, {day})"
    ),
    "client_edit.lunar_date_short": ("{date} 农历{day}", "{date}, lunar {day}"),
    "client_edit.history.create": ("新建客户", "Created"),
    "client_edit.history.update": ("修改", "Changed"),
    "client_edit.history.delete": ("删除", "Deleted"),
    "client_edit.history.restore": ("恢复", "Restored"),
    "client_edit.history.tag_added": ("添加", "added"),
    "client_edit.history.tag_removed": ("移除", "removed"),
    "client_edit.history.unknown_author": ("（未知）", "(unknown)"),
    "client_edit.history.col_when": ("时间", "When"),
    "client_edit.history.col_who": ("操作人", "Who"),
    "client_edit.history.col_what": ("内容", "What"),
    # --- the form ----------------------------------------------------------------
    "client_edit.title_new": ("新建客户", "New client"),
    "client_edit.title_edit": ("编辑客户：{name}", "Edit client: {name}"),
    "client_edit.required_hint": (
        "带 * 的为必填项；F2 保存，Esc 返回。",
        "Fields marked * are required; F2 saves, escape goes back.",
    ),
    "client_edit.fix_errors": (
        "有 {count} 项需要修改，未保存任何内容。",
        "{count} fields need fixing; nothing was saved.",
    ),
    "client_edit.saving": ("正在保存……", "Saving..."),
    "client_edit.created": ("已新建客户 {name}。", "Created client {name}."),
    "client_edit.saved": ("已保存 {name} 的 {count} 项修改。", "Saved {count} changes to {name}."),
    "client_edit.nothing_changed": ("没有修改。", "Nothing changed."),
    "client_edit.save_failed": ("保存失败", "Could not save"),
    "client_edit.derived": (
        "已按身份证号填入出生日期和性别，可修改。",
        "Birth date and gender filled in from the ID number; change them if needed.",
    ),
    "client_edit.discard_title": ("放弃修改？", "Discard changes?"),
    "client_edit.discard_body": (
        "表单中的修改尚未保存，确定放弃吗？",
        "The changes in this form are not saved. Discard them?",
    ),
    "client_edit.choose": ("请选择", "Choose"),
    "client_edit.hint.date": ("如 1985-03-12", "e.g. 1985-03-12"),
    "client_edit.hint.money": ("元，如 1,000,000.00", "yuan, e.g. 1,000,000.00"),
    # --- archive and undo --------------------------------------------------------
    "client_edit.archive_title": ("归档客户", "Archive client"),
    "client_edit.archive_body": (
        "归档 {name}？该客户将离开客户列表，可以撤销。",
        "Archive {name}? It leaves the list; you can undo.",
    ),
    "client_edit.archived": ("已归档 {name}。按 u 撤销。", "Archived {name}. Press u to undo."),
    "client_edit.restored": ("已恢复 {name}（{status}）。", "Restored {name} ({status})."),
    "client_edit.nothing_to_undo": ("没有可撤销的归档。", "There is no archive to undo."),
    # --- manual override ---------------------------------------------------------
    "client_edit.override_title": ("手动调整等级或重要性", "Set tier or importance by hand"),
    "client_edit.override_rule": ("按规则计算", "Follow the rules"),
    "client_edit.override_hint": (
        "手动值需填写原因；选“按规则计算”取消手动调整。F2 或回车保存，Esc 取消。",
        'A manual value needs a reason; choose "Follow the rules" to clear it. '
        "F2 or enter saves; escape cancels.",
    ),
    "client_edit.override_saved": ("已调整 {name} 的{field}。", "Updated {field} of {name}."),
    # --- confirm modal -----------------------------------------------------------
    "client_edit.confirm_hint": (
        "回车或 y 确认，Esc 或 n 取消。",
        "Enter or y confirms; escape or n cancels.",
    ),
    # --- keys --------------------------------------------------------------------
    "key.client_edit.new": ("新建客户", "New client"),
    "key.client_edit.edit": ("编辑", "Edit"),
    "key.client_edit.archive": ("归档", "Archive"),
    "key.client_edit.restore": ("恢复", "Restore"),
    "key.client_edit.undo": ("撤销归档", "Undo archive"),
    "key.client_edit.override": ("调整等级", "Set tier"),
    "key.client_edit.history": ("变更记录", "History"),
    "key.client_edit.save": ("保存", "Save"),
    "key.client_edit.next_field": ("下一项", "Next field"),
    "key.client_edit.prev_field": ("上一项", "Previous field"),
    "key.client_edit.confirm": ("确认", "Confirm"),
    "help.client_edit.form": ("客户表单", "Client form"),
}
