using Complex = System.Numerics.Complex;
using MathNet.Numerics.LinearAlgebra;

namespace Letters.Handwriting.Hands;

/// <summary>
/// A captured hand made ready to write: each character and joined pair it was shown becomes a <see cref="Form"/> (its
/// instances aligned by Procrustes, their mean shape and main modes of variation), and the free sentences give the
/// writer's rhythm (word spacing, baseline wander, slant and size drift). Built once per hand, then shared by every
/// letter written in it; the per-letter state (which instance was used lately) lives in <see cref="Pen.HandPen"/>.
/// </summary>
public sealed class HandLibrary : ITextMeasure
{
    /// <summary>Points each trace is resampled to, by arc length, so instances of a form correspond point by point.</summary>
    internal const int PointsPerTrace = 32;

    /// <summary>A glyph's units: 1,000 to the em, the x-height 450 of them (Allure's proportion).</summary>
    internal const double UnitsPerEm = 1000, XHeight = 450;

    private readonly Dictionary<string, Form> forms;

    private HandLibrary(CapturedHand hand, Dictionary<string, Form> forms, HandRhythm rhythm, bool joined, double gap)
    {
        Gap = gap;
        Id = hand.Id;
        Name = hand.Name;
        Demo = hand.Demo;
        this.forms = forms;
        Rhythm = rhythm;
        Joined = joined;
        Style = new HandwritingStyle(hand.Id, hand.Name, FontFile: "", License: hand.Demo ? "Demo hand (generated)" : "The writer's own, used with their consent",
            SizeA4: 17, LineHeightEm: 1.55, SlantDegrees: 0, Tracking: 0,
            Description: hand.Demo ? "A demo hand, generated from a plotter font; replaced when the writer captures their own." : "Written in the writer's own captured hand.",
            Kind: StyleKind.Pen, Joined: joined, Nib: 0.62);
    }

    public string Id { get; }

    public string Name { get; }

    public bool Demo { get; }

    /// <summary>The hand as a style of the catalogue: a pen style whose strokes come from the writer.</summary>
    public HandwritingStyle Style { get; }

    /// <summary>Whether the writer joins letters: most of their pairs were written in one movement.</summary>
    public bool Joined { get; }

    public HandRhythm Rhythm { get; }

    /// <summary>The characters and pairs this hand can write, with how many instances of each it holds.</summary>
    public IReadOnlyDictionary<string, int> Counts => forms.ToDictionary(f => f.Key, f => f.Value.Instances.Count);

    internal bool TryForm(string text, out Form form) => forms.TryGetValue(text, out form!);

    internal bool TryCharacter(int codePoint, out Form form) =>
        forms.TryGetValue(char.ConvertFromUtf32(codePoint), out form!)
        || (Pen.StrokeFont.StandIns.TryGetValue(codePoint, out var standIn) && forms.TryGetValue(char.ConvertFromUtf32(standIn), out form!));

    /// <summary>Builds the hand's forms and rhythm from its capture.</summary>
    public static HandLibrary Build(CapturedHand hand)
    {
        var forms = hand.Samples
            .Where(s => s.Kind() != PromptKind.Sentence && s.Traces.Any(t => t.Points.Count > 0))
            .GroupBy(s => s.Prompt, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Form.Build(g.Key, [.. g.Select(s => s.Traces)]), StringComparer.Ordinal);
        // A joined hand writes a pair in fewer movements than its two letters alone; a print hand all but never does,
        // and even a joined one lifts before some letters (a, o, d after a round letter), so a third is enough.
        var pairs = forms.Values.Where(f => f.Text.Length == 2 && forms.ContainsKey(f.Text[..1]) && forms.ContainsKey(f.Text[1..])).ToList();
        var joined = pairs.Count > 0 && pairs.Count(p => p.Traces < forms[p.Text[..1]].Traces + forms[p.Text[1..]].Traces) * 3 >= pairs.Count;
        return new HandLibrary(hand, forms, HandRhythm.Measure(hand.Samples.Where(s => s.Kind() == PromptKind.Sentence)), joined, LetterGap(forms));
    }

