"""The read-only client profile, grouped as a relationship manager reads it.

ID and phone numbers show in full here and only here (lists mask them).
"""

from __future__ import annotations

from datetime import date

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from store.client_detail import ClientDetail
from store.i18n import t
from tui.bindings import translate_bindings
from tui.format import label, yuan
from tui.messages import OpenClient

# (heading key, [(field key, profile column, vocabulary or None)])
Group = tuple[str, list[tuple[str, str, str | None]]]

INDIVIDUAL_GROUPS: list[Group] = [
    ("detail.identity", [
        ("field.name", "name", None), ("field.kind", "kind", "kind"),
        ("field.gender", "gender", "gender"), ("field.birth_date", "birth_date", None),
        ("field.nationality", "nationality", None), ("field.id_type", "id_type", "id_type"),
        ("field.id_number", "id_number", None),
    ]),
    ("detail.contact", [
        ("field.phone", "phone", None), ("field.email", "email", None),
        ("field.address", "address", None),
    ]),
    ("detail.work", [
        ("field.occupation", "occupation", None), ("field.employer", "employer", None),
        ("field.industry", "industry", None), ("field.income_band", "income_band", "income"),
        ("field.education", "education", "education"),
        ("field.marital_status", "marital_status", "marital"),
        ("field.wedding_date", "wedding_date", None),
    ]),
    ("detail.risk_assets", [
        ("field.risk_level", "risk_level", "risk"),
        ("field.risk_assessed_on", "risk_assessed_on", None),
        ("field.aum", "aum_fen", "money"), ("field.contribution", "contribution_fen", "money"),
    ]),
    ("detail.management", [
        ("field.tier", "tier", "tier"), ("field.importance", "importance", "importance"),
        ("field.status", "status", "status"),
    ]),
]  # fmt: skip

CORPORATE_GROUPS: list[Group] = [
    ("detail.company", [
        ("field.name", "name", None), ("field.credit_code", "credit_code", None),
        ("field.legal_representative", "legal_representative", None),
        ("field.ownership", "ownership", "ownership"), ("field.industry", "industry", None),
        ("field.address", "address", None), ("field.phone", "phone", None),
    ]),
    *INDIVIDUAL_GROUPS[3:],
]  # fmt: skip


def show_value(value: object, vocabulary: str | None) -> str:
    if value is None or value == "":
        return "-"
    if vocabulary == "money":
        return f"{yuan(int(value))} {t('unit.yuan')}"  # type: ignore[call-overload]
    if vocabulary is not None:
        return label(vocabulary, str(value))
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class ClientDetailScreen(Screen[None]):
    """Everything known about one client; relations open the related client."""

    BINDINGS = [Binding("escape,q", "close", "key.back", id="close-detail")]

    def __init__(self, detail: ClientDetail) -> None:
        super().__init__()
        translate_bindings(self)
        self.detail = detail

    def compose(self) -> ComposeResult:
        profile = self.detail.profile
        yield Header(icon="")
        with VerticalScroll(id="detail-body"):
            groups = CORPORATE_GROUPS if profile["kind"] == "corporate" else INDIVIDUAL_GROUPS
            for heading, rows in groups:
                yield self._group(heading, rows)
            yield self._manager_group()
            if self.detail.contacts:
                yield self._contacts()
            if self.detail.relations:
                relations = OptionList(
                    *[
                        Option(
                            f"{t(('relation.' if r.outgoing else 'relation_in.') + r.kind)}: "
                            f"{r.other_name}",
                            id=r.other_id,
                        )
                        for r in self.detail.relations
                    ],
                    id="detail-relations",
                )
                relations.border_title = t("detail.relations")
                yield relations
            notes = Static(str(profile.get("notes") or "-"), classes="detail-group")
            notes.border_title = t("field.notes")
            yield notes
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.detail.profile["name"]  # type: ignore[assignment]
        self.sub_title = t("detail.read_only")

    def _group(self, heading: str, rows: list[tuple[str, str, str | None]]) -> Static:
        table = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for field_key, column, vocabulary in rows:
            table.add_row(t(field_key), show_value(self.detail.profile.get(column), vocabulary))
        if heading == "detail.identity" and self.detail.profile.get("birthday_lunar"):
            table.add_row(t("detail.lunar_birthday"), t("yes"))
        group = Static(table, classes="detail-group")
        group.border_title = t(heading)
        return group

    def _manager_group(self) -> Static:
        table = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        table.add_row(t("field.owner"), self.detail.owner_name or "-")
        table.add_row(t("field.branch"), self.detail.branch_name or "-")
        table.add_row(t("field.tags"), "、".join(self.detail.tags) or "-")
        group = Static(table, classes="detail-group")
        group.border_title = t("detail.manager_tags")
        return group

    def _contacts(self) -> Static:
        table = Table(box=None, padding=(0, 2, 0, 0))
        for key in ("field.name", "contact.title", "field.phone", "field.birth_date"):
            table.add_column(t(key), no_wrap=True)
        for contact in self.detail.contacts:
            birthday = show_value(contact.birth_date, None)
            if contact.birthday_lunar and contact.birth_date:
                birthday += f" ({t('detail.lunar')})"
            table.add_row(contact.name, contact.title or "-", contact.phone or "-", birthday)
        group = Static(table, classes="detail-group")
        group.border_title = t("detail.key_contacts")
        return group

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(OpenClient(event.option.id))

    def action_close(self) -> None:
        self.dismiss(None)
