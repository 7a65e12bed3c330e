using System.Net;
using System.Net.Http.Json;
using Letters.Domain;
using Letters.Features.Orders;
using Letters.Handwriting;
using Letters.Tests.Campaigns;
using Letters.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Letters.Tests.Orders;

/// <summary>
/// A letter that cannot be laid out is refused when it is written, saying what to shorten; one that still fails when
/// it is drawn fails alone, with a reason, and never holds up another.
/// </summary>
public sealed class LetterFitTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string TooWide = "The Friends of the Bath Royal Literary and Scientific Institution";

    [Fact]
    public async Task A_signature_too_wide_for_the_page_is_refused_when_ordered_saying_how_much_fits()
    {
        var client = await ApiClients.CreateAsync(fixture.App);

        using var refused = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["signature"] = TooWide));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var message = (await refused.JsonAsync()).GetProperty("errors").GetProperty("signature")[0].GetString()!;
        Assert.Contains("too wide for one line on A5 paper", message, StringComparison.Ordinal);
        Assert.Matches(@"about \d+ of its 65 characters fit", message);
    }

    [Fact]
    public async Task An_address_line_too_wide_for_the_envelope_is_refused_by_its_field()
    {
        var client = await ApiClients.CreateAsync(fixture.App);

        using var refused = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => ((Dictionary<string, object?>)b["recipient"]!)["address_line1"] =
            "The Old Rectory at the End of the Long Lane Behind the Church of Saint Mary"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.JsonAsync()).GetProperty("errors");
        Assert.Contains("envelope (C6)", errors.GetProperty("recipient.address_line1")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_signature_is_written_further_left_and_its_final_passes_the_print_check()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => { b["auto_draft"] = true; b["signature"] = "The Friends of Bath Library"; }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();

        await fixture.App.Services.GetRequiredService<TestAutopilot>().RunOnceAsync(Ct);

        using var letter = await client.Http.GetAsync(new Uri($"/v1/orders/{id}/letter.pdf", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, letter.StatusCode);
        var pdf = await letter.Content.ReadAsByteArrayAsync(Ct);
        Assert.True(Preflight.Check(pdf, "a5").Passed);
        Assert.Contains("The Friends of Bath Library", await PdfText.ExtractAsync(pdf), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_test_letter_that_cannot_be_drawn_fails_alone_with_its_reason_and_the_next_one_is_written()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        // The autopilot greets the recipient by first name: this one fits the envelope but not "Dear …," on one line.
        using var first = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b =>
        {
            b["auto_draft"] = true;
            ((Dictionary<string, object?>)b["recipient"]!)["name"] = "Bartholomewaaaaaaaaaaaaaaaaaa Martin";
        }));
        using var second = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["auto_draft"] = true));
        var failing = (await first.JsonAsync()).GetProperty("id").GetGuid();
        var next = (await second.JsonAsync()).GetProperty("id").GetGuid();

        await fixture.App.Services.GetRequiredService<TestAutopilot>().RunOnceAsync(Ct);
        // Another pass takes nothing: the failed letter is not tried again and again.
        Assert.Equal(0, await fixture.App.Services.GetRequiredService<TestAutopilot>().RunOnceAsync(Ct));

        using var failed = await client.Http.GetAsync(new Uri($"/v1/orders/{failing}", UriKind.Relative), Ct);
        Assert.Equal("failed", (await failed.JsonAsync()).GetProperty("status").GetString());
        using var timeline = await client.Http.GetAsync(new Uri($"/v1/orders/{failing}/events", UriKind.Relative), Ct);
        var last = (await timeline.JsonAsync()).GetProperty("data").EnumerateArray().Last();
        Assert.Equal("failed", last.GetProperty("type").GetString());
        Assert.Contains("salutation", last.GetProperty("note").GetString(), StringComparison.Ordinal);
        using var written = await client.Http.GetAsync(new Uri($"/v1/orders/{next}/letter.pdf", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
    }

    [Fact]
    public async Task A_campaign_recipient_whose_letter_cannot_be_drawn_fails_alone_and_the_campaign_finishes()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        var campaign = await client.CreateCampaignAsync(fixture.Clock, "one_letter", b => b["auto_draft"] = true);
        var rows = new[] { CampaignSteps.Row(1, name: "Anna Lind"), CampaignSteps.Row(2, name: "Bart Holm"), CampaignSteps.Row(3, name: "Nora Dahl") };
        rows[1][1] = "Bartholomewaaaaaaaaaaaaaaaaaaaaaaaa";
        await client.UploadAndStartAsync(fixture.App, campaign, CampaignSteps.Csv(rows));
        await fixture.App.Services.GetRequiredService<TestAutopilot>().RunOnceAsync(Ct);
        await fixture.App.WorkAsync();

        var done = await client.CampaignAsync(campaign);
        Assert.Equal(("done", 2), (done.GetProperty("state").GetString(), done.GetProperty("counts").GetProperty("letters_rendered").GetInt32()));
        await using var db = fixture.App.NewDbContext();
        var statuses = await db.Orders.Where(o => o.CampaignId == campaign).OrderBy(o => o.CampaignRow).Select(o => o.Status).ToListAsync(Ct);
        Assert.Equal([OrderStatus.Approved, OrderStatus.Failed, OrderStatus.Approved], statuses);
        var note = await db.CampaignEvents.Where(e => e.CampaignId == campaign).OrderByDescending(e => e.Id).Select(e => e.Note).FirstAsync(Ct);
        Assert.Contains("1 could not be drawn", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Emoji_and_arabic_in_the_brief_are_taken_since_only_the_writer_reads_it()
    {
        var client = await ApiClients.CreateAsync(fixture.App);

        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["brief"] = "Her favourite word was مرحبا and she signed every card 🌻; mention the sunflowers."));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var drawn = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => { b["signature"] = "Henri 🌻"; b["style"] = "caveat"; }));
        Assert.Equal(HttpStatusCode.BadRequest, drawn.StatusCode);
        Assert.True((await drawn.JsonAsync()).GetProperty("errors").TryGetProperty("signature", out _));
    }

    [Fact]
    public async Task A_draft_whose_signature_is_too_wide_is_flagged_as_it_is_written_and_refused_at_submit()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock));
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        var writer = await Staff.CreateAsync(fixture.App, StaffRoles.Writer, Staff.WriterPassword, Staff.EveryOccasion, ["en"]);
        using var http = await SignInAsync(writer.Email, Staff.WriterPassword);
        using var claim = await http.PostAsync(new Uri("/writer/api/claims", UriKind.Relative), null, Ct);
        var attempt = (await claim.JsonAsync()).GetProperty("attempt").GetInt32();

        using var saved = await http.PostAsJsonAsync($"/writer/api/letters/{id}/drafts", Draft(attempt, 0, TooWide), ApiClients.Json, Ct);
        using var submitted = await http.PostAsJsonAsync($"/writer/api/letters/{id}/submit", new { attempt, version = 1 }, ApiClients.Json, Ct);

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("Shorten it", (await saved.JsonAsync()).GetProperty("unfit").GetProperty("signature")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, submitted.StatusCode);
        Assert.Contains("too wide", (await submitted.JsonAsync()).GetProperty("errors").GetProperty("signature")[0].GetString(), StringComparison.Ordinal);
        await using var db = fixture.App.NewDbContext();
        Assert.Equal(OrderStatus.Claimed, (await db.Orders.SingleAsync(o => o.Id == id, Ct)).Status);
    }

    [Fact]
    public async Task An_approval_whose_final_cannot_be_made_leaves_the_letter_in_review_and_tells_the_admin_why()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock));
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        var writer = await Staff.CreateAsync(fixture.App, StaffRoles.Writer, Staff.WriterPassword, Staff.EveryOccasion, ["en"]);
        using (var http = await SignInAsync(writer.Email, Staff.WriterPassword))
        {
            using var claim = await http.PostAsync(new Uri("/writer/api/claims", UriKind.Relative), null, Ct);
            var attempt = (await claim.JsonAsync()).GetProperty("attempt").GetInt32();
            (await http.PostAsJsonAsync($"/writer/api/letters/{id}/drafts", Draft(attempt, 0, "Henri"), ApiClients.Json, Ct)).EnsureSuccessStatusCode();
            (await http.PostAsJsonAsync($"/writer/api/letters/{id}/submit", new { attempt, version = 1 }, ApiClients.Json, Ct)).EnsureSuccessStatusCode();
        }

        // The submitted text changed behind the layout's back (a font update, say): the final cannot be made.
        await using (var db = fixture.App.NewDbContext())
        {
            await db.Drafts.Where(d => d.OrderId == id).ExecuteUpdateAsync(set => set.SetProperty(d => d.Signature, TooWide), Ct);
        }

        var admin = await Staff.CreateAsync(fixture.App, StaffRoles.Admin, Staff.WriterPassword);
        using var adminHttp = await SignInAsync(admin.Email, Staff.WriterPassword);
        var page = await adminHttp.GetStringAsync(new Uri($"/admin/review/{id}", UriKind.Relative), Ct);
        using var approved = await adminHttp.PostAsync(new Uri($"/admin/review/{id}?handler=Approve", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Forms.Token(page), ["notes"] = "" }), Ct);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Contains("could not be made", System.Net.WebUtility.HtmlDecode(await approved.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        await using var read = fixture.App.NewDbContext();
        Assert.Equal(OrderStatus.InReview, (await read.Orders.SingleAsync(o => o.Id == id, Ct)).Status);
        Assert.False(await read.Renditions.AnyAsync(r => r.OrderId == id && r.Kind == RenditionKind.Final, Ct));
    }

    private static Dictionary<string, object> Draft(int attempt, int baseVersion, string signature) => new()
    {
        ["attempt"] = attempt, ["base_version"] = baseVersion, ["salutation"] = "My dearest Claire,",
        ["body"] = "Fifty years since the almond croissant. Biscuit still waits by the door.", ["closing"] = "With all my love,", ["signature"] = signature,
    };

    private async Task<HttpClient> SignInAsync(string email, string password)
    {
        var http = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        using var login = await http.PostAsJsonAsync("/account/api/login", new { email, password }, ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        return http;
    }
}