    /// <summary>
    /// The space the writer leaves between letters, in x-heights: a pair's width less its two letters' widths, the
    /// median over the pairs whose letters the hand also wrote alone. Negative where a joined hand's letters overlap.
    /// </summary>
    private static double LetterGap(Dictionary<string, Form> forms)
    {
        var gaps = forms.Values.Where(f => f.Text.Length == 2 && forms.ContainsKey(f.Text[..1]) && forms.ContainsKey(f.Text[1..]))
            .Select(f => f.Width - forms[f.Text[..1]].Width - forms[f.Text[1..]].Width).Order().ToList();
        return gaps.Count == 0 ? 0.2 : Math.Clamp(gaps[gaps.Count / 2], -0.3, 0.8);
    }

    /// <summary>The space the writer leaves between letters, in x-heights (<see cref="LetterGap(Dictionary{string, Form})"/>).</summary>
    public double Gap { get; }

    public double Measure(ReadOnlySpan<char> text)
    {
        var width = 0.0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += rune.Value == ' ' ? Rhythm.WordSpace : TryCharacter(rune.Value, out var form) ? form.Width + Gap : 0;
        }

        return width * XHeight / UnitsPerEm;
    }

    public IReadOnlyList<string> Unsupported(string text)
    {
        var missing = new List<string>();
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is not ('\n' or '\r' or '\t' or ' ') && !TryCharacter(rune.Value, out _) && !missing.Contains(rune.ToString()))
            {
                missing.Add(rune.ToString());
            }
        }

        return missing;
    }

    /// <summary>
    /// The full Procrustes distance between two shapes of equal length (0 the same shape, 1 unrelated): what is left
    /// after the best translation, rotation and scale of one onto the other.
    /// </summary>
    public static double ProcrustesDistance(IReadOnlyList<(double X, double Y)> a, IReadOnlyList<(double X, double Y)> b)
    {
        var u = Geometry.Centred(a.Select(p => new Complex(p.X, p.Y)).ToArray());
        var v = Geometry.Centred(b.Select(p => new Complex(p.X, p.Y)).ToArray());
        var uv = Complex.Zero;
        double uu = 0, vv = 0;
        for (var i = 0; i < u.Length; i++)
        {
            uv += Complex.Conjugate(u[i]) * v[i];
            uu += u[i].Magnitude * u[i].Magnitude;
            vv += v[i].Magnitude * v[i].Magnitude;
        }

        return uu < 1e-12 || vv < 1e-12 ? 0 : Math.Sqrt(Math.Max(0, 1 - (uv.Magnitude * uv.Magnitude / (uu * vv))));
    }

    /// <summary>
    /// One character or pair as the writer writes it: the instances captured, and, for those written with the same
    /// number of traces (the usual way), their Procrustes-aligned shapes, the mean, the principal modes and each
    /// instance's coordinates along them. A new instance starts from a captured one (its own detail, the residual the
    /// modes do not explain, is kept) and moves along each mode to a point between that instance's coordinate and a
    /// fresh draw from the writer's spread (σ as captured), bounded to the range the captured instances span. The
    /// sigma-lognormal literature puts a writer's own variability below a quarter of the admissible range of a
    /// stroke's parameters; here the admissible range is what this writer was seen to do, and nothing drawn leaves it
    /// (<see cref="Variability"/>).
    /// </summary>
    internal sealed class Form
    {
        /// <summary>
        /// How far a new instance moves from the captured one it starts from towards a fresh draw, mode by mode: half
        /// way. Less and two instances from one captured letter superimpose (at a quarter of σ they were 0.005 apart,
        /// Procrustes, where the writer's own instances are 0.03–0.08); more and the writer's own detail is lost.
        /// </summary>
        public const double Variability = 0.5;

        /// <summary>How far, in x-heights, an instance the model does not cover is bent each time it is written.</summary>
        public const double Unmodelled = 0.04;

        private Form(string text, List<Instance> instances, int traces, Complex[]? mean, Matrix<double>? modes, double[] sigma, double[] low, double[] high)
        {
            Text = text;
            Instances = instances;
            Traces = traces;
            Mean = mean;
            Modes = modes;
            Sigma = sigma;
            Low = low;
            High = high;
            Width = instances.Average(i => i.Width);
            // A lower-case t is crossed after the word; a capital T's bar is part of the letter.
            var runes = text.EnumerateRunes().Select(r => (char)r.Value).ToArray();
            MarkTraces = [.. Enumerable.Range(0, traces).Select(t => t > 0 && instances.Where(i => i.Traces.Count == traces).All(i => IsMark(runes, i.Traces[t])))];
        }

        public string Text { get; }

        public List<Instance> Instances { get; }

        /// <summary>The usual number of traces; only instances written so take part in the model.</summary>
        public int Traces { get; }

        public Complex[]? Mean { get; }

        public Matrix<double>? Modes { get; }

        public double[] Sigma { get; }

        /// <summary>The modes as plain arrays, one a mode (x then y): drawing reads them a few hundred times a letter.</summary>
        private double[][] ModeColumns => modeColumns ??= Modes is null ? [] : [.. Enumerable.Range(0, Modes.ColumnCount).Select(c => Modes.Column(c).ToArray())];

        private double[][]? modeColumns;

        public double[] Low { get; }

        public double[] High { get; }

        /// <summary>How far from the mean (aligned, unit size) the farthest captured instance lies.</summary>
        public double Farthest { get; private init; }

        /// <summary>
        /// How far apart two drawn instances are kept: half the distance between the two closest instances the writer
        /// wrote. Two drawn from the same captured one otherwise came as close as 0.008 (Procrustes), a shape a reader
        /// sees twice.
        /// </summary>
        public double Apart { get; private init; }

        /// <summary>The ink's mean width, in x-heights.</summary>
        public double Width { get; }

        /// <summary>Which traces are a dot or a bar, added after the word (an i's dot, a t's cross).</summary>
        public bool[] MarkTraces { get; }

        public IEnumerable<Instance> Modelled => Instances.Where(i => i.Coefficients is not null);

        /// <summary>The instances a pen chooses from: those the model covers, else all.</summary>
        public List<Instance> Pool => pool ??= Modelled.Any() ? [.. Modelled] : Instances;

        private List<Instance>? pool;

        private static bool IsMark(char[] runes, InkTrace trace)
        {
            var length = Geometry.Length(trace.Points);
            var (dx, dy) = (trace.Points[^1].X - trace.Points[0].X, trace.Points[^1].Y - trace.Points[0].Y);
            return (runes.Any(c => c is 'i' or 'j' or 'ï' or 'í' or 'ì' or 'î') && length < 0.4)
                || (runes.Contains('t') && Math.Abs(dy) < 0.35 * Math.Abs(dx) && length < 1.6);
        }

        public static Form Build(string text, List<IReadOnlyList<InkTrace>> samples)
        {
            var instances = samples.Select(Instance.From).ToList();
            var traces = instances.GroupBy(i => i.Traces.Count).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
            var group = instances.Where(i => i.Traces.Count == traces).ToList();
            if (group.Count < 3)
            {
                return new Form(text, instances, traces, null, null, [], [], []);
            }

            // Generalised Procrustes: centre and scale each, then rotate each onto the mean, a few rounds.
            var shapes = group.Select(i => Geometry.Centred(i.Resampled)).ToList();
            var mean = Geometry.Normalised(shapes[0]);
            var aligned = new Complex[group.Count][];
            var fits = new Complex[group.Count];
            for (var round = 0; round < 4; round++)
            {
                for (var i = 0; i < shapes.Count; i++)
                {
                    (aligned[i], fits[i]) = Geometry.AlignTo(shapes[i], mean);
                }

                var sum = new Complex[mean.Length];
                foreach (var a in aligned)
                {
                    for (var k = 0; k < sum.Length; k++)
                    {
                        sum[k] += a[k];
                    }
                }

                mean = Geometry.Normalised(sum);
            }

            // The principal modes of the aligned shapes (x and y stacked), by SVD of their deviations from the mean.
            var n = mean.Length;
            var deviations = Matrix<double>.Build.Dense(2 * n, group.Count, (r, c) => r < n ? aligned[c][r].Real - mean[r].Real : aligned[c][r - n].Imaginary - mean[r - n].Imaginary);
            var svd = deviations.Svd(computeVectors: true);
            var total = svd.S.Sum(s => s * s);
            var keep = 0;
            for (var explained = 0.0; keep < Math.Min(group.Count - 1, 6) && explained < 0.95 * total; keep++)
            {
                explained += svd.S[keep] * svd.S[keep];
            }

            keep = Math.Max(keep, 1);
            var modes = svd.U.SubMatrix(0, 2 * n, 0, keep);
            var coefficients = modes.TransposeThisAndMultiply(deviations);
            var sigma = new double[keep];
            var low = new double[keep];
            var high = new double[keep];
            for (var k = 0; k < keep; k++)
            {
                var row = coefficients.Row(k);
                sigma[k] = Math.Sqrt(row.Sum(v => v * v) / Math.Max(1, group.Count - 1));
                (low[k], high[k]) = (row.Min(), row.Max());
            }

            for (var c = 0; c < group.Count; c++)
            {
                var b = coefficients.Column(c).ToArray();
                var model = modes * Vector<double>.Build.Dense(b);
                var residual = new Complex[n];
                for (var k = 0; k < n; k++)
                {
                    residual[k] = aligned[c][k] - mean[k] - new Complex(model[k], model[k + n]);
                }

                group[c].Model(b, residual, fits[c]);
            }

            var farthest = aligned.Max(a => Math.Sqrt(a.Select((c, k) => (c - mean[k]).Magnitude * (c - mean[k]).Magnitude).Sum()));
            var closest = double.MaxValue;
            for (var a = 0; a < aligned.Length; a++)
            {
                for (var c = a + 1; c < aligned.Length; c++)
                {
                    closest = Math.Min(closest, Math.Sqrt(aligned[a].Zip(aligned[c]).Sum(p => (p.First - p.Second).Magnitude * (p.First - p.Second).Magnitude)));
                }
            }

            return new Form(text, instances, traces, mean, modes, sigma, low, high) { Farthest = farthest, Apart = closest / 2 };
        }

        /// <summary>
        /// A new instance, from captured instance <paramref name="from"/>: its coordinates moved by a quarter of the
        /// captured spread, mode by mode, kept inside the captured range, and put back where the captured one stood.
        /// </summary>
        public List<(double X, double Y)[]> Draw(Instance from, ref Rng rng) => Draw(from, ref rng, []);

        /// <summary>
        /// The same, kept apart from the instances of this form already drawn on the letter (their mode coordinates in
        /// <paramref name="drawn"/>, to which this one's are added): of a few tries, the first at least
        /// <see cref="Apart"/> from all of them, else the farthest.
        /// </summary>
        public List<(double X, double Y)[]> Draw(Instance from, ref Rng rng, List<double[]> drawn)
        {
            if (from.Coefficients is not { } b0 || Mean is null || Modes is null)
            {
                // Too few instances written alike to learn from (or this one written another way): the captured
                // instance itself, bent a little as the plotter fonts' letters are, so it is never drawn twice alike.
                var field = BendField.Random(ref rng, Unmodelled, 1);
                return [.. from.Traces.Select(t => t.Points.Select(p => field.Bend(p.X, p.Y)).ToArray())];
            }

            double[]? b = null;
            var best = -1.0;
            for (var attempt = 0; attempt < 8 && best < Apart; attempt++)
            {
                var candidate = new double[b0.Length];
                for (var k = 0; k < candidate.Length; k++)
                {
                    candidate[k] = Math.Clamp(((1 - Variability) * b0[k]) + (Variability * rng.Gaussian(Sigma[k])), Low[k], High[k]);
                }

                var nearest = double.MaxValue;
                foreach (var d in drawn)
                {
                    var sum = 0.0;
                    for (var k = 0; k < d.Length; k++)
                    {
                        sum += (d[k] - candidate[k]) * (d[k] - candidate[k]);
                    }

                    nearest = Math.Min(nearest, sum);
                }

                nearest = Math.Sqrt(nearest);
                if (nearest > best)
                {
                    (b, best) = (candidate, nearest);
                }
            }

            drawn.Add(b!);

            var n = Mean.Length;
            var columns = ModeColumns;
            var deviation = new Complex[n];
            var norm = 0.0;
            for (var k = 0; k < n; k++)
            {
                double x = 0, y = 0;
                for (var m = 0; m < b!.Length; m++)
                {
                    x += b[m] * columns[m][k];
                    y += b[m] * columns[m][k + n];
                }

                deviation[k] = new Complex(x, y) + from.Residual![k];
                norm += (deviation[k].Real * deviation[k].Real) + (deviation[k].Imaginary * deviation[k].Imaginary);
            }

            // Modes each inside their range can still add up to a shape farther from the mean than any the writer
            // wrote: then the deviation is drawn back to the farthest they did.
            var shrink = Math.Sqrt(norm) > Farthest ? Farthest / Math.Sqrt(norm) : 1;
            var traces = new List<(double X, double Y)[]>(Traces);
            for (var t = 0; t < Traces; t++)
            {
                var points = new (double X, double Y)[PointsPerTrace];
                for (var p = 0; p < PointsPerTrace; p++)
                {
                    var k = (t * PointsPerTrace) + p;
                    var z = ((Mean[k] + (deviation[k] * shrink)) / from.Fit) + from.Centroid;
                    points[p] = (z.Real, z.Imaginary);
                }

                traces.Add(points);
            }

            return traces;
        }

        /// <summary>A drawn instance's points end to end: point for point what the model's mean is, for measuring distances.</summary>
        public static Complex[] ShapeOf(IReadOnlyList<(double X, double Y)[]> traces) => [.. traces.SelectMany(t => t).Select(p => new Complex(p.X, p.Y))];
    }

    /// <summary>One captured instance: its traces (shifted so its ink starts at x = 0), their pressure, and its place in the model.</summary>
    internal sealed class Instance
    {
        private Instance(List<InkTrace> traces, double width, double[][] pressure)
        {
            Traces = traces;
            Width = width;
            Pressure = pressure;
            Resampled = [.. traces.SelectMany(t => Geometry.Resample(t.Points, PointsPerTrace)).Select(p => new Complex(p.X, p.Y))];
            Centroid = Resampled.Length == 0 ? Complex.Zero : new Complex(Resampled.Average(c => c.Real), Resampled.Average(c => c.Imaginary));
        }

        public List<InkTrace> Traces { get; }

        /// <summary>The ink's width, in x-heights.</summary>
        public double Width { get; }

        /// <summary>Each trace's pressure at <see cref="PointsPerTrace"/> even steps along it, relative to the instance's mean.</summary>
        public double[][] Pressure { get; }

        public Complex[] Resampled { get; }

        public Complex Centroid { get; }

        public double[]? Coefficients { get; private set; }

        public Complex[]? Residual { get; private set; }

        /// <summary>The rotation and scale that carried this instance onto the mean (centred first).</summary>
        public Complex Fit { get; private set; } = Complex.One;

        public void Model(double[] coefficients, Complex[] residual, Complex fit) => (Coefficients, Residual, Fit) = (coefficients, residual, fit);

        public static Instance From(IReadOnlyList<InkTrace> traces)
        {
            var kept = traces.Where(t => t.Points.Count > 0).ToList();
            var minX = kept.SelectMany(t => t.Points).Min(p => p.X);
            var maxX = kept.SelectMany(t => t.Points).Max(p => p.X);
            var shifted = kept.Select(t => new InkTrace([.. t.Points.Select(p => p with { X = p.X - minX })])).ToList();
            return new Instance(shifted, maxX - minX, [.. shifted.Select(PressureProfile)]);
        }

        /// <summary>
        /// The pressure along a trace, relative to its mean. A stylus reports it; a mouse or finger reports one value
        /// throughout (0.5, or 0 and 1), and then it comes from speed: a hand presses where it slows (the turns) and
        /// skates where it runs.
        /// </summary>
        private static double[] PressureProfile(InkTrace trace)
        {
            var points = Geometry.Resample(trace.Points, PointsPerTrace);
            var reported = points.Select(p => p.Pressure).ToArray();
            var values = reported.Max() - reported.Min() > 0.02 ? reported : FromSpeed(trace.Points);
            var mean = values.Average();
            return [.. values.Select(v => mean > 1e-6 ? Math.Clamp(v / mean, 0.4, 1.6) : 1)];
        }

        private static double[] FromSpeed(IReadOnlyList<InkPoint> raw)
        {
            if (raw.Count < 3 || raw[^1].T - raw[0].T < 1)
            {
                return [.. Enumerable.Repeat(1.0, PointsPerTrace)];
            }

            // Speed at each raw point, then resampled along the trace as the points are.
            var speeds = new double[raw.Count];
            for (var i = 0; i < raw.Count; i++)
            {
                var (a, b) = (raw[Math.Max(0, i - 1)], raw[Math.Min(raw.Count - 1, i + 1)]);
                speeds[i] = Math.Sqrt(((b.X - a.X) * (b.X - a.X)) + ((b.Y - a.Y) * (b.Y - a.Y))) / Math.Max(b.T - a.T, 1);
            }

            var mean = speeds.Average();
            var asPressure = raw.Select((p, i) => p with { Pressure = mean > 0 ? 1 / (0.6 + (0.8 * speeds[i] / mean)) : 1 }).ToList();
            return [.. Geometry.Resample(asPressure, PointsPerTrace).Select(p => p.Pressure)];
        }
    }
}

