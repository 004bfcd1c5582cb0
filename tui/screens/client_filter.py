"""`f` on the client list: filters, sort order and saved filters, all from the keyboard.

A panel on the right of the desk. Every change applies at once: the screen
posts `ClientFilterChanged` and the desk's list (still visible on the left,
its count in the pane title) reloads behind it, so a manager sees what each
tick does. Escape closes the panel and keeps the filter; ctrl+r clears it.

The screen keeps the query it is building in `self.filter_query` and changes one
field per widget event, so a list whose options arrive later (managers,
tags, loaded in a worker) never drops a value the query already holds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import (
    Footer,
    Input,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    Select,
    SelectionList,
    Static,
)
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from store.client_list import (
    MAX_NO_CONTACT_DAYS,
    SORT_KEYS,
    ClientQuery,
    filter_choices,
)
from store.db import Store
from store.errors import ValidationError
from store.i18n import t
from store.saved_filters import SavedFilterRow, list_filters, save_filter
from store.saved_filters import delete_filter as delete_saved_filter
from store.vocab import ClientKind, ClientStatus, Importance, Tier
from tui.bindings import translate_bindings
from tui.format import label
from tui.messages import ClientFilterChanged, FilterChoicesLoaded, SavedFiltersChanged
from tui.widgets.marked_selection import MarkedSelectionList

NO_SAVED = "-"  # the id of the placeholder line of an empty saved-filter list


class SavedFilterList(OptionList):
    """The manager's saved filters: enter applies one, delete removes it."""

    BINDINGS = [
        Binding("delete", "delete_saved", "key.client_filter.delete_saved",
                id="delete-saved-filter"),
    ]  # fmt: skip

    @dataclass
    class DeleteWanted(Message):
        filter_id: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        translate_bindings(self)

    def action_delete_saved(self) -> None:
        option = self.highlighted_option
        if option is not None and option.id not in (None, NO_SAVED):
            self.post_message(self.DeleteWanted(option.id))


