"""Server-rendered SVG charts for the dashboard: geometry here, drawing in ``staff/_charts.html``.

The SVG draws only shapes, stretched to the width of its card; every label and number is HTML text
beside it, so it stays readable from a phone to a wide screen, and is escaped like any text on the
page. Each chart comes with its data as a table (a chart is a picture of the table, never the only
place a figure is).
"""

from __future__ import annotations

from dataclasses import dataclass, field

PLOT_HEIGHT = 100  # the day chart's SVG units up the y axis (percent of the scale's top)


@dataclass(frozen=True)
class Segment:
    """A piece of a bar: where it starts and how long it is (SVG units), its series and what it stands for."""

    start: float
    length: float
    cls: str
    title: str


@dataclass
class Column:
    label: str
    segments: list[Segment] = field(default_factory=list)
    show_label: bool = True


@dataclass
class Columns:
    """A column chart: columns side by side (x in slots of 1), the scale's grid labels, a rate line."""

    columns: list[Column]
    grid: list[str]  # labels of the grid lines, bottom to top, evenly spaced
    rate_points: list[tuple[float, float, str]]  # (x, y, title) of the rate markers, y in PLOT_HEIGHT units
    slots: int

    @property
    def rate_line(self) -> str:
        return " ".join(f"{x},{y}" for x, y, _title in self.rate_points)


@dataclass
class Row:
    """One horizontal bar: its label, its segments (SVG units of 0–100 of the longest bar) and its total."""

    label: str
    segments: list[Segment]
    total: int


def nice_top(value: int) -> int:
    """A round top for the scale (at least 4), so four grid steps fall on whole numbers."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000):
        if max(4, value) <= step * 4:
            return step * 4
    return value


def columns(labels: list[str], series: list[tuple[str, list[int]]], rate: list[float | None],
            rate_name: str) -> Columns:
    """Stacked columns (``series``: name and one value per label, bottom-up) and a rate (0–1) over them."""
    totals = [sum(values[i] for _name, values in series) for i in range(len(labels))]
    top = nice_top(max(totals, default=0))
    every = 1 if len(labels) <= 8 else 2
    result = Columns([], [str(top * n // 4) for n in range(5)], [], len(labels))
    for i, label in enumerate(labels):
        column = Column(label, show_label=(len(labels) - 1 - i) % every == 0)  # today always labelled
        start = 0.0
        for index, (name, values) in enumerate(series):
            length = PLOT_HEIGHT * values[i] / top
            if length > 0:
                column.segments.append(Segment(round(start, 2), round(length, 2), f"s{index}",
                                               f"{label}: {name} {values[i]}"))
                start += length
        result.columns.append(column)
        if rate[i] is not None:
            y = round(PLOT_HEIGHT * (1 - rate[i]), 2)  # type: ignore[operator]
            result.rate_points.append((i + 0.5, y, f"{label}: {rate_name} {rate[i]:.0%}"))
    return result


def bars(rows: list[tuple[str, list[tuple[str, int]]]]) -> list[Row]:
    """Horizontal bars, one per (label, [(part name, value), …]), parts one after the other."""
    top = max((sum(v for _name, v in parts) for _label, parts in rows), default=0) or 1
    found = []
    for label, parts in rows:
        start = 0.0
        segments = []
        for index, (name, value) in enumerate(parts):
            length = 100 * value / top
            if length > 0:
                segments.append(Segment(round(start, 2), round(length, 2), f"s{index}", f"{label}: {name} {value}"))
                start += length
        found.append(Row(label, segments, sum(v for _name, v in parts)))
    return found
