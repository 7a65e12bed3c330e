using System.Text;

namespace Letters.Handwriting.Pen;

/// <summary>A point on the page in points, y down, as the pen moves.</summary>
internal readonly record struct PenPoint(double X, double Y);

/// <summary>
/// One pen-down movement: the centre-line from landing to lift, in writing order, and where its word starts
/// (the PDF writes a word's points relative to it: shorter numbers).
/// </summary>
/// <param name="Landed">The pen came down from rest (the ink swells where the nib sat), not already moving.</param>
/// <param name="Tone">The ink's tone, −1 (a fresh dip, darker) to 1 (a dry nib, lighter).</param>
internal sealed record PenStroke(PenPoint[] Points, double Pressure, PenPoint Origin, bool Landed = false, double Tone = 0)
{
    /// <summary>A captured hand's pressure at each point, relative to its mean (1); null for a plotter font's even pen.</summary>
    public double[]? Pressures { get; init; }

    /// <summary>The relative pressure <paramref name="distance"/> points along the centre-line (1 without a profile).</summary>
    public double PressureAt(double distance)
    {
        if (Pressures is null || Pressures.Length != Points.Length || Points.Length < 2)
        {
            return 1;
        }

        // The ribbon asks at every knot, in order along the stroke: the distances walked are kept, and searched.
        var walked = along ??= Walk(Points);
        var i = Array.BinarySearch(walked, distance);
        if (i >= 0)
        {
            return Pressures[i];
        }

        i = ~i;
        if (i <= 0)
        {
            return Pressures[0];
        }

        if (i >= walked.Length)
        {
            return Pressures[^1];
        }

        var step = walked[i] - walked[i - 1];
        var f = step < 1e-9 ? 0 : (distance - walked[i - 1]) / step;
        return Pressures[i - 1] + ((Pressures[i] - Pressures[i - 1]) * f);
    }

    private double[]? along;

    private static double[] Walk(PenPoint[] points)
    {
        var walked = new double[points.Length];
        for (var i = 1; i < points.Length; i++)
        {
            walked[i] = walked[i - 1] + Math.Sqrt(((points[i].X - points[i - 1].X) * (points[i].X - points[i - 1].X)) + ((points[i].Y - points[i - 1].Y) * (points[i].Y - points[i - 1].Y)));
        }

        return walked;
    }

    /// <summary>The centre-line's length in points.</summary>
    public double Length { get; } = Measure(Points);

    private static double Measure(PenPoint[] points)
    {
        var length = 0.0;
        for (var i = 1; i < points.Length; i++)
        {
            length += Math.Sqrt(((points[i].X - points[i - 1].X) * (points[i].X - points[i - 1].X)) + ((points[i].Y - points[i - 1].Y) * (points[i].Y - points[i - 1].Y)));
        }

        return length;
    }
}

/// <summary>One drawn letter, for measuring: its centre-lines end to end, relative to its origin, in ems, and where each stroke starts.</summary>
internal sealed record GlyphInstance(Rune Rune, PenPoint[] Points, int[] StrokeStarts)
{
    /// <summary>What was written: the letter, or the joined pair a captured hand wrote in one.</summary>
    public string Text { get; init; } = Rune.ToString();

    /// <summary>The letter's strokes one by one (an i's stem and its dot, a t's stem and its bar).</summary>
    public IEnumerable<PenPoint[]> Strokes => StrokeStarts.Select((start, i) => Points[start..(i + 1 < StrokeStarts.Length ? StrokeStarts[i + 1] : Points.Length)]);
}

/// <summary>A written word: where its ink begins and ends on its line, for the invisible text layer.</summary>
internal sealed record WrittenWord(string Text, double Left, double Right, double Baseline, double Size);

/// <summary>A line's words, with the line's whole text for copy and paste.</summary>
internal sealed record WrittenLine(string Text, IReadOnlyList<WrittenWord> Words);

/// <summary>Everything written on one page: the strokes in the order the pen made them, and the text they say.</summary>
internal sealed record WrittenPage(int Number, IReadOnlyList<PenStroke> Strokes, IReadOnlyList<WrittenLine> Lines);

