namespace Letters.Handwriting.Pen;

/// <summary>A cubic Bézier from <see cref="A"/> to <see cref="D"/>, in points, y down.</summary>
internal readonly record struct Cubic(PenPoint A, PenPoint B, PenPoint C, PenPoint D)
{
    public PenPoint At(double t)
    {
        var u = 1 - t;
        var (a, b, c, d) = (u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t);
        return new((a * A.X) + (b * B.X) + (c * C.X) + (d * D.X), (a * A.Y) + (b * B.Y) + (c * C.Y) + (d * D.Y));
    }

    /// <summary>The unit tangent at t (from the first control leg that has length, so a degenerate end still has one).</summary>
    public (double X, double Y) Tangent(double t)
    {
        var u = 1 - t;
        var dx = (3 * u * u * (B.X - A.X)) + (6 * u * t * (C.X - B.X)) + (3 * t * t * (D.X - C.X));
        var dy = (3 * u * u * (B.Y - A.Y)) + (6 * u * t * (C.Y - B.Y)) + (3 * t * t * (D.Y - C.Y));
        var length = Math.Sqrt((dx * dx) + (dy * dy));
        if (length > 1e-9)
        {
            return (dx / length, dy / length);
        }

        (dx, dy) = (D.X - A.X, D.Y - A.Y);
        length = Math.Sqrt((dx * dx) + (dy * dy));
        return length > 1e-9 ? (dx / length, dy / length) : (1, 0);
    }

    /// <summary>De Casteljau: the two halves at t.</summary>
    public (Cubic Left, Cubic Right) Split(double t)
    {
        static PenPoint Lerp(PenPoint p, PenPoint q, double t) => new(p.X + ((q.X - p.X) * t), p.Y + ((q.Y - p.Y) * t));
        var (ab, bc, cd) = (Lerp(A, B, t), Lerp(B, C, t), Lerp(C, D, t));
        var (abc, bcd) = (Lerp(ab, bc, t), Lerp(bc, cd, t));
        var mid = Lerp(abc, bcd, t);
        return (new Cubic(A, ab, abc, mid), new Cubic(mid, bcd, cd, D));
    }

    /// <summary>The length along the curve, to a few hundredths of a point (a polyline of eight chords).</summary>
    public double Length()
    {
        var length = 0.0;
        var previous = A;
        for (var i = 1; i <= 8; i++)
        {
            var p = At(i / 8.0);
            length += Math.Sqrt(((p.X - previous.X) * (p.X - previous.X)) + ((p.Y - previous.Y) * (p.Y - previous.Y)));
            previous = p;
        }

        return length;
    }
}

/// <summary>
/// The shape a pen leaves along a stroke's centre-line: the centre as a smooth curve (no facets at any resolution),
/// and the ink's width along it. The PDF's ribbons, the plotter's SVG curves and its G-code all come from here, so
/// what is plotted is what the proof showed.
/// </summary>
internal static class StrokeShape
{
    /// <summary>A turn sharper than this (between one leg of the centre-line and the next) is a cusp the pen makes, not a curve.</summary>
    private const double CuspCosine = -0.35;

    /// <summary>
    /// How far the centre-line may move when its curves are merged into fewer, in points: 0.06 pt, a pixel at
    /// 1,200 dpi. A plotter font's dense polyline made thirty curves a stroke; merged, the ink and its file are a
    /// fraction of that.
    /// </summary>
    private const double FitTolerance = 0.06;

    /// <summary>The thinnest the ink gets, against the nib: a hairline upstroke or a lift still leaves a line the eye sees.</summary>
    public const double MinimumWidth = 0.42;

    /// <summary>
    /// The centre-line as cubic Béziers through its points: centripetal Catmull–Rom (no loops or overshoot where
    /// points are unevenly spaced), broken at cusps so a sharp turn stays sharp, runs of short curves merged where
    /// one curve draws them (<see cref="CurveFit"/>). Two points make one straight curve.
    /// </summary>
    public static List<Cubic> Smooth(PenPoint[] points)
    {
        var curves = new List<Cubic>(points.Length);
        var start = 0;
        for (var i = 1; i < points.Length; i++)
        {
            var end = i == points.Length - 1 || IsCusp(points[i - 1], points[i], points[i + 1]);
            if (end)
            {
                var run = new List<Cubic>(i - start);
                AddRun(points, start, i, run);
                curves.AddRange(CurveFit.Merge(run, FitTolerance));
                start = i;
            }
        }

        if (curves.Count == 0)
        {
            curves.Add(new Cubic(points[0], points[0], points[^1], points[^1]));
        }

        return curves;
    }

