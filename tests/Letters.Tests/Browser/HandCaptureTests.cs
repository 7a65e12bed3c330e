using Letters.Domain;
using Letters.Handwriting;
using Letters.Handwriting.Hands;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Letters.Tests.Browser;

/// <summary>
/// A writer's own hand, in real Chromium: consent, boxes written with pointer events on the capture page's canvas,
/// resumed after a reload, sent for review; an admin judges a page written in it and approves it, and it is a style;
/// the writer downloads it as InkML and withdraws it. The strokes replayed are a demo hand's (generated from a plotter
/// font), moved through the page as a mouse moves.
/// </summary>
[Collection(Serial.Name)]
public sealed class HandCaptureTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Lazy<CapturedHand> Replayed = new(() => DemoHand.Generate("replay", "Replay", "EMSTech.svg", 9));

    [Fact]
    public async Task A_writer_captures_their_hand_resumes_it_sends_it_for_review_and_an_approved_hand_is_a_style_until_withdrawn()
    {
        var first = $"Quill{Guid.NewGuid():N}"[..13];
        var writer = await Staff.CreateAsync(fixture.App, StaffRoles.Writer, BrowserFixture.Password, ["anniversary"], name: $"{first} Hale");
        var page = await fixture.SignInAtAsync(writer.Email, "/writer/hand");

        // Nothing is captured before consent.
        await page.GetByRole(AriaRole.Button, new() { Name = "Begin capturing" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Tick the box to agree");
        await page.GetByLabel("I agree that Letters may write the letters I write in my own hand").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Begin capturing" }).ClickAsync();
        await Assertions.Expect(page.Locator("#prompt")).ToHaveTextAsync("a");

        // The first two boxes written with the pointer, as a pen moves over the canvas.
        foreach (var box in new[] { 0, 1 })
        {
            await Assertions.Expect(page.Locator("#box-label")).ToContainTextAsync($"Box {box + 1} of {HandPrompts.All.Count}");
            await WriteAsync(page, Replayed.Value.Samples.Single(s => s.Box == box));
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and next" }).ClickAsync();
            await Assertions.Expect(page.Locator("#written-count")).ToHaveTextAsync($"{box + 1}");
        }

        await BrowserFixture.ScreenshotAsync(page, "hand-capture-1280");

        // A day later, on a phone: the page resumes at the first box not yet written.
        var phone = await page.Context.Browser!.NewContextAsync(new() { BaseURL = fixture.BaseUrl, ViewportSize = new() { Width = 390, Height = 844 }, StorageState = await page.Context.StorageStateAsync() });
        var narrow = await phone.NewPageAsync();
        await narrow.GotoAsync("/writer/hand");
        await Assertions.Expect(narrow.Locator("#box-label")).ToContainTextAsync($"Box 3 of {HandPrompts.All.Count}");
        await Assertions.Expect(narrow.Locator("#written-count")).ToHaveTextAsync("2");
        Assert.True(await narrow.Locator("#box").EvaluateAsync<double>("c => c.getBoundingClientRect().right") <= 390, "the writing box fits a phone");
        await BrowserFixture.ScreenshotAsync(narrow, "hand-capture-390");
        await phone.CloseAsync();

        // The rest of what a review needs, through the page's own door (the same request its Save button sends).
        Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = "Send my hand for review" }).IsDisabledAsync());
        var needed = HandPrompts.Essential.Concat(HandPrompts.All.Where(p => p.Kind != PromptKind.Sentence && p.Repetition <= 3).Select(p => p.Box)).Where(b => b > 1).Distinct().ToList();
        var strokes = needed.Select(b => new { box = b, traces = Replayed.Value.Samples.Single(s => s.Box == b).Traces.Select(t => t.Points.Select(p => new[] { p.X, p.Y, p.T, p.Pressure }).ToArray()).ToArray() }).ToList();
        await page.EvaluateAsync("async boxes => { for (const b of boxes) await window.handCapture.send(b.box, b.traces); }", strokes);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send my hand for review" })).ToBeEnabledAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send my hand for review" }).ClickAsync();
        await Assertions.Expect(page.Locator("#hand-state")).ToContainTextAsync("submitted");

        // The admin reads a page written in it before approving; until then nothing can order it.
        await using var db = fixture.App.NewDbContext();
        var hand = await db.Hands.AsNoTracking().SingleAsync(h => h.WriterId == writer.WriterId, Ct);
        Assert.Equal(first.ToLowerInvariant(), hand.Slug);
        Assert.Null(Catalogue.FindStyle(hand.StyleId));
        var admin = await fixture.SignInAtAsync(await fixture.AdminAsync(), "/admin/hands");
        await admin.GetByRole(AriaRole.Link, new() { Name = $"{first}'s hand" }).ClickAsync();
        await admin.ArriveAtAsync($"/admin/hands/{hand.Id}");
        var sample = await admin.Context.APIRequest.GetAsync($"/admin/hands/{hand.Id}?handler=Sample");
        Assert.Equal("application/pdf", sample.Headers["content-type"]);
        Assert.Contains("Fifty years", (await PdfText.ExtractAsync(await sample.BodyAsync())).ReplaceLineEndings(" "), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(admin, "hand-review-1280");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#hand-summary")).ToContainTextAsync("approved");

        var style = Catalogue.FindStyle(hand.StyleId);
        Assert.NotNull(style);
        Assert.Equal($"{first}'s hand", style.Name);
        Assert.Equal(StyleKind.Pen, style.Kind);
        var moves = await db.HandEvents.Where(e => e.HandId == hand.Id && e.FromState != null).OrderBy(e => e.Id).Select(e => e.ToState).ToListAsync(Ct);
        Assert.Equal([HandState.Submitted, HandState.Approved], moves);

        // The writer takes their hand away as InkML, then withdraws it: off the shelf, the boxes deleted.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#hand-state")).ToContainTextAsync(hand.StyleId);
        var inkml = await page.Context.APIRequest.GetAsync("/writer/hand?handler=Inkml");
        var text = await inkml.TextAsync();
        Assert.Contains("http://www.w3.org/2003/InkML", text, StringComparison.Ordinal);
        Assert.Equal(needed.Count + 2, InkMl.Read("hand:x", "x", new MemoryStream(await inkml.BodyAsync())).Samples.Count);
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByText("Your hand's data").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Withdraw consent and delete my hand" }).ClickAsync();
        await Assertions.Expect(page.Locator("#hand-state")).ToContainTextAsync("withdrawn");
        Assert.Null(Catalogue.FindStyle(hand.StyleId));
        Assert.Equal(0, await db.HandSamples.CountAsync(s => s.HandId == hand.Id, Ct));
        await admin.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>Moves the mouse along a sample's traces inside the canvas, pressing for each, as a pen would.</summary>
    private static async Task WriteAsync(IPage page, Letters.Handwriting.Hands.HandSample sample)
    {
        var box = (await page.Locator("#box").BoundingBoxAsync())!;
        var (xHeight, baseline, left) = (box.Height / 5, box.Y + (box.Height * 0.62), box.X + (box.Width * 0.06));
        foreach (var trace in sample.Traces)
        {
            var points = trace.Points.Where((_, i) => i % 3 == 0 || i == trace.Points.Count - 1).ToList();
            await page.Mouse.MoveAsync((float)(left + (points[0].X * xHeight)), (float)(baseline - (points[0].Y * xHeight)));
            await page.Mouse.DownAsync();
            foreach (var p in points.Skip(1))
            {
                await page.Mouse.MoveAsync((float)(left + (p.X * xHeight)), (float)(baseline - (p.Y * xHeight)));
            }

            await page.Mouse.UpAsync();
        }
    }
}
