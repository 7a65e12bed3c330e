using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Letters.Domain;
using Letters.Handwriting.Books;
using Letters.Tests.Infrastructure;
using Letters.Tests.StandingOrders;
using Letters.Tests.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Letters.Tests.Books;

public sealed partial class BookTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Memories =
    [
        "the summer in Lisbon when Aunt Rose lost her hat on the tram", "the winter the boiler broke and we slept by the fire with Biscuit",
        "the walk along the cliffs at Étretat in the rain", "the night at the Café Procope when we argued about Proust",
        "the first time we took Lena to the sea at Deauville", "the garden on Rue Cler and the tomatoes that never came",
    ];

    [Fact]
    public async Task A_book_of_60_letters_lists_each_on_the_page_where_it_begins_with_the_gutter_and_page_count_printers_require()
    {
        fixture.Clock.Set(new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.Zero));
        var client = await ApiClients.CreateAsync(fixture.App);
        var claire = await client.RecipientAsync();
        var orders = new List<Guid>();
        for (var i = 0; i < 60; i++)
        {
            // Long letters, about three A5 pages each, a month apart: five years of letters.
            var memories = string.Join(" ", Enumerable.Range(0, 6).Select(k => $"Remember {Memories[(i + k) % Memories.Length]}; I think of it whenever the light is like that."));
            orders.Add(await client.WrittenLetterAsync(fixture.App, fixture.Clock, claire, b => { b["brief"] = $"Letter {i + 1}. {memories} {memories}"; b["length"] = "long"; }));
            fixture.Clock.Advance(TimeSpan.FromDays(30));
        }

        // Neither a letter to someone else nor one still being written belongs in Claire's book.
        await client.WrittenLetterAsync(fixture.App, fixture.Clock);
        using var unwritten = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => { b.Remove("recipient"); b["recipient_id"] = claire; }));

        using var created = await client.PostBookAsync(new { recipient_id = claire, title = "Fifty Years of Mornings", dedication = "For Claire, who kept every one of them." });
        var asked = await created.JsonAsync();
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        Assert.Equal("queued", asked.GetProperty("state").GetString());
        Assert.Equal(60, asked.GetProperty("letters_total").GetInt32());
        var id = asked.GetProperty("id").GetGuid();
        using (var early = await client.Http.GetAsync(new Uri($"/v1/books/{id}/book.pdf", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, early.StatusCode);
        }

        await fixture.App.BuildAsync();
        var book = await client.BookJsonAsync(id);
        Assert.Equal("done", book.GetProperty("state").GetString());
        Assert.Equal(100, book.GetProperty("percent").GetInt32());
        var pdf = await client.Http.GetByteArrayAsync(new Uri($"/v1/books/{id}/book.pdf", UriKind.Relative), Ct);
        using var document = PdfDocument.Open(pdf);
        Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults"));
        await File.WriteAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestResults", "book-of-60-letters.pdf"), pdf, Ct);

        // The page count the printer is told is the file's: at least 24, a multiple of 4, every page 6 × 9 in.
        var pageCount = book.GetProperty("page_count").GetInt32();
        Assert.Equal(document.NumberOfPages, pageCount);
        Assert.True(pageCount >= 151 && pageCount % 4 == 0, $"{pageCount} pages");
        Assert.All(document.GetPages(), p => Assert.Equal((432.0, 648.0), (Math.Round(p.Width, 1), Math.Round(p.Height, 1))));

        // Over 150 pages the binding takes half an inch: on the left of right-hand pages, the right of left-hand ones.
        var gutter = book.GetProperty("gutter_inches").GetDouble();
        Assert.Equal(PrintRules.GutterInches(pageCount), gutter);
        Assert.Equal(0.5, gutter);

        // The contents, read back from its pages, give each letter's date and a page; the letter begins there, headed
        // with that date, and no other page begins a letter.
        var contents = ContentsOf(document);
        Assert.Equal(60, contents.Count);
        var starts = document.GetPages().Where(p => HeadingOf(p) is not null).Select(p => (Date: HeadingOf(p)!, Page: p.Number)).ToList();
        Assert.Equal(contents, starts);
        await using var db = fixture.App.NewDbContext();
        var dates = await db.Orders.Where(o => orders.Contains(o.Id)).OrderBy(o => o.DeliverBy).Select(o => o.DeliverBy).ToListAsync(Ct);
        Assert.Equal(dates.Select(d => d.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)), contents.Select(c => c.Date));
        Assert.Equal(contents.Select(c => c.Page), book.GetProperty("contents").EnumerateArray().Select(e => e.GetProperty("page").GetInt32()));
        Assert.NotEqual(BookComposer.OutsideInches, gutter);
        Assert.Contains(starts, s => s.Page % 2 == 0);
        Assert.Contains(starts, s => s.Page % 2 == 1);
        foreach (var (_, page) in starts)
        {
            var first = document.GetPage(page).GetWords().First();
            Assert.Equal((page % 2 == 1 ? gutter : BookComposer.OutsideInches) * 72, first.BoundingBox.Left, 0.6);
        }

        // Each letter is set as it was sent: its page shows the final letter's own words.
        var firstLetter = await client.Http.GetByteArrayAsync(new Uri($"/v1/orders/{orders[0]}/letter.pdf", UriKind.Relative), Ct);
        Assert.Contains(await PdfText.ExtractAsync(firstLetter, 1), await PdfText.ExtractAsync(pdf, starts[0].Page), StringComparison.Ordinal);

        // The index of names sends the reader to every letter's first page for Claire, and to Lisbon's pages.
        var index = string.Join(' ', document.GetPages().Select(p => string.Join(' ', p.GetWords().Select(w => w.Text))).SkipWhile(t => !t.StartsWith("Index of names", StringComparison.Ordinal)));
        Assert.Contains("Claire", index, StringComparison.Ordinal);
        Assert.Contains("Lisbon", index, StringComparison.Ordinal);
        Assert.Contains("Aunt Rose", index, StringComparison.Ordinal);

        var events = await db.BookEvents.Where(e => e.BookId == id).OrderBy(e => e.Id).Select(e => e.ToState).ToListAsync(Ct);
        Assert.Equal([BookState.Queued, BookState.Building, BookState.Done], events);
    }

    [Fact]
    public async Task A_book_asked_for_wrongly_is_a_400_by_field_one_with_no_letters_a_409_and_another_clients_a_404()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        using (var bad = await client.PostBookAsync(new { trim = "octavo", from = "2027-05-01", to = "2027-01-01", title = new string('T', 121) }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var errors = (await bad.JsonAsync()).GetProperty("errors");
            Assert.True(errors.TryGetProperty("trim", out _) && errors.TryGetProperty("to", out _) && errors.TryGetProperty("title", out _), errors.ToString());
        }

        using (var stranger = await client.PostBookAsync(new { recipient_id = Guid.NewGuid() }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, stranger.StatusCode);
            Assert.True((await stranger.JsonAsync()).GetProperty("errors").TryGetProperty("recipient_id", out _));
        }

        using (var none = await client.PostBookAsync(new { }))
        {
            Assert.Equal(HttpStatusCode.Conflict, none.StatusCode);
        }

        var id = await client.BookAsync(fixture.App, fixture.Clock);
        var other = await ApiClients.CreateAsync(fixture.App);
        using var foreign = await other.Http.GetAsync(new Uri($"/v1/books/{id}", UriKind.Relative), Ct);
        using var foreignPdf = await other.Http.GetAsync(new Uri($"/v1/books/{id}/book.pdf", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignPdf.StatusCode);
        using var list = await other.Http.GetAsync(new Uri("/v1/books", UriKind.Relative), Ct);
        Assert.Equal(0, (await list.JsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task A_book_whose_builder_died_is_built_by_the_next_once_its_lease_runs_out_and_one_that_keeps_dying_fails()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        await using var receiver = await WebhookReceiver.StartAsync();
        await client.AddEndpointAsync(receiver.Url, ["book.done", "book.failed"]);
        var dead = await client.BookAsync(fixture.App, fixture.Clock);
        var cursed = await client.BookAsync(fixture.App, fixture.Clock);
        var now = fixture.Clock.GetUtcNow();

        // As a builder leaves a book it took and never finished: building, its lease still running.
        await using var db = fixture.App.NewDbContext();
        await db.Database.ExecuteSqlAsync($"UPDATE books SET state = 'building', attempts = 1, lease_until = {now.AddMinutes(5)} WHERE id = {dead}", Ct);
        await db.Database.ExecuteSqlAsync($"UPDATE books SET state = 'building', attempts = 3, lease_until = {now.AddMinutes(5)} WHERE id = {cursed}", Ct);
        Assert.False(await fixture.App.Services.GetRequiredService<Letters.Features.Books.BookBuilder>().BuildOnceAsync(Ct));

        fixture.Clock.Advance(TimeSpan.FromMinutes(6));
        await fixture.App.BuildAsync();
        await fixture.App.BuildAsync();
        var built = await client.BookJsonAsync(dead);
        var failed = await client.BookJsonAsync(cursed);
        Assert.Equal("done", built.GetProperty("state").GetString());
        Assert.Equal("failed", failed.GetProperty("state").GetString());
        Assert.Contains("3 times", failed.GetProperty("failure_reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, await db.Books.Where(b => b.Id == dead).Select(b => b.Attempts).SingleAsync(Ct));
        Assert.Equal(BookState.Failed, await db.BookEvents.Where(e => e.BookId == cursed).OrderBy(e => e.Id).Select(e => e.ToState).LastAsync(Ct));

        // The client is told of both by webhook, with the book as GET /v1/books/{id} shows it.
        await fixture.App.DeliverAsync();
        var told = receiver.Accepted.ToDictionary(m => m.Type);
        Assert.Equal(["book.done", "book.failed"], told.Keys.Order());
        Assert.Equal(dead, told["book.done"].Json.GetProperty("data").GetProperty("book").GetProperty("id").GetGuid());
        Assert.Equal(24, told["book.done"].Json.GetProperty("data").GetProperty("book").GetProperty("page_count").GetInt32());
        Assert.Equal(cursed, told["book.failed"].Json.GetProperty("data").GetProperty("book").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_letter_whose_pages_break_otherwise_today_is_bound_with_the_pages_that_were_sent()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        var order = await client.WrittenLetterAsync(fixture.App, fixture.Clock);

        // As if an earlier renderer had set it on two pages and its envelope, where today's sets it on one.
        var sent = Handwriting.LetterRenderer.Render(Handwriting.SampleLetter.Document(900, "allure") with
        {
            Envelope = new Handwriting.Envelope(["Claire Martin", "12 Rue Cler", "75007 Paris", "France"]),
        });
        Assert.Equal(3, sent.PageCount);
        await using (var db = fixture.App.NewDbContext())
        {
            var sha256 = await fixture.App.Services.GetRequiredService<Letters.Infrastructure.Documents>().PutAsync(sent.Pdf, "application/pdf", Ct);
            await db.Renditions.Where(r => r.OrderId == order && r.Kind == RenditionKind.Final)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Sha256, sha256).SetProperty(r => r.PageCount, sent.PageCount), Ct);
        }

        using var created = await client.PostBookAsync(new { });
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        await fixture.App.BuildAsync();
        var book = await client.BookJsonAsync(id);
        Assert.Equal("done", book.GetProperty("state").GetString());
        var entry = Assert.Single(book.GetProperty("contents").EnumerateArray());
        Assert.Equal(2, entry.GetProperty("pages").GetInt32());
        var pdf = await client.Http.GetByteArrayAsync(new Uri($"/v1/books/{id}/book.pdf", UriKind.Relative), Ct);
        var first = entry.GetProperty("page").GetInt32();
        Assert.Contains(await PdfText.ExtractAsync(sent.Pdf, 2), await PdfText.ExtractAsync(pdf, first + 1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_title_or_dedication_the_books_typeface_cannot_print_is_refused_by_its_characters()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        await client.WrittenLetterAsync(fixture.App, fixture.Clock);

        using var emoji = await client.PostBookAsync(new { title = "Our years 🌻" });
        using var arabic = await client.PostBookAsync(new { dedication = "إلى كلير، مع كل حبي" });

        Assert.Equal(HttpStatusCode.BadRequest, emoji.StatusCode);
        Assert.Contains("🌻", (await emoji.JsonAsync()).GetProperty("errors").GetProperty("title")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, arabic.StatusCode);
        Assert.Contains("إ", (await arabic.JsonAsync()).GetProperty("errors").GetProperty("dedication")[0].GetString(), StringComparison.Ordinal);
        using var accented = await client.PostBookAsync(new { title = "Lettres à Claire, Œuvres complètes" });
        Assert.Equal(HttpStatusCode.Accepted, accented.StatusCode);
    }

    /// <summary>The contents' lines as (date, page), read from the pages headed "Contents" and those that follow it.</summary>
    private static List<(string Date, int Page)> ContentsOf(PdfDocument document)
    {
        var entries = new List<(string, int)>();
        foreach (var page in document.GetPages().SkipWhile(p => p.GetWords().FirstOrDefault()?.Text != "Contents"))
        {
            var lines = page.GetWords().GroupBy(w => Math.Round(w.BoundingBox.Bottom)).OrderByDescending(g => g.Key)
                .Select(g => string.Join(' ', g.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text))).ToList();
            var found = lines.Select(l => Entry().Match(l)).Where(m => m.Success).ToList();
            if (found.Count == 0 && entries.Count > 0)
            {
                break;
            }

            entries.AddRange(found.Select(m => (m.Groups[1].Value, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))));
        }

        return entries;
    }

    /// <summary>The date a page is headed with when a letter begins on it: set larger than the contents' dates.</summary>
    private static string? HeadingOf(Page page)
    {
        var words = page.GetWords().Take(3).ToList();
        var first = string.Join(' ', words.Select(w => w.Text));
        return Heading().IsMatch(first) && words[0].Letters[0].PointSize > 12 ? first : null;
    }

    [GeneratedRegex(@"^(\d{1,2} [A-Z][a-z]+ \d{4}) .*?(\d+)$")]
    private static partial Regex Entry();

    [GeneratedRegex(@"^\d{1,2} [A-Z][a-z]+ \d{4}$")]
    private static partial Regex Heading();
}
