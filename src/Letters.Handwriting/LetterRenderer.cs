using System.Security.Cryptography;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;

namespace Letters.Handwriting;

/// <summary>
/// Renders a <see cref="LetterDocument"/> to a PDF that looks written by hand.
/// <para>
/// Every glyph gets its own transform (rotation, scale, shear, baseline) drifting smoothly from the last,
/// every line its own slope and bow, every word its own ink and pressure. Emitting that through
/// XGraphics would cost a Save/Rotate/DrawString/Restore per glyph; instead each page's writing is one text
/// object with a text matrix per glyph, written through PDFsharp's content API. PDFsharp still owns the
/// font: it embeds the subset and the ToUnicode map, so the text stays selectable and searchable.
/// </para>
/// </summary>
public static class LetterRenderer
{
    private static readonly Lock InitGate = new();
    private static bool initialized;

    /// <summary>
    /// Installs the font resolver that serves the handwriting fonts from this assembly. Called once, before any
    /// rendering, by whichever entry point comes first.
    /// </summary>
    public static void EnsureInitialized()
    {
        if (initialized)
        {
            return;
        }

        lock (InitGate)
        {
            if (initialized)
            {
                return;
            }

            GlobalFontSettings.FontResolver ??= new FontResolver();
            initialized = true;
        }
    }

    /// <summary>
    /// The words of each page of the letter (the envelope left out), as <see cref="Render(LetterDocument)"/> lays them out for the
    /// same document and seed: one line of text a written line, a blank line between the date, the salutation, the
    /// body, the closing and the signature. Only the layout runs, not the drawing, so a book can tell on which page
    /// of a letter a name falls without reading the PDF back.
    /// </summary>
    public static IReadOnlyList<string> PageTexts(LetterDocument document)
    {
        EnsureInitialized();
        var style = Catalogue.FindStyle(document.Style) ?? throw new ArgumentException($"Unknown style '{document.Style}'.", nameof(document));
        var (_, paper, size) = Catalogue.Materials(document);
        var rng = Rng.Hand(document.Seed);
        var hand = Hand.For(style, size, ref rng);
        var written = new[] { LineKind.Date, LineKind.Salutation, LineKind.Body, LineKind.Closing, LineKind.Signature };
        return [.. Layout.Paginate(document, style, Catalogue.Measure(style), size, paper, hand).Select(page =>
        {
            var text = new StringBuilder();
            LineKind? last = null;
            foreach (var line in page.Lines.Where(l => written.Contains(l.Kind)))
            {
                text.Append(last is null ? "" : last == line.Kind ? "\n" : "\n\n").Append(line.Text);
                last = line.Kind;
            }

            return text.ToString();
        })];
    }

    /// <summary>
    /// The letter written in a hand that is not on the shelf: what an admin reviews before approving a hand (nothing
    /// else can order it meanwhile).
    /// </summary>
    public static RenderedLetter Render(LetterDocument document, Hands.HandLibrary hand)
    {
        EnsureInitialized();
        return Pen.PenRenderer.Render(document with { Style = hand.Id }, hand.Style, hand).Letter;
    }

    public static RenderedLetter Render(LetterDocument document)
    {
        EnsureInitialized();
        var style = Catalogue.FindStyle(document.Style) ?? throw new ArgumentException($"Unknown style '{document.Style}'.", nameof(document));
        return style.Kind == StyleKind.Pen
            ? Pen.PenRenderer.Render(document, style).Letter
            : LetterPdf.Write(document, new FontCanvas(document, style));
    }

    /// <summary>
    /// Writes a laid-out page's handwriting onto <paramref name="page"/>: the font and the ink's tones become
    /// page resources, and the glyphs one deflated content stream.
    /// </summary>
    internal static void AppendHandwriting(PdfPage page, PdfFont font, LaidOutPage laidOut, ShapedText shaping, Hand hand, Ink ink, double pageHeight, ref Rng rng)
    {
        var fontName = page.Resources.AddFont(font);
        var colorSpaces = page.Resources.Elements.GetDictionary(PdfResources.Keys.ColorSpace);
        if (colorSpaces is null)
        {
            colorSpaces = new PdfDictionary(page.Owner);
            page.Resources.Elements[PdfResources.Keys.ColorSpace] = colorSpaces;
        }

        colorSpaces.Elements[GlyphWriter.ToneSpace] = new PdfLiteral(GlyphWriter.TonePalette(ink));
        AppendDeflated(page, GlyphWriter.WritePage(laidOut, shaping, hand, ink, fontName, pageHeight, ref rng));
    }

