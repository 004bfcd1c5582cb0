"""Key bindings whose descriptions are catalog keys, shown in the user's language.

Bindings are declared on classes (so the footer and help can list them),
but the language is chosen at run time. Each binding's `description` holds
a catalog key; `translate_bindings()` gives a node its own copy with the
text in the current language. Textual copies the class's bindings per
instance (`DOMNode._bindings`), so translating that copy is safe.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from textual.binding import Binding
from textual.dom import DOMNode

from store.i18n import t


def translate_bindings(node: DOMNode) -> None:
    """Replace catalog keys in `node`'s binding descriptions with text."""
    bindings_map = node._bindings
    bindings_map.key_to_bindings = {
        key: [_translated(binding) for binding in bindings]
        for key, bindings in bindings_map.key_to_bindings.items()
    }


def _translated(binding: Binding) -> Binding:
    if not binding.description.startswith("key."):
        return binding
    return replace(binding, description=t(binding.description))


def described_bindings(
    node_class: type[DOMNode], key_display: Callable[[Binding], str]
) -> list[tuple[str, str]]:
    """(keys as the footer shows them, description) for every binding of a class."""
    rows: list[tuple[str, str]] = []
    for item in node_class.BINDINGS:
        if isinstance(item, Binding) and item.description:
            keys = " ".join(key_display(single) for single in Binding.make_bindings([item]))
            rows.append((keys, t(item.description)))
    return rows
