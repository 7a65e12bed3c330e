using System.Collections.Concurrent;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.TrueType;
using UglyToad.PdfPig.Fonts.TrueType.Parser;

namespace Letters.Handwriting;

/// <summary>
/// A font style's glyphs as outlines (PdfPig reads the TrueType glyf table), in ems, y up: what a font style's
/// letters are drawn from, so each instance can be bent (<see cref="BendField"/>) and no two superimpose, as a
/// font's one outline per glyph would. One per font file, glyphs read once and shared.
/// </summary>
internal sealed class GlyphOutlines
{
    /// <summary>A glyph's outline: <see cref="Ops"/> one per command, <see cref="Points"/> its x, y pairs in ems.</summary>
    /// <param name="Ops">'m' (one point), 'l' (one), 'c' (three: two controls and the end), 'h' (none).</param>
    public sealed record Outline(byte[] Ops, double[] Points)
    {
        public static readonly Outline Empty = new([], []);
    }

    private static readonly ConcurrentDictionary<string, GlyphOutlines> Cache = new();

    private readonly TrueTypeFont font;
    private readonly double unitsPerEm;
    private readonly ConcurrentDictionary<int, Outline> glyphs = new();

    private GlyphOutlines(byte[] bytes)
    {
        font = TrueTypeFontParser.Parse(new TrueTypeDataBytes(bytes));
        unitsPerEm = font.GetUnitsPerEm();
    }

    public static GlyphOutlines For(HandwritingStyle style) =>
        Cache.GetOrAdd(style.FontFile, file => new GlyphOutlines(FontResolver.LoadFontBytes(file)));

    public Outline Of(int glyph) => glyphs.GetOrAdd(glyph, Read);

    private Outline Read(int glyph)
    {
        // The mapping is the identity: the code asked for is the glyph id itself (shaping chose it).
        if (!font.TryGetPath(glyph, code => code, out var subpaths) || subpaths is null)
        {
            return Outline.Empty;
        }

        var ops = new List<byte>();
        var points = new List<double>();
        var scale = 1 / unitsPerEm;
        void Add(PdfPoint p)
        {
            points.Add(p.X * scale);
            points.Add(p.Y * scale);
        }

        foreach (var subpath in subpaths)
        {
            foreach (var command in subpath.Commands)
            {
                switch (command)
                {
                    case PdfSubpath.Move move:
                        ops.Add((byte)'m');
                        Add(move.Location);
                        break;
                    case PdfSubpath.Line line:
                        ops.Add((byte)'l');
                        Add(line.To);
                        break;
                    case PdfSubpath.CubicBezierCurve cubic:
                        ops.Add((byte)'c');
                        Add(cubic.FirstControlPoint);
                        Add(cubic.SecondControlPoint);
                        Add(cubic.EndPoint);
                        break;
                    case PdfSubpath.QuadraticBezierCurve quadratic:
                        // A quadratic as the cubic that draws it: controls two thirds of the way to its one control.
                        var (s, q, e) = (quadratic.StartPoint, quadratic.ControlPoint, quadratic.EndPoint);
                        ops.Add((byte)'c');
                        Add(new PdfPoint(s.X + (2.0 / 3 * (q.X - s.X)), s.Y + (2.0 / 3 * (q.Y - s.Y))));
                        Add(new PdfPoint(e.X + (2.0 / 3 * (q.X - e.X)), e.Y + (2.0 / 3 * (q.Y - e.Y))));
                        Add(e);
                        break;
                    case PdfSubpath.Close:
                        ops.Add((byte)'h');
                        break;
                }
            }
        }

        return Simplified(ops, points);
    }

    /// <summary>
    /// Within this distance of the font's outline, in ems: 0.06 pt at 20 pt, under a printer's dot. A script font
    /// traced from a pen (Homemade Apple) spends a hundred curves on a letter; fitted to this, a third as many.
    /// </summary>
    private const double Tolerance = 0.005;

    /// <summary>
    /// The outline with runs of short curves that meet smoothly merged into single cubics wherever one stays within
    /// <see cref="Tolerance"/> of them (<see cref="CurveFit"/>): each letter instance is written out bent, so its size
    /// is the file's size.
    /// </summary>
    private static Outline Simplified(List<byte> ops, List<double> points)
    {
        var outOps = new List<byte>(ops.Count);
        var outPoints = new List<double>(points.Count);
        var at = 0;
        var pen = new Pen.PenPoint(0, 0);
        var run = new List<Pen.Cubic>();
        void Flush()
        {
            foreach (var curve in CurveFit.Merge(run, Tolerance))
            {
                outOps.Add((byte)'c');
                outPoints.AddRange([curve.B.X, curve.B.Y, curve.C.X, curve.C.Y, curve.D.X, curve.D.Y]);
            }

            run.Clear();
        }

        foreach (var op in ops)
        {
            if (op == 'c')
            {
                var curve = new Pen.Cubic(pen, new(points[at], points[at + 1]), new(points[at + 2], points[at + 3]), new(points[at + 4], points[at + 5]));
                run.Add(curve);
                pen = curve.D;
                at += 6;
                continue;
            }

            Flush();
            outOps.Add(op);
            if (op is (byte)'m' or (byte)'l')
            {
                pen = new Pen.PenPoint(points[at], points[at + 1]);
                outPoints.Add(pen.X);
                outPoints.Add(pen.Y);
                at += 2;
            }
        }

        Flush();
        return new Outline([.. outOps], [.. outPoints]);
    }
}
