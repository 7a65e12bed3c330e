using BenchmarkDotNet.Attributes;
using Letters.Handwriting;

namespace Letters.Benchmarks;

/// <summary>
/// The standard one-page, ~250-word letter: (a) with full handwriting realism against (b) the same layout as
/// plain PDFsharp text, one DrawString per line, same font. Goal: a/b ≤ 1.5.
/// ./dev.sh bench --filter '*RenderBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class RenderBenchmarks
{
    private readonly LetterDocument letter = StandardLetter();

    /// <summary>The standard letter both render benchmarks use.</summary>
    internal static LetterDocument StandardLetter() => SampleLetter.Document(250, style: "kalam", pageSize: "a4");

    [GlobalSetup]
    public void Setup()
    {
        var rendered = LetterRenderer.Render(letter);
        if (rendered.PageCount != 1)
        {
            throw new InvalidOperationException($"The standard letter should fit one page, got {rendered.PageCount}.");
        }

        Console.WriteLine($"// standard letter: {letter.Body.Split(' ', '\n').Count(w => w.Length > 0)} words, {rendered.PageCount} page(s), {rendered.Pdf.Length / 1024} KB");
    }

    [Benchmark(Description = "(a) handwriting realism, per-glyph matrices")]
    public byte[] Realistic() => LetterRenderer.Render(letter).Pdf;

    /// <summary>Diagnostic: the per-glyph content stream alone, without PDFsharp's document and save.</summary>
    [Benchmark(Description = "(c) glyph content only, page 1")]
    public byte[] GlyphContentOnly()
    {
        var style = Catalogue.FindStyle(letter.Style)!;
        var size = Catalogue.FindPageSize(letter.PageSize)!;
        var rng = new Rng(letter.Seed);
        var hand = Hand.For(style, size, ref rng);
        var metrics = FontMetrics.For(style);
        var pages = Layout.Paginate(letter, style, metrics, size, Catalogue.FindPaper(letter.Paper)!, hand);
        return GlyphWriter.WritePage(pages[0], new ShapedText(Shaper.For(style), style, letter.Language), hand, Catalogue.Inks[0], "/F0", size.Height, ref rng);
    }

    private byte[]? content;

    [Benchmark(Description = "(d) deflate page 1 content")]
    public long DeflateOnly()
    {
        content ??= GlyphContentOnly();
        using var compressed = new MemoryStream(content.Length / 3);
        using (var zlib = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(content);
        }

        return compressed.Length * 1000 + content.Length;
    }

    [Benchmark(Baseline = true, Description = "(b) plain DrawString per line")]
    public byte[] Plain() => PlainBaseline.Render(letter);
}
