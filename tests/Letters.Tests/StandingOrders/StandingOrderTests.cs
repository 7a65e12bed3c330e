using System.Net;
using System.Net.Http.Json;
using Letters.Domain;
using Letters.Features.StandingOrders;
using Letters.Infrastructure;
using Letters.Tests.Infrastructure;
using Letters.Tests.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Letters.Tests.StandingOrders;

public sealed class StandingOrderTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_29_February_anniversary_gets_one_order_a_year_on_its_day_in_Auckland_with_two_schedulers_and_a_month_down()
    {
        fixture.Clock.Set(new DateTimeOffset(2027, 1, 10, 0, 0, 0, TimeSpan.Zero));
        var client = await ApiClients.CreateAsync(fixture.App);
        var standing = await client.StandingOrderAsync(await client.RecipientAsync(), b => { b["month"] = 2; b["day"] = 29; b["time_zone"] = "Pacific/Auckland"; b["leap_day"] = "march1"; });
        await using var second = new LettersApp(fixture.App.ConnectionString, fixture.Clock);

        // Both instances run the scheduler every six hours for four years, except for a month in 2029 when none runs.
        var down = (From: new DateTimeOffset(2029, 1, 20, 0, 0, 0, TimeSpan.Zero), To: new DateTimeOffset(2029, 2, 20, 0, 0, 0, TimeSpan.Zero));
        await RunUntilAsync(new DateTimeOffset(2031, 3, 10, 0, 0, 0, TimeSpan.Zero), down, fixture.App, second);

        await using var db = fixture.App.NewDbContext();
        var orders = (await db.Orders.ToListAsync(Ct)).Where(o => o.Metadata.GetValueOrDefault("standing_order_id") == standing.ToString()).OrderBy(o => o.DeliverBy).ToList();
        Assert.Equal([new DateOnly(2027, 3, 1), new DateOnly(2028, 2, 29), new DateOnly(2029, 3, 1), new DateOnly(2030, 3, 1), new DateOnly(2031, 3, 1)], orders.Select(o => o.DeliverBy));
        var auckland = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland");
        foreach (var order in orders.Where(o => o.DeliverBy.Year != 2029))
        {
            // Placed the first pass after midnight in Auckland, 21 days before the day.
            var placeAt = new DateTimeOffset(order.DeliverBy.AddDays(-21).ToDateTime(TimeOnly.MinValue), auckland.GetUtcOffset(order.DeliverBy.AddDays(-21).ToDateTime(TimeOnly.MinValue)));
            Assert.InRange(order.CreatedAt, placeAt, placeAt.AddHours(6));
        }

        // The year the schedulers were down is placed when they come back, still in time.
        Assert.Equal(down.To, orders.Single(o => o.DeliverBy.Year == 2029).CreatedAt);

        // One reminder a year, two weeks before the order, except the year it fell in the downtime.
        Assert.Equal(4, fixture.App.Outbox.Sent.Count(m => m.Subject.Contains("anniversary letter", StringComparison.Ordinal)) + second.Outbox.Sent.Count(m => m.Subject.Contains("anniversary letter", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_note_or_brief_that_would_make_a_refused_order_is_refused_when_written_not_missed_later()
    {
        fixture.Clock.Set(new DateTimeOffset(2027, 1, 10, 0, 0, 0, TimeSpan.Zero));
        var client = await ApiClients.CreateAsync(fixture.App);
        var standing = await client.StandingOrderAsync(await client.RecipientAsync(), b => { b["month"] = 6; b["day"] = 12; b["brief"] = "Every year since the bakery. " + new string('b', 3500); });

        // The year's order is the standing brief with this note: together they would pass the 5,000 characters an order takes.
        using var note = await client.Http.PutAsJsonAsync($"/v1/standing_orders/{standing}/years/2027", new { note = new string('n', 1900) }, ApiClients.Json, Ct);
        using var brief = await client.Http.PatchAsJsonAsync($"/v1/standing_orders/{standing}", new { brief = "Too short." }, ApiClients.Json, Ct);
        using var fine = await client.Http.PutAsJsonAsync($"/v1/standing_orders/{standing}/years/2027", new { note = "We moved to Lyon in March." }, ApiClients.Json, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, note.StatusCode);
        Assert.Contains("5000", (await note.JsonAsync()).GetProperty("errors").GetProperty("note")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, brief.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }

    [Fact]
    public async Task A_recipient_removed_from_the_address_book_pauses_their_yearly_letters_saying_why()
    {
        fixture.Clock.Set(new DateTimeOffset(2027, 1, 10, 0, 0, 0, TimeSpan.Zero));
        var client = await ApiClients.CreateAsync(fixture.App);
        var recipient = await client.RecipientAsync();
        var standing = await client.StandingOrderAsync(recipient, b => { b["month"] = 2; b["day"] = 1; });

        using var removed = await client.Http.DeleteAsync(new Uri($"/v1/recipients/{recipient}", UriKind.Relative), Ct);
        await RunUntilAsync(new DateTimeOffset(2027, 2, 2, 0, 0, 0, TimeSpan.Zero), null, fixture.App);

        using var read = await client.Http.GetAsync(new Uri($"/v1/standing_orders/{standing}", UriKind.Relative), Ct);
        var body = await read.JsonAsync();
        Assert.True(body.GetProperty("paused").GetBoolean());
        Assert.Contains("removed from the address book", body.GetProperty("paused_reason").GetString(), StringComparison.Ordinal);
        await using var db = fixture.App.NewDbContext();
        Assert.False(await db.Orders.AnyAsync(o => o.RecipientId == recipient, Ct));
        using var resumed = await client.Http.PatchAsJsonAsync($"/v1/standing_orders/{standing}", new { paused = false }, ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.Conflict, resumed.StatusCode);
    }

    [Fact]
    public async Task A_new_address_a_yearly_letters_handwriting_cannot_write_is_refused()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        var recipient = await client.RecipientAsync();
        await client.StandingOrderAsync(recipient, b => b["style"] = "homemade_apple");

        using var moved = await client.Http.PutAsJsonAsync($"/v1/recipients/{recipient}",
            new { name = "Małgorzata Wiśniewska", address_line1 = "ul. Długa 5", city = "Kraków", postal_code = "31-147", country = "PL" }, ApiClients.Json, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, moved.StatusCode);
        Assert.Contains("cannot write", (await moved.JsonAsync()).GetProperty("errors").GetProperty("address_line1")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_yearly_letter_to_the_same_person_cannot_be_set_up_twice()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        var recipient = await client.RecipientAsync();
        var first = await client.StandingOrderAsync(recipient, b => { b["occasion"] = "birthday"; b["month"] = 3; b["day"] = 15; });

        using var again = await client.Http.PostAsJsonAsync("/v1/standing_orders", StandingOrderSteps.Body(recipient, b => { b["occasion"] = "birthday"; b["month"] = 3; b["day"] = 15; }), ApiClients.Json, Ct);
        using var anotherDay = await client.Http.PostAsJsonAsync("/v1/standing_orders", StandingOrderSteps.Body(recipient, b => { b["occasion"] = "birthday"; b["month"] = 3; b["day"] = 16; }), ApiClients.Json, Ct);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains(first.ToString(), (await again.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, anotherDay.StatusCode);
    }

    [Fact]
    public async Task This_years_note_a_skipped_year_a_pause_and_last_years_writer_offered_this_years_letter()
    {
        fixture.Clock.Set(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var client = await ApiClients.CreateAsync(fixture.App);
        await using var receiver = await WebhookReceiver.StartAsync();
        await client.AddEndpointAsync(receiver.Url, ["standing_order.reminder"]);
        var standing = await client.StandingOrderAsync(await client.RecipientAsync(), b => { b["occasion"] = "birthday"; b["month"] = 3; b["day"] = 15; b["time_zone"] = "Europe/Paris"; });

        // Two weeks before the order the client is asked, by e-mail and webhook, what happened this year.
        await RunUntilAsync(new DateTimeOffset(2027, 2, 9, 0, 0, 0, TimeSpan.Zero), null, fixture.App);
        await fixture.App.DeliverAsync();
        var reminder = Assert.Single(receiver.Accepted);
        Assert.Equal("standing_order.reminder", reminder.Type);
        Assert.Equal(2027, reminder.Json.GetProperty("data").GetProperty("year").GetInt32());
        Assert.Contains(fixture.App.Outbox.Sent, m => m.Subject == "Claire Martin's birthday letter: anything to add this year?");

        using (var note = await client.Http.PutAsJsonAsync($"/v1/standing_orders/{standing}/years/2027", new { note = "She ran her first marathon in October." }, ApiClients.Json, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, note.StatusCode);
        }

        await RunUntilAsync(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero), null, fixture.App);
        var writer = await Writers.CreateAsync(fixture.App);
        await using (var db = fixture.App.NewDbContext())
        {
            var first = (await db.Orders.ToListAsync(Ct)).Single(o => o.Metadata.GetValueOrDefault("standing_order_year") == "2027");
            Assert.Contains("This year: She ran her first marathon in October.", first.Brief, StringComparison.Ordinal);
            Assert.Equal(new DateOnly(2027, 3, 15), first.DeliverBy);
            await db.Orders.Where(o => o.Id == first.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Delivered).SetProperty(o => o.ClaimedBy, writer), Ct);
        }

        using (var skip = await client.Http.PutAsJsonAsync($"/v1/standing_orders/{standing}/years/2028", new { skip = true }, ApiClients.Json, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, skip.StatusCode);
        }

        await RunUntilAsync(new DateTimeOffset(2028, 12, 1, 0, 0, 0, TimeSpan.Zero), null, fixture.App);
        using (var pause = await client.Http.PatchAsJsonAsync($"/v1/standing_orders/{standing}", new { paused = true }, ApiClients.Json, Ct))
        {
            Assert.True((await pause.JsonAsync()).GetProperty("paused").GetBoolean());
        }

        await RunUntilAsync(new DateTimeOffset(2029, 12, 1, 0, 0, 0, TimeSpan.Zero), null, fixture.App);
        using (var resume = await client.Http.PatchAsJsonAsync($"/v1/standing_orders/{standing}", new { paused = false }, ApiClients.Json, Ct))
        {
            Assert.Equal(2030, (await resume.JsonAsync()).GetProperty("next").GetProperty("year").GetInt32());
        }

        await RunUntilAsync(new DateTimeOffset(2030, 3, 1, 0, 0, 0, TimeSpan.Zero), null, fixture.App);
        await using var read = fixture.App.NewDbContext();
        var placed = (await read.Orders.ToListAsync(Ct)).Where(o => o.Metadata.GetValueOrDefault("standing_order_id") == standing.ToString()).OrderBy(o => o.DeliverBy).ToList();
        Assert.Equal([2027, 2030], placed.Select(o => o.DeliverBy.Year));
        Assert.Equal(writer, placed[1].StickyWriterId);
    }

    [Fact]
    public async Task Bad_dates_and_zones_are_a_400_by_field_and_another_clients_standing_order_is_a_404()
    {
        var alice = await ApiClients.CreateAsync(fixture.App);
        var bob = await ApiClients.CreateAsync(fixture.App);
        var recipient = await alice.RecipientAsync();
        using var bad = await alice.Http.PostAsJsonAsync("/v1/standing_orders", StandingOrderSteps.Body(recipient, b => { b["month"] = 2; b["day"] = 30; b["time_zone"] = "Mars/Olympus"; b["tone"] = "sarcastic"; }), ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("day", out _) && errors.TryGetProperty("time_zone", out _) && errors.TryGetProperty("tone", out _), errors.ToString());

        var standing = await alice.StandingOrderAsync(recipient);
        using var look = await bob.Http.GetAsync(new Uri($"/v1/standing_orders/{standing}", UriKind.Relative), Ct);
        using var year = await bob.Http.PutAsJsonAsync($"/v1/standing_orders/{standing}/years/2027", new { skip = true }, ApiClients.Json, Ct);
        using var delete = await bob.Http.DeleteAsync(new Uri($"/v1/standing_orders/{standing}", UriKind.Relative), Ct);
        Assert.All([look, year, delete], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
    }

    [Fact]
    public async Task The_writer_of_this_years_letter_reads_every_earlier_year_of_the_standing_order_marked_with_its_year()
    {
        fixture.Clock.Set(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var client = await ApiClients.CreateAsync(fixture.App, ApiKeyMode.Live);
        var recipient = await client.RecipientAsync();
        var standing = await client.StandingOrderAsync(recipient, b => { b["occasion"] = "birthday"; b["month"] = 3; b["day"] = 15; b["time_zone"] = "Europe/Paris"; });
        var writer = await Staff.CreateAsync(fixture.App, StaffRoles.Writer, Staff.WriterPassword, Staff.EveryOccasion, ["en"]);

        // Three years of letters, each written by the same writer and delivered.
        foreach (var year in new[] { 2027, 2028, 2029 })
        {
            await RunUntilAsync(new DateTimeOffset(year, 3, 1, 0, 0, 0, TimeSpan.Zero), null, fixture.App);
            await using var db = fixture.App.NewDbContext();
            var order = (await db.Orders.ToListAsync(Ct)).Single(o => o.Metadata.GetValueOrDefault(StandingOrderScheduler.YearKey) == $"{year}");
            db.Drafts.Add(new Draft
            {
                Id = Guid.NewGuid(), OrderId = order.Id, WriterId = writer.WriterId, Version = 1, Attempt = 1, Salutation = "Dear Claire,",
                Body = $"The year {year} was the one with the {year switch { 2027 => "marathon", 2028 => "new kitchen", _ => "trip to Lisbon" }}.",
                Closing = "Love,", Signature = "Henri", Submitted = true, CreatedAt = fixture.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync(Ct);
            await db.Orders.Where(o => o.Id == order.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Delivered).SetProperty(o => o.ClaimedBy, writer.WriterId), Ct);
        }

        await RunUntilAsync(new DateTimeOffset(2030, 3, 1, 0, 0, 0, TimeSpan.Zero), null, fixture.App);
        using var http = fixture.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
        using (var login = await http.PostAsJsonAsync("/account/api/login", new { email = writer.Email, password = Staff.WriterPassword }, ApiClients.Json, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        }

        using var claim = await http.PostAsync(new Uri("/writer/api/claims", UriKind.Relative), null, Ct);
        var claimed = (await claim.JsonAsync()).GetProperty("order_id").GetGuid();
        await using (var db = fixture.App.NewDbContext())
        {
            Assert.Equal("2030", (await db.Orders.SingleAsync(o => o.Id == claimed, Ct)).Metadata[StandingOrderScheduler.YearKey]);
        }

        var workspace = System.Net.WebUtility.HtmlDecode(await http.GetStringAsync(new Uri($"/writer/letters/{claimed}", UriKind.Relative), Ct));
        foreach (var (year, what) in new[] { (2029, "trip to Lisbon"), (2028, "new kitchen"), (2027, "marathon") })
        {
            Assert.Contains($"15 March {year} · birthday · the {year} letter of this yearly letter", workspace, StringComparison.Ordinal);
            Assert.Contains($"The year {year} was the one with the {what}.", workspace, StringComparison.Ordinal);
        }

        Assert.True(workspace.IndexOf("15 March 2029", StringComparison.Ordinal) < workspace.IndexOf("15 March 2027", StringComparison.Ordinal), "newest first");
    }

    /// <summary>Moves the clock six hours at a time and runs every app's scheduler at once each time, as their shells do (one leads) (none inside <paramref name="down"/>).</summary>
    private async Task RunUntilAsync(DateTimeOffset until, (DateTimeOffset From, DateTimeOffset To)? down, params LettersApp[] apps)
    {
        var schedulers = apps.Select(a => a.Services.GetRequiredService<WorkerShell<StandingOrderScheduler>>()).ToList();
        while (fixture.Clock.GetUtcNow() < until)
        {
            var now = fixture.Clock.GetUtcNow();
            if (down is not { } d || now < d.From || now >= d.To)
            {
                await Task.WhenAll(schedulers.Select(s => s.PassOnceAsync(Ct)));
            }

            fixture.Clock.Advance(TimeSpan.FromHours(6));
        }
    }
}

public static class StandingOrderSteps
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Dictionary<string, object?> Body(Guid recipient, Action<Dictionary<string, object?>>? change = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["recipient_id"] = recipient, ["occasion"] = "anniversary", ["month"] = 6, ["day"] = 12, ["time_zone"] = "Europe/Paris",
            ["relationship"] = "wife", ["brief"] = "Every year since the bakery on Rue Cler: the croissant, the dog, the fifty years.", ["tone"] = "romantic", ["length"] = "short",
        };
        change?.Invoke(body);
        return body;
    }

    public static async Task<Guid> RecipientAsync(this ApiClient client)
    {
        using var created = await client.Http.PostAsJsonAsync("/v1/recipients", new { name = "Claire Martin", address_line1 = "12 Rue Cler", city = "Paris", postal_code = "75007", country = "FR" }, ApiClients.Json, Ct);
        return (await created.JsonAsync()).GetProperty("id").GetGuid();
    }

    public static async Task<Guid> StandingOrderAsync(this ApiClient client, Guid recipient, Action<Dictionary<string, object?>>? change = null)
    {
        using var created = await client.Http.PostAsJsonAsync("/v1/standing_orders", Body(recipient, change), ApiClients.Json, Ct);
        var body = await created.JsonAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetGuid();
    }
}
