using System.Globalization;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Letters.Handwriting.Books;

/// <summary>
/// Makes the interior of a book of letters for print on demand: a title page, its back with the colophon, the
/// dedication, the contents with page numbers, the letters in the order given (each headed with its date, occasion
/// and place, its pages placed from the letter's own PDF so the handwriting is the one that was sent), and an index
/// of the names that occur. Page numbers are the PDF's own, so the contents, the index and a printer's proof agree.
/// <para>
/// The inside margin follows the page count (<see cref="PrintRules.GutterInches"/>), on the left of right-hand pages
/// and the right of left-hand ones; the book is padded with blank pages to <see cref="PrintRules.PaddedPageCount"/>.
/// Every font is embedded: the book face as a subset, the letters' own as they came.
/// </para>
/// </summary>
public static class BookComposer
{
    private const double Inch = 72;
    private const double Top = 0.625 * Inch;
    private const double Bottom = 0.75 * Inch;
    /// <summary>The outside margin. Wider than the smaller gutters: the two inside margins of an open book read as one space.</summary>
    public const double OutsideInches = 0.6;

    private const double Outside = OutsideInches * Inch;

    private const double ContentsLeading = 17;
    private const double IndexLeading = 12.5;
    private const double HeadingHeight = 44;
    private const double ColumnGap = 18;

    private static readonly XColor Ink = XColor.FromArgb(34, 31, 28);
    private static readonly XColor Quiet = XColor.FromArgb(105, 98, 90);
    private static readonly XColor Frame = XColor.FromArgb(200, 195, 188);

    private enum Kind
    {
        Title,
        Colophon,
        Dedication,
        Blank,
        Contents,
        Letter,
        Index,
    }

    /// <param name="Part">The page of the contents or index, or the letter (with <paramref name="LetterPage"/> its page).</param>
    private sealed record PagePlan(Kind Kind, int Part = 0, int LetterPage = 0);

    /// <summary>
    /// The characters of a book's own text (its title, its dedication) that the book face cannot print, each once:
    /// a book is print-ready and cannot carry a missing-glyph box, so they are refused by name before it is built.
    /// </summary>
    public static IReadOnlyList<string> UnsupportedCharacters(string text)
    {
        var normalized = TextNormalizer.Normalize(text);
        return [.. FontMetrics.ForFile("EBGaramond-Regular.ttf").Unsupported(normalized)
            .Concat(FontMetrics.ForFile("EBGaramond-Italic.ttf").Unsupported(normalized)).Distinct()];
    }

    /// <param name="placed">Told the number of letters placed so far, after each one: the build's progress.</param>
    public static RenderedBook Compose(BookDocument document, Action<int>? placed = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(document.Letters.Count, nameof(document));
        LetterRenderer.EnsureInitialized();
        var (width, height) = document.Trim == BookTrim.A5 ? (419.53, 595.28) : (6 * Inch, 9 * Inch);

        // The index's lines depend on the text width, which depends on the gutter, which depends on the page count:
        // settle them together (a wider gutter only ever adds lines, so this ends within a few rounds).
        var names = NamesByPage(document);
        var gutter = PrintRules.GutterInches(0);
        Plan plan;
        while (true)
        {
            plan = Lay(document, names, width, height, gutter);
            var settled = PrintRules.GutterInches(plan.Pages.Count);
            if (settled <= gutter)
            {
                break;
            }

            gutter = settled;
        }

        if (plan.Pages.Count > PrintRules.MaximumPages)
        {
            throw new ArgumentException($"The book would have {plan.Pages.Count} pages; printers bind at most {PrintRules.MaximumPages}.", nameof(document));
        }

        return Draw(document, plan, width, height, gutter, placed);
    }

    private sealed record Plan(
        List<PagePlan> Pages, int[] LetterStarts, int ContentsPerPage, int IndexPage,
        IReadOnlyList<IndexEntry> Index, List<List<IndexLine>> IndexPages);

    private sealed record IndexLine(string Text, bool Continued, bool Letter, int Column = 0);

    /// <summary>The names on every page of every letter, found from the letters' own words.</summary>
    private static List<IReadOnlyList<string>[]> NamesByPage(BookDocument document) =>
        [.. document.Letters.Select(l => NameIndex.Find(l.PageTexts, document.Names))];

