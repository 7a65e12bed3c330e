using System.Collections.Concurrent;

namespace Letters.Handwriting;

/// <summary>A handwriting: its font and how it is tuned to look written rather than typeset.</summary>
/// <param name="SizeA4">Font size in points on A4; other page sizes scale from it.</param>
/// <param name="LineHeightEm">Baseline-to-baseline distance in ems (≈ 1.6 for handwriting).</param>
/// <param name="SlantDegrees">Extra forward slant added on top of the font's own.</param>
/// <param name="Tracking">Extra space between letters, in ems.</param>
/// <param name="Kind">Pen styles are drawn as strokes along single-line fonts; font styles fill font outlines.</param>
/// <param name="Joined">A joined (connected) hand keeps the pen down from letter to letter inside a word.</param>
/// <param name="Nib">A pen style's stroke width in points on A4, before pressure.</param>
/// <param name="WordSpace">The least space between words, in ems, where the font's own space is narrower than its
/// letters' swashes reach (Homemade Apple's entry and exit strokes ran its words together).</param>
/// <param name="AddressStyle">The hand this style's writer addresses an envelope in, when the style's own capitals
/// are script a sorting machine or a postman reads slowly: a print hand of the same kind (a pen style's is a pen style).</param>
/// <param name="Features">OpenType features to apply when shaping, comma-separated.</param>
/// <param name="PlainOne">The style's 1 is a bare stroke that reads as I or l: addresses write it flagged (<see cref="Numerals"/>).</param>
public sealed record HandwritingStyle(
    string Id,
    string Name,
    string FontFile,
    string License,
    double SizeA4,
    double LineHeightEm,
    double SlantDegrees,
    double Tracking,
    string Description,
    StyleKind Kind = StyleKind.Font,
    bool Joined = false,
    double Nib = 0,
    string Features = "",
    bool PlainOne = false,
    string? AddressStyle = null,
    double WordSpace = 0)
{
    /// <summary>The writing systems the style writes, as its font covers them (<see cref="WritingSystems"/>).</summary>
    public string Scripts => WritingSystems.Describe(this);

    /// <summary>The OpenType features the style turns on or off beyond the font's defaults (HarfBuzz syntax: "ss01", "-calt").</summary>
    public IReadOnlyList<string> FeatureList => Features.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>"pen" or "font", as the API says it.</summary>
    public string KindName => Kind == StyleKind.Pen ? "pen" : "font";
}

public enum StyleKind
{
    Font,
    Pen,
}

/// <summary>An ink colour, in sRGB 0–1.</summary>
public sealed record Ink(string Id, string Name, double R, double G, double B);

/// <summary>A paper: background colour and whether it carries printed rules the writing sits on.</summary>
public sealed record Paper(string Id, string Name, double R, double G, double B, bool Ruled, bool Aged);

/// <summary>A page size in PostScript points (1/72 inch).</summary>
public sealed record PageSize(string Id, string Name, double Width, double Height);

/// <summary>What the renderer offers. The ordering API validates orders against these ids.</summary>
public static class Catalogue
{
    /// <summary>The style an order gets when it names none, if it can write every character of the order.</summary>
    public const string DefaultPenStyle = "allure";

    /// <summary>The style an order gets when it names none and the default pen cannot write it.</summary>
    public const string DefaultFontStyle = "caveat";

    /// <summary>Pen styles keep an invisible text layer under the strokes in this font, for search and copy.</summary>
    internal const string TextLayerStyle = "caveat";

    public static IReadOnlyList<HandwritingStyle> Styles { get; } =
    [
        new("allure", "Allure (pen)", "EMSAllure.svg", "OFL-1.1", 22, 1.2, 0, 0.0,
            "A connected formal script drawn with a fine pen, letter joined to letter.", StyleKind.Pen, Joined: true, Nib: 0.62, AddressStyle: "tech"),
        new("felix", "Felix (pen)", "EMSFelix.svg", "OFL-1.1", 21, 1.25, 2, 0.0,
            "A calligraphic italic hand with a broad-edged feel.", StyleKind.Pen, Joined: false, Nib: 0.7, AddressStyle: "tech"),
        new("tech", "Tech (pen)", "EMSTech.svg", "OFL-1.1", 18, 1.4, 4, 0.02,
            "Clear print handwriting, like a careful note in ballpoint.", StyleKind.Pen, Joined: false, Nib: 0.8, PlainOne: true),
        new("hershey_script", "Hershey Script (pen)", "HersheyScript1.svg", "Hershey (NBS acknowledgement)", 20, 1.35, 0, 0.0,
            "The classic single-stroke plotter script, joined and airy.", StyleKind.Pen, Joined: true, Nib: 0.6, AddressStyle: "tech"),
        new("caveat", "Caveat", "Caveat-Regular.ttf", "OFL-1.1", 21, 1.55, 2, 0.0,
            "Quick, upright everyday handwriting with a felt-tip feel."),
        new("dancing_script", "Dancing Script", "DancingScript-Regular.ttf", "OFL-1.1", 19, 1.65, 0, 0.0,
            "Flowing, joined script for romantic and celebratory letters.", AddressStyle: "patrick_hand"),
        new("kalam", "Kalam", "Kalam-Regular.ttf", "OFL-1.1", 14.5, 1.6, 5, 0.005,
            "Neat, slightly slanted print handwriting; easy to read.", PlainOne: true),
        new("patrick_hand", "Patrick Hand", "PatrickHand-Regular.ttf", "OFL-1.1", 18, 1.55, 6, 0.01,
            "Friendly rounded print, like a careful note from a friend."),
        new("homemade_apple", "Homemade Apple", "HomemadeApple-Regular.ttf", "Apache-2.0", 13.5, 1.9, 0, 0.0,
            "Loose, looping pen script with real character (basic Latin and Latin-1 only).", AddressStyle: "patrick_hand", WordSpace: 0.62),
    ];

