"""Many shapes gathered into one compound matplotlib path (one artist)."""

from __future__ import annotations

import math

_MOVETO, _LINETO, _CURVE3, _CLOSEPOLY = 1, 2, 3, 79  # matplotlib.path.Path codes


class _PathBuilder:
    """Collects many shapes into one compound path (one artist)."""

    def __init__(self):
        self.blocks: list = []  # (vertices, codes) numpy blocks
        self.points: list = []  # plain vertices and codes, converted in one go
        self.codes: list = []

    def add(self, verts, codes) -> None:
        self.blocks.append((verts, codes))

    def polyline(self, points, closed: bool = False) -> None:
        points = list(points)
        self.points += points
        self.codes += [_MOVETO] + [_LINETO] * (len(points) - 1)
        if closed:
            self.points.append(points[0])
            self.codes.append(_CLOSEPOLY)

    def smooth(self, points, radius: float, drawn: set | None = None) -> None:
        """A polyline whose bends are rounded off with quadratic curves.

        With ``drawn`` (a set shared by the calls for one drawing), segments
        an earlier polyline already drew are left out, except half a
        segment on each side of what is new, so that the bend from the
        shared lane into this polyline's own way is drawn exactly as it
        would be in the whole polyline.  Edges that share a lane (many from
        one port in a densely connected model) then paint the lane once,
        not once per edge; segments are matched whichever way they run.
        """
        pts = [points[0]]
        for p in points[1:]:
            if math.dist(p, pts[-1]) > 1e-9:
                pts.append(p)
        first, last = 0, len(pts) - 1  # the points whose bends are drawn
        start, end = pts[0], pts[-1]
        if drawn is not None and len(pts) > 1:
            keys = [_segment(a, b) for a, b in zip(pts, pts[1:])]
            new = [k for k, key in enumerate(keys) if key not in drawn]
            if not new:
                return
            drawn.update(keys)
            if new[0] > 0:  # from the middle of the last shared segment
                first = new[0]
                start = _middle(pts[first - 1], pts[first])
            if new[-1] < len(keys) - 1:  # to the middle of the next one
                last = new[-1] + 1
                end = _middle(pts[last], pts[last + 1])
        self.points.append(start)
        self.codes.append(_MOVETO)
        for i in range(max(first, 1), min(last, len(pts) - 2) + 1):
            a, p, b = pts[i - 1], pts[i], pts[i + 1]
            da, db = math.dist(a, p), math.dist(p, b)
            r = min(radius, da / 2, db / 2)
            bend = abs((p[0] - a[0]) * (b[1] - p[1]) - (p[1] - a[1]) * (b[0] - p[0]))
            if r < 0.1 or bend < 1e-6 * da * db:
                self.points.append(p)
                self.codes.append(_LINETO)
                continue
            p1 = (p[0] + (a[0] - p[0]) * r / da, p[1] + (a[1] - p[1]) * r / da)
            p2 = (p[0] + (b[0] - p[0]) * r / db, p[1] + (b[1] - p[1]) * r / db)
            self.points += [p1, p, p2]
            self.codes += [_LINETO, _CURVE3, _CURVE3]
        if len(pts) > 1:
            self.points.append(end)
            self.codes.append(_LINETO)

    def rounded(self, x0, y0, x1, y1, r) -> None:
        r = min(r, (x1 - x0) / 2, (y1 - y0) / 2)
        self.points += [
            (x0 + r, y0), (x1 - r, y0), (x1, y0), (x1, y0 + r),
            (x1, y1 - r), (x1, y1), (x1 - r, y1), (x0 + r, y1),
            (x0, y1), (x0, y1 - r), (x0, y0 + r), (x0, y0), (x0 + r, y0),
        ]  # fmt: skip
        M, L, C = _MOVETO, _LINETO, _CURVE3
        self.codes += [M, L, C, C, L, C, C, L, C, C, L, C, C]

    def path(self):
        import numpy as np
        from matplotlib.path import Path

        blocks = list(self.blocks)
        if self.points:
            blocks.append(
                (np.asarray(self.points, dtype=float), np.asarray(self.codes, np.uint8))
            )
        if not blocks:
            return None
        return Path(
            np.concatenate([v for v, _ in blocks]),
            np.concatenate([c for _, c in blocks]),
        )


def _segment(a, b) -> tuple:
    """A segment as a key that is the same whichever way it runs.  Shared
    lanes are one list of points moved as a whole, so their points are
    equal floats; nothing needs rounding."""
    return (a, b) if a <= b else (b, a)


def _middle(a, b) -> tuple:
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)


def _arrowhead(points, size: float = 6.0):
    """Triangle at the last point of ``points``, along the last segment
    that has a length (a repeated end point has no direction)."""
    xb, yb = points[-1]
    for xa, ya in reversed(points[:-1]):
        dx, dy = xb - xa, yb - ya
        n = math.hypot(dx, dy)
        if n > 1e-6:
            break
    else:  # every point the same: no direction, no arrowhead
        dx, dy, n = 0.0, 0.0, 1.0
    ux, uy = dx / n, dy / n
    bx, by = xb - ux * size, yb - uy * size
    w = size * 0.42
    return [(xb, yb), (bx - uy * w, by + ux * w), (bx + uy * w, by - ux * w)]
