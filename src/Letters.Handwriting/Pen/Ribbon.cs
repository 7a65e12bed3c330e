using System.Buffers.Text;
using System.Globalization;

namespace Letters.Handwriting.Pen;

/// <summary>
/// Ink for a pen stroke: a ribbon around the smooth centre-line (<see cref="StrokeShape"/>) whose width follows the
/// pen — fuller on downstrokes, thinner across and up, swelling where the nib landed from rest, tapering where it
/// lifts, round at both ends and never thinner than a fine line — filled a little translucent so that where strokes
/// cross the ink lies twice and reads darker, in a tone that varies from stroke to stroke and along each (a fresh dip
/// runs darker, a nib running dry lighter). Written into a PDF content stream in tenths of a point, as curves.
/// </summary>
internal static class Ribbon
{
    /// <summary>The marked-content tag around the strokes: one filled path per stroke, in writing order.</summary>
    public const string StrokesTag = "/PenStrokes";

    /// <summary>The page's graphics state for ink: its opacity, so overlaps darken.</summary>
    public const string InkState = "/Ink";

    public const double Opacity = 0.86;

    /// <summary>The longest piece of a ribbon's edge: the width is set at every knot, and changes smoothly between.</summary>
    private const double Knot = 6;

    public static void Write(ContentBuffer content, IReadOnlyList<PenStroke> strokes, Ink ink, double nib, double pageHeight)
    {
        var c = CultureInfo.InvariantCulture;
        content.Append(string.Create(c, $"q {InkState} gs {ink.R:0.###} {ink.G:0.###} {ink.B:0.###} rg\n"));

        // Tenths of a point, y down from the top: integers are shorter to write and to deflate.
        content.Append(string.Create(c, $"0.1 0 0 -0.1 0 {pageHeight:0.##} cm\n{StrokesTag} BMC\n"));
        var origin = new PenPoint(double.NaN, double.NaN);
        foreach (var stroke in strokes)
        {
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

            var (pieces, halves) = Shape(stroke, nib);
            content.Append("q\n"u8);
            var o = origin;
            StrokeShape.Outline(pieces, halves,
                p => { Point(content, p, o); content.Append(" m\n"u8); },
                p => { Point(content, p, o); content.Append(" l\n"u8); },
                (b, cc, d) => { Point(content, b, o); content.Append(" "u8); Point(content, cc, o); content.Append(" "u8); Point(content, d, o); content.Append(" c\n"u8); },
                () => content.Append("h\n"u8));

            // The ink's tone along the stroke: a gradient laid along it, from where the pen landed towards its far end.
            content.Append("W n "u8);
            var start = stroke.Points[0];
            var far = Farthest(stroke.Points);
            var (dx, dy) = ((far.X - start.X) * 10, (far.Y - start.Y) * 10);
            if (Math.Abs(dx) + Math.Abs(dy) < 1)
            {
                (dx, dy) = (10, 0);
            }

            content.Integer((int)Math.Round(dx));
            content.Append(" "u8);
            content.Integer((int)Math.Round(dy));
            content.Append(" "u8);
            content.Integer((int)Math.Round(-dy));
            content.Append(" "u8);
            content.Integer((int)Math.Round(dx));
            content.Append(" "u8);
            Point(content, start, origin);
            content.Append(" cm /"u8);
            content.Append(InkTones.Name(stroke.Tone));
            content.Append(" sh Q\n"u8);
        }

        if (!double.IsNaN(origin.X))
        {
            content.Append("Q\n"u8);
        }

        content.Append("EMC\nQ\n"u8);
    }

    /// <summary>The pieces and half-widths of a stroke's ribbon: what the PDF fills and the plotter files carry.</summary>
    public static (List<Cubic> Pieces, double[] Halves) Shape(PenStroke stroke, double nib)
    {
        var dab = IsDot(stroke, nib);
        var smooth = StrokeShape.Smooth(stroke.Points);
        var pieces = StrokeShape.Knotted(smooth, Knot, Math.Min(nib * 4, stroke.Length / 3), out var at);
        return (pieces, StrokeShape.HalfWidths(pieces, at, nib, stroke.Pressure, stroke.Landed, dab, stroke.Pressures is null ? null : stroke.PressureAt));
    }

    /// <summary>The ink's mean width along a stroke, in points: what a plotter's pen should draw it with.</summary>
    public static double MeanWidth(PenStroke stroke, double nib) => 2 * Shape(stroke, nib).Halves.Average();

    /// <summary>Whether a stroke is so short that the pen only dabs: a round mark the width of the nib.</summary>
    public static bool IsDot(PenStroke stroke, double nib) => stroke.Length < nib * 2.5;

    private static PenPoint Farthest(PenPoint[] points)
    {
        var start = points[0];
        var best = points[^1];
        var bestDistance = -1.0;
        foreach (var p in points)
        {
            var d = ((p.X - start.X) * (p.X - start.X)) + ((p.Y - start.Y) * (p.Y - start.Y));
            if (d > bestDistance)
            {
                (best, bestDistance) = (p, d);
            }
        }

        return best;
    }

    private static void Point(ContentBuffer content, PenPoint p, PenPoint origin)
    {
        content.Integer((int)Math.Round((p.X - origin.X) * 10));
        content.Append(" "u8);
        content.Integer((int)Math.Round((p.Y - origin.Y) * 10));
    }
}

/// <summary>
/// The ink's tones: a few axial shadings, each from one tone to a slightly lighter one, shared by every page. A
/// stroke's tone (from −1, a fresh dip, to 1, a dry nib) picks one; its gradient runs along the stroke.
/// </summary>
internal static class InkTones
{
    /// <summary>Tones from dark to light; each shading runs from its tone to one a step lighter (the nib drying).</summary>
    private static readonly double[] Levels = [-0.8, -0.45, -0.1, 0.25, 0.6];

    public static int Count => Levels.Length;

    public static ReadOnlySpan<byte> Name(double tone) => Names[Index(tone)];

    private static readonly byte[][] Names = [.. Enumerable.Range(0, Levels.Length).Select(i => System.Text.Encoding.ASCII.GetBytes($"T{i}"))];

    public static int Index(double tone)
    {
        var best = 0;
        for (var i = 1; i < Levels.Length; i++)
        {
            if (Math.Abs(Levels[i] - tone) < Math.Abs(Levels[best] - tone))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>The shadings' dictionaries, by resource name.</summary>
    public static IEnumerable<(string Name, double[] From, double[] To)> Shadings(Ink ink) =>
        Levels.Select((level, i) => ($"/T{i}", Colour(ink, level), Colour(ink, level + 0.35)));

    /// <summary>A tone of the ink: darker towards −1 (more pigment), lighter towards 1 (thinner, the paper showing).</summary>
    public static double[] Colour(Ink ink, double tone)
    {
        double Channel(double v) => tone < 0 ? v * (1 + (0.3 * tone)) : v + ((1 - v) * 0.16 * tone);
        return [Channel(ink.R), Channel(ink.G), Channel(ink.B)];
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
