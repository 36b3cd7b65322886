"""Positions of things an editor orders (criteria, report sections and entries): always 0, 1, 2…"""

from __future__ import annotations

from sqlalchemy import func, select

from .. import audit
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


def move_and_record(order: list, item, offset: int, *, action: str, call_id: int, actor) -> bool:
    """move_one_place, flushed and audited as `action` on the item (its type from its table); False at either end."""
    moved = move_one_place(order, item, offset)
    if moved is None:
        return False
    db.session.flush()
    index, target = moved
    audit.record(action, object_type=item.__tablename__, object_id=item.id, actor=actor, call_id=call_id,
                 before={"position": index}, after={"position": target})
    return True


def next_position(column, *conditions) -> int:
    """The position after the last of the rows matching `conditions` (0 for the first one)."""
    last = db.session.execute(select(func.max(column)).where(*conditions)).scalar_one()
    return 0 if last is None else last + 1