/// <summary>
/// Writes laid-out lines with a pen: every letter is the font's centre-lines, bent by a smooth field of its own
/// (so no two instances of a letter are alike), drifting in slant, size and baseline like a hand; joined scripts
/// keep the pen down from letter to letter inside a word; i-dots and t-bars go on after the word, a little off;
/// the next word starts a space after this word's ink, not after its advance widths.
/// </summary>
internal static class PenHand
{
    private const double Smoothing = 0.65;

    /// <summary>The font's 1 rewritten as flag and stem in one movement, then a foot (<see cref="Numerals"/>).</summary>
    private static StrokeFont.Glyph Flagged(StrokeFont.Glyph glyph)
    {
        var points = glyph.Strokes.SelectMany(s => s).ToList();
        var (bottom, top) = (points.Min(p => p.Y), points.Max(p => p.Y));
        var marks = Numerals.Marks(points.Min(p => p.X), points.Max(p => p.X), bottom, top);
        var (flag, foot) = (marks[0], marks[1]);
        return glyph with
        {
            Strokes =
            [
                [new(flag[0].X, flag[0].Y), new(flag[1].X, flag[1].Y), new(flag[1].X, bottom)],
                [new(foot[0].X, foot[0].Y), new(foot[1].X, foot[1].Y)],
            ],
        };
    }
    private const double MaxRotation = 2.3 * Math.PI / 180;

    /// <summary>How far the shape noise moves a point, as a share of the font's x-height.</summary>
    internal const double Bend = 0.06;

    /// <summary>A captured hand's instances already vary as the writer's do: the drift from letter to letter is this share of a font's.</summary>
    private const double CapturedDrift = 0.35;

