using System.Buffers.Text;
using System.Globalization;

namespace Letters.Handwriting.Pen;

/// <summary>
/// Ink for a pen stroke: a ribbon around the centre-line whose width follows the pen — fuller on downstrokes,
/// thinner across and up, tapering to the point where the pen lands and lifts — filled a little translucent so
/// that where strokes cross the ink lies twice and reads darker, with a small pool where the nib came down.
/// Written into a PDF content stream in tenths of a point.
/// </summary>
internal static class Ribbon
{
    /// <summary>The marked-content tag around the strokes: one filled subpath per stroke, in writing order.</summary>
    public const string StrokesTag = "/PenStrokes";

    /// <summary>The page's graphics state for ink: its opacity, so overlaps darken.</summary>
    public const string InkState = "/Ink";

    public const double Opacity = 0.86;

    public static void Write(ContentBuffer content, IReadOnlyList<PenStroke> strokes, Ink ink, double nib, double pageHeight)
    {
        var c = CultureInfo.InvariantCulture;
        content.Append(string.Create(c, $"q {InkState} gs {ink.R:0.###} {ink.G:0.###} {ink.B:0.###} rg\n"));

        // Tenths of a point, y down from the top: integers are shorter to write and to deflate.
        content.Append(string.Create(c, $"0.1 0 0 -0.1 0 {pageHeight:0.##} cm\n{StrokesTag} BMC\n"));
        var left = new List<PenPoint>();
        var right = new List<PenPoint>();
        var origin = new PenPoint(double.NaN, double.NaN);
        foreach (var stroke in strokes)
        {
            if (IsDot(stroke, nib))
            {
                continue;
            }

            if (stroke.Origin != origin)
            {
                // Each word's points are written from the word's own origin: two or three digits, not four.
                if (!double.IsNaN(origin.X))
                {
                    content.Append("Q\n"u8);
                }

                origin = stroke.Origin;
                content.Append("q 1 0 0 1 "u8);
                content.Integer((int)Math.Round(origin.X * 10));
                content.Append(" "u8);
                content.Integer((int)Math.Round(origin.Y * 10));
                content.Append(" cm\n"u8);
            }

            Outline(stroke, nib, left, right);
            var points = stroke.Points;
            Move(content, points[0], origin);
            foreach (var p in left)
            {
                Line(content, p, origin);
            }

            Line(content, points[^1], origin);
            for (var i = right.Count - 1; i >= 0; i--)
            {
                Line(content, right[i], origin);
            }

            content.Append("h f\n"u8);
        }

        if (!double.IsNaN(origin.X))
        {
            content.Append("Q\n"u8);
        }

        content.Append("EMC\n"u8);

        // A stroke shorter than the nib is wide is a dot (a full stop, the dot of an i): the pen leaves a round mark.
        content.Append("/PenDots BMC\n"u8);
        foreach (var stroke in strokes)
        {
            if (IsDot(stroke, nib))
            {
                var (a, b) = (stroke.Points[0], stroke.Points[^1]);
                Dot(content, new PenPoint((a.X + b.X) / 2, (a.Y + b.Y) / 2), nib * (0.75 + stroke.Pressure));
            }
        }

        content.Append("EMC\n"u8);

        // Where the nib landed, a little ink pooled: a dot a touch wider than the stroke, just inside its start.
        content.Append("/PenPools BMC\n"u8);
        foreach (var stroke in strokes.Where(s => !IsDot(s, nib)))
        {
            var points = stroke.Points;
            var (dx, dy) = Direction(points[0], points[Math.Min(1, points.Length - 1)]);
            var radius = nib * (0.62 + stroke.Pressure);
            Dot(content, new PenPoint(points[0].X + (dx * radius * 0.9), points[0].Y + (dy * radius * 0.9)), radius);
        }

        content.Append("EMC\nQ\n"u8);
    }

    /// <summary>Whether a stroke is so short that the pen only dabs: drawn as a round dot, not a ribbon.</summary>
    public static bool IsDot(PenStroke stroke, double nib) => stroke.Length < nib * 2.5;

