"""Text of the segments screen (客户分群) and its 80/20 view."""

from __future__ import annotations

CATALOG: dict[str, tuple[str, str]] = {
    "segments.title": ("客户分群", "Segments"),
    "segments.loading": ("正在统计…", "Counting..."),
    # --- dimensions (store.segments.Dimension) ----------------------------
    "segments.dim.age": ("年龄", "Age"),
    "segments.dim.gender": ("性别", "Gender"),
    "segments.dim.occupation": ("职业", "Occupation"),
    "segments.dim.income_band": ("年收入", "Income"),
    "segments.dim.education": ("学历", "Education"),
    "segments.dim.tier": ("客户等级", "Tier"),
    "segments.dim.importance": ("重要性", "Importance"),
    "segments.dim.kind": ("客户类型", "Client type"),
    "segments.switch_hint": ("（左右方向键或数字键切换）", "(left/right, 1-8)"),
    # --- segment values that are buckets, and age bands ---------------------
    "segments.unknown": ("未登记", "Not recorded"),
    "segments.other": ("其他", "Other"),
    "segments.corporate": ("公司客户", "Corporate clients"),
    "segments.age.under_30": ("30岁以下", "Under 30"),
    "segments.age.30_39": ("30-39岁", "30-39"),
    "segments.age.40_49": ("40-49岁", "40-49"),
    "segments.age.50_59": ("50-59岁", "50-59"),
    "segments.age.60_69": ("60-69岁", "60-69"),
    "segments.age.70_plus": ("70岁及以上", "70 and over"),
    # --- scope and measure ----------------------------------------------------
    "segments.scope.mine": ("我的客户", "My clients"),
    "segments.scope.branch": ("全行客户", "Whole branch"),
    "segments.summary": (
        "{scope}：{clients} 位客户，金融资产 {aum} 万元，贡献度 {contribution} 万元",
        "{scope}: {clients} clients, AUM {aum} (10k yuan), contribution {contribution} (10k yuan)",
    ),
    "segments.no_manager": (
        "未登录客户经理，只能查看全行客户",
        "No manager is signed in: only the whole branch can be shown",
    ),
    # --- table ------------------------------------------------------------------
    "segments.col.clients": ("客户数", "Clients"),
    "segments.col.client_share": ("客户占比", "Share of clients"),
    "segments.col.amount_wan.aum": ("金融资产(万元)", "AUM (10k)"),
    "segments.col.amount_wan.contribution": ("贡献度(万元)", "Contribution (10k)"),
    "segments.col.amount_share.aum": ("金融资产占比", "Share of AUM"),
    "segments.col.amount_share.contribution": ("贡献度占比", "Share of contribution"),
    # --- the 80/20 view -----------------------------------------------------------
    "segments.pareto_title.aum": (
        "80/20 集中度：按金融资产从高到低排列的客户，累计占比",
        "80/20: clients sorted by AUM, biggest first, cumulative share",
    ),
    "segments.pareto_title.contribution": (
        "80/20 集中度：按贡献度从高到低排列的客户，累计占比",
        "80/20: clients sorted by contribution, biggest first, cumulative share",
    ),
    "segments.axis_clients": ("客户", "of clients"),
    "segments.headline.aum": (
        "前 {percent} 的客户（{clients} 位）持有 {share} 的金融资产",
        "The top {percent} of clients ({clients}) hold {share} of AUM",
    ),
    "segments.headline.contribution": (
        "前 {percent} 的客户（{clients} 位）带来 {share} 的贡献度",
        "The top {percent} of clients ({clients}) bring {share} of the contribution",
    ),
    "segments.eighty.aum": (
        "80% 的金融资产集中在前 {percent} 的客户（{clients} 位）",
        "80% of AUM sits with the top {percent} of clients ({clients})",
    ),
    "segments.eighty.contribution": (
        "80% 的贡献度来自前 {percent} 的客户（{clients} 位）",
        "80% of the contribution comes from the top {percent} of clients ({clients})",
    ),
    "segments.no_clients": ("此范围内没有客户", "No clients in this view"),
    "segments.no_total.aum": (
        "金融资产合计为零，无法计算集中度",
        "Total AUM is zero: there is no concentration to show",
    ),
    "segments.no_total.contribution": (
        "贡献度合计为零或为负，无法计算集中度",
        "Total contribution is zero or negative: there is no concentration to show",
    ),
    # --- keys, help, palette -------------------------------------------------------
    "key.segments": ("客户分群", "Segments"),
    "key.segments_prev": ("上一维度", "Previous dimension"),
    "key.segments_next": ("下一维度", "Next dimension"),
    "key.segments_pick": ("选择维度（1-8）", "Pick dimension (1-8)"),
    "key.segments_measure": ("资产/贡献", "AUM/contribution"),
    "key.segments_scope": ("我的/全行", "Mine/branch"),
    "key.segments_open": ("列出客户", "List clients"),
    "help.segments": ("客户分群", "Segments"),
    "segments.command_help": (
        "按年龄、性别、职业、收入、学历、等级、重要性查看客户结构与 80/20 集中度",
        "The book by age, gender, occupation, income, education, tier and importance, and its 80/20 view",
    ),
}