/// <summary>
/// How a writer spaces and carries their lines, from their free sentences, in x-heights: the space between words,
/// how far each word's baseline wanders from the line, how much their slant and size drift word to word.
/// </summary>
public sealed record HandRhythm(double WordSpace, double BaselineWander, double SlantDrift, double SizeDrift)
{
    /// <summary>A plotter font's rhythm, as the pen styles have always drawn it.</summary>
    public static HandRhythm Default { get; } = new(0.9, 0.1, 0.06, 0.025);

    /// <summary>
    /// A word's measured height and baseline move with its letters (an ascender, a descender) as well as with the hand,
    /// so what the sentences give is bounded by the published ranges for a hand: per-letter scale 0.94–1.06.
    /// </summary>
    private const double MaxSizeDrift = 0.03, MaxWander = 0.12;

    public static HandRhythm Measure(IEnumerable<HandSample> sentences)
    {
        var spaces = new List<double>();
        var wanders = new List<double>();
        var slants = new List<double>();
        var sizes = new List<double>();
        foreach (var sentence in sentences)
        {
            var expected = sentence.Prompt.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            var words = Words(sentence.Traces, expected);
            if (words.Count < 2)
            {
                continue;
            }

            for (var w = 1; w < words.Count; w++)
            {
                spaces.Add(words[w].MinX - words[w - 1].MaxX);
            }

            // A word's baseline: the lower fifth of its points (descenders and all, the same for every word).
            var baselines = words.Select(w => Percentile(w.Ys, 0.2)).ToList();
            var mean = baselines.Average();
            wanders.AddRange(baselines.Select(b => b - mean));
            var heights = words.Select(w => Percentile(w.Ys, 0.8) - Percentile(w.Ys, 0.2)).ToList();
            var meanHeight = heights.Average();
            sizes.AddRange(heights.Select(h => meanHeight > 0 ? (h / meanHeight) - 1 : 0));
            slants.AddRange(words.Select(w => w.Slant).Where(s => !double.IsNaN(s)));
        }

        if (spaces.Count == 0)
        {
            return Default;
        }

        var slantMean = slants.Count == 0 ? 0 : slants.Average();
        return new HandRhythm(
            Math.Clamp(Median(spaces), 0.3, 2.5),
            Math.Clamp(Deviation(wanders), 0.01, MaxWander),
            Math.Clamp(slants.Count < 2 ? 0.06 : Deviation(slants.Select(s => s - slantMean)), 0.005, 0.12),
            Math.Clamp(Deviation(sizes), 0.005, MaxSizeDrift)) { SentenceBaselineSpread = Deviation(wanders) };
    }

