"""The client profile: everything known about one client, grouped as a manager reads it.

Identity, contact, family and relations, work and income, risk, assets,
manager and tier, circles and notes; a corporate client shows its company
facts, key contacts (executives with their birthdays and phones) and the
clients related to it. Relations open the related client (enter). ID and
phone numbers show in full here and only here (lists mask them).

From here: `e` edits (the owner manager too), `t` sets tier or importance
by hand, `a` archives (after a confirmation; `u` on the desk undoes), `h`
jumps to the change history read from the audit log, `l` relates another
client, `c` adds a company's key contact and `b` opens the pre-visit brief.
On a focused relation, enter opens the related client; on a key contact,
enter edits it; delete removes either after a confirmation. Every read and write runs in a worker.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, OptionList, Static
from textual.worker import Worker, WorkerState

from store import clock
from store.client_detail import ClientDetail, ContactRow, HistoryEntry, RelationRow, client_detail
from store.client_edit import (
    FIELD_LABELS,
    HIDDEN_IN_HISTORY,
    OverrideField,
    form_text,
    set_override,
)
from store.client_relations import CONTACT_FIELDS, remove_key_contact, remove_relation
from store.db import Store
from store.i18n import current_language, t
from store.money import format_wan
from store.tiers import TierRules
from tui.bindings import translate_bindings
from tui.format import birth_date, label, local_time, lunar_day, yuan
from tui.messages import (
    ArchiveRequested,
    ClientSaved,
    DetailRefreshed,
    OpenClient,
    RestoreRequested,
)
from tui.widgets.profile_lists import (
    CONTACT_HEADINGS,
    ContactList,
    RelationList,
    aligned,
)

# (heading key, [(field key, profile column, vocabulary or None)])
Group = tuple[str, list[tuple[str, str, str | None]]]

INDIVIDUAL_GROUPS: list[Group] = [
    ("client_edit.group.identity", [
        ("field.name", "name", None), ("client_edit.field.english_name", "english_name", None),
        ("client_edit.field.customer_no", "customer_no", None), ("field.kind", "kind", "kind"),
        ("field.gender", "gender", "gender"), ("field.birth_date", "birth_date", None),
        ("field.nationality", "nationality", None), ("field.id_type", "id_type", "id_type"),
        ("field.id_number", "id_number", None),
    ]),
    ("client_edit.group.contact", [
        ("field.phone", "phone", None), ("field.email", "email", None),
        ("field.address", "address", None),
    ]),
    ("client_edit.group.family", [
        ("field.marital_status", "marital_status", "marital"),
        ("field.wedding_date", "wedding_date", None),
    ]),
    ("client_edit.group.work", [
        ("field.occupation", "occupation", None), ("field.employer", "employer", None),
        ("field.industry", "industry", None), ("field.income_band", "income_band", "income"),
        ("field.education", "education", "education"),
    ]),
    ("client_edit.group.risk", [
        ("field.risk_level", "risk_level", "risk"),
        ("field.risk_assessed_on", "risk_assessed_on", None),
        ("brief.field.preferences", "preferences", None), ("brief.field.avoid", "avoid", None),
    ]),
    ("client_edit.group.assets", [
        ("field.aum", "aum_fen", "money"), ("field.contribution", "contribution_fen", "money"),
    ]),
    ("client_edit.group.management", [
        ("field.tier", "tier", "tier"), ("field.importance", "importance", "importance"),
        ("field.status", "status", "status"),
    ]),
]  # fmt: skip

CORPORATE_GROUPS: list[Group] = [
    ("client_edit.group.company", [
        ("client_edit.field.company_name", "name", None),
        ("client_edit.field.customer_no", "customer_no", None),
        ("field.credit_code", "credit_code", None),
        ("field.legal_representative", "legal_representative", None),
        ("field.ownership", "ownership", "ownership"), ("field.industry", "industry", None),
    ]),
    INDIVIDUAL_GROUPS[1],
    *INDIVIDUAL_GROUPS[4:],
]  # fmt: skip

#: The vocabulary of every column a profile or a history shows.
COLUMN_VOCABULARY: dict[str, str] = {
    column: vocabulary
    for _, rows in (*INDIVIDUAL_GROUPS, *CORPORATE_GROUPS)
    for _, column, vocabulary in rows
    if vocabulary is not None
}
#: Rows that end up in the left column; the rest go right.
_LEFT_GROUPS = 4
_RISK_REVIEW_DAYS = 365


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


class FieldLines:
    """Label and value lines, values wrapped under themselves: a lighter Rich Table.

    A profile has a dozen groups; laying each out as a `Table` cost about a
    sixth of the time it takes to open a profile.
    """

    def __init__(self) -> None:
        self.rows: list[tuple[str, Text]] = []

    def add_row(self, label: str, value: str | Text) -> None:
        self.rows.append((label, value if isinstance(value, Text) else Text(value)))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = max((cell_len(name) for name, _ in self.rows), default=0) + 2
        room = max(options.max_width - indent, 8)
        for name, value in self.rows:
            for number, line in enumerate(value.wrap(console, room, overflow="fold")):
                head = name if number == 0 else ""
                shown = Text()
                shown.append(head + " " * (indent - cell_len(head)), style="bold")
                shown.append_text(line)
                yield shown


def _field_table() -> FieldLines:
    return FieldLines()


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class ClientDetailScreen(Screen[None]):
    """Everything known about one client; relations open the related client."""

    BINDINGS = [
        Binding("escape,q", "close", "key.back", id="close-detail"),
        Binding("e", "edit", "key.client_edit.edit", id="edit-client"),
        Binding("t", "override", "key.client_edit.override", id="override-tier"),
        Binding("a", "archive", "key.client_edit.archive", id="archive-client"),
        Binding("r", "restore", "key.client_edit.restore", id="restore-client"),
        Binding("h", "history", "key.client_edit.history", id="client-history"),
        Binding("l", "add_relation", "key.client_relations.add_relation", id="add-relation"),
        Binding("c", "add_contact", "key.client_relations.add_contact", id="add-key-contact"),
        Binding("b", "brief", "key.brief.open", id="pre-visit-brief"),
        Binding("v", "log_contact('visit')", "key.visit_log.log_visit", id="profile-log-visit"),
        Binding("p", "log_contact('phone')", "key.visit_log.log_phone", id="profile-log-phone"),
    ]

    def __init__(
        self,
        detail: ClientDetail,
        store: Store | None = None,
        rules: TierRules | None = None,
        zone: str = clock.DEFAULT_ZONE,
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.detail = detail
        self.store = store
        self.rules = rules or TierRules()
        self.zone = zone

    @property
    def client_id(self) -> str:
        return self.detail.id

    @property
    def archived(self) -> bool:
        return self.detail.profile.get("status") == "archived"

    # --- layout --------------------------------------------------------------
    def compose(self) -> ComposeResult:
        profile = self.detail.profile
        corporate = profile["kind"] == "corporate"
        groups = CORPORATE_GROUPS if corporate else INDIVIDUAL_GROUPS
        boxes = {
            heading: self._group(
                heading,
                rows,
                *([self._relations()] if heading == "client_edit.group.family" else []),
            )
            for heading, rows in groups
        }
        if corporate:
            left = [
                boxes["client_edit.group.company"],
                boxes["client_edit.group.contact"],
                self._contacts_and_relations(),
            ]
        else:
            left = list(boxes.values())[:_LEFT_GROUPS]
        right = [box for box in boxes.values() if box not in left]
        right += [self._tags(), self._notes()]
        yield Header(icon="")
        with VerticalScroll(id="detail-body"):
            if self.archived:
                yield Static(t("client_edit.archived_banner"), id="detail-archived")
            with Horizontal(id="detail-columns"):
                yield Vertical(*left, classes="detail-column")
                yield Vertical(*right, classes="detail-column")
            yield self._history()
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        self._titles()
        self.query_one("#detail-body").focus()

    def _titles(self) -> None:
        profile = self.detail.profile
        self.title = str(profile["name"])
        parts = [
            label("kind", str(profile["kind"])),
            label("tier", str(profile["tier"])),
            label("status", str(profile["status"])),
        ]
        self.sub_title = " · ".join(parts)

    def _box(self, heading: str, *children: Widget, box_id: str | None = None) -> Widget:
        """A bordered group; a lone Static is its own box (fewer widgets: a faster open)."""
        if len(children) == 1 and type(children[0]) is Static:
            box: Widget = children[0]
            box.id = box_id
            box.add_class("detail-group")
        else:
            box = Vertical(*children, classes="detail-group", id=box_id)
        box.border_title = t(heading)
        return box

    def _group(
        self, heading: str, rows: list[tuple[str, str, str | None]], *extra: Widget
    ) -> Widget:
        table = _field_table()
        for field_key, column, vocabulary in rows:
            table.add_row(t(field_key), self._shown(column, vocabulary))
            if column == "birth_date" and self.detail.profile.get("birthday_lunar"):
                table.add_row(t("detail.lunar_birthday"), self._lunar_birthday())
        if heading == "client_edit.group.management":
            table.add_row(t("field.owner"), self.detail.owner_name or "-")
            table.add_row(t("field.branch"), self.detail.branch_name or "-")
        box_id = f"detail-{heading.rsplit('.', 1)[-1]}"
        return self._box(heading, Static(table), *extra, box_id=box_id)

    def _lunar_birthday(self) -> str:
        """The lunar day kept and the Gregorian day it next falls on: what a
        manager needs to greet on time, and what a bare "yes" left to work out."""
        born = self.detail.profile.get("birth_date")
        today = clock.today(self.zone)
        if not isinstance(born, date) or born > today:
            return t("yes")
        from store.brief import next_occurrence

        _, on = next_occurrence(born, today, lunar=True)
        return t("detail.lunar_birthday_value", day=lunar_day(born), next=on.isoformat())

    def _shown(self, column: str, vocabulary: str | None) -> str | Text:
        """A profile value as shown here: overrides, age, 万元 and review dates spelt out."""
        profile = self.detail.profile
        value = profile.get(column)
        text = show_value(value, vocabulary)
        if value is None or value == "":
            return text
        today = clock.today(self.zone)
        if column in ("tier", "importance"):
            reason = profile.get(f"{column}_reason")
            if reason:
                return Text(t("client_edit.manual", value=text, reason=reason), style="bold")
        elif column == "birth_date" and isinstance(value, date):
            return t("client_edit.age", date=text, age=_age(value, today))
        elif vocabulary == "money" and isinstance(value, int) and current_language() == "zh":
            return t("client_edit.wan", yuan=yuan(value), wan=format_wan(value))
        elif (
            column == "risk_assessed_on"
            and isinstance(value, date)
            and (today - value).days > _RISK_REVIEW_DAYS
        ):
            return Text(f"{text}  {t('client_edit.risk_due')}", style="bold")
        return text

    def _relations(self) -> Widget:
        if not self.detail.relations:
            return Static(t("client_edit.no_relations"), classes="detail-empty")
        return RelationList(self.detail.relations, id="detail-relations")

    def _contacts_and_relations(self) -> Widget:
        children: list[Widget] = []
        if self.detail.contacts:
            birthdays = []
            for contact in self.detail.contacts:
                birthday = show_value(contact.birth_date, None)
                if contact.birth_date:
                    lunar = bool(contact.birthday_lunar)
                    birthday = birth_date(contact.birth_date, lunar, short=True)
                birthdays.append(birthday)
            contacts = ContactList(self.detail.contacts, birthdays, id="detail-contacts")
            heading = aligned([t(key) for key in CONTACT_HEADINGS], contacts.widths)
            heading.stylize("dim")
            children += [Static(heading, id="detail-contacts-head"), contacts]
        else:
            children.append(Static(t("client_edit.no_contacts"), classes="detail-empty"))
        children.append(self._relations())
        return self._box(
            "client_edit.group.contacts_relations", *children, box_id="detail-contacts-relations"
        )

    def _tags(self) -> Widget:
        return self._box(
            "client_edit.group.tags",
            Static("、".join(self.detail.tags) or "-"),
            box_id="detail-tags",
        )

    def _notes(self) -> Widget:
        notes = self.detail.profile.get("notes") or "-"
        return self._box("client_edit.group.notes", Static(str(notes)), box_id="detail-notes")

    def _history(self) -> Widget:
        if not self.detail.history:
            body: Widget = Static(t("client_edit.no_history"), classes="detail-empty")
        else:
            table = Table(box=None, padding=(0, 2, 0, 0), expand=True, header_style="dim")
            table.add_column(t("client_edit.history.col_when"), no_wrap=True)
            table.add_column(t("client_edit.history.col_who"), no_wrap=True)
            table.add_column(t("client_edit.history.col_what"), ratio=1)
            for entry in self.detail.history:
                table.add_row(
                    local_time(entry.at, self.zone),
                    entry.author or t("client_edit.history.unknown_author"),
                    self._changes(entry),
                )
            body = Static(table)
        return self._box("client_edit.group.history", body, box_id="detail-history")

    @staticmethod
    def _changes(entry: HistoryEntry) -> str:
        """`客户等级：钻石 → 私行；…`, field names translated; a creation is one word.

        A relation or key contact reads as what happened to it: added,
        removed, or which of its fields changed.
        """
        if entry.table == "client_relation":
            return _relation_change(entry)
        if entry.table == "key_contact":
            return _contact_change(entry)
        if entry.action in ("create", "delete", "restore"):
            return t(f"client_edit.history.{entry.action}")
        return _field_changes(entry.changes, FIELD_LABELS)

    # --- refreshing ----------------------------------------------------------------
    def reload(self) -> None:
        """Read the profile again (after an edit, an override or a restore)."""
        if self.store is not None:
            self.load(self.client_id)

    @work(thread=True, exclusive=True, group="detail-refresh", exit_on_error=False)
    def load(self, client_id: str) -> None:
        assert self.store is not None
        with self.store.read_session() as session:
            detail = client_detail(session, client_id)
        if detail is not None:
            self.post_message(DetailRefreshed(detail))

    async def on_detail_refreshed(self, message: DetailRefreshed) -> None:
        message.stop()
        if message.detail.id != self.client_id:
            return
        scroll = self.query_one("#detail-body").scroll_y
        self.detail = message.detail
        await self.recompose()
        self._titles()
        body = self.query_one("#detail-body")
        body.scroll_to(y=scroll, animate=False)
        body.focus()
        self.refresh_bindings()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """Say what failed: a screen's worker reports to the screen, never to the app.

        A write that fails (the client deleted meanwhile, a refused override)
        wrote nothing; the manager must hear so, not find a key that looks dead.
        """
        if event.state != WorkerState.ERROR:
            return
        reading = event.worker.group == "detail-refresh"
        self.notify(
            f"{event.worker.error}",
            title=t("notice.worker_failed") if reading else t("client_edit.save_failed"),
            severity="error",
            timeout=15,
        )

    # --- actions -------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Archive for a client in the list, restore for an archived one; writes need a store.

        Key contacts belong to companies only.
        """
        writes = ("edit", "override", "archive", "restore", "add_relation", "add_contact", "brief",
                  "log_contact")
        if action in writes and self.store is None:
            return False
        if action == "add_contact":
            return self.detail.profile.get("kind") == "corporate"
        if action == "archive":
            return not self.archived
        if action == "restore":
            return self.archived
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a relation opens the related client; on a key contact, edits it."""
        if isinstance(event.option_list, RelationList):
            relation = event.option_list.relation(event.option.id)
            if relation is not None:
                self.post_message(OpenClient(relation.other_id))
        elif isinstance(event.option_list, ContactList):
            contact = event.option_list.contact(event.option.id)
            if contact is not None and self.store is not None:
                self._edit_contact(contact)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_log_contact(self, kind: str) -> None:
        """Log a visit or a call with this client (tui/screens/interaction_form.py)."""
        from tui.screens.interaction_form import InteractionFormScreen

        if self.store is not None:
            self.app.push_screen(
                InteractionFormScreen(self.store, self.zone, self.client_id, self.client_name,
                                      kind=kind)
            )

    def action_brief(self) -> None:
        """The pre-visit brief of this client (read in its own worker)."""
        from tui.screens.brief import BriefScreen

        if self.store is None:
            return
        self.app.push_screen(
            BriefScreen(self.store, getattr(self.app, "config", None), self.zone, self.client_id)
        )

    def action_history(self) -> None:
        history = self.query_one("#detail-history")
        self.query_one("#detail-body", VerticalScroll).scroll_to_widget(
            history, top=True, animate=False
        )

    def action_edit(self) -> None:
        from tui.screens.client_form import ClientFormScreen

        assert self.store is not None
        profile = self.detail.profile
        self.app.push_screen(
            ClientFormScreen(
                self.store,
                self.rules,
                self.zone,
                kind=str(profile["kind"]),
                client_id=self.client_id,
                initial=form_text(profile, self.detail.tags),
                name=str(profile["name"]),
                owner_id=_text_or_none(profile.get("owner_manager_id")),
                owner_name=self.detail.owner_name,
                opened={**profile, "tags": self.detail.tags},
            ),
            self._edited,
        )

    def _edited(self, saved: str | None) -> None:
        if saved:
            self.reload()

    def action_override(self) -> None:
        from tui.screens.override import OverrideScreen, OverrideState

        profile = self.detail.profile
        state = OverrideState(
            tier=str(profile["tier"]),
            importance=str(profile["importance"]),
            tier_reason=_text_or_none(profile.get("tier_reason")),
            importance_reason=_text_or_none(profile.get("importance_reason")),
        )
        self.app.push_screen(OverrideScreen(str(profile["name"]), state), self._override_chosen)

    def _override_chosen(self, request: Any) -> None:
        if request is not None:
            self.save_override(request.field, request.value, request.reason)

    @work(thread=True, exclusive=True, group="client-override", exit_on_error=False)
    def save_override(self, field: str, value: str | None, reason: str | None) -> None:
        assert self.store is not None
        set_override(
            self.store, self.client_id, cast(OverrideField, field), value, reason, rules=self.rules
        )
        name = str(self.detail.profile["name"])
        notice = t("client_edit.override_saved", name=name, field=t(f"field.{field}"))
        self.app.post_message(ClientSaved(self.client_id, name, created=False, notice=notice))
        self.app.call_from_thread(self.reload)

    def action_archive(self) -> None:
        from tui.screens.confirm import ConfirmScreen

        name = str(self.detail.profile["name"])
        self.app.push_screen(
            ConfirmScreen(t("client_edit.archive_title"), t("client_edit.archive_body", name=name)),
            self._archive_answered,
        )

    def _archive_answered(self, confirmed: bool | None) -> None:
        if confirmed:
            self.app.post_message(
                ArchiveRequested(self.client_id, str(self.detail.profile["name"]))
            )
            self.dismiss(None)

    def action_restore(self) -> None:
        self.app.post_message(RestoreRequested(self.client_id, str(self.detail.profile["name"])))

    # --- relations and key contacts (store.client_relations) -----------------------
    @property
    def client_name(self) -> str:
        return str(self.detail.profile["name"])

    def _changed(self, notice: str | None) -> None:
        """After a relation or contact was saved: say so, and read the profile again.

        The app hears it as a change to this client (its list and the sync
        status follow).
        """
        if notice:
            self.app.post_message(ClientSaved(self.client_id, self.client_name, False, notice))
            self.reload()

    def action_add_relation(self) -> None:
        from tui.screens.relation_form import RelationFormScreen

        assert self.store is not None
        kind = str(self.detail.profile["kind"])
        screen = RelationFormScreen(self.store, self.client_id, self.client_name, kind, self.zone)
        self.app.push_screen(screen, self._changed)

    def action_add_contact(self) -> None:
        self._edit_contact(None)

    def _edit_contact(self, contact: ContactRow | None) -> None:
        from tui.screens.key_contact_form import KeyContactFormScreen

        assert self.store is not None
        screen = KeyContactFormScreen(
            self.store, self.client_id, self.client_name, self.zone, contact
        )
        self.app.push_screen(screen, self._changed)

    def on_relation_list_remove_requested(self, message: RelationList.RemoveRequested) -> None:
        from tui.screens.confirm import ConfirmScreen

        if self.store is None:
            return
        relation = message.relation
        body = t(
            "client_relations.remove_relation_body",
            client=self.client_name,
            role=t(f"client_edit.role.{relation.role}"),
            name=relation.other_name,
        )
        self.app.push_screen(
            ConfirmScreen(t("client_relations.remove_relation_title"), body),
            lambda yes: self.drop_relation(relation) if yes else None,
        )

    @work(thread=True, exclusive=True, group="relation-remove", exit_on_error=False)
    def drop_relation(self, relation: RelationRow) -> None:
        assert self.store is not None
        remove_relation(self.store, relation.id)
        role = t(f"client_edit.role.{relation.role}")
        notice = t("client_relations.relation_removed", role=role, name=relation.other_name)
        self.app.call_from_thread(self._changed, notice)

    def on_contact_list_remove_requested(self, message: ContactList.RemoveRequested) -> None:
        from tui.screens.confirm import ConfirmScreen

        if self.store is None:
            return
        contact = message.contact
        body = t("client_relations.remove_contact_body", client=self.client_name, name=contact.name)
        self.app.push_screen(
            ConfirmScreen(t("client_relations.remove_contact_title"), body),
            lambda yes: self.drop_contact(contact) if yes else None,
        )

    @work(thread=True, exclusive=True, group="contact-remove", exit_on_error=False)
    def drop_contact(self, contact: ContactRow) -> None:
        assert self.store is not None
        remove_key_contact(self.store, contact.id)
        notice = t("client_relations.contact_removed", name=contact.name)
        self.app.call_from_thread(self._changed, notice)


def _joined(parts: list[str]) -> str:
    return "；".join(parts) if current_language() == "zh" else "; ".join(parts)


def _field_changes(changes: tuple[tuple[str, Any, Any], ...], labels: dict[str, str]) -> str:
    """`字段：旧 → 新；…` with field names and values in the user's language."""
    parts = []
    for column, old, new in changes:
        if column in HIDDEN_IN_HISTORY:
            continue
        vocabulary = COLUMN_VOCABULARY.get(column)
        parts.append(
            t(
                "client_edit.history.change",
                field=t(labels.get(column, column)),
                old=_history_value(old, vocabulary),
                new=_history_value(new, vocabulary),
            )
        )
    return _joined(parts)


