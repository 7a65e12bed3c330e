using System.Text;
using Letters.Handwriting.Pen;

namespace Letters.Handwriting.Hands;

/// <summary>
/// A demo hand: the whole capture sheet "written" by a program from one of the plotter fonts, so the demo writers
/// have hands before anyone has sat down at the capture page. Each demo writer gets their own slant, width and
/// proportions, and every box its own bend (a smooth random warp of a letter's size), so the instances of a letter
/// differ as a person's do; the pen moves at a hand's speed, slowing into turns and ends, and presses harder going
/// down than up, as a stylus would report. It is labelled a demo, never a person's, and is replaced the moment the
/// writer captures their own.
/// </summary>
public static class DemoHand
{
    /// <summary>The demo writers' hands: which plotter font each starts from.</summary>
    public static IReadOnlyList<(string Slug, string Name, string Font)> Writers { get; } =
    [
        ("margaret", "Margaret's hand (demo)", "EMSAllure.svg"),
        ("tomas", "Tomás's hand (demo)", "EMSTech.svg"),
        ("ines", "Ines's hand (demo)", "HersheyScript1.svg"),
    ];

    /// <summary>The fonts a demo hand may start from.</summary>
    public static IReadOnlyList<string> Fonts { get; } = ["EMSAllure.svg", "EMSTech.svg", "HersheyScript1.svg", "EMSFelix.svg"];

    public static CapturedHand Generate(string slug, string name, string fontFile, ulong seed)
    {
        if (!Fonts.Contains(fontFile))
        {
            throw new ArgumentException($"No such font for a demo hand: '{fontFile}'.", nameof(fontFile));
        }

        var font = StrokeFont.Load(fontFile);
        var rng = new Rng(seed ^ 0x64656D6F68616E64UL);
        var writer = new Writer(
            Slant: rng.Range(-0.04, 0.22),
            Width: rng.Range(0.88, 1.12),
            Tall: rng.Range(0.9, 1.1),
            Wobble: rng.Range(0.05, 0.08),
            Speed: rng.Range(5, 9),
            Press: rng.Range(0.45, 0.65));
        var samples = new List<HandSample>(HandPrompts.All.Count);
        foreach (var prompt in HandPrompts.All)
        {
            var traces = prompt.Kind == PromptKind.Sentence
                ? Sentence(font, prompt.Text, writer, ref rng)
                : Word(font, prompt.Text, writer, 0, 0, ref rng);
            if (traces.Count > 0)
            {
                samples.Add(new HandSample(prompt.Box, prompt.Text, Timed(traces, writer, ref rng)));
            }
        }

        return new CapturedHand($"{Catalogue.HandPrefix}{slug}", name, samples, Demo: true);
    }

    private sealed record Writer(double Slant, double Width, double Tall, double Wobble, double Speed, double Press);

    /// <summary>A word as the writer writes it from <paramref name="x0"/>, in x-heights: letters joined where the font joins them.</summary>
    private static List<List<(double X, double Y)>> Word(StrokeFont font, string text, Writer writer, double x0, double y0, ref Rng rng)
    {
        var traces = new List<List<(double X, double Y)>>();
        var after = new List<List<(double X, double Y)>>();
        var x = x0;
        var xh = font.XHeight;
        var instanceScale = 1 + rng.Gaussian(0.025);
        var instanceShear = rng.Gaussian(0.03);
        var previousLetter = false;
        var joins = Joins(font);
        foreach (var rune in text.EnumerateRunes())
        {
            if (!font.TryGet(rune.Value, out var glyph))
            {
                continue;
            }

            var field = BendField.Random(ref rng, writer.Wobble, 1);
            var first = true;
            var marks = PenHand.DotsAndBars(rune, glyph);
            for (var s = 0; s < glyph.Strokes.Count; s++)
            {
                var stroke = glyph.Strokes[s];
                var points = Dense(stroke.Select(p => (X: (p.X - glyph.MinX) / xh, Y: p.Y / xh)).ToList())
                    .Select(p =>
                    {
                        var y = p.Y > 1 ? 1 + ((p.Y - 1) * writer.Tall) : p.Y;
                        var (bx, by) = field.Bend(p.X, y);
                        var shear = writer.Slant + instanceShear;
                        return (X: x + (((bx * writer.Width) + (shear * by)) * instanceScale), Y: y0 + (by * instanceScale));
                    }).ToList();

                // Dots and bars go on after the word, as a hand adds them.
                if (marks[s])
                {
                    after.Add(points);
                    continue;
                }

                // A joined hand runs into the next letter without lifting, as the font's entry strokes are drawn to.
                if (first && joins && previousLetter && Rune.IsLetter(rune) && traces.Count > 0 && Near(traces[^1][^1], points[0]))
                {
                    traces[^1].AddRange(points);
                }
                else
                {
                    traces.Add(points);
                }

                first = false;
            }

            x += ((glyph.MaxX - glyph.MinX) / xh * writer.Width * instanceScale) + (joins ? 0.02 : 0.25);
            previousLetter = Rune.IsLetter(rune);
        }

        traces.AddRange(after);
        return traces;
    }