    /// <summary>
    /// How far the words' baselines spread in the free sentences as measured (the lower fifth of each word's points, in
    /// x-heights), before bounding: letters with descenders move it as well as the hand, the same on a written page.
    /// </summary>
    public double SentenceBaselineSpread { get; init; }

    private sealed record Word(double MinX, double MaxX, List<double> Ys, double Slant);

    /// <summary>The sentence's traces grouped into its words at the widest gaps between them.</summary>
    private static List<Word> Words(IReadOnlyList<InkTrace> traces, int expected)
    {
        var spans = traces.Where(t => t.Points.Count > 0).Select(t => (Min: t.Points.Min(p => p.X), Max: t.Points.Max(p => p.X), Trace: t)).OrderBy(s => s.Min).ToList();
        if (spans.Count == 0)
        {
            return [];
        }

        // Merge overlapping traces into clusters; the widest gaps between clusters are the spaces between words.
        var clusters = new List<List<(double Min, double Max, InkTrace Trace)>> { new() { spans[0] } };
        var right = spans[0].Max;
        foreach (var span in spans.Skip(1))
        {
            if (span.Min > right)
            {
                clusters.Add([]);
            }

            clusters[^1].Add(span);
            right = Math.Max(right, span.Max);
        }

        var gaps = Enumerable.Range(1, clusters.Count - 1).Select(i => (At: i, Width: clusters[i].Min(s => s.Min) - clusters[i - 1].Max(s => s.Max)))
            .OrderByDescending(g => g.Width).Take(Math.Max(0, expected - 1)).Select(g => g.At).OrderBy(i => i).ToList();
        var words = new List<Word>();
        var start = 0;
        foreach (var end in gaps.Append(clusters.Count))
        {
            var members = clusters.Skip(start).Take(end - start).SelectMany(c => c).ToList();
            var points = members.SelectMany(m => m.Trace.Points).ToList();
            words.Add(new Word(members.Min(m => m.Min), members.Max(m => m.Max), [.. points.Select(p => p.Y)], Slant(members.Select(m => m.Trace))));
            start = end;
        }

        return words;
    }

