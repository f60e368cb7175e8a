"""The report's confusion matrices as shaded HTML tables (its agitation charts are coach.charts). Every
text that reaches the markup is escaped."""

from __future__ import annotations

from html import escape

from coach.evaluation.results import KeyResult


def confusion_table(key: KeyResult) -> str:
    """The confusion matrix of one key: rows the expert label, columns the grade, cells shaded by count."""
    biggest = max((c for row in key.confusion for c in row), default=0) or 1
    head = "".join(f"<th scope='col'>{escape(str(c))}</th>" for c in key.labels)
    rows = []
    for label, row in zip(key.labels, key.confusion, strict=True):
        cells = []
        for graded, count in zip(key.labels, row, strict=True):
            hue = 130 if graded == label else 5
            alpha = 0.08 + 0.72 * count / biggest if count else 0
            style = f"background: hsla({hue}, 60%, 45%, {alpha:.2f})"
            cells.append(f"<td style='{style}'>{count}</td>")
        rows.append(f"<tr><th scope='row'>{escape(str(label))}</th>{''.join(cells)}</tr>")
    caption = f"{key.key}: rows are the expert's label, columns the grade (n={key.n})"
    return (
        f"<table class='confusion' data-key='{escape(key.key)}'><caption>{escape(caption)}</caption>"
        f"<tr><th>label \\ grade</th>{head}</tr>{''.join(rows)}</table>"
    )