    private static bool IsCusp(PenPoint a, PenPoint b, PenPoint c)
    {
        var (ux, uy, vx, vy) = (b.X - a.X, b.Y - a.Y, c.X - b.X, c.Y - b.Y);
        var lengths = Math.Sqrt(((ux * ux) + (uy * uy)) * ((vx * vx) + (vy * vy)));
        return lengths > 1e-12 && ((ux * vx) + (uy * vy)) / lengths < CuspCosine;
    }

    /// <summary>Catmull–Rom through points[from..to], its ends extended straight.</summary>
    private static void AddRun(PenPoint[] points, int from, int to, List<Cubic> curves)
    {
        PenPoint P(int i) => i < from
            ? new PenPoint((2 * points[from].X) - points[from + 1].X, (2 * points[from].Y) - points[from + 1].Y)
            : i > to
                ? new PenPoint((2 * points[to].X) - points[to - 1].X, (2 * points[to].Y) - points[to - 1].Y)
                : points[i];

        for (var i = from; i < to; i++)
        {
            var (p0, p1, p2, p3) = (P(i - 1), points[i], points[i + 1], P(i + 2));
            var d1 = Math.Sqrt(Math.Max(Distance(p0, p1), 1e-6));
            var d2 = Math.Sqrt(Math.Max(Distance(p1, p2), 1e-6));
            var d3 = Math.Sqrt(Math.Max(Distance(p2, p3), 1e-6));
            var b1 = new PenPoint(
                ((d1 * d1 * p2.X) - (d2 * d2 * p0.X) + (((2 * d1 * d1) + (3 * d1 * d2) + (d2 * d2)) * p1.X)) / (3 * d1 * (d1 + d2)),
                ((d1 * d1 * p2.Y) - (d2 * d2 * p0.Y) + (((2 * d1 * d1) + (3 * d1 * d2) + (d2 * d2)) * p1.Y)) / (3 * d1 * (d1 + d2)));
            var b2 = new PenPoint(
                ((d3 * d3 * p1.X) - (d2 * d2 * p3.X) + (((2 * d3 * d3) + (3 * d3 * d2) + (d2 * d2)) * p2.X)) / (3 * d3 * (d3 + d2)),
                ((d3 * d3 * p1.Y) - (d2 * d2 * p3.Y) + (((2 * d3 * d3) + (3 * d3 * d2) + (d2 * d2)) * p2.Y)) / (3 * d3 * (d3 + d2)));
            curves.Add(new Cubic(p1, b1, b2, p2));
        }
    }

    /// <summary>
    /// The curve cut into pieces short enough for the ink's width to change smoothly along them: never longer than
    /// <paramref name="longest"/>, and with knots close together where the pen lands and lifts (the taper).
    /// </summary>
    public static List<Cubic> Knotted(List<Cubic> curve, double longest, double taper, out double[] at)
    {
        var lengths = curve.Select(c => c.Length()).ToArray();
        var total = lengths.Sum();
        var pieces = new List<Cubic>(curve.Count * 2);
        var positions = new List<double> { 0 };
        var travelled = 0.0;
        for (var i = 0; i < curve.Count; i++)
        {
            var length = lengths[i];
            var nearEnd = travelled < taper * 1.5 || total - (travelled + length) < taper * 1.5;
            var parts = Math.Max(1, (int)Math.Ceiling(length / (nearEnd ? Math.Min(longest, Math.Max(taper / 2, 0.2)) : longest)));
            var rest = curve[i];
            for (var p = parts; p > 1; p--)
            {
                var (left, right) = rest.Split(1.0 / p);
                pieces.Add(left);
                travelled += length / parts;
                positions.Add(travelled);
                rest = right;
            }

            pieces.Add(rest);
            travelled += length / parts;
            positions.Add(travelled);
        }

        at = [.. positions];
        return pieces;
    }