    /// <summary>The word's slant: dx/dy along its near-vertical downstrokes, weighted by their length.</summary>
    private static double Slant(IEnumerable<InkTrace> traces)
    {
        double sum = 0, weight = 0;
        foreach (var trace in traces)
        {
            for (var i = 1; i < trace.Points.Count; i++)
            {
                var (dx, dy) = (trace.Points[i].X - trace.Points[i - 1].X, trace.Points[i].Y - trace.Points[i - 1].Y);
                if (dy < 0 && Math.Abs(dx) < Math.Abs(dy))
                {
                    sum += dx;
                    weight += -dy;
                }
            }
        }

        return weight < 1e-9 ? double.NaN : -sum / weight;
    }

    private static double Percentile(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Clamp(Math.Round(q * (sorted.Count - 1)), 0, sorted.Count - 1)];
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Deviation(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count < 2)
        {
            return 0;
        }

        var mean = list.Average();
        return Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1));
    }
}

/// <summary>The plane geometry a hand needs: arc-length resampling, centring, Procrustes fits.</summary>
internal static class Geometry
{
    public static double Length(IReadOnlyList<InkPoint> points)
    {
        var length = 0.0;
        for (var i = 1; i < points.Count; i++)
        {
            length += Math.Sqrt(((points[i].X - points[i - 1].X) * (points[i].X - points[i - 1].X)) + ((points[i].Y - points[i - 1].Y) * (points[i].Y - points[i - 1].Y)));
        }

        return length;
    }

