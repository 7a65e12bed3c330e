using System.Net;
using System.Net.Http.Json;
using Letters.Domain;
using Letters.Features.Hands;
using Letters.Features.Renditions;
using Letters.Handwriting.Hands;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Letters.Tests.Hands;

/// <summary>
/// A writer's hand as the app keeps and uses it: boxes refused when they are not what the sheet asked or not what a pen
/// can give, nothing kept without consent, and letters written in the writer's own hand unless the client chose a style.
/// </summary>
public sealed class HandRulesTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private const string Password = "Writer-password-9";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_box_is_kept_only_with_consent_and_only_as_the_sheet_asked_and_a_pen_can_write()
    {
        var writer = await Staff.CreateAsync(fixture.App, StaffRoles.Writer, Password, name: "Boxed Writer");
        var browser = await SignInAsync(writer.Email);
        var a = new[] { new[] { new[] { 0.1, 0.5, 0, 0.5 }, new[] { 0.6, 0.9, 40, 0.6 }, new[] { 0.9, 0.0, 90, 0.5 } } };

        using (var early = await PostBoxAsync(browser, new { box = 0, prompt = "a", traces = a }))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        }

        using (var consent = await Forms.PostAsync(browser, "/writer/hand?handler=Consent", new() { ["agree"] = "true" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
        }

        var bad = new (object Body, string Field)[]
        {
            (new { box = 5000, prompt = "a", traces = a }, "box"),
            (new { box = 0, prompt = "b", traces = a }, "prompt"),
            (new { box = 0, prompt = "a", traces = Array.Empty<double[][]>() }, "traces"),
            (new { box = 0, prompt = "a", traces = new[] { new[] { new[] { 500.0, 0, 0, 0.5 } } } }, "traces"),
            (new { box = 0, prompt = "a", traces = new[] { new[] { new[] { 0.0, 0, 0, 7 } } } }, "traces"),
            (new { box = 0, prompt = "a", traces = new[] { Enumerable.Repeat(new[] { 0.1, 0.1, 1, 0.5 }, HandCaptureModel.MaxPoints + 1).ToArray() } }, "traces"),
        };
        foreach (var (body, field) in bad)
        {
            using var refused = await PostBoxAsync(browser, body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = await refused.JsonAsync();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field}: {problem}");
        }

        using (var kept = await PostBoxAsync(browser, new { box = 0, prompt = "a", traces = a }))
        {
            Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
            Assert.Equal(1, (await kept.JsonAsync()).GetProperty("written").GetInt32());
        }

        // Written again, the box is replaced, not added.
        using (await PostBoxAsync(browser, new { box = 0, prompt = "a", traces = a }))
        {
        }

        await using var db = fixture.App.NewDbContext();
        var hand = await db.Hands.SingleAsync(h => h.WriterId == writer.WriterId, Ct);
        Assert.Equal(1, await db.HandSamples.CountAsync(s => s.HandId == hand.Id, Ct));
        Assert.NotNull(hand.ConsentedAt);
        Assert.Equal(HandState.Capturing, hand.State);

        // Not ready for review with one box: the submission is refused and nothing moves.
        using (await Forms.PostAsync(browser, "/writer/hand?handler=Submit", []))
        {
        }

        Assert.Equal(HandState.Capturing, (await db.Hands.AsNoTracking().SingleAsync(h => h.Id == hand.Id, Ct)).State);
    }

    [Fact]
    public async Task A_writers_letters_are_written_in_their_approved_hand_unless_the_client_named_a_style()
    {
        var writer = await Staff.CreateAsync(fixture.App, StaffRoles.Writer, Password, name: $"Nib{Guid.NewGuid():N}"[..11] + " Ortega");
        var now = fixture.Clock.GetUtcNow();
        await using var db = fixture.App.NewDbContext();
        var slug = await HandShelf.SlugForAsync(db, (await db.Writers.SingleAsync(w => w.Id == writer.WriterId, Ct)).DisplayName, Ct);
        var hand = Hand.NewDemo(writer.WriterId, slug, "Nib's hand", now);
        db.Hands.Add(hand);
        db.HandSamples.AddRange(DemoHand.Generate(slug, "Nib's hand", "EMSTech.svg", 3).Samples.Select(s => new Letters.Domain.HandSample { HandId = hand.Id, Box = s.Box, Prompt = s.Prompt, Traces = HandShelf.TracesJson(s.Traces), WrittenAt = now }));
        await db.SaveChangesAsync(Ct);
        await HandShelf.RefreshAsync(db, Ct);
        try
        {
            var api = await ApiClients.CreateAsync(fixture.App);
            var unnamed = await OrderAsync(api, null);
            var named = await OrderAsync(api, "felix");
            Draft Draft(Guid writerId, string body) => new() { Id = Guid.NewGuid(), WriterId = writerId, Salutation = "Dear Claire,", Body = body, Closing = "Love,", Signature = "Henri" };
            var draft = Draft(writer.WriterId, "Fifty years.");

            Assert.False(unnamed.Letter.StyleNamed);
            Assert.Equal(hand.StyleId, LetterRendering.StyleOf(unnamed, draft));
            Assert.Equal("felix", LetterRendering.StyleOf(named, draft));

            // Another writer's draft, or a letter the hand cannot write, keeps the order's style.
            Assert.Equal(unnamed.Letter.Style, LetterRendering.StyleOf(unnamed, Draft(Guid.NewGuid(), "Fifty years.")));
            Assert.Equal(unnamed.Letter.Style, LetterRendering.StyleOf(unnamed, Draft(writer.WriterId, "Bis bald in Łódź.")));

            // The proof is drawn in the hand: its text layer carries the words.
            var proof = LetterRendering.Draw(unnamed, unnamed.Recipient!, draft, RenditionKind.Proof, now);
            Assert.Contains("Fifty years.", await PdfText.ExtractAsync(proof.Pdf), StringComparison.Ordinal);
        }
        finally
        {
            HandShelf.Unshelve(hand);
        }
    }

    [Fact]
    public async Task A_clients_own_hand_is_theirs_alone_named_on_their_orders_at_the_premium()
    {
        var first = $"H{Guid.NewGuid():N}"[..10];
        var (browser, clientId) = await Forms.SignedUpClientAsync(fixture.App, $"{first} Dubois");
        Assert.Contains("I agree that Letters may write the letters I order in my own hand", await browser.GetStringAsync(new Uri("/app/hand", UriKind.Relative), Ct), StringComparison.Ordinal);
        using (var consent = await Forms.PostAsync(browser, "/app/hand?handler=Consent", new() { ["agree"] = "true" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
        }

        // The boxes written (a demo capture stands in for the client's pen), sent for review and approved.
        var now = fixture.Clock.GetUtcNow();
        await using var db = fixture.App.NewDbContext();
        var hand = await db.Hands.SingleAsync(h => h.ClientId == clientId, Ct);
        Assert.Equal((first.ToLowerInvariant(), (Guid?)null), (hand.Slug, hand.WriterId));
        db.HandSamples.AddRange(DemoHand.Generate(hand.Slug, hand.Name, "EMSTech.svg", 5).Samples.Select(s => new Letters.Domain.HandSample { HandId = hand.Id, Box = s.Box, Prompt = s.Prompt, Traces = HandShelf.TracesJson(s.Traces), WrittenAt = now }));
        db.HandEvents.Add(hand.MoveTo(Hand.Submit, new Actor(ActorKind.Client, clientId, "client"), now));
        db.HandEvents.Add(hand.MoveTo(Hand.Approve, new Actor(ActorKind.Admin, null, "admin"), now));
        await db.SaveChangesAsync(Ct);
        await HandShelf.RefreshAsync(db, Ct);
        try
        {
            var mine = await ApiClients.ForClientAsync(fixture.App, clientId, ApiKeyMode.Live);
            using (var placed = await mine.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["style"] = hand.StyleId)))
            {
                Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
                var id = (await placed.JsonAsync()).GetProperty("id").GetGuid();
                var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == id, Ct);
                Assert.Equal(hand.StyleId, order.Letter.Style);
                Assert.Contains(order.Price!.Lines, l => l is { Item: "own_hand", Amount: 1000 });
            }

            // A quote prices the hand too: one for a catalogue style does not buy a letter in it.
            using (var plain = await mine.Http.PostAsJsonAsync("/v1/quotes", new { length = "standard" }, ApiClients.Json, Ct))
            using (var quoted = await mine.Http.PostAsJsonAsync("/v1/quotes", new { length = "standard", style = hand.StyleId }, ApiClients.Json, Ct))
            {
                var plainId = (await plain.JsonAsync()).GetProperty("id").GetGuid();
                var quote = await quoted.JsonAsync();
                Assert.Contains(quote.GetProperty("price").GetProperty("lines").EnumerateArray(), l => l.GetProperty("item").GetString() == "own_hand");
                using var cheap = await mine.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => { b["style"] = hand.StyleId; b["quote_id"] = plainId; }));
                Assert.Equal(HttpStatusCode.BadRequest, cheap.StatusCode);
                Assert.Contains("own hand", (await cheap.JsonAsync()).GetProperty("errors").GetProperty("quote_id")[0].GetString(), StringComparison.Ordinal);
                using var fair = await mine.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => { b["style"] = hand.StyleId; b["quote_id"] = quote.GetProperty("id").GetGuid(); }));
                Assert.Equal(HttpStatusCode.Created, fair.StatusCode);
                Assert.Equal(quote.GetProperty("price").GetProperty("amount").GetInt64(), (await fair.JsonAsync()).GetProperty("price").GetProperty("amount").GetInt64());
            }

            // To anyone else it is no such style: not ordered, not quoted, not listed, not previewed.
            var stranger = await ApiClients.CreateAsync(fixture.App, ApiKeyMode.Live);
            using (var notTheirs = await stranger.Http.PostAsJsonAsync("/v1/quotes", new { length = "standard", style = hand.StyleId }, ApiClients.Json, Ct))
            {
                Assert.Equal(HttpStatusCode.BadRequest, notTheirs.StatusCode);
                Assert.True((await notTheirs.JsonAsync()).GetProperty("errors").TryGetProperty("style", out _));
            }

            using (var refused = await stranger.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["style"] = hand.StyleId)))
            {
                Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
                Assert.True((await refused.JsonAsync()).GetProperty("errors").TryGetProperty("style", out _));
            }

            Assert.DoesNotContain(hand.StyleId, await stranger.Http.GetStringAsync(new Uri("/v1/catalogue", UriKind.Relative), Ct), StringComparison.Ordinal);
            using (var preview = await stranger.Http.GetAsync(new Uri($"/v1/catalogue/preview.png?style={hand.StyleId}", UriKind.Relative), Ct))
            {
                Assert.Equal(HttpStatusCode.BadRequest, preview.StatusCode);
            }

            // The client's own order form offers it to them.
            await db.Clients.Where(c => c.Id == clientId).ExecuteUpdateAsync(c => c.SetProperty(x => x.EmailConfirmedAt, now), Ct);
            Assert.Contains($"value=\"{hand.StyleId}\"", await browser.GetStringAsync(new Uri("/app/orders/new", UriKind.Relative), Ct), StringComparison.Ordinal);
        }
        finally
        {
            HandShelf.Unshelve(hand);
        }
    }

    private async Task<Order> OrderAsync(ApiClient api, string? style)
    {
        var body = ApiClients.OrderBody(fixture.Clock, b =>
        {
            if (style is null)
            {
                b.Remove("style");
            }
            else
            {
                b["style"] = style;
            }
        });
        using var created = await api.PostOrderAsync(body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        await using var db = fixture.App.NewDbContext();
        return await db.Orders.AsNoTracking().Include(o => o.Recipient).SingleAsync(o => o.Id == id, Ct);
    }

    private async Task<HttpClient> SignInAsync(string email)
    {
        var browser = Forms.Browser(fixture.App);
        using var signedIn = await Forms.PostAsync(browser, "/account/login", new() { ["Email"] = email, ["Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return browser;
    }

    private static async Task<HttpResponseMessage> PostBoxAsync(HttpClient browser, object body)
    {
        var page = await browser.GetStringAsync(new Uri("/writer/hand", UriKind.Relative), Ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/writer/hand?handler=Box", UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.Add("RequestVerificationToken", Forms.Token(page));
        return await browser.SendAsync(request, Ct);
    }
}
