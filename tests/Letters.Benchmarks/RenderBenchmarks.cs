using BenchmarkDotNet.Attributes;
using Letters.Handwriting;

namespace Letters.Benchmarks;

/// <summary>
/// The standard one-page, ~250-word letter: (a) with full handwriting realism against (b) the same layout as
/// plain PDFsharp text, one DrawString per line, same font. Goal: a/b ≤ 1.5.
/// ./dev.sh bench --filter '*RenderBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class RenderBenchmarks
{
    private readonly LetterDocument letter = SampleLetter.Document(250, style: "kalam", pageSize: "a4");

    [GlobalSetup]
    public void Setup()
    {
        var rendered = LetterRenderer.Render(letter);
        Console.WriteLine($"// standard letter: {letter.Body.Split(' ', '\n').Count(w => w.Length > 0)} words, {rendered.PageCount} page(s), {rendered.Pdf.Length / 1024} KB");
    }

    [Benchmark(Description = "(a) handwriting realism, per-glyph matrices")]
    public byte[] Realistic() => LetterRenderer.Render(letter).Pdf;

    [Benchmark(Baseline = true, Description = "(b) plain DrawString per line")]
    public byte[] Plain() => LetterRenderer.Render(letter, realism: false).Pdf;
}