    /// <summary>The trace at <paramref name="count"/> points evenly spaced along it (pressure interpolated with them).</summary>
    public static List<InkPoint> Resample(IReadOnlyList<InkPoint> points, int count)
    {
        if (points.Count == 1)
        {
            return [.. Enumerable.Repeat(points[0], count)];
        }

        var cumulative = new double[points.Count];
        for (var i = 1; i < points.Count; i++)
        {
            cumulative[i] = cumulative[i - 1] + Math.Sqrt(((points[i].X - points[i - 1].X) * (points[i].X - points[i - 1].X)) + ((points[i].Y - points[i - 1].Y) * (points[i].Y - points[i - 1].Y)));
        }

        var total = cumulative[^1];
        var result = new List<InkPoint>(count);
        var j = 1;
        for (var k = 0; k < count; k++)
        {
            var s = total * k / (count - 1);
            while (j < points.Count - 1 && cumulative[j] < s)
            {
                j++;
            }

            var span = cumulative[j] - cumulative[j - 1];
            var f = span < 1e-12 ? 0 : Math.Clamp((s - cumulative[j - 1]) / span, 0, 1);
            var (a, b) = (points[j - 1], points[j]);
            result.Add(new InkPoint(a.X + ((b.X - a.X) * f), a.Y + ((b.Y - a.Y) * f), a.T + ((b.T - a.T) * f), a.Pressure + ((b.Pressure - a.Pressure) * f)));
        }

        return result;
    }