    private static Plan Lay(BookDocument document, List<IReadOnlyList<string>[]> names, double width, double height, double gutterInches)
    {
        var blockWidth = width - (gutterInches * Inch) - Outside;
        var blockHeight = height - Top - Bottom;
        var pages = new List<PagePlan> { new(Kind.Title), new(Kind.Colophon) };
        if (document.Dedication is not null)
        {
            pages.Add(new(Kind.Dedication));
            pages.Add(new(Kind.Blank));
        }

        var contentsPerPage = (int)((blockHeight - HeadingHeight) / ContentsLeading);
        var contentsPages = (document.Letters.Count + 1 + contentsPerPage - 1) / contentsPerPage;
        for (var i = 0; i < contentsPages; i++)
        {
            pages.Add(new(Kind.Contents, i));
        }

        StartOnRightHandPage(pages);
        var starts = new int[document.Letters.Count];
        for (var l = 0; l < document.Letters.Count; l++)
        {
            starts[l] = pages.Count + 1;
            for (var p = 0; p < Math.Max(1, document.Letters[l].PageTexts.Count); p++)
            {
                pages.Add(new(Kind.Letter, l, p));
            }
        }

        var occurrences = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        for (var l = 0; l < names.Count; l++)
        {
            for (var p = 0; p < names[l].Length; p++)
            {
                foreach (var name in names[l][p])
                {
                    (occurrences.TryGetValue(name, out var set) ? set : occurrences[name] = []).Add(starts[l] + p);
                }
            }
        }

        var index = occurrences.OrderBy(o => o.Key, NameIndex.Order).Select(o => new IndexEntry(o.Key, [.. o.Value])).ToList();
        var indexPages = new List<List<IndexLine>>();
        var indexPage = 0;
        if (index.Count > 0)
        {
            StartOnRightHandPage(pages);
            indexPage = pages.Count + 1;
            indexPages = PaginateIndex(index, (blockWidth - ColumnGap) / 2, blockHeight);
            for (var i = 0; i < indexPages.Count; i++)
            {
                pages.Add(new(Kind.Index, i));
            }
        }

        while (pages.Count < PrintRules.PaddedPageCount(pages.Count))
        {
            pages.Add(new(Kind.Blank));
        }

        return new Plan(pages, starts, contentsPerPage, indexPage, index, indexPages);
    }

    /// <summary>Parts of a book begin on a right-hand (odd) page, as readers expect.</summary>
    private static void StartOnRightHandPage(List<PagePlan> pages)
    {
        if (pages.Count % 2 == 1)
        {
            pages.Add(new(Kind.Blank));
        }
    }

    /// <summary>The index in two columns a page: a letter's heading before its names, page lists wrapped under their name.</summary>
    private static List<List<IndexLine>> PaginateIndex(List<IndexEntry> index, double columnWidth, double blockHeight)
    {
        var measure = XGraphics.CreateMeasureContext(new XSize(1000, 1000), XGraphicsUnit.Point, XPageDirection.Downwards);
        var font = BookFont(9.5);
        var lines = new List<IndexLine>();
        var initial = '\0';
        foreach (var entry in index)
        {
            // É files under E, as a reader looks for it.
            var first = char.ToUpperInvariant(entry.Name.Normalize(NormalizationForm.FormD)[0]);
            if (first != initial)
            {
                initial = first;
                if (lines.Count > 0)
                {
                    lines.Add(new("", false, false));
                }

                lines.Add(new(first.ToString(), false, true));
            }

            var words = (entry.Name + "  " + Folios(entry.Pages)).Split(' ');
            var line = "";
            var continued = false;
            foreach (var word in words)
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && measure.MeasureString(candidate, font).Width > columnWidth - (continued ? 12 : 0))
                {
                    lines.Add(new(line, continued, false));
                    line = word;
                    continued = true;
                }
                else
                {
                    line = candidate;
                }
            }

