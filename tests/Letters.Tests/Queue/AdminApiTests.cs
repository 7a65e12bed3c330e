using System.Net;
using System.Net.Http.Json;
using Letters.Domain;
using Letters.Features.Writers;
using Letters.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Letters.Tests.Queueing;

/// <summary>What admins do over <c>/admin/api</c>, through the same use cases as the admin pages.</summary>
public sealed class AdminApiTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private const string Password = "Admin-api-2026";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Writer_statistics_count_delivered_work_time_to_submit_and_what_review_sent_back()
    {
        var writerEmail = (await Staff.CreateAsync(fixture.App, StaffRoles.Writer, Password, Staff.EveryOccasion, ["en"], capacity: 5, name: "Stat Writer")).Email;
        var writer = await SignInAsync(writerEmail);
        var admin = await SignInAsync((await Staff.CreateAsync(fixture.App, StaffRoles.Admin, Password)).Email);
        var client = await ApiClients.CreateAsync(fixture.App, ApiKeyMode.Live);

        // Letter one: two hours to the first submission, sent back once, then approved.
        var first = await WriteAsync(client, writer, TimeSpan.FromHours(2));
        await ReviewAsync(admin, first, "RequestChanges");
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        await SubmitAsync(writer, first, version: 2);
        await ReviewAsync(admin, first, "Approve");
        // Letter two: four hours, approved at once, and delivered.
        var second = await WriteAsync(client, writer, TimeSpan.FromHours(4));
        await ReviewAsync(admin, second, "Approve");
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync(new Uri($"/v1/orders/{second}/letter.pdf", UriKind.Relative), Ct)).StatusCode);

        await fixture.App.Services.GetRequiredService<StatisticsRefresher>().RefreshAsync(Ct);
        var rows = await admin.GetFromJsonAsync<List<Dictionary<string, object?>>>("/admin/api/writers", ApiClients.Json, Ct);

        var row = Assert.Single(rows!, r => r["display_name"]?.ToString() == "Stat Writer");
        Assert.Equal("1", row["delivered"]?.ToString());
        // The revision is not a second claim: the times are 2 h and 4 h, and the lower median is taken.
        Assert.Equal("120", row["median_minutes_to_submit"]?.ToString());
        Assert.StartsWith("0.33", row["sent_back_share"]?.ToString(), StringComparison.Ordinal);

        // A test client's delivery never counts; the live one counted once, on its day, for the queues page's chart.
        var test = await ApiClients.CreateAsync(fixture.App);
        var practice = await WriteAsync(test, writer, TimeSpan.FromHours(1));
        await ReviewAsync(admin, practice, "Approve");
        Assert.Equal(HttpStatusCode.OK, (await test.Http.GetAsync(new Uri($"/v1/orders/{practice}/letter.pdf", UriKind.Relative), Ct)).StatusCode);
        await using var db = fixture.App.NewDbContext();
        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);
        Assert.Equal([(today, 1)], (await db.DeliveryDays.ToListAsync(Ct)).Select(d => (d.Day, d.Delivered)));
    }

    [Fact]
    public async Task An_admin_makes_a_letter_rush_and_the_timeline_says_so()
    {
        var admin = await SignInAsync((await Staff.CreateAsync(fixture.App, StaffRoles.Admin, Password, name: "Ada Admin")).Email);
        var client = await ApiClients.CreateAsync(fixture.App);
        var id = (await (await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock))).JsonAsync()).GetProperty("id").GetGuid();

        using var invalid = await admin.PutAsJsonAsync($"/admin/api/orders/{id}/priority", new { priority = "urgent" }, ApiClients.Json, Ct);
        using var rush = await admin.PutAsJsonAsync($"/admin/api/orders/{id}/priority", new { priority = "rush" }, ApiClients.Json, Ct);
        using var missing = await admin.PutAsJsonAsync($"/admin/api/orders/{Guid.NewGuid()}/priority", new { priority = "rush" }, ApiClients.Json, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, rush.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await using var db = fixture.App.NewDbContext();
        Assert.Equal(Priority.Rush, (await db.Orders.SingleAsync(o => o.Id == id, Ct)).Priority);
        var recorded = await db.OrderEvents.OrderBy(e => e.Id).LastAsync(e => e.OrderId == id, Ct);
        Assert.Equal((OrderEventTypes.PriorityChanged, "Ada Admin"), (recorded.Type, recorded.ActorName));
    }

    [Fact]
    public async Task The_admin_orders_list_pages_back_by_cursor_without_skipping_or_repeating()
    {
        var admin = await SignInAsync((await Staff.CreateAsync(fixture.App, StaffRoles.Admin, Password)).Email);
        await QueueSeed.QueuedAsync(fixture.App, 150);

        var first = await admin.GetStringAsync("/admin/orders", Ct);
        var older = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(first, @"<a href=""(/admin/orders\?[^""]*after=[^""]+)"">Older orders").Groups[1].Value);
        var second = await admin.GetStringAsync(older, Ct);

        var firstIds = OrderLinks(first);
        var secondIds = OrderLinks(second);
        Assert.Equal(100, firstIds.Count);
        Assert.Equal(50, secondIds.Count);
        Assert.Empty(firstIds.Intersect(secondIds));
        Assert.DoesNotContain("Older orders", second, StringComparison.Ordinal);

        static List<string> OrderLinks(string html) =>
            [.. System.Text.RegularExpressions.Regex.Matches(html, "href=\"/admin/orders/([0-9a-f-]{36})\"").Select(m => m.Groups[1].Value)];
    }

    private async Task<Guid> WriteAsync(ApiClient client, HttpClient writer, TimeSpan taking)
    {
        var id = (await (await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock))).JsonAsync()).GetProperty("id").GetGuid();
        using var claim = await writer.PostAsync("/writer/api/claims", null, Ct);
        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        fixture.Clock.Advance(taking);
        await SubmitAsync(writer, id, version: 1);
        return id;
    }

    private async Task SubmitAsync(HttpClient writer, Guid id, int version)
    {
        await using var db = fixture.App.NewDbContext();
        var attempt = await db.Orders.Where(o => o.Id == id).Select(o => o.Attempt).SingleAsync(Ct);
        using var saved = await writer.PostAsJsonAsync($"/writer/api/letters/{id}/drafts", new { attempt, base_version = version - 1, salutation = "Dear Claire,", body = $"Fifty years, version {version}.", closing = "Love,", signature = "Henri" }, ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        using var submitted = await writer.PostAsJsonAsync($"/writer/api/letters/{id}/submit", new { attempt, version }, ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.NoContent, submitted.StatusCode);
    }

    private static async Task ReviewAsync(HttpClient admin, Guid id, string decision)
    {
        var page = await admin.GetStringAsync($"/admin/review/{id}", Ct);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var decided = await admin.PostAsync($"/admin/review/{id}?handler={decision}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["notes"] = "Warmer at the end, please.",
        }), Ct);
        Assert.True((int)decided.StatusCode is >= 300 and < 400, $"{decision}: {decided.StatusCode}");
    }

    private async Task<HttpClient> SignInAsync(string email)
    {
        var http = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        using var login = await http.PostAsJsonAsync("/account/api/login", new { email, password = Password }, ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        return http;
    }
}