class ClientFilterScreen(ModalScreen[None]):
    """Filters, sort and saved filters for the desk's client list."""

    BINDINGS = [
        Binding("escape", "close", "key.client_filter.close", id="close-client-filter"),
        Binding("ctrl+r", "clear", "key.client_filter.clear", id="clear-client-filter"),
    ]

    def __init__(self, store: Store, query: ClientQuery) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.filter_query = query
        self.saved: list[SavedFilterRow] = []

    # --- layout ------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        query = self.filter_query
        with VerticalScroll(id="filter-panel") as panel:
            panel.border_title = t("client_filter.title")
            yield Static(t("client_filter.hint"), classes="filter-hint")
            yield Label(t("client_filter.scope"), classes="filter-label")
            with RadioSet(id="filter-scope"):
                yield RadioButton(
                    t("client_filter.scope_branch"), not query.mine, id="scope-branch"
                )
                yield RadioButton(t("client_filter.scope_mine"), query.mine, id="scope-mine")
            yield Label(t("client_filter.tiers"), classes="filter-label")
            yield MarkedSelectionList[str](
                *self._vocabulary("tier", reversed(Tier), query.tiers), id="filter-tiers"
            )
            yield Label(t("client_filter.importance"), classes="filter-label")
            yield MarkedSelectionList[str](
                *self._vocabulary("importance", Importance, query.importance),
                id="filter-importance",
            )
            yield Label(t("client_filter.kind"), classes="filter-label")
            with RadioSet(id="filter-kind"):
                yield RadioButton(t("client_filter.kind_all"), query.kind is None, id="kind-all")
                for kind in ClientKind:
                    yield RadioButton(label("kind", kind), query.kind == kind, id=f"kind-{kind}")
            yield Label(t("client_filter.statuses"), classes="filter-label")
            yield MarkedSelectionList[str](
                *self._vocabulary("status", ClientStatus, query.statuses), id="filter-statuses"
            )
            yield Label(t("client_filter.no_contact"), classes="filter-label")
            yield Input(
                str(query.no_contact_days or ""),
                placeholder=t("client_filter.no_contact_placeholder"),
                restrict=r"[0-9]*",
                max_length=len(str(MAX_NO_CONTACT_DAYS)),
                id="filter-no-contact",
            )
            yield Static("", id="filter-no-contact-error", classes="filter-error")
            yield Label(t("client_filter.owner"), classes="filter-label")
            yield MarkedSelectionList[str](id="filter-owners")
            yield Label(t("client_filter.tags"), classes="filter-label")
            yield MarkedSelectionList[str](id="filter-tags")
            yield Label(t("client_filter.sort"), classes="filter-label")
            yield Select[str](
                [(t(f"client_filter.sort_{key}"), key) for key in SORT_KEYS],
                value=query.sort,
                allow_blank=False,
                id="filter-sort",
            )
            with RadioSet(id="filter-direction"):
                yield RadioButton(
                    t("client_filter.descending"), query.descending, id="direction-desc"
                )
                yield RadioButton(
                    t("client_filter.ascending"), not query.descending, id="direction-asc"
                )
            yield Label(t("client_filter.saved"), classes="filter-label")
            yield SavedFilterList(id="filter-saved")
            yield Label(t("client_filter.save_as"), classes="filter-label")
            yield Input(placeholder=t("client_filter.save_placeholder"), id="filter-save-name")
        yield Footer()

    @staticmethod
    def _vocabulary(vocabulary: str, values: Any, chosen: tuple[str, ...]) -> list[Selection[str]]:
        return [
            Selection(label(vocabulary, value), str(value), value in chosen) for value in values
        ]

    def on_mount(self) -> None:
        self.query_one("#filter-scope", RadioSet).focus()
        self.load_choices()

    # --- workers -----------------------------------------------------------------
    @work(thread=True, exclusive=True, group="client-filter-choices", exit_on_error=False)
    def load_choices(self) -> None:
        with self.store.read_session() as session:
            choices = filter_choices(session)
            saved = list_filters(session, self.store.manager_id)
        self.post_message(FilterChoicesLoaded(choices, saved))

    @work(thread=True, exclusive=True, group="client-filter-save", exit_on_error=False)
    def save(self, name: str, query: ClientQuery) -> None:
        try:
            with self.store.session() as session:
                row, replaced = save_filter(session, self.store.manager_id, name, query)
        except ValidationError as exc:
            self.post_message(SavedFiltersChanged(self.saved, exc.message(), error=True))
            return
        with self.store.read_session() as session:
            saved = list_filters(session, self.store.manager_id)
        done = "client_filter.replaced_done" if replaced else "client_filter.saved_done"
        self.post_message(SavedFiltersChanged(saved, t(done, name=row.name)))

    @work(thread=True, exclusive=True, group="client-filter-save", exit_on_error=False)
    def delete(self, filter_id: str) -> None:
        with self.store.session() as session:
            name = delete_saved_filter(session, filter_id)
        with self.store.read_session() as session:
            saved = list_filters(session, self.store.manager_id)
        notice = t("client_filter.deleted_done", name=name) if name else ""
        self.post_message(SavedFiltersChanged(saved, notice))

    # --- results -----------------------------------------------------------------
    def on_filter_choices_loaded(self, message: FilterChoicesLoaded) -> None:
        """Fill the lists that come from the store; the message goes on to the app."""
        owners = dict(message.choices.managers)
        for owner_id in self.filter_query.owner_ids:
            owners.setdefault(owner_id, owner_id)  # a manager not on this laptop yet
        tags = {tag: f"{tag} ({count})" for tag, count in message.choices.tags}
        for tag in self.filter_query.tags:
            tags.setdefault(tag, tag)
        self._fill("#filter-owners", owners, self.filter_query.owner_ids)
        self._fill("#filter-tags", tags, self.filter_query.tags)
        self._show_saved(message.saved)

    def _fill(self, selector: str, options: dict[str, str], chosen: tuple[str, ...]) -> None:
        selection = self.query_one(selector, SelectionList)
        selection.clear_options()
        selection.add_options(
            [Selection(text, value, value in chosen) for value, text in options.items()]
        )
        if options:  # space needs a highlighted line to tick
            selection.highlighted = 0

    def _show_saved(self, saved: list[SavedFilterRow]) -> None:
        self.saved = saved
        saved_list = self.query_one(SavedFilterList)
        saved_list.clear_options()
        if saved:
            saved_list.add_options([Option(row.name, id=row.id) for row in saved])
            saved_list.highlighted = 0
        else:
            saved_list.add_option(Option(t("client_filter.no_saved"), id=NO_SAVED, disabled=True))

    def on_saved_filters_changed(self, message: SavedFiltersChanged) -> None:
        if message.error:
            self.notify(message.notice, severity="error", timeout=8)
            return
        if message.notice:
            self.notify(message.notice)
        self.query_one("#filter-save-name", Input).value = ""
        self._show_saved(message.saved)

    # --- one field per widget ----------------------------------------------------
    def _change(self, **fields: Any) -> None:
        """Apply a change to the list at once, if it changes anything."""
        changed = replace(self.filter_query, **fields)
        if changed != self.filter_query:
            self.filter_query = changed
            self.post_message(ClientFilterChanged(changed))

    @on(RadioSet.Changed, "#filter-scope")
    def scope_changed(self, event: RadioSet.Changed) -> None:
        mine = event.pressed.id == "scope-mine"
        if mine and self.store.manager_id is None:
            self.notify(t("client_filter.no_manager"), severity="warning")
        self._change(mine=mine)

    @on(RadioSet.Changed, "#filter-kind")
    def kind_changed(self, event: RadioSet.Changed) -> None:
        pressed = event.pressed.id or ""
        self._change(kind=None if pressed == "kind-all" else pressed.removeprefix("kind-"))

    @on(SelectionList.SelectedChanged)
    def selection_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        field = {
            "filter-tiers": "tiers",
            "filter-importance": "importance",
            "filter-statuses": "statuses",
            "filter-owners": "owner_ids",
            "filter-tags": "tags",
        }.get(event.selection_list.id or "")
        if field is not None:
            self._change(**{field: tuple(event.selection_list.selected)})

    @on(Input.Changed, "#filter-no-contact")
    def no_contact_changed(self, event: Input.Changed) -> None:
        error = self.query_one("#filter-no-contact-error", Static)
        text = event.value.strip()
        days = int(text) if text.isdigit() else None
        if text and (days is None or not 1 <= days <= MAX_NO_CONTACT_DAYS):
            error.update(
                t("error.field", field=t("client_filter.no_contact_days"),
                  reason=t("client_filter.invalid_days", limit=MAX_NO_CONTACT_DAYS))
            )  # fmt: skip
            error.add_class("visible")
            return
        error.remove_class("visible")
        self._change(no_contact_days=days)

    @on(Select.Changed, "#filter-sort")
    def sort_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.filter_query.sort:
            self._change(**{"sort": event.value, "descending": self.filter_query.sorted_by(
                event.value).descending})  # fmt: skip
            self._show_direction()

    @on(RadioSet.Changed, "#filter-direction")
    def direction_changed(self, event: RadioSet.Changed) -> None:
        self._change(descending=event.pressed.id == "direction-desc")

    # --- saved filters -------------------------------------------------------------
    @on(OptionList.OptionSelected, "#filter-saved")
    def apply_saved(self, event: OptionList.OptionSelected) -> None:
        row = next((row for row in self.saved if row.id == event.option.id), None)
        if row is None:
            return
        # A saved filter is filters and sort; the text in the search box stays.
        self._change(**{f: getattr(row.query, f) for f in _FILTER_FIELDS})
        self._show_query()
        self.notify(t("client_filter.applied", name=row.name))
        for problem in row.problems:
            self.notify(problem, severity="warning", timeout=10)

    @on(Input.Submitted, "#filter-save-name")
    def save_submitted(self, event: Input.Submitted) -> None:
        self.save(event.value, replace(self.filter_query, search=""))

    @on(SavedFilterList.DeleteWanted)
    def delete_wanted(self, event: SavedFilterList.DeleteWanted) -> None:
        self.delete(event.filter_id)

    # --- showing a whole query (after clear or a saved filter) -------------------
    def _show_query(self) -> None:
        """Every widget to the state of `self.filter_query`; their change events then find
        nothing to change."""
        query = self.filter_query
        self.query_one("#scope-mine" if query.mine else "#scope-branch", RadioButton).value = True
        self.query_one(f"#kind-{query.kind or 'all'}", RadioButton).value = True
        for selector, chosen in (
            ("#filter-tiers", query.tiers),
            ("#filter-importance", query.importance),
            ("#filter-statuses", query.statuses),
            ("#filter-owners", query.owner_ids),
            ("#filter-tags", query.tags),
        ):
            selection = self.query_one(selector, SelectionList)
            selection.deselect_all()
            present = {option.value for option in selection.options}  # type: ignore[attr-defined]
            for value in chosen:
                if value not in present:  # e.g. a saved filter's tag no client carries now
                    selection.add_option(Selection(value, value))
                selection.select(value)
        self.query_one("#filter-no-contact", Input).value = str(query.no_contact_days or "")
        self.query_one("#filter-sort", Select).value = query.sort
        self._show_direction()

    def _show_direction(self) -> None:
        wanted = "#direction-desc" if self.filter_query.descending else "#direction-asc"
        self.query_one(wanted, RadioButton).value = True

    # --- keys ----------------------------------------------------------------------
    def action_close(self) -> None:
        self.dismiss(None)

    def action_clear(self) -> None:
        self._change(**{f: getattr(ClientQuery(), f) for f in _FILTER_FIELDS if f not in (
            "sort", "descending")})  # fmt: skip
        self._show_query()


#: Everything of a query but the search text: what a saved filter sets.
_FILTER_FIELDS: tuple[str, ...] = tuple(
    name for name in ClientQuery.__dataclass_fields__ if name != "search"
)