    public static IReadOnlyList<Ink> Inks { get; } =
    [
        new("blue_black", "Blue-black", 0.11, 0.16, 0.29),
        new("black", "Black", 0.10, 0.10, 0.11),
        new("royal_blue", "Royal blue", 0.16, 0.29, 0.66),
        new("sepia", "Sepia", 0.37, 0.23, 0.12),
    ];

    public static IReadOnlyList<Paper> Papers { get; } =
    [
        new("white", "White", 1.0, 1.0, 1.0, Ruled: false, Aged: false),
        new("cream", "Cream", 0.985, 0.965, 0.915, Ruled: false, Aged: false),
        new("ruled", "Ruled", 0.995, 0.995, 0.99, Ruled: true, Aged: false),
        new("parchment", "Parchment", 0.945, 0.895, 0.765, Ruled: false, Aged: true),
    ];

    public static IReadOnlyList<PageSize> PageSizes { get; } =
    [
        new("a5", "A5", 419.53, 595.28),
        new("a4", "A4", 595.28, 841.89),
        new("us_letter", "US Letter", 612, 792),
    ];

    /// <summary>
    /// Envelopes: US #10 (4 1/8 × 9 1/2 in, a US Letter folded in three), and the ISO DL (an A4 in three), C5 (an A4
    /// folded once) and C6 (an A5 folded once).
    /// </summary>
    public static IReadOnlyList<PageSize> Envelopes { get; } =
    [
        new("us10", "US #10", 684, 297),
        new("dl", "DL", 623.62, 311.81),
        new("c5", "C5", 649.13, 459.21),
        new("c6", "C6", 459.21, 323.15),
    ];

    /// <summary>The envelope a letter of this page size goes in when the order names none.</summary>
    public static string EnvelopeFor(string pageSize) => pageSize switch
    {
        "us_letter" => "us10",
        "a5" => "c6",
        _ => "dl",
    };

    /// <summary>The page sizes a window envelope takes: US Letter in a #10, A4 in a DL.</summary>
    public static IReadOnlyList<string> WindowPageSizes => WindowPanels.PageSizes;

    public static PageSize? FindEnvelope(string? id) => Envelopes.FirstOrDefault(e => e.Id == id);

    private static readonly ConcurrentDictionary<(string, string, string, string), byte[]> Previews = new();

    /// <summary>
    /// A small PDF showing the opening of the sample letter in the given style, ink, paper and page size: what
    /// the catalogue links to so a client can see a choice before ordering. Rendered once per combination.
    /// </summary>
    public static byte[] Preview(string style = "caveat", string ink = "blue_black", string paper = "cream", string pageSize = "a5")
    {
        if (FindStyle(style) is null || FindInk(ink) is null || FindPaper(paper) is null || FindPageSize(pageSize) is null)
        {
            throw new ArgumentException($"No such catalogue entry: {style}/{ink}/{paper}/{pageSize}.");
        }

        return Previews.GetOrAdd((style, ink, paper, pageSize), key => LetterRenderer.Render(
            SampleLetter.Document(40, key.Item1, key.Item3, key.Item4, seed: 2026) with { Body = SampleLetter.FirstSentences(40), Ink = key.Item2, Title = $"{FindStyle(key.Item1)!.Name} preview" }).Pdf);
    }

    public static HandwritingStyle? FindStyle(string? id) => Styles.FirstOrDefault(s => s.Id == id) ?? ShelvedHand(id)?.Style;

    private static readonly ConcurrentDictionary<string, Hands.HandLibrary> Shelf = new(StringComparer.Ordinal);

