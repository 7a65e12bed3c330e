using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Letters.Benchmarks;

// ./dev.sh bench [--filter *Render*]: BenchmarkDotNet picks from the benchmarks in this assembly.
// ./dev.sh bench render-pairs [pairs]: the renderer's a/b ratio measured pair by pair.
// ./dev.sh gallery [dir]: writes the style × paper gallery.
// ./dev.sh load-floor [--instances 3] [--seconds 60]: ordering and claiming together on several app processes.
// ./dev.sh load-soak [--instances 3] [--seconds 300] [--rate 100]: several instances for minutes under a connection limit, one restarted.
// ./dev.sh bench-webhooks [--orders 1000] [--instances 2]: event-to-delivery latency and deliveries/s.
// ./dev.sh bench-campaigns [--rows 10000] [--single 2000]: a campaign's import against COPY, rendering on one core and both, the print file.
// ./dev.sh bench-book [--letters 200] [--builds 3]: a book of letters built by the app, its time and peak memory.
// ./dev.sh bench-claims [--sizes 10000,100000,1000000]: the writer queue's claim throughput and latency.
// ./dev.sh load-orders [--rate 300] [--seconds 60]: orders arriving at a steady rate at a running server.
// ./dev.sh seed-history [--orders 1000000]: years of history in the dev database.
// ./dev.sh bench-pages [--orders 1000000]: every page and list on demo data and on a seeded history, side by side.
// ./dev.sh bench hand-pairs [pairs]: a writer's hand built and written, against Allure.
if (args is ["hand-pairs", .. var handOptions])
{
    return RenderPairs.HandPairs(handOptions);
}

if (args is ["render-pairs", .. var pairOptions])
{
    return RenderPairs.Run(pairOptions);
}

// ./dev.sh bench plot-time: a page's plot in writing order and in the plotter's order, every pen style.
if (args is ["plot-time"])
{
    return RenderPairs.PlotTime();
}

// ./dev.sh bench pen-parts: where a pen letter's time goes (strokes alone against the whole PDF).
if (args is ["pen-levels"])
{
    // ./dev.sh bench pen-levels: the pen letter's time and size at each zlib level, side by side.
    var pen = RenderBenchmarks.StandardLetter() with { Style = Letters.Handwriting.Catalogue.DefaultPenStyle };
    var style = Letters.Handwriting.Catalogue.FindStyle(pen.Style)!;
    for (var round = 0; round < 2; round++)
    {
        foreach (var level in new[] { 1, 2, 3, 4, 5, 6 })
        {
            Letters.Handwriting.Pen.PenRenderer.Level = level;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var size = 0;
            for (var i = 0; i < 100; i++) { size = Letters.Handwriting.Pen.PenRenderer.Render(pen, style).Letter.Pdf.Length; }
            Console.WriteLine($"level {level}: {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds / 100:F2} ms, {size / 1024} KB");
        }
    }

    return 0;
}