            lines.Add(new(line, continued, false));
        }

        // Columns are filled in turn, two a page; a letter's heading never ends a column, a blank never begins one.
        var firstPageRows = (int)((blockHeight - HeadingHeight) / IndexLeading);
        var rows = (int)(blockHeight / IndexLeading);
        var columns = new List<List<IndexLine>> { new() };
        foreach (var line in lines)
        {
            var capacity = columns.Count <= 2 ? firstPageRows : rows;
            var column = columns[^1];
            if (column.Count >= capacity || (line.Letter && column.Count >= capacity - 1))
            {
                columns.Add(column = []);
            }

            if (line.Text.Length == 0 && column.Count == 0)
            {
                continue;
            }

            column.Add(line);
        }

        return [.. columns.Chunk(2).Select(pair => pair.SelectMany((column, c) => column.Select(l => l with { Column = c })).ToList())];
    }

    /// <summary>"3, 7–9, 12": runs of pages as ranges, the way an index prints them.</summary>
    public static string Folios(IReadOnlyList<int> pages)
    {
        var parts = new List<string>();
        for (var i = 0; i < pages.Count;)
        {
            var j = i;
            while (j + 1 < pages.Count && pages[j + 1] == pages[j] + 1)
            {
                j++;
            }

            parts.Add(j == i ? pages[i].ToString(CultureInfo.InvariantCulture) : $"{pages[i]}–{pages[j]}");
            i = j + 1;
        }

        return string.Join(", ", parts);
    }

    private static RenderedBook Draw(BookDocument document, Plan plan, double width, double height, double gutterInches, Action<int>? placed)
    {
        using var book = new PdfDocument();
        book.Options.CompressContentStreams = true;
        book.Info.Title = document.Title;
        book.Info.Creator = "Letters book composer";
        book.Info.CreationDate = document.CreatedAt.UtcDateTime;

        var gutter = gutterInches * Inch;
        var blockWidth = width - gutter - Outside;
        var blockHeight = height - Top - Bottom;
        var forms = new List<XPdfForm>();
        try
        {
            XPdfForm? form = null;
            var scale = 1.0;
            for (var i = 0; i < plan.Pages.Count; i++)
            {
                var plannedPage = plan.Pages[i];
                var number = i + 1;
                var page = book.AddPage();
                page.Width = XUnit.FromPoint(width);
                page.Height = XUnit.FromPoint(height);
                page.TrimBox = new PdfRectangle(new XRect(0, 0, width, height));

                // A blank page gets no content stream: PDFsharp compresses an empty one into a stream readers reject.
                if (plannedPage.Kind == Kind.Blank)
                {
                    continue;
                }

                // Right-hand pages are odd: their inside edge, the one bound into the spine, is the left.
                var left = number % 2 == 1 ? gutter : Outside;
                using var gfx = XGraphics.FromPdfPage(page);
                switch (plannedPage.Kind)
                {
                    case Kind.Title:
                        DrawTitle(gfx, document, left, blockWidth, height);
                        break;
                    case Kind.Colophon:
                        DrawColophon(gfx, document, left, blockWidth, height);
                        break;
                    case Kind.Dedication:
                        Centred(gfx, document.Dedication!, BookFont(13, italic: true), left, blockWidth, height * 0.3, 19);
                        break;
                    case Kind.Contents:
                        DrawContents(gfx, document, plan, plannedPage.Part, left, blockWidth);
                        break;
                    case Kind.Letter:
                        var letter = document.Letters[plannedPage.Part];
                        if (plannedPage.LetterPage == 0)
                        {
                            form = XPdfForm.FromStream(new MemoryStream(letter.Pdf, writable: false));
                            forms.Add(form);

                            // One scale for all of a letter's pages, so its hand is one size throughout.
                            scale = Math.Min(blockWidth / form.PointWidth, (blockHeight - HeadingHeight) / form.PointHeight);
                            DrawHeading(gfx, letter, left, blockWidth);
                        }

                        form!.PageNumber = plannedPage.LetterPage + 1;
                        var placedWidth = form.PointWidth * scale;
                        var placedHeight = form.PointHeight * scale;
                        var rect = new XRect(left + ((blockWidth - placedWidth) / 2), Top + (plannedPage.LetterPage == 0 ? HeadingHeight : 0), placedWidth, placedHeight);
                        gfx.DrawImage(form, rect);
                        gfx.DrawRectangle(new XPen(Frame, 0.4), rect);
                        if (plannedPage.LetterPage == letter.PageTexts.Count - 1 || letter.PageTexts.Count == 0)
                        {
                            placed?.Invoke(plannedPage.Part + 1);
                        }

                        break;
                    case Kind.Index:
                        DrawIndex(gfx, plan, plannedPage.Part, left, blockWidth);
                        break;
                }

                if (plannedPage.Kind is Kind.Contents or Kind.Letter or Kind.Index)
                {
                    var folio = number.ToString(CultureInfo.InvariantCulture);
                    var font = BookFont(9.5);
                    var w = gfx.MeasureString(folio, font).Width;
                    gfx.DrawString(folio, font, new XSolidBrush(Quiet), left + ((blockWidth - w) / 2), height - (Bottom / 2));
                }
            }

            using var stream = new MemoryStream();
            book.Save(stream, closeStream: false);
            return new RenderedBook(stream.ToArray(), plan.Pages.Count, gutterInches, plan.LetterStarts, plan.IndexPage, plan.Index);
        }
        finally
        {
            foreach (var form in forms)
            {
                form.Dispose();
            }
        }
    }

    private static XFont BookFont(double size, bool italic = false) =>
        new(FontResolver.BookFace, size, italic ? XFontStyleEx.Italic : XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));

    private static void DrawTitle(XGraphics gfx, BookDocument document, double left, double blockWidth, double height)
    {
        var y = Centred(gfx, document.Title, BookFont(26), left, blockWidth, height * 0.3, 32);
        if (document.Subtitle is { } subtitle)
        {
            Centred(gfx, subtitle, BookFont(13, italic: true), left, blockWidth, y + 14, 18);
        }
    }

    private static void DrawColophon(XGraphics gfx, BookDocument document, double left, double blockWidth, double height)
    {
        var font = BookFont(8.5);
        var lines = document.Colophon.SelectMany(l => Wrap(gfx, l, font, blockWidth)).ToList();
        var y = height - Bottom - (lines.Count * 12);
        foreach (var line in lines)
        {
            gfx.DrawString(line, font, new XSolidBrush(Quiet), left, y += 12);
        }
    }

    private static void DrawContents(XGraphics gfx, BookDocument document, Plan plan, int part, double left, double blockWidth)
    {
        var y = Top;
        if (part == 0)
        {
            gfx.DrawString("Contents", BookFont(18), new XSolidBrush(Ink), left, y + 18);
            y += HeadingHeight;
        }

        var regular = BookFont(10.5);
        var italic = BookFont(10.5, italic: true);
        var first = part * plan.ContentsPerPage;
        var entries = document.Letters.Select((l, i) => (l.Date, l.Occasion, Page: plan.LetterStarts[i]))
            .Append(("Index of names", null, plan.IndexPage))
            .Where(e => e.Page > 0)
            .Skip(first).Take(plan.ContentsPerPage);
        foreach (var (date, occasion, page) in entries)
        {
            y += ContentsLeading;
            var folio = page.ToString(CultureInfo.InvariantCulture);
            var folioWidth = gfx.MeasureString(folio, regular).Width;
            gfx.DrawString(date, regular, new XSolidBrush(Ink), left, y);
            if (occasion is not null)
            {
                var x = left + gfx.MeasureString(date + "   ", regular).Width;
                gfx.DrawString(Fit(gfx, occasion, italic, left + blockWidth - folioWidth - 12 - x), italic, new XSolidBrush(Quiet), x, y);
            }

            gfx.DrawString(folio, regular, new XSolidBrush(Ink), left + blockWidth - folioWidth, y);
        }
    }

    private static void DrawHeading(XGraphics gfx, BookLetter letter, double left, double blockWidth)
    {
        gfx.DrawString(letter.Date, BookFont(14), new XSolidBrush(Ink), left, Top + 13);
        var line = string.Join(" · ", new[] { letter.Occasion, letter.Place }.Where(s => !string.IsNullOrWhiteSpace(s)));
        if (line.Length > 0)
        {
            var italic = BookFont(10.5, italic: true);
            gfx.DrawString(Fit(gfx, line, italic, blockWidth), italic, new XSolidBrush(Quiet), left, Top + 29);
        }
    }

    private static void DrawIndex(XGraphics gfx, Plan plan, int part, double left, double blockWidth)
    {
        var y = Top;
        if (part == 0)
        {
            gfx.DrawString("Index of names", BookFont(18), new XSolidBrush(Ink), left, y + 18);
            y += HeadingHeight;
        }

        var lines = plan.IndexPages[part];
        var columnWidth = (blockWidth - ColumnGap) / 2;
        var regular = BookFont(9.5);
        var heading = BookFont(11);
        var rows = new int[2];
        foreach (var line in lines)
        {
            var x = left + (line.Column * (columnWidth + ColumnGap)) + (line.Continued ? 12 : 0);
            var row = ++rows[line.Column];
            gfx.DrawString(line.Text, line.Letter ? heading : regular, new XSolidBrush(line.Letter ? Quiet : Ink), x, y + (row * IndexLeading));
        }
    }

    /// <summary>Draws text centred in the block, wrapped, from a top baseline; returns the last baseline.</summary>
    private static double Centred(XGraphics gfx, string text, XFont font, double left, double blockWidth, double y, double leading)
    {
        foreach (var line in text.Split('\n').SelectMany(paragraph => Wrap(gfx, paragraph, font, blockWidth * 0.85)))
        {
            var w = gfx.MeasureString(line, font).Width;
            gfx.DrawString(line, font, new XSolidBrush(Ink), left + ((blockWidth - w) / 2), y);
            y += leading;
        }

        return y - leading;
    }

    private static IEnumerable<string> Wrap(XGraphics gfx, string text, XFont font, double width)
    {
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && gfx.MeasureString(candidate, font).Width > width)
            {
                yield return line;
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        yield return line;
    }

    /// <summary>The text, shortened with an ellipsis until it fits the width.</summary>
    private static string Fit(XGraphics gfx, string text, XFont font, double width)
    {
        if (gfx.MeasureString(text, font).Width <= width)
        {
            return text;
        }

        var cut = text.Length;
        while (cut > 1 && gfx.MeasureString(text[..cut].TrimEnd() + "…", font).Width > width)
        {
            cut--;
        }

        return text[..cut].TrimEnd() + "…";
    }
}
