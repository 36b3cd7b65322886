"""Positions of things an editor orders (criteria, report sections and entries): always 0, 1, 2…"""

from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db


def renumber(items) -> None:
    """Give `items` the positions 0, 1, 2… in their current order."""
    for position, item in enumerate(items):
        item.position = position


def move_one_place(order: list, item, offset: int) -> tuple[int, int] | None:
    """Swap `item` with its neighbour `offset` (-1 or +1) away and renumber; None at either end.

    Returns the item's old and new index. The caller flushes.
    """
    index = order.index(item)
    target = index + offset
    if offset not in (-1, 1) or not 0 <= target < len(order):
        return None
    order[index], order[target] = order[target], order[index]
    renumber(order)
    return index, target


def next_position(column, *conditions) -> int:
    """The position after the last of the rows matching `conditions` (0 for the first one)."""
    last = db.session.execute(select(func.max(column)).where(*conditions)).scalar_one()
    return 0 if last is None else last + 1