if (args is ["pen-parts"])
{
    var pen = RenderBenchmarks.StandardLetter() with { Style = Letters.Handwriting.Catalogue.DefaultPenStyle };
    var style = Letters.Handwriting.Catalogue.FindStyle(pen.Style)!;
    for (var round = 0; round < 3; round++)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var i = 0; i < 200; i++) { Letters.Handwriting.Pen.PenRenderer.Write(pen, style); }
        var write = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds / 200;
        started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var i = 0; i < 200; i++) { Letters.Handwriting.Pen.PenRenderer.Render(pen, style); }
        var render = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds / 200;
        var writing = Letters.Handwriting.Pen.PenRenderer.Write(pen, style);
        var points = writing.Pages.Sum(p => p.Strokes.Sum(s => s.Points.Length));
        started = System.Diagnostics.Stopwatch.GetTimestamp();
        var raw = 0;
        var deflated = 0;
        for (var i = 0; i < 200; i++)
        {
            raw = 0;
            foreach (var page in writing.Pages)
            {
                var content = new Letters.Handwriting.Pen.ContentBuffer(page.Strokes.Sum(s => s.Points.Length) * 26);
                Letters.Handwriting.Pen.Ribbon.Write(content, page.Strokes, Letters.Handwriting.Catalogue.Inks[0], writing.Nib, writing.Size.Height);
                raw += content.Length;
            }
        }

        var ink = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds / 200;
        var smooth = writing.Pages.Sum(p => p.Strokes.Sum(s => Letters.Handwriting.Pen.StrokeShape.Smooth(s.Points).Count));
        var pieces = writing.Pages.Sum(p => p.Strokes.Sum(s => Letters.Handwriting.Pen.Ribbon.Shape(s, writing.Nib).Pieces.Count));
        Console.WriteLine($"centre-line curves {smooth}, ribbon pieces {pieces}");
        var one = new Letters.Handwriting.Pen.ContentBuffer(1 << 20);
        foreach (var page in writing.Pages)
        {
            Letters.Handwriting.Pen.Ribbon.Write(one, page.Strokes, Letters.Handwriting.Catalogue.Inks[0], writing.Nib, writing.Size.Height);
        }

        started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var i = 0; i < 200; i++)
        {
            using var compressed = new MemoryStream();
            using (var zlib = new System.IO.Compression.ZLibStream(compressed, new System.IO.Compression.ZLibCompressionOptions { CompressionLevel = Letters.Handwriting.Pen.PenRenderer.Level }, leaveOpen: true))
            {
                zlib.Write(one.Written);
            }

            deflated = (int)compressed.Length;
        }

        var deflate = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds / 200;
        Console.WriteLine($"strokes only {write:F2} ms, ribbons written {ink:F2} ms ({raw / 1024} KB), deflated {deflate:F2} ms ({deflated / 1024} KB), whole PDF {render:F2} ms, {points} points, {writing.Pages.Sum(p => p.Strokes.Count)} strokes");
    }

    // The fullest one-page A4 letter: the size of a full page of pen writing.
    var full = Enumerable.Range(10, 30).Select(n => n * 10)
        .Select(words => (Words: words, Letter: Letters.Handwriting.LetterRenderer.Render(pen with { Body = Letters.Handwriting.SampleLetter.FirstWords(words) })))
        .Last(r => r.Letter.PageCount == 1);
    Console.WriteLine($"a full A4 page ({full.Words} words): {full.Letter.Pdf.Length / 1024} KB");
    return 0;
}

if (args is ["gallery", .. var rest])
{
    return Gallery.Run(rest.Length > 0 ? rest[0] : "gallery");
}

if (args is ["bench-book", .. var bookOptions])
{
    return await BookLoad.RunAsync(bookOptions);
}

if (args is ["load-orders", .. var options])
{
    return await OrderLoad.RunAsync(options);
}

if (args is ["load-soak", .. var soakOptions])
{
    return await SoakLoad.RunAsync(soakOptions);
}

if (args is ["load-floor", .. var floorOptions])
{
    return await FloorLoad.RunAsync(floorOptions);
}

if (args is ["seed-history", .. var historyOptions])
{
    return await HistorySeed.RunAsync(historyOptions);
}

if (args is ["bench-pages", .. var pageOptions])
{
    return await PageLoad.RunAsync(pageOptions);
}

if (args is ["bench-webhooks", .. var webhookOptions])
{
    return await WebhookLoad.RunAsync(webhookOptions);
}

if (args is ["bench-campaigns", .. var campaignOptions])
{
    return await CampaignLoad.RunAsync(campaignOptions);
}

if (args is ["bench-documents", .. var documentOptions])
{
    return await DocumentLoad.RunAsync(documentOptions);
}

if (args is ["bench-claims", .. var claimOptions])
{
    return await ClaimLoad.RunAsync(claimOptions);
}

// In process: BenchmarkDotNet's generated project cannot restore here (it asks the package source for ASP.NET
// Core's parts, which come with the shared framework instead), and the renderer needs no process isolation.
var config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance));
BenchmarkSwitcher.FromAssembly(typeof(RenderBenchmarks).Assembly).Run(args, config);
return 0;