    public static Complex[] Centred(Complex[] shape)
    {
        if (shape.Length == 0)
        {
            return shape;
        }

        var centre = new Complex(shape.Average(c => c.Real), shape.Average(c => c.Imaginary));
        return [.. shape.Select(c => c - centre)];
    }

    public static Complex[] Normalised(Complex[] shape)
    {
        var norm = Math.Sqrt(shape.Sum(c => c.Magnitude * c.Magnitude));
        return norm < 1e-12 ? shape : [.. shape.Select(c => c / norm)];
    }

    /// <summary>The centred shape rotated and scaled onto the unit-norm mean (one complex factor), and that factor.</summary>
    public static (Complex[] Aligned, Complex Fit) AlignTo(Complex[] shape, Complex[] mean)
    {
        var zz = 0.0;
        var zm = Complex.Zero;
        for (var i = 0; i < shape.Length; i++)
        {
            zz += shape[i].Magnitude * shape[i].Magnitude;
            zm += Complex.Conjugate(shape[i]) * mean[i];
        }

        var fit = zz < 1e-12 ? Complex.One : zm / zz;
        return ([.. shape.Select(c => c * fit)], fit);
    }
}

internal static class SampleKinds
{
    /// <summary>What a sample's prompt asks for, from the capture sheet (a prompt no longer on it by its length).</summary>
    public static PromptKind Kind(this HandSample sample) =>
        sample.Box >= 0 && sample.Box < HandPrompts.All.Count && HandPrompts.All[sample.Box].Text == sample.Prompt
            ? HandPrompts.All[sample.Box].Kind
            : new System.Globalization.StringInfo(sample.Prompt).LengthInTextElements switch { 1 => PromptKind.Character, 2 => PromptKind.Pair, _ => PromptKind.Sentence };
}