    /// <summary>The ribbon's two edges for the inner points (the ends are the centre-line's own end points).</summary>
    internal static void Outline(PenStroke stroke, double nib, List<PenPoint> left, List<PenPoint> right)
    {
        left.Clear();
        right.Clear();
        var points = stroke.Points;
        var length = stroke.Length;
        var taper = Math.Min(nib * 4, length / 3);
        var travelled = 0.0;
        var segment = Distance(points[0], points[Math.Min(1, points.Length - 1)]);
        for (var i = 1; i < points.Length - 1; i++)
        {
            travelled += segment;
            var next = Distance(points[i], points[i + 1]);

            // The direction through the point, from its two neighbours, without a second square root.
            var span = segment + next;
            var (dx, dy) = span < 1e-9 ? (1.0, 0.0) : ((points[i + 1].X - points[i - 1].X) / span, (points[i + 1].Y - points[i - 1].Y) / span);
            segment = next;

            // y grows down the page: a downstroke (dy > 0) is where a pen presses, an upstroke where it skates.
            var direction = 1 + (0.8 * dy) - (0.2 * Math.Abs(dx));
            var ends = Math.Min(Smooth(travelled / taper), Smooth((length - travelled) / taper));
            var half = nib * 0.5 * (1 + stroke.Pressure) * Math.Max(direction, 0.35) * (0.25 + (0.75 * ends));
            left.Add(new PenPoint(points[i].X - (dy * half), points[i].Y + (dx * half)));
            right.Add(new PenPoint(points[i].X + (dy * half), points[i].Y - (dx * half)));
        }
    }

    private static double Smooth(double t)
    {
        t = Math.Clamp(t, 0, 1);
        return t * t * (3 - (2 * t));
    }

    private static (double X, double Y) Direction(PenPoint a, PenPoint b)
    {
        var d = Distance(a, b);
        return d < 1e-9 ? (1, 0) : ((b.X - a.X) / d, (b.Y - a.Y) / d);
    }

    private static double Distance(PenPoint a, PenPoint b) => Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));

    private static void Move(ContentBuffer content, PenPoint p, PenPoint origin)
    {
        Point(content, p, origin);
        content.Append(" m\n"u8);
    }

    private static void Line(ContentBuffer content, PenPoint p, PenPoint origin)
    {
        Point(content, p, origin);
        content.Append(" l\n"u8);
    }

    private static void Point(ContentBuffer content, PenPoint p, PenPoint origin)
    {
        content.Integer((int)Math.Round((p.X - origin.X) * 10));
        content.Append(" "u8);
        content.Integer((int)Math.Round((p.Y - origin.Y) * 10));
    }

    private static void Dot(ContentBuffer content, PenPoint centre, double radius)
    {
        // Four Bézier quarters; kappa = 0.5523 makes them a circle. In tenths of a point, like the ribbons.
        var r = (int)Math.Max(Math.Round(radius * 10), 1);
        var k = (int)Math.Round(r * 0.5523);
        var (x, y) = ((int)Math.Round(centre.X * 10), (int)Math.Round(centre.Y * 10));
        Numbers(content, x + r, y);
        content.Append(" m "u8);
        Numbers(content, x + r, y + k, x + k, y + r, x, y + r);
        content.Append(" c "u8);
        Numbers(content, x - k, y + r, x - r, y + k, x - r, y);
        content.Append(" c "u8);
        Numbers(content, x - r, y - k, x - k, y - r, x, y - r);
        content.Append(" c "u8);
        Numbers(content, x + k, y - r, x + r, y - k, x + r, y);
        content.Append(" c f\n"u8);
    }

    private static void Numbers(ContentBuffer content, params ReadOnlySpan<int> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                content.Append(" "u8);
            }

            content.Integer(values[i]);
        }
    }
}

/// <summary>A growing byte buffer for a page's content stream: numbers formatted straight into it as ASCII.</summary>
internal sealed class ContentBuffer(int capacity)
{
    private byte[] bytes = new byte[Math.Max(capacity, 256)];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => bytes.AsSpan(0, Length);

    public void Append(ReadOnlySpan<byte> text)
    {
        Ensure(text.Length);
        text.CopyTo(bytes.AsSpan(Length));
        Length += text.Length;
    }

    public void Append(string text)
    {
        Ensure(text.Length * 3);
        Length += System.Text.Encoding.UTF8.GetBytes(text, bytes.AsSpan(Length));
    }

    public void Integer(int value)
    {
        Ensure(11);
        Utf8Formatter.TryFormat(value, bytes.AsSpan(Length), out var written);
        Length += written;
    }

    private void Ensure(int more)
    {
        if (Length + more > bytes.Length)
        {
            Array.Resize(ref bytes, Math.Max(bytes.Length * 2, Length + more));
        }
    }
}
