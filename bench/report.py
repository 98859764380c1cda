"""The table both coaches' accuracy reports share."""

from __future__ import annotations

from rich.table import Table

COLUMNS = (
    "code",
    "precision",
    "recall",
    "support",
    "held-out P",
    "held-out R",
    "held-out n",
    "target",
    "verdict",
)


def accuracy_table(title: str, caption: str) -> Table:
    """An empty table with the columns of a labelled-set report: whole set, held-out, target."""
    table = Table(title=title, caption=caption)
    for column in COLUMNS:
        table.add_column(
            column, justify="left" if column in ("code", "target", "verdict") else "right"
        )
    return table