    /// <summary>
    /// The ink's half-width at each knot: fuller on downstrokes, thinner across and up (<paramref name="pressure"/>
    /// swelling or thinning the whole stroke), tapering towards a lift, and where a pen landed from rest the stroke's
    /// own start swollen to the nib's round mark as the ink spreads under it (no separate blot); never thinner than
    /// <see cref="MinimumWidth"/> of the nib, so a straight bar or a hairline always shows.
    /// </summary>
    public static double[] HalfWidths(List<Cubic> pieces, double[] at, double nib, double pressure, bool landed, bool dab, Func<double, double>? profile = null)
    {
        var total = at[^1];
        var halves = new double[at.Length];
        var minimum = nib * 0.5 * MinimumWidth;
        if (dab)
        {
            // A dab (the dot of an i, a full stop): the nib's round mark, a little fuller for pressure.
            Array.Fill(halves, nib * (0.55 + (0.5 * pressure)));
            return halves;
        }

        var taper = Math.Min(nib * 4, total / 3);
        for (var k = 0; k < at.Length; k++)
        {
            var (dx, dy) = k < pieces.Count ? pieces[k].Tangent(0) : pieces[^1].Tangent(1);

            // y grows down the page: a downstroke (dy > 0) is where a pen presses, an upstroke where it skates.
            var direction = Math.Max(1 + (0.8 * dy) - (0.2 * Math.Abs(dx)), 0.35);
            var s = at[k];
            var lift = Ease((total - s) / taper);
            var land = landed ? 1 : Ease(s / taper);
            var ends = 0.3 + (0.7 * Math.Min(land, lift));

            // Ink spreads round a resting nib whichever way the pen then moves: the start is as wide as the nib's
            // round mark, easing into the stroke's own width within a nib or two.
            var pool = landed ? nib * 0.5 * (0.85 + (0.3 * pressure)) * Math.Exp(-(s * s) / (nib * nib * 2.6)) : 0;
            // A captured hand's own pressure along the stroke, relative to its mean, eased so the ribbon swells and thins
            // as the writer's pen did without blotting.
            var pressed = profile is null ? 1 : 0.5 + (0.5 * profile(s));
            halves[k] = Math.Max(Math.Max(nib * 0.5 * (1 + pressure) * direction * ends * pressed, pool), minimum);
        }

        return halves;
    }

    /// <summary>The curve flattened to a polyline within <paramref name="tolerance"/> points (for G-code's straight moves).</summary>
    public static List<PenPoint> Flatten(IEnumerable<Cubic> curve, double tolerance)
    {
        var points = new List<PenPoint>();
        foreach (var c in curve)
        {
            if (points.Count == 0)
            {
                points.Add(c.A);
            }

            // A cubic's distance from its chord is at most 3/4 of its control points' distance from it.
            var (cx, cy) = (c.D.X - c.A.X, c.D.Y - c.A.Y);
            var chord = Math.Max(Math.Sqrt((cx * cx) + (cy * cy)), 1e-9);
            var bend = Math.Max(Math.Abs((cx * (c.A.Y - c.B.Y)) - ((c.A.X - c.B.X) * cy)), Math.Abs((cx * (c.A.Y - c.C.Y)) - ((c.A.X - c.C.X) * cy))) / chord;
            var steps = Math.Clamp((int)Math.Ceiling(Math.Sqrt(0.75 * bend / tolerance)), 1, 16);
            for (var i = 1; i <= steps; i++)
            {
                points.Add(c.At(i / (double)steps));
            }
        }

        return points;
    }