    /// <summary>
    /// Appends a page content stream, deflated here with the runtime's native zlib and marked /FlateDecode so
    /// PDFsharp does not compress it a second time with its managed deflater: the per-glyph stream is the
    /// largest object in the file, and this is where its cost went.
    /// </summary>
    /// <param name="level">zlib's level, 1 (fastest) to 9: pen strokes are mostly coordinates, which a deeper search packs much smaller.</param>
    internal static void AppendDeflated(PdfPage page, ReadOnlySpan<byte> content, int level = 1)
    {
        using var compressed = new MemoryStream(content.Length / 3);
        using (var zlib = new System.IO.Compression.ZLibStream(compressed, new System.IO.Compression.ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true))
        {
            zlib.Write(content);
        }

        var stream = page.Contents.AppendContent();
        stream.CreateStream(compressed.ToArray());
        stream.Elements.SetName("/Filter", "/FlateDecode");
    }

    /// <summary>
    /// Lets PDFsharp create the Type0 font and record every character we will draw, for the subset and the
    /// ToUnicode map; the glyphs themselves are then written by <see cref="GlyphWriter"/>. The scratch page is
    /// removed before saving. Shaped text names its <paramref name="glyphs"/>: alternates and conjuncts that no
    /// character maps to, which the subset must hold all the same.
    /// </summary>
    internal static PdfFont RegisterGlyphs(PdfDocument pdf, XFont font, IReadOnlyList<LaidOutPage> pages, Envelope? envelope, PdfSharp.Fonts.CodePointGlyphIndexPair[]? glyphs = null)
    {
        // Each character once, in order of first use. This runs on every render, over every character of the
        // letter, so it appends runes to one builder rather than making a string per character.
        var seen = new HashSet<int>();
        var distinct = new StringBuilder(128);
        foreach (var page in pages)
        {
            foreach (var line in page.Lines)
            {
                AddDistinct(line.Text, seen, distinct);
            }
        }

        foreach (var line in EnvelopePainter.Texts(envelope))
        {
            AddDistinct(line, seen, distinct);
        }

        AddDistinct(" ", seen, distinct);
        var characters = distinct.ToString();

        // PdfDocument.AddCharacters would register the characters but makes a WinAnsi TrueType font, not the
        // Type0/Identity-H font that two-byte glyph ids need; DrawString on a throwaway page makes the right one.
        var scratch = pdf.AddPage();
        void Shaped(object? sender, PdfSharp.Events.RenderTextEventArgs e) => e.CodePointGlyphIndexPairs = glyphs!;
        if (glyphs is not null)
        {
            pdf.RenderEvents.RenderTextEvent += Shaped;
            // PDFsharp expects one pair per code point of the string drawn, so the string is the pairs' code points.
            characters = string.Concat(glyphs.Select(g => char.ConvertFromUtf32(g.CodePoint)));
        }

        using (var gfx = XGraphics.FromPdfPage(scratch))
        {
            gfx.DrawString(characters, font, XBrushes.Black, 0, 100);
        }

        if (glyphs is not null)
        {
            pdf.RenderEvents.RenderTextEvent -= Shaped;
        }

        var fonts = scratch.Resources.Elements.GetDictionary(PdfResources.Keys.Font)
            ?? throw new InvalidOperationException("PDFsharp did not register the font.");
        var reference = fonts.Elements.Values.OfType<PdfReference>().Single();
        pdf.Pages.Remove(scratch);
        var pdfFont = (PdfFont)reference.Value;
        SetSubsetTag(pdfFont, characters);
        return pdfFont;
    }

    private static void AddDistinct(string text, HashSet<int> seen, StringBuilder distinct)
    {
        Span<char> utf16 = stackalloc char[2];
        foreach (var rune in text.EnumerateRunes())
        {
            if (seen.Add(rune.Value))
            {
                distinct.Append(utf16[..rune.EncodeToUtf16(utf16)]);
            }
        }
    }

    /// <summary>
    /// PDFsharp tags a font subset with six random letters (PDF 32000 §9.6.4 asks only that they differ between
    /// subsets). We derive them from the subset's characters instead, so the same letter gives the same bytes.
    /// </summary>
    private static void SetSubsetTag(PdfFont font, string characters)
    {
        var baseFont = font.Elements.GetName("/BaseFont");
        var plus = baseFont.IndexOf('+', StringComparison.Ordinal);
        if (plus < 0)
        {
            return;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(baseFont[(plus + 1)..] + "\n" + characters));
        var tag = string.Create(6, hash, (span, h) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('A' + (h[i] % 26));
            }
        });
        var name = "/" + tag + baseFont[plus..];
        font.Elements.SetName("/BaseFont", name);
        if (font.Elements.GetArray("/DescendantFonts")?.Elements.GetDictionary(0) is { } descendant)
        {
            descendant.Elements.SetName("/BaseFont", name);
            descendant.Elements.GetDictionary("/FontDescriptor")?.Elements.SetName("/FontName", name);
        }
    }
}
