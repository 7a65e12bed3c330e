using System.Diagnostics;
using Letters.Handwriting;
using Letters.Handwriting.Pen;

namespace Letters.Benchmarks;

/// <summary>
/// The renderer's a/b ratio measured in pairs: (a) and (b) rendered back to back, thousands of times, and the
/// ratio taken within each pair. This VM's speed drifts by ±30% over minutes, and BenchmarkDotNet measures
/// (a) and (b) minutes apart, so its Ratio column moves with the drift; a pair is measured in the same
/// millisecond, so the drift cancels. Rows in one run: the font styles (Kalam, and Caveat) and every pen style,
/// each against plain PDFsharp text of the same layout, with each file's size. Complements <see cref="RenderBenchmarks"/>,
/// which gives the per-letter times and allocations.
/// ./dev.sh bench render-pairs [pairs]
/// </summary>
internal static class RenderPairs
{
    public static int Run(string[] options)
    {
        var pairs = options.Length > 0 ? int.Parse(options[0], System.Globalization.CultureInfo.InvariantCulture) : 3000;
        var letter = RenderBenchmarks.StandardLetter();
        Pair("font style (kalam), shaped with HarfBuzz, A4, 250 words", letter, pairs, goal: 1.5);

        // The same with every word shaped afresh, as if no word of the letter had been written before.
        var shaper = Shaper.For(Catalogue.FindStyle(letter.Style)!);
        Pair("font style (kalam), every word shaped afresh", letter, pairs, goal: 1.5, before: shaper.Forget);
        var caveat = letter with { Style = "caveat" };
        Pair("font style (caveat), A4, 250 words", caveat, pairs, goal: 1.5);
        Size(letter);
        Size(caveat);
        foreach (var style in Catalogue.Styles.Where(s => s.Kind == StyleKind.Pen))
        {
            var pen = RenderBenchmarks.StandardLetter() with { Style = style.Id };
            Pair($"pen style ({style.Id}), A4, 250 words", pen, pairs, goal: 3);
            Size(pen);
            for (var page = 1; page <= PlotterFiles.PageCount(pen); page++)
            {
                Console.WriteLine($"  SVG page {page}: {System.Text.Encoding.UTF8.GetByteCount(PlotterFiles.Svg(pen, page)) / 1024.0:F0} KB (goal ≤ 300 KB)");
            }
        }

        return 0;
    }

    private static void Size(LetterDocument letter)
    {
        var rendered = LetterRenderer.Render(letter);
        Console.WriteLine($"  {letter.Style} PDF: {rendered.PageCount} page(s), {rendered.Pdf.Length / 1024.0:F0} KB, {rendered.Pdf.Length / 1024.0 / rendered.PageCount:F0} KB a page (goal ≤ 250 KB a page)");
    }

    /// <summary>
    /// ./dev.sh bench plot-time: what a page takes to plot in writing order and in the plotter's order (nearest stroke
    /// first, either end), for every pen style: travel, drawing, and the time at the default feeds.
    /// </summary>
    public static int PlotTime()
    {
        var settings = new PlotterSettings();
        foreach (var style in Catalogue.Styles.Where(s => s.Kind == StyleKind.Pen))
        {
            var pen = RenderBenchmarks.StandardLetter() with { Style = style.Id };
            var (written, plotted) = PlotterFiles.Estimate(pen, 1, settings);
            Console.WriteLine($"{style.Id}, page 1: {written.Strokes} strokes, drawn {written.DrawnMm / 1000:F1} m; travel {written.TravelMm / 1000:F1} m as written, {plotted.TravelMm / 1000:F1} m ordered ({1 - (plotted.TravelMm / written.TravelMm):P0} less); time {written.Time.TotalMinutes:F1} min as written, {plotted.Time.TotalMinutes:F1} min ordered");
        }

        return 0;
    }

