using System.Text;
using Letters.Handwriting.Hands;

namespace Letters.Handwriting.Pen;

/// <summary>
/// One written unit of a word: a letter, or a pair a hand writes joined in one movement. Its strokes are in the
/// source's units (y up, ink from x = 0 for a hand), which strokes are a dot or a bar added after the word, and, for a
/// captured hand, the pressure along each stroke relative to its mean.
/// </summary>
internal sealed record PenGlyph(string Text, StrokeFont.Glyph Glyph, bool[] Marks, double[][]? Pressure)
{
    public Rune First => Rune.GetRuneAt(Text, 0);
}

/// <summary>
/// Where a pen style's letters come from: one door for a plotter font (the same outline every time, bent by
/// <see cref="PenHand"/>) and a writer's captured hand (a new instance every time, from the writer's own variation).
/// </summary>
internal interface IPenGlyphs : ITextMeasure
{
    double UnitsPerEm { get; }

    double XHeight { get; }

    /// <summary>A space, in the source's units.</summary>
    double SpaceAdvance { get; }

    /// <summary>
    /// How the hand carries its words, in x-heights; null for a plotter font, which keeps the drift the pen styles
    /// have always had.
    /// </summary>
    HandRhythm? Rhythm { get; }

    /// <summary>The word's units, left to right; characters the source cannot write are skipped (refused before).</summary>
    void Spell(string word, ref Rng rng, List<PenGlyph> into);

    /// <summary>
    /// The source for a pen style: its plotter font, or a new pen in a shelved hand (its own memory of what it wrote),
    /// or in <paramref name="inHand"/>, a hand not on the shelf (one under review).
    /// </summary>
    public static IPenGlyphs For(HandwritingStyle style, HandLibrary? inHand = null) =>
        inHand is not null && inHand.Id == style.Id ? new HandPen(inHand)
        : Catalogue.ShelvedHand(style.Id) is { } hand ? new HandPen(hand)
        : StrokeFont.Load(style.FontFile);
}

/// <summary>
/// Writes in a captured hand, word by word: at each place the unit is chosen by context (a joined pair the writer
/// wrote, where there is one, else the letter), then the instance: any captured one not used in the last few words,
/// drawn anew within the writer's own variation (<see cref="HandLibrary.Form.Draw(HandLibrary.Instance, ref Rng, List{double[]})"/>). One pen per letter written.
/// </summary>
internal sealed class HandPen(HandLibrary library) : IPenGlyphs
{
    /// <summary>An instance is not used again within this many words.</summary>
    public const int Memory = 4;

    private readonly Dictionary<HandLibrary.Instance, int> lastUsed = [];
    private readonly Dictionary<HandLibrary.Form, List<double[]>> drawn = [];
    private int words;

    public double UnitsPerEm => HandLibrary.UnitsPerEm;

    public double XHeight => HandLibrary.XHeight;

    public double SpaceAdvance => library.Rhythm.WordSpace * HandLibrary.XHeight;

    public HandRhythm? Rhythm => library.Rhythm;

    public double Measure(ReadOnlySpan<char> text) => library.Measure(text);

    public IReadOnlyList<string> Unsupported(string text) => library.Unsupported(text);

    public void Spell(string word, ref Rng rng, List<PenGlyph> into)
    {
        words++;
        var runes = word.EnumerateRunes().ToArray();
        for (var i = 0; i < runes.Length; i++)
        {
            HandLibrary.Form? form = null;
            var text = runes[i].ToString();
            if (i + 1 < runes.Length && library.TryForm(text + runes[i + 1], out var pair) && Rune.IsLetter(runes[i]) && Rune.IsLetter(runes[i + 1]))
            {
                form = pair;
                text += runes[i + 1];
                i++;
            }
            else if (library.TryCharacter(runes[i].Value, out var single))
            {
                form = single;
            }

            if (form is null)
            {
                continue;
            }

            var instance = Choose(form, ref rng);
            if (!drawn.TryGetValue(form, out var before))
            {
                drawn[form] = before = [];
            }

            var traces = form.Draw(instance, ref rng, before);
            var scale = HandLibrary.XHeight;
            var strokes = traces.Select(t => t.Select(p => new StrokeFont.Point(p.X * scale, p.Y * scale)).ToArray()).ToList();
            var points = strokes.SelectMany(s => s).ToList();
            var (minX, maxX) = (points.Min(p => p.X), points.Max(p => p.X));
            var marks = traces.Count == form.MarkTraces.Length ? form.MarkTraces : new bool[traces.Count];
            into.Add(new PenGlyph(text, new StrokeFont.Glyph(strokes, maxX - minX + (library.Gap * scale), minX, maxX), marks, instance.Pressure));
        }
    }

    /// <summary>A captured instance not used in the last few words, at random; the least lately used when all were.</summary>
    private HandLibrary.Instance Choose(HandLibrary.Form form, ref Rng rng)
    {
        var pool = form.Pool;
        var fresh = pool.Where(i => !lastUsed.TryGetValue(i, out var at) || words - at >= Memory).ToList();
        var chosen = fresh.Count > 0
            ? fresh[(int)(rng.NextDouble() * fresh.Count)]
            : pool.OrderBy(i => lastUsed.GetValueOrDefault(i)).First();
        lastUsed[chosen] = words;
        return chosen;
    }
}
