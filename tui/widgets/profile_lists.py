"""The rows a profile acts on: related clients and a company's key contacts.

Each is an `OptionList` whose options are keyed by the row's own id, so a
key pressed on a focused row says which relation or contact it means: enter
opens the related client or edits the contact, delete asks to remove it.
The lists only say what was asked for (messages); the profile screen asks
for confirmation and writes in a worker.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from store.client_detail import ContactRow, RelationRow
from store.i18n import t
from tui.bindings import translate_bindings

#: Spaces between the columns of a contact row.
_GAP = 2
CONTACT_HEADINGS = ("field.name", "contact.title", "field.phone", "field.birth_date")


def relation_text(relation: RelationRow) -> str:
    """`配偶：李娜（说明）` — what the other client is to this one, and the note."""
    role = t(f"client_edit.role.{relation.role}")
    if relation.note:
        return t(
            "client_edit.relation_note", role=role, name=relation.other_name, note=relation.note
        )
    return t("client_edit.relation", role=role, name=relation.other_name)


class RelationList(OptionList):
    """Clients related to the one on screen; enter opens one, delete removes the relation."""

    BINDINGS = [
        Binding("enter", "select", "key.client_relations.open_relation", id="open-relation"),
        Binding("delete", "remove", "key.client_relations.remove_relation", id="remove-relation"),
    ]

    @dataclass
    class RemoveRequested(Message):
        relation: RelationRow

    def __init__(self, relations: tuple[RelationRow, ...], *, id: str | None = None) -> None:
        self.relations = {relation.id: relation for relation in relations}
        super().__init__(
            *(Option(relation_text(relation), id=relation.id) for relation in relations), id=id
        )
        translate_bindings(self)

    def relation(self, option_id: str | None) -> RelationRow | None:
        return self.relations.get(option_id) if option_id else None

    def action_remove(self) -> None:
        option = self.highlighted_option
        relation = self.relation(option.id if option else None)
        if relation is not None:
            self.post_message(self.RemoveRequested(relation))


class ContactList(OptionList):
    """A company's key contacts, one aligned row each; enter edits, delete removes."""

    BINDINGS = [
        Binding("enter", "select", "key.client_relations.edit_contact", id="edit-contact"),
        Binding("delete", "remove", "key.client_relations.remove_contact", id="remove-contact"),
    ]

    @dataclass
    class RemoveRequested(Message):
        contact: ContactRow

    def __init__(
        self, contacts: tuple[ContactRow, ...], birthday: list[str], *, id: str | None = None
    ) -> None:
        self.contacts = {contact.id: contact for contact in contacts}
        cells = [
            [contact.name, contact.title or "-", contact.phone or "-", shown]
            for contact, shown in zip(contacts, birthday, strict=True)
        ]
        self.widths = column_widths([[t(key) for key in CONTACT_HEADINGS], *cells])
        super().__init__(
            *(
                Option(aligned(row, self.widths, bold_first=True), id=contact.id)
                for contact, row in zip(contacts, cells, strict=True)
            ),
            id=id,
        )
        translate_bindings(self)

    def contact(self, option_id: str | None) -> ContactRow | None:
        return self.contacts.get(option_id) if option_id else None

    def action_remove(self) -> None:
        option = self.highlighted_option
        contact = self.contact(option.id if option else None)
        if contact is not None:
            self.post_message(self.RemoveRequested(contact))


def column_widths(rows: list[list[str]]) -> list[int]:
    """The widest cell of each column, in terminal cells (a Chinese character is two)."""
    return [max(cell_len(row[i]) for row in rows) for i in range(len(rows[0]))]


def aligned(cells: list[str], widths: list[int], *, bold_first: bool = False) -> Text:
    """One row of cells padded to `widths`, so rows and the heading line up."""
    text = Text()
    for number, (cell, width) in enumerate(zip(cells, widths, strict=True)):
        if number:
            text.append(" " * _GAP)
        padding = " " * (width - cell_len(cell)) if number < len(cells) - 1 else ""
        text.append(cell, style="bold" if bold_first and number == 0 else "")
        text.append(padding)
    return text