    /// <summary>
    /// ./dev.sh bench hand-pairs [pairs]: each demo hand's library built from its capture (timed, goal ≤ 2 s), then a
    /// one-page A4 letter written in the hand against the same letter in Allure, pair by pair (goal: median ≤ 1.5).
    /// </summary>
    public static int HandPairs(string[] options)
    {
        var pairs = options.Length > 0 ? int.Parse(options[0], System.Globalization.CultureInfo.InvariantCulture) : 500;
        var seed = 1UL;
        foreach (var (slug, name, font) in Letters.Handwriting.Hands.DemoHand.Writers)
        {
            var captured = Letters.Handwriting.Hands.DemoHand.Generate(slug, name, font, seed++);
            Letters.Handwriting.Hands.HandLibrary.Build(captured);
            var builds = Enumerable.Range(0, 5).Select(_ =>
            {
                var start = Stopwatch.GetTimestamp();
                Catalogue.Shelve(Letters.Handwriting.Hands.HandLibrary.Build(captured));
                return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }).Order().ToList();
            Console.WriteLine($"{name}: library built from {captured.Samples.Count} boxes, {captured.Samples.Sum(s => s.Traces.Sum(t => t.Points.Count)):N0} points: median {builds[2]:F0} ms, worst {builds[^1]:F0} ms of 5 (goal ≤ 2,000 ms)");
        }

        foreach (var hand in Catalogue.ShelvedHands)
        {
            var letter = RenderBenchmarks.StandardLetter() with { Style = hand.Id, PageSize = "a4", Body = SampleLetter.FirstWords(100) };
            var allure = letter with { Style = "allure" };
            var (mine, theirs) = (PenRenderer.Write(letter, hand.Style), PenRenderer.Write(allure, Catalogue.FindStyle("allure")!));
            Console.WriteLine($"  {hand.Id}: {LetterRenderer.Render(letter).PageCount} page(s), {LetterRenderer.Render(letter).Pdf.Length / 1024} KB, {mine.Pages.Sum(p => p.Strokes.Count)} strokes, {mine.Pages.Sum(p => p.Strokes.Sum(s => s.Points.Length))} points; Allure {LetterRenderer.Render(allure).PageCount}, {LetterRenderer.Render(allure).Pdf.Length / 1024} KB, {theirs.Pages.Sum(p => p.Strokes.Count)} strokes, {theirs.Pages.Sum(p => p.Strokes.Sum(s => s.Points.Length))} points");
            var timer = Stopwatch.StartNew();
            for (var i = 0; i < 50; i++)
            {
                PenRenderer.Write(letter, hand.Style);
            }

            var handWrite = timer.Elapsed.TotalMilliseconds / 50;

            timer.Restart();
            for (var i = 0; i < 50; i++)
            {
                PenRenderer.Write(allure, Catalogue.FindStyle("allure")!);
            }

            Console.WriteLine($"  strokes alone: {handWrite:F1} ms in the hand, {timer.Elapsed.TotalMilliseconds / 50:F1} ms in Allure");
            Pair($"{hand.Name} against Allure, A4, one page", letter, pairs, goal: 1.5, baseline: allure, labels: (hand.Id, "allure"));
        }

        return 0;
    }

    private static void Pair(string name, LetterDocument letter, int pairs, double goal, Action? before = null, LetterDocument? baseline = null, (string A, string B)? labels = null)
    {
        byte[] B() => baseline is null ? PlainBaseline.Render(letter) : LetterRenderer.Render(baseline).Pdf;
        for (var i = 0; i < Math.Min(300, pairs); i++)
        {
            LetterRenderer.Render(letter);
            B();
        }

        var a = new double[pairs];
        var b = new double[pairs];
        var ratios = new double[pairs];
        for (var i = 0; i < pairs; i++)
        {
            // Alternate which goes first, so neither always inherits the other's garbage.
            var realisticFirst = i % 2 == 0;
            before?.Invoke();
            var first = Stopwatch.GetTimestamp();
            _ = realisticFirst ? LetterRenderer.Render(letter).Pdf : B();
            var second = Stopwatch.GetTimestamp();
            _ = realisticFirst ? B() : LetterRenderer.Render(letter).Pdf;
            var end = Stopwatch.GetTimestamp();
            var firstTime = Stopwatch.GetElapsedTime(first, second).TotalMicroseconds;
            var secondTime = Stopwatch.GetElapsedTime(second, end).TotalMicroseconds;
            (a[i], b[i]) = realisticFirst ? (firstTime, secondTime) : (secondTime, firstTime);
            ratios[i] = a[i] / b[i];
        }

        Array.Sort(a);
        Array.Sort(b);
        Array.Sort(ratios);
        double At(double[] values, double quantile) => values[(int)(quantile * (values.Length - 1))];
        Console.WriteLine($"{name}, {pairs} pairs, alternating order");
        var (la, lb) = labels ?? ("realism", "plain");
        Console.WriteLine($"  (a) {la,-14} p10 {At(a, 0.1) / 1000:F3} ms  median {At(a, 0.5) / 1000:F3} ms  p90 {At(a, 0.9) / 1000:F3} ms");
        Console.WriteLine($"  (b) {lb,-14} p10 {At(b, 0.1) / 1000:F3} ms  median {At(b, 0.5) / 1000:F3} ms  p90 {At(b, 0.9) / 1000:F3} ms");
        Console.WriteLine($"  a/b within a pair  p10 {At(ratios, 0.1):F2}  median {At(ratios, 0.5):F2}  p90 {At(ratios, 0.9):F2}   (goal: median ≤ {goal})");
    }
}
