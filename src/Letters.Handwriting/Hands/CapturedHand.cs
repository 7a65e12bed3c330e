namespace Letters.Handwriting.Hands;

/// <summary>
/// One sample of a moving pen: where it was, in x-heights from the box's baseline origin (y up), when, in
/// milliseconds from the box's first touch, and how hard it pressed (0–1). Tilt is kept when the device gives it.
/// </summary>
public readonly record struct InkPoint(double X, double Y, double T, double Pressure, double TiltX = 0, double TiltY = 0);

/// <summary>One pen-down movement, from touch to lift.</summary>
public sealed record InkTrace(IReadOnlyList<InkPoint> Points);

/// <summary>What the writer wrote in one box: the prompt they were shown and the traces they drew, in writing order.</summary>
/// <param name="Box">The box's place in <see cref="HandPrompts.All"/>: the same prompt is asked several times.</param>
public sealed record HandSample(int Box, string Prompt, IReadOnlyList<InkTrace> Traces);

/// <summary>A writer's hand as captured: every box they have written. A demo hand is generated, never a person's.</summary>
public sealed record CapturedHand(string Id, string Name, IReadOnlyList<HandSample> Samples, bool Demo = false);

/// <summary>What a box asks for: a single character, a joined pair, or a free sentence.</summary>
public enum PromptKind
{
    Character,
    Pair,
    Sentence,
}

/// <summary>A box on the capture page: what to write, and which repetition of it this is.</summary>
public sealed record HandPrompt(int Box, string Text, PromptKind Kind, int Repetition, int Of);

/// <summary>
/// The capture sheet, in the order a writer meets it: lower case ×10, capitals ×5, digits and punctuation ×5, the accented letters and marks of the writers' languages ×3, the
/// hundred commonest English letter pairs written joined ×6, then ten free sentences for spacing, baseline, slant and
/// size. Boxed prompts make segmentation free (as the UJI Pen Characters collection did): a box holds one prompt.
/// The order is fixed, so a box number means the same prompt in every hand, and a hand saved halfway resumes.
/// </summary>
public static class HandPrompts
{
    public const int LowerRepeats = 10, UpperRepeats = 5, MarkRepeats = 5, PairRepeats = 6, AccentRepeats = 3;

    public const string Lower = "abcdefghijklmnopqrstuvwxyz";
    public const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    public const string Marks = "0123456789.,;:!?'\"-()&";

    /// <summary>The accented letters and marks of the writers' languages (English, French, Spanish, German).</summary>
    public const string Accents = "éèêëàâçîïôûùüÿäößñáíóú¡¿«»ÉÀÇ";

    /// <summary>The hundred commonest letter pairs of English text (Norvig's counts over the Google books corpus).</summary>
    public static readonly IReadOnlyList<string> Pairs =
    [
        "th", "he", "in", "er", "an", "re", "on", "at", "en", "nd", "ti", "es", "or", "te", "of", "ed", "is", "it", "al", "ar",
        "st", "to", "nt", "ng", "se", "ha", "as", "ou", "io", "le", "ve", "co", "me", "de", "hi", "ri", "ro", "ic", "ne", "ea",
        "ra", "ce", "li", "ch", "ll", "be", "ma", "si", "om", "ur", "ca", "el", "ta", "la", "ns", "di", "fo", "ho", "pe", "ec",
        "pr", "no", "ct", "us", "ac", "ot", "il", "tr", "ly", "nc", "et", "ut", "ss", "so", "rs", "un", "lo", "wa", "ge", "ie",
        "wh", "ee", "wi", "em", "ad", "ol", "rt", "po", "we", "na", "ul", "ni", "ts", "mo", "ow", "pa", "im", "mi", "ai", "sh",
    ];

    /// <summary>Sentences that between them use every lower-case letter, written freely across the box.</summary>
    public static readonly IReadOnlyList<string> Sentences =
    [
        "The quick brown fox jumps over the lazy dog.",
        "Thank you for the lovely evening by the sea.",
        "I have been thinking of you all week.",
        "We walked home slowly, talking about nothing at all.",
        "Pack my box with five dozen liquor jugs.",
        "Your letter arrived on a grey and quiet morning.",
        "Happy anniversary, my dearest, with all my love.",
        "Sphinx of black quartz, judge my vow.",
        "It was the kind of day you want to remember.",
        "Write back soon and tell me everything.",
    ];

    public static IReadOnlyList<HandPrompt> All { get; } = Build();

    /// <summary>The boxes a hand needs before it can be reviewed: every character at least once and one sentence.</summary>
    public static IReadOnlyList<int> Essential { get; } =
    [
        .. All.Where(p => p.Kind == PromptKind.Character && p.Repetition == 1).Select(p => p.Box),
        .. All.Where(p => p.Kind == PromptKind.Sentence).Take(1).Select(p => p.Box),
    ];

    private static List<HandPrompt> Build()
    {
        var prompts = new List<HandPrompt>();
        void Add(string text, PromptKind kind, int repeats)
        {
            for (var r = 1; r <= repeats; r++)
            {
                prompts.Add(new HandPrompt(prompts.Count, text, kind, r, repeats));
            }
        }

        foreach (var c in Lower)
        {
            Add(c.ToString(), PromptKind.Character, LowerRepeats);
        }

        foreach (var c in Upper)
        {
            Add(c.ToString(), PromptKind.Character, UpperRepeats);
        }

        foreach (var c in Marks)
        {
            Add(c.ToString(), PromptKind.Character, MarkRepeats);
        }

        foreach (var c in Accents)
        {
            Add(c.ToString(), PromptKind.Character, AccentRepeats);
        }

        foreach (var pair in Pairs)
        {
            Add(pair, PromptKind.Pair, PairRepeats);
        }

        foreach (var sentence in Sentences)
        {
            Add(sentence, PromptKind.Sentence, 1);
        }

        return prompts;
    }
}
