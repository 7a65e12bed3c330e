using System.Net;
using System.Net.Http.Json;
using System.Text;
using Letters.Domain;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Letters.Tests.Orders;

public sealed class CreateOrderTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_order_is_accepted_queued_and_readable_by_its_client()
    {
        var client = await ApiClients.CreateAsync(fixture.App);

        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["metadata"] = new Dictionary<string, string> { ["crm_id"] = "C-42" }));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var order = await created.JsonAsync();
        var id = order.GetProperty("id").GetGuid();
        Assert.Equal($"/v1/orders/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("queued", order.GetProperty("status").GetString());
        Assert.Equal("test", order.GetProperty("mode").GetString());
        // No style named and the pen can write it all: the default pen style, and the order says so.
        Assert.Equal("allure", order.GetProperty("style").GetString());
        Assert.Equal("Claire Martin", order.GetProperty("recipient").GetProperty("name").GetString());
        Assert.Equal("C-42", order.GetProperty("metadata").GetProperty("crm_id").GetString());

        using var fetched = await client.Http.GetAsync(new Uri($"/v1/orders/{id}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(id, (await fetched.JsonAsync()).GetProperty("id").GetGuid());

        using var events = await client.Http.GetAsync(new Uri($"/v1/orders/{id}/events", UriKind.Relative), Ct);
        var types = (await events.JsonAsync()).GetProperty("data").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(["received", "queued"], types);
    }

    [Fact]
    public async Task The_created_body_is_exactly_what_was_stored()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b =>
        {
            b["metadata"] = new Dictionary<string, string> { ["z"] = "last", ["a"] = "first" };
            b["signature"] = "Your Jean";
            b["priority"] = "rush";
        }), idempotencyKey: $"same-{Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var posted = await created.Content.ReadAsStringAsync(Ct);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();

        using var fetched = await client.Http.GetAsync(new Uri($"/v1/orders/{id}", UriKind.Relative), Ct);

        Assert.Equal(posted, await fetched.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task An_order_is_routed_by_occasion_and_language_to_one_queue()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        await using var db = fixture.App.NewDbContext();
        var french = new Queue { Id = Guid.NewGuid(), Slug = $"fr-condolence-{Guid.NewGuid():N}", Name = "Condoléances", CreatedAt = fixture.Clock.GetUtcNow() };
        db.Queues.Add(french);
        db.RoutingRules.Add(new RoutingRule { Id = Guid.NewGuid(), QueueId = french.Id, Occasion = "condolence", Language = "fr", Position = -100 });
        await db.SaveChangesAsync(Ct);
        fixture.Clock.Advance(Letters.Features.Queue.RoutingTable.Lifetime);

        using var frenchCondolence = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => { b["occasion"] = "condolence"; b["language"] = "fr-CA"; }));
        using var englishCondolence = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["occasion"] = "condolence"));

        var queueOf = async (HttpResponseMessage r) =>
        {
            var id = (await r.JsonAsync()).GetProperty("id").GetGuid();
            await using var read = fixture.App.NewDbContext();
            return await read.Orders.Where(o => o.Id == id).Select(o => o.QueueId).SingleAsync(Ct);
        };
        Assert.Equal(french.Id, await queueOf(frenchCondolence));
        Assert.NotEqual(french.Id, await queueOf(englishCondolence));
    }

    [Fact]
    public async Task Missing_and_invalid_fields_are_a_400_problem_naming_each_field()
    {
        var client = await ApiClients.CreateAsync(fixture.App);

        using var response = await client.PostOrderAsync(new Dictionary<string, object?>
        {
            ["recipient"] = new Dictionary<string, object?> { ["name"] = "Sam", ["country"] = "XX" },
            ["occasion"] = "wedding",
            ["brief"] = "too short",
            ["tone"] = "warm",
            ["length"] = "epic",
            ["language"] = "not a language",
            ["style"] = "comic_sans",
            ["deliver_by"] = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime).AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        foreach (var field in new[] { "occasion", "relationship", "brief", "length", "language", "style", "deliver_by", "recipient.country", "recipient.city", "recipient.address_line1", "recipient.postal_code" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"expected an error for '{field}' in {errors}");
        }

        Assert.False(errors.TryGetProperty("tone", out _));
    }

    [Theory]
    [InlineData("{\"occasion\": \"love\", \"surprise\": true}", "surprise")]
    [InlineData("{\"occasion\": \"love\", \"tone\": 7}", "tone")]
    [InlineData("{\"occasion\": \"love\", \"deliver_by\": \"next tuesday\"}", "deliver_by")]
    [InlineData("{\"occasion\": \"love\", \"recipient_id\": \"not-a-uuid\"}", "recipient_id")]
    [InlineData("{\"occasion\": \"love\", \"recipient\": {\"name\": \"A\", \"shoe_size\": 9}}", "recipient.shoe_size")]
    public async Task Unknown_fields_and_wrong_types_are_a_400_naming_the_field(string json, string field)
    {
        var client = await ApiClients.CreateAsync(fixture.App);

        using var response = await client.Http.PostAsync(new Uri("/v1/orders", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.DoesNotContain("Letters.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_and_a_wrong_content_type_are_client_errors()
    {
        var client = await ApiClients.CreateAsync(fixture.App);

        using var malformed = await client.Http.PostAsync(new Uri("/v1/orders", UriKind.Relative), new StringContent("{\"occasion\": ", Encoding.UTF8, "application/json"), Ct);
        using var text = await client.Http.PostAsync(new Uri("/v1/orders", UriKind.Relative), new StringContent("occasion=love", Encoding.UTF8, "text/plain"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
    }

    [Fact]
    public async Task Characters_the_handwriting_cannot_draw_are_refused_by_name()
    {
        var client = await ApiClients.CreateAsync(fixture.App);

        using var response = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b =>
        {
            b["style"] = "homemade_apple";
            b["brief"] = "Tell Małgorzata and Zoë: cześć, and dziękuję for everything.";
            b["signature"] = "Zoë, cześć, dziękuję";
        }));

        // The brief is for the writer's eyes and may say anything; the signature is drawn.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.Contains("cannot write: ś ć ę.", errors.GetProperty("signature")[0].GetString(), StringComparison.Ordinal);
        Assert.False(errors.TryGetProperty("brief", out _));
    }

    [Fact]
    public async Task Metadata_limits_are_enforced()
    {
        var client = await ApiClients.CreateAsync(fixture.App);

        using var tooMany = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["metadata"] = Enumerable.Range(0, 21).ToDictionary(i => $"k{i}", i => "v")));
        using var longValue = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["metadata"] = new Dictionary<string, string> { ["k"] = new string('v', 501) }));
        using var longKey = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["metadata"] = new Dictionary<string, string> { [new string('k', 41)] = "v" }));
        using var justRight = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["metadata"] = Enumerable.Range(0, 20).ToDictionary(i => $"{new string('k', 38)}{i:00}", _ => new string('v', 500))));

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.Created], new[] { tooMany.StatusCode, longValue.StatusCode, longKey.StatusCode, justRight.StatusCode });
    }

    [Fact]
    public async Task Deliver_by_must_allow_the_turnaround_of_the_priority()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);
        string Day(int days) => today.AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        using var standardTooSoon = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["deliver_by"] = Day(3)));
        using var rushInThree = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => { b["deliver_by"] = Day(3); b["priority"] = "rush"; }));
        using var tooFar = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["deliver_by"] = Day(181)));

        Assert.Equal(HttpStatusCode.BadRequest, standardTooSoon.StatusCode);
        Assert.Equal(HttpStatusCode.Created, rushInThree.StatusCode);
        Assert.Equal("rush", (await rushInThree.JsonAsync()).GetProperty("priority").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, tooFar.StatusCode);
    }

    [Fact]
    public async Task An_address_book_entry_can_be_used_and_a_foreign_one_cannot()
    {
        var alice = await ApiClients.CreateAsync(fixture.App);
        var bob = await ApiClients.CreateAsync(fixture.App);
        using var saved = await alice.Http.PostAsJsonAsync("/v1/recipients", new { name = "Grandma Rose", address_line1 = "1 Elm St", city = "Springfield", postal_code = "12345", country = "US" }, ApiClients.Json, Ct);
        var recipientId = (await saved.JsonAsync()).GetProperty("id").GetGuid();

        using var own = await alice.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => { b.Remove("recipient"); b["recipient_id"] = recipientId; }));
        using var foreign = await bob.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => { b.Remove("recipient"); b["recipient_id"] = recipientId; }));

        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.Equal("Grandma Rose", (await own.JsonAsync()).GetProperty("recipient").GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.True((await foreign.JsonAsync()).GetProperty("errors").TryGetProperty("recipient_id", out _));
    }

    [Fact]
    public async Task Ordering_again_for_the_same_recipient_offers_the_letter_to_the_last_writer_first()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        using var saved = await client.Http.PostAsJsonAsync("/v1/recipients", new { name = "Claire", address_line1 = "12 Rue Cler", city = "Paris", postal_code = "75007", country = "FR" }, ApiClients.Json, Ct);
        var recipientId = (await saved.JsonAsync()).GetProperty("id").GetGuid();
        using var first = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => { b.Remove("recipient"); b["recipient_id"] = recipientId; }));
        var firstId = (await first.JsonAsync()).GetProperty("id").GetGuid();
        var writer = await Writers.CreateAsync(fixture.App);
        await using (var db = fixture.App.NewDbContext())
        {
            // Last year's letter: written by this writer and delivered.
            await db.Orders.Where(o => o.Id == firstId).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Delivered).SetProperty(o => o.ClaimedBy, writer), Ct);
        }

        using var second = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => { b.Remove("recipient"); b["recipient_id"] = recipientId; }));

        var secondId = (await second.JsonAsync()).GetProperty("id").GetGuid();
        await using var read = fixture.App.NewDbContext();
        var sticky = await read.Orders.Where(o => o.Id == secondId).Select(o => new { o.StickyWriterId, o.StickyUntil }).SingleAsync(Ct);
        Assert.Equal(writer, sticky.StickyWriterId);
        Assert.Equal(fixture.Clock.GetUtcNow().AddHours(24), sticky.StickyUntil!.Value, TimeSpan.FromSeconds(1));
    }
}