    private static bool Joins(StrokeFont font) => font == StrokeFont.Load("EMSAllure.svg") || font == StrokeFont.Load("HersheyScript1.svg");

    private static bool Near((double X, double Y) a, (double X, double Y) b) => Math.Abs(a.X - b.X) + Math.Abs(a.Y - b.Y) < 1.0;

    private static List<List<(double X, double Y)>> Sentence(StrokeFont font, string text, Writer writer, ref Rng rng)
    {
        var traces = new List<List<(double X, double Y)>>();
        var x = 0.0;
        var baseline = 0.0;
        foreach (var word in text.Split(' '))
        {
            baseline = (0.5 * baseline) + rng.Gaussian(0.08);
            var written = Word(font, word, writer, x, baseline, ref rng);
            if (written.Count == 0)
            {
                continue;
            }

            traces.AddRange(written);
            x = written.SelectMany(t => t).Max(p => p.X) + rng.Range(0.85, 1.25);
        }

        return traces;
    }

    /// <summary>Points every twentieth of an x-height along a polyline, as a pointer reports a moving pen.</summary>
    private static List<(double X, double Y)> Dense(List<(double X, double Y)> polyline)
    {
        var points = new List<(double X, double Y)> { polyline[0] };
        for (var i = 1; i < polyline.Count; i++)
        {
            var (a, b) = (polyline[i - 1], polyline[i]);
            var steps = Math.Max(1, (int)Math.Ceiling(Math.Sqrt(((b.X - a.X) * (b.X - a.X)) + ((b.Y - a.Y) * (b.Y - a.Y))) / 0.05));
            for (var s = 1; s <= steps; s++)
            {
                points.Add((a.X + ((b.X - a.X) * s / steps), a.Y + ((b.Y - a.Y) * s / steps)));
            }
        }

        return points;
    }

    /// <summary>
    /// Time and pressure for each point: the pen's speed rises and falls along each trace (slow at touch-down and
    /// lift, slower in turns), and it presses harder going down the page than up.
    /// </summary>
    private static List<InkTrace> Timed(List<List<(double X, double Y)>> traces, Writer writer, ref Rng rng)
    {
        var result = new List<InkTrace>(traces.Count);
        var t = 0.0;
        foreach (var trace in traces)
        {
            var points = new List<InkPoint>(trace.Count);
            var press = writer.Press + rng.Gaussian(0.05);
            for (var i = 0; i < trace.Count; i++)
            {
                var f = trace.Count < 2 ? 0.5 : i / (double)(trace.Count - 1);
                var (dx, dy) = i == 0 ? (0.0, 0.0) : (trace[i].X - trace[i - 1].X, trace[i].Y - trace[i - 1].Y);
                var step = Math.Sqrt((dx * dx) + (dy * dy));
                var speed = writer.Speed * (0.35 + (0.65 * Math.Sin(Math.PI * f))) / 1000;
                t += step / Math.Max(speed, 1e-4);
                var down = step > 1e-9 ? -dy / step : 0;
                var pressure = Math.Clamp(press * (0.75 + (0.25 * Math.Sin(Math.PI * f))) * (1 + (0.3 * down)) + rng.Gaussian(0.01), 0.05, 1);
                points.Add(new InkPoint(Math.Round(trace[i].X, 4), Math.Round(trace[i].Y, 4), Math.Round(t, 1), Math.Round(pressure, 3)));
            }

            result.Add(new InkTrace(points));
            t += rng.Range(80, 220);
        }

        return result;
    }
}
