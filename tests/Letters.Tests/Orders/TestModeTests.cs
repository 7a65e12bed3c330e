using System.Net;
using System.Text.Json;
using Letters.Domain;
using Letters.Features.Orders;
using Letters.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Letters.Tests.Orders;

public sealed class TestModeTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_test_order_with_auto_draft_goes_all_the_way_to_a_final_letter_the_client_can_download()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => { b["auto_draft"] = true; b["signature"] = "Henri"; }));
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();

        var completed = await fixture.App.Services.GetRequiredService<TestAutopilot>().RunOnceAsync(Ct);

        Assert.Equal(1, completed);
        using var proof = await client.Http.GetAsync(new Uri($"/v1/orders/{id}/proof.pdf", UriKind.Relative), Ct);
        using var letter = await client.Http.GetAsync(new Uri($"/v1/orders/{id}/letter.pdf", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, proof.StatusCode);
        Assert.Equal(HttpStatusCode.OK, letter.StatusCode);
        var text = await PdfText.ExtractAsync(await letter.Content.ReadAsByteArrayAsync(Ct));
        Assert.Contains("Dear Claire,", text, StringComparison.Ordinal);
        Assert.Contains("Fifty years since the almond croissant", text, StringComparison.Ordinal);
        Assert.Contains("With all my love, Henri", text, StringComparison.Ordinal);
        Assert.Contains("12 Rue Cler", text, StringComparison.Ordinal);

        using var events = await client.Http.GetAsync(new Uri($"/v1/orders/{id}/events", UriKind.Relative), Ct);
        var types = (await events.JsonAsync()).GetProperty("data").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(["received", "queued", "claimed", "draft_submitted", "proof_ready", "approved", "rendered", "delivered"], types);
        await using var db = fixture.App.NewDbContext();
        var renditions = await db.Renditions.Where(r => r.OrderId == id).ToListAsync(Ct);
        Assert.Equal([RenditionKind.Proof, RenditionKind.Final], renditions.OrderBy(r => r.Kind).Select(r => r.Kind));
        foreach (var r in renditions)
        {
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await fixture.App.DocumentAsync(r.Sha256))), r.Sha256);
        }
    }

    [Fact]
    public async Task An_autopilot_account_a_crash_left_without_its_writer_is_mended_and_test_letters_are_written()
    {
        // What a crash between the two saves of earlier versions left behind: the account, and no writer record.
        Guid userId;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var user = new StaffUser { Id = Guid.CreateVersion7(), UserName = TestAutopilot.WriterEmail, Email = TestAutopilot.WriterEmail, DisplayName = "Test autopilot" };
            Assert.True((await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().CreateAsync(user)).Succeeded);
            userId = user.Id;
        }

        var client = await ApiClients.CreateAsync(fixture.App);
        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["auto_draft"] = true));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        Assert.Equal(1, await fixture.App.Services.GetRequiredService<TestAutopilot>().RunOnceAsync(Ct));
        Assert.Equal(0, await fixture.App.Services.GetRequiredService<TestAutopilot>().RunOnceAsync(Ct));
        await using var db = fixture.App.NewDbContext();
        Assert.Single(await db.Writers.Where(w => w.UserId == userId).ToListAsync(Ct));
        Assert.Single(await db.Users.Where(u => u.Email == TestAutopilot.WriterEmail).ToListAsync(Ct));
    }

    [Fact]
    public async Task A_window_letter_carries_the_address_on_page_one_and_has_no_envelope_page()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        using var window = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => { b["auto_draft"] = true; b["page_size"] = "us_letter"; b["address_placement"] = "window"; }));
        var from = new Dictionary<string, object> { ["name"] = "Henri Dubois", ["address_line1"] = "350 Fifth Avenue", ["city"] = "New York", ["region"] = "NY", ["postal_code"] = "10118", ["country"] = "US" };
        using var envelope = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => { b["auto_draft"] = true; b["page_size"] = "us_letter"; b["envelope_size"] = "c5"; b["return_address"] = from; }));
        Assert.Equal(HttpStatusCode.Created, window.StatusCode);
        var windowOrder = await window.JsonAsync();
        Assert.Equal("window", windowOrder.GetProperty("address_placement").GetString());
        Assert.Equal("us10", windowOrder.GetProperty("envelope_size").GetString());
        Assert.True(envelope.StatusCode == HttpStatusCode.Created, await envelope.Content.ReadAsStringAsync(Ct));
        var envelopeOrder = await envelope.JsonAsync();
        Assert.Equal("c5", envelopeOrder.GetProperty("envelope_size").GetString());
        Assert.Equal("US", envelopeOrder.GetProperty("return_address").GetProperty("country").GetString());

        Assert.Equal(2, await fixture.App.Services.GetRequiredService<TestAutopilot>().RunOnceAsync(Ct));

        async Task<byte[]> LetterAsync(JsonElement order)
        {
            using var letter = await client.Http.GetAsync(new Uri($"/v1/orders/{order.GetProperty("id").GetGuid()}/letter.pdf", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.OK, letter.StatusCode);
            return await letter.Content.ReadAsByteArrayAsync(Ct);
        }

        var windowPdf = await LetterAsync(windowOrder);
        var envelopePdf = await LetterAsync(await envelope.JsonAsync());
        var firstPage = await PdfText.ExtractAsync(windowPdf, page: 1);
        Assert.Contains("PARIS", firstPage, StringComparison.Ordinal);
        using var windowDoc = UglyToad.PdfPig.PdfDocument.Open(windowPdf);
        using var envelopeDoc = UglyToad.PdfPig.PdfDocument.Open(envelopePdf);
        Assert.All(windowDoc.GetPages(), p => Assert.Equal((612, 792), ((int)p.Width, (int)p.Height)));
        var last = envelopeDoc.GetPage(envelopeDoc.NumberOfPages);
        Assert.Equal((649, 459), ((int)last.Width, (int)last.Height));

        // The return address is written on the envelope, as USPS reads a US address: in capitals.
        var envelopeText = await PdfText.ExtractAsync(envelopePdf, page: envelopeDoc.NumberOfPages);
        Assert.Contains("NEW YORK NY 10118", envelopeText, StringComparison.Ordinal);
        Assert.Contains("PARIS", envelopeText, StringComparison.Ordinal);
        Assert.True(Letters.Handwriting.Preflight.Check(windowPdf, "us_letter").Passed);
    }

    [Theory]
    [InlineData("address_placement", "window", "a5")]
    [InlineData("address_placement", "letterbox", "a4")]
    [InlineData("envelope_size", "c4", "a4")]
    [InlineData("return_address.city", null, "a4")]
    public async Task An_envelope_choice_the_service_cannot_make_is_a_400_on_its_field(string field, string? value, string pageSize)
    {
        var client = await ApiClients.CreateAsync(fixture.App);

        using var response = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b =>
        {
            b["page_size"] = pageSize;
            if (field.StartsWith("return_address", StringComparison.Ordinal))
            {
                b["return_address"] = new Dictionary<string, object> { ["name"] = "Henri", ["address_line1"] = "1 Rue Cler", ["postal_code"] = "75007", ["country"] = "FR" };
            }
            else
            {
                b[field] = value!;
            }
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Live_keys_cannot_ask_for_auto_draft_and_test_orders_without_it_wait_for_a_person()
    {
        var live = await ApiClients.CreateAsync(fixture.App, ApiKeyMode.Live);
        var test = await ApiClients.CreateAsync(fixture.App);

        using var liveAuto = await live.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["auto_draft"] = true));
        using var manual = await test.PostOrderAsync(ApiClients.OrderBody(fixture.Clock));
        await fixture.App.Services.GetRequiredService<TestAutopilot>().RunOnceAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, liveAuto.StatusCode);
        Assert.True((await liveAuto.JsonAsync()).GetProperty("errors").TryGetProperty("auto_draft", out _));
        var manualId = (await manual.JsonAsync()).GetProperty("id").GetGuid();
        await using var db = fixture.App.NewDbContext();
        Assert.Equal(OrderStatus.Queued, await db.Orders.Where(o => o.Id == manualId).Select(o => o.Status).SingleAsync(Ct));
    }
}
