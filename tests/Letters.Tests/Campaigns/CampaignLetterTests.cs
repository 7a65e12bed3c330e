using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Letters.Domain;
using Letters.Features.Orders;
using Letters.Tests.Infrastructure;
using Letters.Tests.Webhooks;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace Letters.Tests.Campaigns;

public sealed class CampaignLetterTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[][] Donors =
    [
        CampaignSteps.Row(1, name: "Anna Lind", gift: "the reading room"),
        CampaignSteps.Row(2, name: "Emma Berg", gift: "the reading room"),
        CampaignSteps.Row(3, name: "Lena Holm", gift: "the science wing"),
        CampaignSteps.Row(4, name: "Nora Dahl", gift: "the music library"),
    ];

    [Fact]
    public async Task A_campaign_letter_becomes_every_recipients_own_letter_and_the_print_file_matches_its_manifest()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        await using var receiver = await WebhookReceiver.StartAsync();
        await client.AddEndpointAsync(receiver.Url, ["campaign.ready", "campaign.rendering", "campaign.done"]);
        var campaign = await client.CreateCampaignAsync(fixture.Clock, "one_letter", b => b["auto_draft"] = true);
        await client.UploadAndStartAsync(fixture.App, campaign, CampaignSteps.Csv(Donors));

        var writing = await client.CampaignAsync(campaign);
        Assert.Equal(("writing", 4), (writing.GetProperty("state").GetString(), writing.GetProperty("counts").GetProperty("orders_created").GetInt32()));
        var letterOrder = writing.GetProperty("letter_order_id").GetGuid();
        await using (var db = fixture.App.NewDbContext())
        {
            var statuses = await db.Orders.Where(o => o.CampaignId == campaign).OrderBy(o => o.CampaignRow).Select(o => new { o.Id, o.Status }).ToListAsync(Ct);
            Assert.Equal([OrderStatus.Queued, OrderStatus.Received, OrderStatus.Received, OrderStatus.Received], statuses.Select(s => s.Status));
            Assert.Equal(letterOrder, statuses[0].Id);
        }

        // The autopilot writes and approves the one letter; the campaign then renders it for everyone.
        await fixture.App.Services.GetRequiredService<TestAutopilot>().RunOnceAsync(Ct);
        Assert.Equal("rendering", (await client.CampaignAsync(campaign)).GetProperty("state").GetString());
        await fixture.App.WorkAsync();
        var done = await client.CampaignAsync(campaign);
        Assert.Equal(("done", 100, 4), (done.GetProperty("state").GetString(), done.GetProperty("percent").GetInt32(), done.GetProperty("counts").GetProperty("letters_rendered").GetInt32()));

        // The client heard of the states it asked for, each message carrying the campaign.
        await fixture.App.DeliverAsync();
        Assert.Equal(["campaign.done", "campaign.ready", "campaign.rendering"], receiver.Accepted.Select(r => r.Type).Order(StringComparer.Ordinal));
        Assert.Equal(100, receiver.Accepted.Single(r => r.Type == "campaign.done").Json.GetProperty("data").GetProperty("campaign").GetProperty("percent").GetInt32());

        // Each recipient is greeted by name in their own letter.
        await using var read = fixture.App.NewDbContext();
        var rows = await read.Orders.Where(o => o.CampaignId == campaign)
            .Join(read.Renditions.Where(r => r.Kind == RenditionKind.Final), o => o.Id, r => r.OrderId, (o, r) => new { o.Id, Row = o.CampaignRow!.Value, r.Sha256, r.PageCount })
            .OrderBy(x => x.Row).ToListAsync(Ct);
        var finals = new List<(Guid Id, int Row, byte[] Pdf, string Sha256, int PageCount)>();
        foreach (var row in rows)
        {
            finals.Add((row.Id, row.Row, await fixture.App.DocumentAsync(row.Sha256), row.Sha256, row.PageCount));
        }

        Assert.Equal([2, 3, 4, 5], finals.Select(f => f.Row));
        for (var i = 0; i < finals.Count; i++)
        {
            Assert.Contains($"Dear {Donors[i][1]},", await PdfText.ExtractAsync(finals[i].Pdf), StringComparison.Ordinal);
        }

        // The manifest lists every letter in row order, and the print file's pages are those letters' pages.
        using var manifestResponse = await client.Http.GetAsync(new Uri($"/v1/campaigns/{campaign}/manifest.csv", UriKind.Relative), Ct);
        var manifest = (await manifestResponse.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.Split(',')).Select(f => (Row: int.Parse(f[0], CultureInfo.InvariantCulture), Order: Guid.Parse(f[1]), Pages: int.Parse(f[2], CultureInfo.InvariantCulture), Sha: f[3])).ToList();
        Assert.Equal(finals.Select(f => (f.Row, f.Id, f.PageCount, f.Sha256)), manifest.Select(m => (m.Row, m.Order, m.Pages, m.Sha)));
        Assert.All(finals, f => Assert.Equal(f.Sha256, Convert.ToHexStringLower(SHA256.HashData(f.Pdf))));

        using var print = await client.Http.GetAsync(new Uri($"/v1/campaigns/{campaign}/letters.pdf", UriKind.Relative), Ct);
        Assert.Equal("application/pdf", print.Content.Headers.ContentType!.MediaType);
        var printPdf = await print.Content.ReadAsByteArrayAsync(Ct);
        using (var document = PdfDocument.Open(printPdf))
        {
            Assert.Equal(manifest.Sum(m => m.Pages), document.NumberOfPages);
        }

        var page = 1;
        foreach (var letter in finals)
        {
            for (var p = 1; p <= letter.PageCount; p++, page++)
            {
                Assert.Equal(await PdfText.ExtractAsync(letter.Pdf, p), await PdfText.ExtractAsync(printPdf, page));
            }
        }

        // Rendered letters stay: a done campaign cannot be cancelled.
        using var cancel = await client.Http.PostAsync(new Uri($"/v1/campaigns/{campaign}/cancel", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);

        using var events = await client.Http.GetAsync(new Uri($"/v1/campaigns/{campaign}/events", UriKind.Relative), Ct);
        Assert.Equal(["awaiting_file", "validating", "ready", "importing", "writing", "in_review", "rendering", "done"],
            (await events.JsonAsync()).EnumerateArray().Select(e => e.GetProperty("to_state").GetString()));
    }

    [Fact]
    public async Task A_writer_writes_the_letter_once_with_merge_fields_review_sees_it_for_others_and_no_two_letters_are_alike()
    {
        var client = await ApiClients.CreateAsync(fixture.App, ApiKeyMode.Live);
        var campaign = await client.CreateCampaignAsync(fixture.Clock, "one_letter");
        await client.UploadAndStartAsync(fixture.App, campaign, CampaignSteps.Csv(Donors.Take(3)));
        var letterOrder = (await client.CampaignAsync(campaign)).GetProperty("letter_order_id").GetGuid();

        var writer = await Staff.CreateAsync(fixture.App, StaffRoles.Writer, Staff.WriterPassword, Staff.EveryOccasion, ["en"]);
        using var writerHttp = await SignInAsync(writer.Email, Staff.WriterPassword);
        using var claim = await writerHttp.PostAsync(new Uri("/writer/api/claims", UriKind.Relative), null, Ct);
        var claimed = await claim.JsonAsync();
        Assert.Equal(letterOrder, claimed.GetProperty("order_id").GetGuid());
        var attempt = claimed.GetProperty("attempt").GetInt32();
        var workspace = await writerHttp.GetStringAsync(new Uri($"/writer/letters/{letterOrder}", UriKind.Relative), Ct);
        Assert.Contains("{{custom.gift}}", workspace, StringComparison.Ordinal);

        await SaveAsync(writerHttp, letterOrder, attempt, 0, "Thank you for {{custom.nope}}.");
        using var unknown = await writerHttp.PostAsJsonAsync($"/writer/api/letters/{letterOrder}/submit", new { attempt, version = 1 }, ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.Conflict, unknown.StatusCode);
        Assert.Contains("{{custom.nope}}", (await unknown.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        await SaveAsync(writerHttp, letterOrder, attempt, 1,
            "Your gift made {{custom.gift}} possible this winter. Everyone in {{city}} who opens a book there owes you a little of the quiet they find.");
        using var submitted = await writerHttp.PostAsJsonAsync($"/writer/api/letters/{letterOrder}/submit", new { attempt, version = 2 }, ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.NoContent, submitted.StatusCode);
        Assert.Equal("in_review", (await client.CampaignAsync(campaign)).GetProperty("state").GetString());

        // Review reads the letter as the other recipients will, and can see their proofs.
        var admin = await Staff.CreateAsync(fixture.App, StaffRoles.Admin, Staff.WriterPassword);
        using var adminHttp = await SignInAsync(admin.Email, Staff.WriterPassword);
        var review = await adminHttp.GetStringAsync(new Uri($"/admin/review/{letterOrder}", UriKind.Relative), Ct);
        Assert.Contains("Dear Emma,", review, StringComparison.Ordinal);
        Assert.Contains("Your gift made the science wing possible", review, StringComparison.Ordinal);
        using var preview = await adminHttp.GetAsync(new Uri($"/admin/review/{letterOrder}?handler=CampaignPreview&row=3", UriKind.Relative), Ct);
        Assert.Equal("application/pdf", preview.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Dear Emma,", await PdfText.ExtractAsync(await preview.Content.ReadAsByteArrayAsync(Ct)), StringComparison.Ordinal);

        using var approved = await adminHttp.PostAsync(new Uri($"/admin/review/{letterOrder}?handler=Approve", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Forms.Token(review) }), Ct);
        Assert.Equal("rendering", (await client.CampaignAsync(campaign)).GetProperty("state").GetString());
        await fixture.App.WorkAsync();
        Assert.Equal("done", (await client.CampaignAsync(campaign)).GetProperty("state").GetString());

        await using var db = fixture.App.NewDbContext();
        var pdfs = await db.Orders.Where(o => o.CampaignId == campaign).OrderBy(o => o.CampaignRow)
            .Join(db.Renditions.Where(r => r.Kind == RenditionKind.Final), o => o.Id, r => r.OrderId, (o, r) => r.Sha256).ToListAsync(Ct);
        Assert.Contains("Dear Lena, Your gift made the science wing possible", await PdfText.ExtractAsync(await fixture.App.DocumentAsync(pdfs[2])), StringComparison.Ordinal);

        // Anna's and Emma's letters say the same but for the name (of the same length): every glyph stands elsewhere.
        var anna = Glyphs(await fixture.App.DocumentAsync(pdfs[0]));
        var emma = Glyphs(await fixture.App.DocumentAsync(pdfs[1]));
        Assert.Equal(anna.Count, emma.Count);
        Assert.True(anna.Count > 150, $"{anna.Count} glyphs");
        Assert.All(anna.Zip(emma), pair => Assert.True(Math.Abs(pair.First.X - pair.Second.X) + Math.Abs(pair.First.Y - pair.Second.Y) > 0.05,
            $"'{pair.First.Char}' at ({pair.First.X:F2}, {pair.First.Y:F2}) in both letters"));
    }

    [Fact]
    public async Task Cancelling_a_campaign_before_rendering_cancels_its_letters_with_an_event_each()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        var campaign = await client.CreateCampaignAsync(fixture.Clock, "one_letter");
        await client.UploadAndStartAsync(fixture.App, campaign, CampaignSteps.Csv(Donors));

        using var cancel = await client.Http.PostAsync(new Uri($"/v1/campaigns/{campaign}/cancel", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", (await cancel.JsonAsync()).GetProperty("state").GetString());
        await using var db = fixture.App.NewDbContext();
        var orders = await db.Orders.Where(o => o.CampaignId == campaign).Select(o => new { o.Id, o.Status }).ToListAsync(Ct);
        Assert.Equal(4, orders.Count);
        Assert.All(orders, o => Assert.Equal(OrderStatus.Cancelled, o.Status));
        var ids = orders.Select(o => o.Id).ToList();
        Assert.Equal(4, await db.OrderEvents.CountAsync(e => ids.Contains(e.OrderId) && e.Type == OrderEventTypes.Cancelled, Ct));
        using var again = await client.Http.PostAsync(new Uri($"/v1/campaigns/{campaign}/cancel", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    private static List<(char Char, double X, double Y)> Glyphs(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return [.. document.GetPage(1).Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)).Select(l => (l.Value[0], l.StartBaseLine.X, l.StartBaseLine.Y))];
    }

    [Fact]
    public async Task A_campaign_letter_the_client_cancels_as_an_order_takes_its_campaign_and_letters_with_it()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        var campaign = await client.CreateCampaignAsync(fixture.Clock, "one_letter");
        await client.UploadAndStartAsync(fixture.App, campaign, CampaignSteps.Csv(Donors));
        var letter = (await client.CampaignAsync(campaign)).GetProperty("letter_order_id").GetGuid();

        using var cancelled = await client.Http.PostAsync(new Uri($"/v1/orders/{letter}/cancel", UriKind.Relative), null, Ct);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await client.CampaignAsync(campaign)).GetProperty("state").GetString());
        await using var db = fixture.App.NewDbContext();
        Assert.All(await db.Orders.Where(o => o.CampaignId == campaign).Select(o => o.Status).ToListAsync(Ct), s => Assert.Equal(OrderStatus.Cancelled, s));
    }

    [Fact]
    public async Task Cells_a_spreadsheet_would_run_as_formulas_are_escaped_in_the_report()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        var campaign = await client.CreateCampaignAsync(fixture.Clock, "one_letter");
        var rows = new[] { CampaignSteps.Row(1), CampaignSteps.Row(2, country: "=HYPERLINK(\"http://evil.example\",\"x\")") };
        using var upload = await client.UploadAsync(campaign, CampaignSteps.Csv(rows));
        await fixture.App.WorkAsync();

        var report = await client.Http.GetStringAsync(new Uri($"/v1/campaigns/{campaign}/report.csv", UriKind.Relative), Ct);

        Assert.DoesNotContain(",=HYPERLINK", report, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=HYPERLINK", report, StringComparison.Ordinal);
        Assert.Contains("'=HYPERLINK", report, StringComparison.Ordinal);
    }

    private static async Task SaveAsync(HttpClient writer, Guid order, int attempt, int baseVersion, string body)
    {
        using var saved = await writer.PostAsJsonAsync($"/writer/api/letters/{order}/drafts", new Dictionary<string, object>
        {
            ["attempt"] = attempt, ["base_version"] = baseVersion, ["salutation"] = "Dear {{first_name}},", ["body"] = body, ["closing"] = "With heartfelt thanks,", ["signature"] = "The Library",
        }, ApiClients.Json, Ct);
        saved.EnsureSuccessStatusCode();
    }

    private async Task<HttpClient> SignInAsync(string email, string password)
    {
        var http = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        using var login = await http.PostAsJsonAsync("/account/api/login", new { email, password }, ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        return http;
    }
}