_RELATION_LABELS = {"kind": "client_relations.field.role", "note": "client_relations.field.note"}
_CONTACT_LABELS = {field.name: field.label for field in CONTACT_FIELDS}


def _relation_change(entry: HistoryEntry) -> str:
    role = t(f"client_edit.role.{entry.role}") if entry.role else ""
    name = entry.about or "-"
    if entry.action in ("create", "restore"):
        return t("client_relations.history.relation_added", role=role, name=name)
    if entry.action == "delete":
        return t("client_relations.history.relation_removed", role=role, name=name)
    changes = tuple(
        (column, _relation_kind(old), _relation_kind(new))
        if column == "kind"
        else (column, old, new)
        for column, old, new in entry.changes
    )
    return t(
        "client_relations.history.relation_changed",
        role=role,
        name=name,
        changes=_field_changes(changes, _RELATION_LABELS),
    )


def _relation_kind(value: Any) -> Any:
    return t(f"relation.{value}") if value else value


def _contact_change(entry: HistoryEntry) -> str:
    name = entry.about or "-"
    if entry.action in ("create", "restore"):
        return t("client_relations.history.contact_added", name=name)
    if entry.action == "delete":
        return t("client_relations.history.contact_removed", name=name)
    return t(
        "client_relations.history.contact_changed",
        name=name,
        changes=_field_changes(entry.changes, _CONTACT_LABELS),
    )


def _history_value(value: Any, vocabulary: str | None) -> str:
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    return show_value(value, vocabulary)


def _text_or_none(value: object) -> str | None:
    return str(value) if value else None