    /// <summary>
    /// Writes the ribbon's outline: a closed subpath for each run between the cusps where the pen turns back (so a
    /// bar drawn there and back again, or a sharp hook, stays as thin as the pen, not a knot), each from its centre's
    /// start, along its left edge, round its end cap, back along its right edge and round its start cap. A reader of
    /// the file finds the stroke's two ends: the first subpath's first point, and the centre of the last end cap (the
    /// midpoint of the ends of its two quarter arcs, which follow the left edge's last curve).
    /// </summary>
    public static void Outline(List<Cubic> pieces, double[] halves, Action<PenPoint> move, Action<PenPoint> line, Action<PenPoint, PenPoint, PenPoint> curve, Action close)
    {
        var n = pieces.Count;
        var ends = new (double X, double Y)[n];
        var starts = new (double X, double Y)[n];
        for (var k = 0; k < n; k++)
        {
            starts[k] = pieces[k].Tangent(0);
            ends[k] = pieces[k].Tangent(1);
        }

        var from = 0;
        for (var k = 0; k < n; k++)
        {
            var cusp = k == n - 1 || (ends[k].X * starts[k + 1].X) + (ends[k].Y * starts[k + 1].Y) < CuspCosine;
            if (cusp)
            {
                Run(pieces, halves, from, k, starts, ends, move, line, curve);
                close();
                from = k + 1;
            }
        }
    }

    private static void Run(List<Cubic> pieces, double[] halves, int first, int last, (double X, double Y)[] starts, (double X, double Y)[] ends,
        Action<PenPoint> move, Action<PenPoint> line, Action<PenPoint, PenPoint, PenPoint> curve)
    {
        // Knot k's direction: the tangent where piece k starts; the run's last knot takes the last piece's end.
        (double X, double Y) Normal(int k) => k > last ? (-ends[last].Y, ends[last].X) : (-starts[k].Y, starts[k].X);
        PenPoint Off(PenPoint p, (double X, double Y) normal, double h) => new(p.X + (normal.X * h), p.Y + (normal.Y * h));
        var start = pieces[first].A;
        move(start);
        line(Off(start, Normal(first), halves[first]));
        for (var k = first; k <= last; k++)
        {
            var c = pieces[k];
            var (h0, h3) = (halves[k], halves[k + 1]);
            var (n0, n3) = (Normal(k), Normal(k + 1));
            curve(Off(c.B, n0, h0 + ((h3 - h0) / 3)), Off(c.C, n3, h3 - ((h3 - h0) / 3)), Off(c.D, n3, h3));
        }

        var endNormal = Normal(last + 1);
        Cap(pieces[last].D, (endNormal.Y, -endNormal.X), endNormal, halves[last + 1], curve);
        for (var k = last; k >= first; k--)
        {
            var c = pieces[k];
            var (h0, h3) = (halves[k], halves[k + 1]);
            var (n0, n3) = (Normal(k), Normal(k + 1));
            curve(Off(c.C, n3, -(h3 - ((h3 - h0) / 3))), Off(c.B, n0, -(h0 + ((h3 - h0) / 3))), Off(c.A, n0, -h0));
        }

        var startNormal = Normal(first);
        Cap(start, (-startNormal.Y, startNormal.X), (-startNormal.X, -startNormal.Y), halves[first], curve);
    }

    /// <summary>A round end: two quarter arcs from the left edge, past the tip, to the right edge (κ = 0.5523).</summary>
    private static void Cap(PenPoint centre, (double X, double Y) forward, (double X, double Y) normal, double radius, Action<PenPoint, PenPoint, PenPoint> curve)
    {
        const double Kappa = 0.5523;
        var (fx, fy, nx, ny) = (forward.X * radius, forward.Y * radius, normal.X * radius, normal.Y * radius);
        var left = new PenPoint(centre.X + nx, centre.Y + ny);
        var tip = new PenPoint(centre.X + fx, centre.Y + fy);
        var right = new PenPoint(centre.X - nx, centre.Y - ny);
        curve(new(left.X + (fx * Kappa), left.Y + (fy * Kappa)), new(tip.X + (nx * Kappa), tip.Y + (ny * Kappa)), tip);
        curve(new(tip.X - (nx * Kappa), tip.Y - (ny * Kappa)), new(right.X + (fx * Kappa), right.Y + (fy * Kappa)), right);
    }

    private static double Ease(double t)
    {
        t = Math.Clamp(t, 0, 1);
        return t * t * (3 - (2 * t));
    }

    private static double Distance(PenPoint a, PenPoint b) => Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));
}