    /// <summary>
    /// Puts a writer's hand on the shelf: from then on it is a style like any other (<c>hand:margaret</c>), found,
    /// measured, refused by character and drawn through the same doors. Shelving a hand again replaces it.
    /// </summary>
    public static void Shelve(Hands.HandLibrary hand, bool listed = true)
    {
        if (!hand.Id.StartsWith(HandPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A hand's style id starts with '{HandPrefix}': '{hand.Id}'.", nameof(hand));
        }

        Shelf[hand.Id] = hand;
        if (listed)
        {
            Unlisted.TryRemove(hand.Id, out _);
        }
        else
        {
            Unlisted[hand.Id] = true;
        }

        foreach (var key in Previews.Keys.Where(k => k.Item1 == hand.Id))
        {
            Previews.TryRemove(key, out _);
        }
    }

    /// <summary>Takes a hand off the shelf (consent withdrawn, approval revoked): letters no longer use it.</summary>
    public static void Unshelve(string id)
    {
        Shelf.TryRemove(id, out _);
        Unlisted.TryRemove(id, out _);
    }

    /// <summary>Hands drawn when named but not offered to everyone: a client's own hand, for that client's letters.</summary>
    private static readonly ConcurrentDictionary<string, bool> Unlisted = new(StringComparer.Ordinal);

    /// <summary>Every style anyone may name: the catalogue's own, then the writers' hands on the shelf (not clients' own).</summary>
    public static IReadOnlyList<HandwritingStyle> AllStyles => [.. Styles, .. ShelvedHands.Where(h => !Unlisted.ContainsKey(h.Id)).Select(h => h.Style)];

    /// <summary>The hands on the shelf, by style id.</summary>
    public static IReadOnlyCollection<Hands.HandLibrary> ShelvedHands => [.. Shelf.Values.OrderBy(h => h.Id, StringComparer.Ordinal)];

    public const string HandPrefix = "hand:";

    internal static Hands.HandLibrary? ShelvedHand(string? id) => id is not null && Shelf.TryGetValue(id, out var hand) ? hand : null;

    /// <summary>The style for an order that names none: the default pen when it can write all of it, else the default font.</summary>
    public static string DefaultStyleFor(IEnumerable<string?> texts)
    {
        var all = texts.Where(t => t is not null).ToList();

        // The pen if it can, else the everyday font, else the first style that writes every character (Kalam for
        // Devanagari); when none can, the everyday font, whose refusal names the characters.
        return DefaultChoices.FirstOrDefault(id => all.All(t => UnsupportedCharacters(id, t!).Count == 0)) ?? DefaultFontStyle;
    }

    private static IEnumerable<string> DefaultChoices =>
        new[] { DefaultPenStyle, DefaultFontStyle }.Concat(Styles.Select(s => s.Id)).Distinct();

    /// <summary>The style an envelope is addressed in: the style's print companion when it has one that writes the address.</summary>
    internal static HandwritingStyle AddressStyleFor(HandwritingStyle style, Envelope envelope) =>
        FindStyle(style.AddressStyle) is { } print && Measure(print).Unsupported(TextNormalizer.Normalize(string.Join('\n', EnvelopePainter.Texts(envelope)))).Count == 0
            ? print
            : style;

    /// <summary>The document's ink, paper and page size; an unknown id is the caller's mistake.</summary>
    internal static (Ink Ink, Paper Paper, PageSize Size) Materials(LetterDocument document) => (
        FindInk(document.Ink) ?? throw new ArgumentException($"Unknown ink '{document.Ink}'.", nameof(document)),
        FindPaper(document.Paper) ?? throw new ArgumentException($"Unknown paper '{document.Paper}'.", nameof(document)),
        FindPageSize(document.PageSize) ?? throw new ArgumentException($"Unknown page size '{document.PageSize}'.", nameof(document)));

    /// <summary>Refuses, by name, characters of the letter the hand cannot write, rather than draw blanks.</summary>
    internal static void EnsureWritable(HandwritingStyle style, ITextMeasure hand, LetterDocument document)
    {
        var missing = hand.Unsupported(TextNormalizer.Normalize(document.AllText()));
        if (missing.Count > 0)
        {
            throw new UnsupportedCharactersException(style.Id, missing);
        }
    }

    internal static ITextMeasure Measure(HandwritingStyle style) =>
        ShelvedHand(style.Id) is { } hand ? hand : style.Kind == StyleKind.Pen ? Pen.StrokeFont.Load(style.FontFile) : FontMetrics.For(style);

    public static Ink? FindInk(string? id) => Inks.FirstOrDefault(i => i.Id == id);

    public static Paper? FindPaper(string? id) => Papers.FirstOrDefault(p => p.Id == id);

    public static PageSize? FindPageSize(string? id) => PageSizes.FirstOrDefault(p => p.Id == id);

    /// <summary>
    /// The characters of <paramref name="text"/> the style's font cannot draw, each once, in order of first
    /// appearance. Line breaks and tabs are layout, not glyphs, and are never reported. The ordering API calls
    /// this before accepting an order so that nothing is ever drawn as a silent blank.
    /// </summary>
    public static IReadOnlyList<string> UnsupportedCharacters(string styleId, string text)
    {
        var style = FindStyle(styleId) ?? throw new ArgumentException($"Unknown style '{styleId}'.", nameof(styleId));
        return Measure(style).Unsupported(TextNormalizer.Normalize(text));
    }
}