    public static WrittenPage Write(LaidOutPage page, IPenGlyphs font, HandwritingStyle style, Hand hand, ref Rng rng, List<GlyphInstance>? instances = null)
    {
        var rhythm = font.Rhythm;
        var captured = rhythm is not null;
        var letterDrift = captured ? CapturedDrift : 1;
        var strokes = new List<PenStroke>();
        var lines = new List<WrittenLine>();
        var spelled = new List<PenGlyph>();
        var rotation = 0.0;
        var scale = 0.0;
        var baseOffset = 0.0;
        var shearDrift = 0.0;
        var pressure = 0.0;
        var wordBase = 0.0;
        var tone = rng.Range(-0.5, 0.3);
        foreach (var line in page.Lines)
        {
            var manner = Manner.Of(line.Kind);
            var size = hand.FontSize * manner.Scale * line.Scale;
            var looseness = manner.Looseness;
            var unit = size / font.UnitsPerEm;
            var xHeight = font.XHeight * unit;
            var x = line.X;
            var words = new List<WrittenWord>();
            foreach (var word in line.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                pressure = Math.Clamp((0.7 * pressure) + rng.Gaussian(0.05), -0.12, 0.12);

                // The ink runs a little drier word by word, until the pen is dipped (or a ballpoint catches) again.
                tone = rng.NextDouble() < 0.1 ? rng.Range(-0.9, -0.6) : Math.Clamp(tone + 0.07 + rng.Gaussian(0.08), -1, 0.8);
                var landsNext = true;
                PenStroke NewStroke(List<PenPoint> points, List<double>? along, PenPoint at, bool deferredMark, ref Rng r)
                {
                    // A plotter font's first stroke of a word lands from rest; a captured hand was moving when it touched.
                    var landed = !deferredMark && (captured ? r.NextDouble() < 0.05 : landsNext || r.NextDouble() < 0.35);
                    landsNext = false;
                    var (kept, keptPressure) = Simplify(points, along);
                    return new PenStroke(kept, pressure, at, landed, Math.Clamp(tone + r.Gaussian(0.1), -1, 1)) { Pressures = keptPressure };
                }

                var wordScale = rng.Range(-0.035, 0.035);

                // A captured hand's words wander as the writer's free sentences did: baseline, slant and size, word by word.
                var (wordSlant, wordSize) = (0.0, 0.0);
                if (rhythm is not null)
                {
                    wordBase = Math.Clamp((0.5 * wordBase) + rng.Gaussian(rhythm.BaselineWander * xHeight), -3 * rhythm.BaselineWander * xHeight, 3 * rhythm.BaselineWander * xHeight);
                    wordSlant = rng.Gaussian(rhythm.SlantDrift);
                    wordSize = rng.Gaussian(rhythm.SizeDrift);
                    wordScale = 0;
                }

                var deferred = new List<PenStroke>();
                var inkLeft = double.MaxValue;
                var inkRight = double.MinValue;
                var first = true;
                List<PenPoint>? open = null;
                List<double>? openPressure = null;
                var previous = default(Rune);
                var origin = new PenPoint(Math.Round(x), Math.Round(line.Baseline));
                spelled.Clear();
                font.Spell(word, ref rng, spelled);
                foreach (var written in spelled)
                {
                    var (glyph, marks, rune) = (written.Glyph, written.Marks, written.First);
                    if (!captured && Numerals.Clarifies(style, line.Kind, rune.Value))
                    {
                        glyph = Flagged(glyph);
                        marks = new bool[glyph.Strokes.Count];
                    }

                    rotation = Math.Clamp((Smoothing * rotation) + ((1 - Smoothing) * rng.Gaussian(1.5 * Math.PI / 180 * looseness * letterDrift)), -MaxRotation * looseness, MaxRotation * looseness);
                    scale = Math.Clamp((Smoothing * scale) + ((1 - Smoothing) * rng.Gaussian(0.015 * letterDrift)), -0.025, 0.025);
                    baseOffset = Math.Clamp((Smoothing * baseOffset) + ((1 - Smoothing) * rng.Gaussian(0.04 * size * looseness * letterDrift)), -0.06 * size, 0.06 * size);
                    shearDrift = Math.Clamp((0.8 * shearDrift) + (0.2 * rng.Gaussian(0.06 * letterDrift)), -0.09, 0.09);

                    if (first)
                    {
                        // The word starts where its ink starts, one space after the last word's ink.
                        x -= glyph.MinX * unit;
                        first = false;
                    }

                    var sx = unit * hand.WidthFactor * manner.Width * (1 + wordScale + scale + wordSize);
                    var sy = unit * hand.HeightFactor * (1 + wordScale + scale + wordSize);
                    var shear = hand.Shear + shearDrift + manner.Slant + wordSlant;
                    var t = line.Width > 0 ? Math.Clamp((x - line.X) / line.Width, 0, 1) : 0;
                    var originY = line.Baseline + (line.Slope * (x - line.X)) - (line.Bow * 4 * t * (1 - t)) + baseOffset + wordBase;
                    var (sin, cos) = Math.SinCos(line.Slope + rotation);

                    // A font's one outline is bent its own way each time; a captured instance is already new.
                    var field = BendField.Random(ref rng, font.XHeight * (captured ? 0 : Bend) * looseness, font.XHeight);
                    var drawn = instances is null ? null : new List<PenPoint>();
                    var drawnStarts = instances is null ? null : new List<int>();
                    for (var s = 0; s < glyph.Strokes.Count; s++)
                    {
                        var source = captured ? glyph.Strokes[s] : Rounded(glyph.Strokes[s]);
                        var points = new List<PenPoint>(source.Length);
                        var along = written.Pressure is { } profile && s < profile.Length ? new List<double>(source.Length) : null;
                        drawnStarts?.Add(drawn!.Count);
                        for (var p = 0; p < source.Length; p++)
                        {
                            var (fx, fy) = field.Bend(source[p].X, source[p].Y);
                            var lx = (fx * sx) + (shear * fy * sy);
                            var ly = fy * sy;
                            var point = new PenPoint(x + (lx * cos) + (ly * sin), originY + (lx * sin) - (ly * cos));
                            points.Add(point);
                            along?.Add(Interpolate(written.Pressure![s], source.Length < 2 ? 0 : p / (double)(source.Length - 1)));
                            drawn?.Add(new PenPoint((point.X - x) / size, (point.Y - originY) / size));
                            inkLeft = Math.Min(inkLeft, point.X);
                            inkRight = Math.Max(inkRight, point.X);
                        }

                        if (s < marks.Length && marks[s])
                        {
                            // Dotted and crossed after the word is written, a little off where the letter is.
                            var (dx, dy) = (rng.Gaussian(0.05 * size) + (0.04 * size), rng.Gaussian(0.03 * size));
                            for (var d = drawnStarts?[^1] ?? 0; drawn is not null && d < drawn.Count; d++)
                            {
                                drawn[d] = new PenPoint(drawn[d].X + (dx / size), drawn[d].Y + (dy / size));
                            }

                            deferred.Add(NewStroke([.. points.Select(q => new PenPoint(q.X + dx, q.Y + dy))], along, origin, deferredMark: true, ref rng));
                            continue;
                        }

                        // A joined hand runs the exit of one letter into the entry of the next with the pen down,
                        // when they are near enough for a hand to connect them.
                        if (style.Joined && open is not null && s == 0 && Rune.IsLetter(rune) && Rune.IsLetter(previous) && Distance(open[^1], points[0]) < (captured ? 0.9 : 0.45) * size)
                        {
                            open.AddRange(points);
                            if (openPressure is not null && along is not null)
                            {
                                openPressure.AddRange(along);
                            }
                            else
                            {
                                openPressure = null;
                            }

                            continue;
                        }

                        if (open is not null)
                        {
                            strokes.Add(NewStroke(open, openPressure, origin, deferredMark: false, ref rng));
                        }

                        (open, openPressure) = (points, along);
                    }

                    x += glyph.Advance * sx * Math.Cos(line.Slope) + hand.Tracking;
                    previous = written.Text.EnumerateRunes().Last();
                    if (drawn is { Count: > 0 })
                    {
                        instances!.Add(new GlyphInstance(rune, [.. drawn], [.. drawnStarts!]) { Text = written.Text });
                    }

                    if (!style.Joined && open is not null)
                    {
                        strokes.Add(NewStroke(open, openPressure, origin, deferredMark: false, ref rng));
                        open = null;
                    }
                }

                if (open is not null)
                {
                    strokes.Add(NewStroke(open, openPressure, origin, deferredMark: false, ref rng));
                }

                strokes.AddRange(deferred);
                if (inkRight > inkLeft)
                {
                    words.Add(new WrittenWord(word, inkLeft, inkRight, line.Baseline + (line.Slope * (inkLeft - line.X)), size));
                    x = inkRight + (font.SpaceAdvance * unit * hand.WidthFactor * rng.Range(0.75, 1.25));
                }
            }

            lines.Add(new WrittenLine(line.Text, words));
        }

        return new WrittenPage(page.Number, strokes, lines);
    }

