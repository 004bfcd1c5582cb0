"""Messages of relations between clients, key contacts and the owner manager."""

from __future__ import annotations

# key: (Simplified Chinese, English)
CATALOG: dict[str, tuple[str, str]] = {
    # --- fields ------------------------------------------------------------------
    "client_relations.field.role": ("关系", "Relation"),
    "client_relations.field.other": ("关联客户", "Related client"),
    "client_relations.field.note": ("说明", "Note"),
    "client_relations.field.contact": ("关键联系人", "Key contact"),
    # --- validation reasons --------------------------------------------------------
    "client_relations.invalid.unknown_manager": (
        "不是本行在册的客户经理",
        "is not a current manager here",
    ),
    "client_relations.invalid.self": (
        "不能与客户本人建立关系",
        "a client cannot be related to itself",
    ),
    "client_relations.invalid.other_missing": (
        "该客户不存在或已删除",
        "the client does not exist or was deleted",
    ),
    "client_relations.invalid.family_kinds": (
        "家庭关系只能在个人客户之间建立",
        "family relations are between individual clients only",
    ),
    "client_relations.invalid.executive_kinds": (
        "高管须为个人客户，任职单位须为企业客户",
        "an executive must be an individual client and the company a corporate client",
    ),
    "client_relations.invalid.shareholder_kinds": (
        "持股对象须为企业客户",
        "the company held must be a corporate client",
    ),
    "client_relations.invalid.duplicate": (
        "{source} 与 {target} 之间已有此关系（{relation}）",
        "this relation ({relation}) between {source} and {target} is already recorded",
    ),
    "client_relations.invalid.lunar_needs_date": (
        "需先填写出生日期",
        "needs a birth date",
    ),
    "client_relations.invalid.too_early": ("{value} 早于1900年", "{value} is before 1900"),
    "client_relations.invalid.not_company": (
        "只有企业客户有关键联系人",
        "only corporate clients have key contacts",
    ),
    "client_relations.not_found": (
        "该记录不存在或已被删除。",
        "The record does not exist or was removed.",
    ),
    # --- the owner manager in the client form ---------------------------------------
    "client_relations.owner_choice": ("{name}（{level}）", "{name} ({level})"),
    "client_relations.owner_none": ("未分配", "Not assigned"),
    # --- the relation form ---------------------------------------------------------
    "client_relations.relation_title": ("添加关联：{name}", "Add a relation: {name}"),
    "client_relations.search_placeholder": (
        "姓名、拼音、首字母或手机尾号",
        "name, pinyin, initials or phone tail",
    ),
    "client_relations.no_match": ("没有找到匹配的客户", "No matching client"),
    "client_relations.type_to_search": (
        "输入后按 ↓ 选择客户",
        "Type, then press down to choose a client",
    ),
    "client_relations.chosen": ("已选：{name}", "Chosen: {name}"),
    "client_relations.candidate": ("{name}（{kind}，{owner}）", "{name} ({kind}, {owner})"),
    "client_relations.relation_hint": (
        "先选关系，再输入并选择客户；F2 保存，Esc 取消。",
        "Pick the relation, then search and choose the client; F2 saves, escape cancels.",
    ),
    "client_relations.relation_added": (
        "已添加关联：{role} {name}。",
        "Added relation: {role} {name}.",
    ),
    "client_relations.remove_relation_title": ("删除关联", "Remove relation"),
    "client_relations.remove_relation_body": (
        "删除 {client} 的关联“{role}：{name}”？",
        'Remove the relation "{role}: {name}" of {client}?',
    ),
    "client_relations.relation_removed": (
        "已删除关联：{role} {name}。",
        "Removed relation: {role} {name}.",
    ),
    # --- the key contact form ------------------------------------------------------
    "client_relations.contact_title_new": (
        "添加关键联系人：{name}",
        "Add a key contact: {name}",
    ),
    "client_relations.contact_title_edit": (
        "编辑关键联系人：{name}",
        "Edit key contact: {name}",
    ),
    "client_relations.contact_hint": (
        "带 * 的为必填项；F2 保存，Esc 取消。",
        "Fields marked * are required; F2 saves, escape cancels.",
    ),
    "client_relations.contact_added": (
        "已添加 {client} 的关键联系人 {name}。",
        "Added key contact {name} of {client}.",
    ),
    "client_relations.contact_saved": (
        "已保存关键联系人 {name} 的 {count} 项修改。",
        "Saved {count} changes to key contact {name}.",
    ),
    "client_relations.remove_contact_title": ("删除关键联系人", "Remove key contact"),
    "client_relations.remove_contact_body": (
        "删除 {client} 的关键联系人 {name}？",
        "Remove {name} from the key contacts of {client}?",
    ),
    "client_relations.contact_removed": (
        "已删除关键联系人 {name}。",
        "Removed key contact {name}.",
    ),
    # --- history -------------------------------------------------------------------
    "client_relations.history.relation_added": (
        "添加关联：{role} {name}",
        "Relation added: {role} {name}",
    ),
    "client_relations.history.relation_removed": (
        "删除关联：{role} {name}",
        "Relation removed: {role} {name}",
    ),
    "client_relations.history.relation_changed": (
        "关联 {role} {name}：{changes}",
        "Relation {role} {name}: {changes}",
    ),
    "client_relations.history.contact_added": (
        "添加关键联系人：{name}",
        "Key contact added: {name}",
    ),
    "client_relations.history.contact_removed": (
        "删除关键联系人：{name}",
        "Key contact removed: {name}",
    ),
    "client_relations.history.contact_changed": (
        "关键联系人 {name}：{changes}",
        "Key contact {name}: {changes}",
    ),
    # --- keys ----------------------------------------------------------------------
    "key.client_relations.add_relation": ("添加关联", "Relate"),
    "key.client_relations.add_contact": ("添加联系人", "Add contact"),
    "key.client_relations.open_relation": ("打开关联客户", "Open related client"),
    "key.client_relations.remove_relation": ("删除关联", "Remove relation"),
    "key.client_relations.edit_contact": ("编辑联系人", "Edit contact"),
    "key.client_relations.remove_contact": ("删除联系人", "Remove contact"),
    "key.client_relations.to_results": ("选择客户", "Choose client"),
    "help.client_relations.forms": ("关联与联系人表单", "Relation and contact forms"),
}
