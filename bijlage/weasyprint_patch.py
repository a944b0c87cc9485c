"""Rows that break over a page end where their text ends, as in Word: a patch of WeasyPrint's layout.

A table cell that breaks over a page is stretched to the foot of the page by WeasyPrint, as CSS
fragmentation prescribes (css-break-3, box splitting); Word ends the row below its last line. Readers of
Word annexes, our importer among them, see a paragraph that ends at the foot of a page by the space after
it, so every stretched cell would read as a paragraph break. Word also closes the table with a rule at the
foot of each page, where WeasyPrint leaves a split row open. WeasyPrint has no property for either.

So this module wraps two functions of ``weasyprint.layout.block`` (WeasyPrint is pinned in pyproject.toml;
these are internals, not its API):

- ``block_container_layout``: a table cell that was split is cut back to the bottom of its content.
  ``weasyprint.layout.table`` looks this function up in ``block`` at every call, so it meets the wrapper.
- ``table_layout`` (imported into ``block`` from ``weasyprint.layout.table``): a table that was split gets
  the bottom rule of its last row back (``skip_cell_border_bottom``).

Both act only inside ``als_word()``, i.e. during our own renders; any other WeasyPrint render in the
process lays out as WeasyPrint does. With another WeasyPrint than the pinned one (no ``table_layout`` in
``block``) nothing is wrapped: rows stay stretched, the annex still renders, and tests/test_bijlage_pdf.py
says what changed.
"""

import contextlib
import contextvars
import functools
import logging
import threading

logger = logging.getLogger(__name__)

_ALS_WORD = contextvars.ContextVar("rijen_als_word", default=False)
_SLOT = threading.Lock()


@contextlib.contextmanager
def als_word():
    """Lay out the rows of the tables rendered in this block as Word does (installs the patch once)."""
    _installeer()
    token = _ALS_WORD.set(True)
    try:
        yield
    finally:
        _ALS_WORD.reset(token)


def _installeer():
    import weasyprint
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import block

    with _SLOT:
        if getattr(block.block_container_layout, "pokvolg", False):
            return
        if not hasattr(block, "table_layout"):
            logger.warning("WeasyPrint %s: rijen worden niet als in Word gesplitst.", weasyprint.__version__)
            return
        _wikkel(block, boxes)


def _inhoud_onderkant(box, boxes):
    """The bottom of the last in-flow content of a box, ignoring any stretch of fragmented blocks."""
    kinderen = [k for k in box.children if k.is_in_normal_flow()]
    if not kinderen:
        return box.content_box_y()
    laatste = kinderen[-1]
    if isinstance(laatste, boxes.LineBox):
        return laatste.position_y + laatste.height
    if isinstance(laatste, boxes.BlockContainerBox) and laatste.style["height"] == "auto":
        return (
            _inhoud_onderkant(laatste, boxes)
            + laatste.padding_bottom
            + laatste.border_bottom_width
            + laatste.margin_bottom
        )
    return laatste.position_y + laatste.margin_height()


def _wikkel(block, boxes):
    origineel = block.block_container_layout

    @functools.wraps(origineel)
    def block_container_layout(context, box, bottom_space, skip_stack, *args, **kwargs):
        uitkomst = origineel(context, box, bottom_space, skip_stack, *args, **kwargs)
        nieuw, verder = uitkomst[0], uitkomst[1]
        if verder and nieuw is not None and _ALS_WORD.get() and isinstance(nieuw, boxes.TableCellBox):
            nieuw.height = max(0, _inhoud_onderkant(nieuw, boxes) - nieuw.content_box_y())
        return uitkomst

    tabel_origineel = block.table_layout

    @functools.wraps(tabel_origineel)
    def table_layout(*args, **kwargs):
        uitkomst = tabel_origineel(*args, **kwargs)
        tabel, verder = uitkomst[0], uitkomst[1]
        if verder and tabel is not None and _ALS_WORD.get():
            tabel.skip_cell_border_bottom = False
        return uitkomst

    block_container_layout.pokvolg = True
    block.block_container_layout = block_container_layout
    block.table_layout = table_layout