    /// <summary>A profile sampled at even steps, read at <paramref name="f"/> (0–1) along it.</summary>
    private static double Interpolate(double[] profile, double f)
    {
        var at = f * (profile.Length - 1);
        var i = Math.Clamp((int)at, 0, profile.Length - 1);
        return i + 1 < profile.Length ? profile[i] + ((profile[i + 1] - profile[i]) * (at - i)) : profile[i];
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<StrokeFont.Point[], StrokeFont.Point[]> RoundedCache = [];

    /// <summary>
    /// A plotter font's strokes are polylines with corners where a pen would curve: each sharp corner is cut
    /// twice (Chaikin), which rounds it, while straight runs keep their few points. Cached per glyph stroke.
    /// </summary>
    private static StrokeFont.Point[] Rounded(StrokeFont.Point[] stroke) => RoundedCache.GetValue(stroke, points =>
    {
        var current = points.ToList();
        for (var pass = 0; pass < 1; pass++)
        {
            var next = new List<StrokeFont.Point>(current.Count * 2) { current[0] };
            for (var i = 1; i < current.Count - 1; i++)
            {
                var (a, b, c) = (current[i - 1], current[i], current[i + 1]);
                var (ux, uy, vx, vy) = (b.X - a.X, b.Y - a.Y, c.X - b.X, c.Y - b.Y);
                var cos = ((ux * vx) + (uy * vy)) / Math.Max(Math.Sqrt(((ux * ux) + (uy * uy)) * ((vx * vx) + (vy * vy))), 1e-9);
                if (cos > 0.75)
                {
                    next.Add(b);
                    continue;
                }

                next.Add(new StrokeFont.Point(b.X - (ux * 0.25), b.Y - (uy * 0.25)));
                next.Add(new StrokeFont.Point(b.X + (vx * 0.25), b.Y + (vy * 0.25)));
            }

            next.Add(current[^1]);
            current = next;
        }

        return [.. current];
    });

    /// <summary>
    /// Drops points the eye cannot miss (Douglas–Peucker, 0.12 pt, about 0.04 mm): the bent letters carry more
    /// points than their curves need, and every point is written twice into the PDF and once into each plotter file.
    /// </summary>
    internal static PenPoint[] Simplify(IReadOnlyList<PenPoint> points) => Simplify(points, null).Points;

    /// <summary>The same, keeping the pressure of each point kept (when the stroke carries one).</summary>
    internal static (PenPoint[] Points, double[]? Pressures) Simplify(IReadOnlyList<PenPoint> points, IReadOnlyList<double>? pressures)
    {
        if (pressures is not null && pressures.Count != points.Count)
        {
            pressures = null;
        }

        if (points.Count < 3)
        {
            return ([.. points], pressures?.ToArray());
        }

        var keep = new bool[points.Count];
        keep[0] = keep[^1] = true;
        var stack = new Stack<(int From, int To)>();
        stack.Push((0, points.Count - 1));
        while (stack.Count > 0)
        {
            var (from, to) = stack.Pop();
            var (a, b) = (points[from], points[to]);
            var (dx, dy) = (b.X - a.X, b.Y - a.Y);
            var length = Math.Sqrt((dx * dx) + (dy * dy));
            var worst = -1;
            var worstDistance = Tolerance;
            for (var i = from + 1; i < to; i++)
            {
                var d = length < 1e-9
                    ? Distance(points[i], a)
                    : Math.Abs((dx * (a.Y - points[i].Y)) - ((a.X - points[i].X) * dy)) / length;
                if (d > worstDistance)
                {
                    (worst, worstDistance) = (i, d);
                }
            }

            if (worst >= 0)
            {
                keep[worst] = true;
                stack.Push((from, worst));
                stack.Push((worst, to));
            }
        }

        var result = new List<PenPoint>(points.Count);
        var kept = pressures is null ? null : new List<double>(points.Count);
        for (var i = 0; i < points.Count; i++)
        {
            if (keep[i])
            {
                result.Add(points[i]);
                kept?.Add(pressures![i]);
            }
        }

        return ([.. result], kept?.ToArray());
    }

    private const double Tolerance = 0.12;

    private static double Distance(PenPoint a, PenPoint b) => Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));

    /// <summary>Which of a glyph's strokes a hand adds after the word: the dot of an i or j, the bar of a t.</summary>
    internal static bool[] DotsAndBars(Rune rune, StrokeFont.Glyph glyph)
    {
        var test = IsDotOrBar(rune, glyph);
        var marks = new bool[glyph.Strokes.Count];
        for (var s = 0; s < marks.Length; s++)
        {
            marks[s] = test(s);
        }

        return marks;
    }

    private static Func<int, bool> IsDotOrBar(Rune rune, StrokeFont.Glyph glyph)
    {
        if (glyph.Strokes.Count < 2)
        {
            return _ => false;
        }

        var letter = char.ToLowerInvariant((char)rune.Value);
        return letter switch
        {
            'i' or 'j' or 'ï' or 'í' or 'ì' or 'î' => s => s > 0 && Length(glyph.Strokes[s]) < 120,
            't' => s => s > 0 && IsLevel(glyph.Strokes[s]),
            _ => _ => false,
        };
    }

    private static double Length(StrokeFont.Point[] points)
    {
        var length = 0.0;
        for (var i = 1; i < points.Length; i++)
        {
            length += Math.Sqrt(((points[i].X - points[i - 1].X) * (points[i].X - points[i - 1].X)) + ((points[i].Y - points[i - 1].Y) * (points[i].Y - points[i - 1].Y)));
        }

        return length;
    }

    private static bool IsLevel(StrokeFont.Point[] points) =>
        Math.Abs(points[^1].Y - points[0].Y) < 0.35 * Math.Abs(points[^1].X - points[0].X);
}
