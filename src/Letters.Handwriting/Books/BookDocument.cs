namespace Letters.Handwriting.Books;

/// <summary>The book's trimmed page: 6 × 9 in (the trade paperback size print-on-demand services default to) or A5.</summary>
public enum BookTrim
{
    SixByNine,
    A5,
}

/// <summary>
/// One letter of a book: its heading and its pages as they were sent. Knows nothing of orders.
/// </summary>
/// <param name="Date">The heading's date as the reader should see it ("14 June 2026").</param>
/// <param name="Occasion">What the letter was for ("Anniversary"), or null.</param>
/// <param name="Place">Where it went ("Lisbon, Portugal"), or null.</param>
/// <param name="Pdf">The final letter's own PDF; its pages are placed in the book as they are.</param>
/// <param name="PageTexts">
/// The words of each written page (<see cref="LetterRenderer.PageTexts"/>): as many pages are placed as there are
/// texts, so the envelope page that follows a letter is left out, and the index is built from them.
/// </param>
public sealed record BookLetter(string Date, string? Occasion, string? Place, byte[] Pdf, IReadOnlyList<string> PageTexts);

/// <summary>Everything a book of letters is made from.</summary>
public sealed record BookDocument
{
    public required string Title { get; init; }

    /// <summary>Under the title ("Letters to Claire, 2019–2026").</summary>
    public string? Subtitle { get; init; }

    /// <summary>Set alone on the page after the title's; no dedication page when null.</summary>
    public string? Dedication { get; init; }

    public BookTrim Trim { get; init; }

    /// <summary>In the order they are printed (the caller's: by date).</summary>
    public required IReadOnlyList<BookLetter> Letters { get; init; }

    /// <summary>The lines at the foot of the title page's back (who the letters were written for, when the book was made).</summary>
    public IReadOnlyList<string> Colophon { get; init; } = [];

    /// <summary>
    /// Names the index always looks for (the people written to, the signatures): found wherever they occur, even
    /// at the start of a sentence, where a capital says nothing.
    /// </summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>Recorded as the PDF's creation date.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A name of the index and the pages it occurs on.</summary>
public sealed record IndexEntry(string Name, IReadOnlyList<int> Pages);

/// <param name="LetterPages">The page each letter begins on (1-based, as printed), in the order given.</param>
/// <param name="IndexPage">The page the index of names begins on; 0 when no name occurs.</param>
public sealed record RenderedBook(byte[] Pdf, int PageCount, double GutterInches, IReadOnlyList<int> LetterPages, int IndexPage, IReadOnlyList<IndexEntry> Index);

/// <summary>What print-on-demand printers require of a paperback interior.</summary>
public static class PrintRules
{
    /// <summary>The fewest pages a perfect-bound book can have.</summary>
    public const int MinimumPages = 24;

    /// <summary>The most a 6 × 9 in paperback takes on white paper.</summary>
    public const int MaximumPages = 828;

    /// <summary>
    /// The inside margin, in inches, that the binding takes: the thicker the book, the more of the page disappears
    /// into the spine (24–150 pages 0.375 in, to 300 0.5 in, to 500 0.625 in, to 700 0.75 in, more 0.875 in).
    /// </summary>
    public static double GutterInches(int pages) => pages switch
    {
        <= 150 => 0.375,
        <= 300 => 0.5,
        <= 500 => 0.625,
        <= 700 => 0.75,
        _ => 0.875,
    };

    /// <summary>Blank pages are added at the back to reach the minimum and a multiple of 4 (printers fold sheets of four pages).</summary>
    public static int PaddedPageCount(int pages) => Math.Max(MinimumPages, (pages + 3) / 4 * 4);
}
