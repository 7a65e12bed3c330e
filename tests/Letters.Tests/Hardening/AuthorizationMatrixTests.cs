using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Letters.Domain;
using Letters.Features.Queue;
using Letters.Tests.Books;
using Letters.Tests.Campaigns;
using Letters.Tests.Infrastructure;
using Letters.Tests.StandingOrders;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Letters.Tests.Hardening;

/// <summary>
/// Every endpoint and page × {anonymous, client A, client B, writer X, writer Y, admin}, built from the app's
/// own endpoint list: an endpoint without an entry here fails the test.
/// A = allowed (not 401/403, no 5xx), U = must sign in (401 or a redirect to the login page), F = 403,
/// N = someone else's: 404 (or 409 "claim lost" for another writer's letter). Columns: anon A B X Y admin.
/// </summary>
public sealed partial class AuthorizationMatrixTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static readonly Dictionary<string, string> Expected = new()
    {
        ["GET /"] = "AAAAAA",
        ["GET /Index"] = "AAAAAA",
        ["GET /health/live"] = "AAAAAA",
        ["GET /health/ready"] = "AAAAAA",
        ["GET /openapi/{documentName}.json"] = "AAAAAA",
        ["GET /v1/catalogue"] = "AAAAAA",
        ["GET /v1/catalogue/preview.pdf"] = "AAAAAA",
        ["GET /v1/catalogue/preview.png"] = "AAAAAA",
        ["GET /account/login"] = "AAAAAA",
        ["GET /signup"] = "AAAAAA",
        ["GET /app/signin"] = "AAAAAA",
        ["GET /app/signout"] = "UFFFFF",
        ["GET /app/confirm"] = "AAAAAA",
        ["GET /app/forgot"] = "AAAAAA",
        ["GET /app/reset"] = "AAAAAA",
        ["GET /app"] = "UFFFFF",
        ["GET /app/keys"] = "UFFFFF",
        ["GET /app/webhooks"] = "UFFFFF",
        ["GET /app/campaigns"] = "UFFFFF",
        ["GET /app/books"] = "UFFFFF",
        ["GET /app/standing-orders"] = "UFFFFF",
        ["GET /app/orders"] = "UFFFFF",
        ["GET /app/orders/new"] = "UFFFFF",
        ["GET /app/orders/{id}"] = "UFFFFF",
        ["GET /app/recipients"] = "UFFFFF",
        ["GET /app/statements"] = "UFFFFF",
        ["GET /app/hand"] = "UFFFFF",
        ["GET /admin/clients"] = "UFFFFA",
        ["GET /error/{code}"] = "AAAAAA",
        ["GET /account/logout"] = "AAAAAA",
        ["POST /account/api/login"] = "AAAAAA",
        ["POST /account/api/logout"] = "UUUAAA",

        ["POST /v1/orders"] = "UAAUUU",
        ["GET /v1/orders"] = "UAAUUU",
        ["GET /v1/orders/{id}"] = "UANUUU",
        ["GET /v1/orders/{id}/events"] = "UANUUU",
        ["GET /v1/orders/{id}/proof.pdf"] = "UANUUU",
        ["GET /v1/orders/{id}/letter.pdf"] = "UANUUU",
        ["GET /v1/orders/{id}/proof.svg"] = "UANUUU",
        ["GET /v1/orders/{id}/letter.svg"] = "UANUUU",
        ["GET /v1/orders/{id}/letter.gcode"] = "UANUUU",
        ["GET /v1/orders/{id}/envelope.svg"] = "UANUUU",
        ["GET /v1/orders/{id}/envelope.gcode"] = "UANUUU",
        ["GET /v1/orders/{id}/proof.png"] = "UANUUU",
        ["GET /v1/orders/{id}/letter.png"] = "UANUUU",
        ["POST /v1/orders/{id}/revisions"] = "UANUUU",
        ["POST /v1/orders/{id}/cancel"] = "UANUUU",
        ["POST /v1/webhook_endpoints"] = "UAAUUU",
        ["GET /v1/webhook_endpoints"] = "UAAUUU",
        ["GET /v1/webhook_endpoints/{id}"] = "UANUUU",
        ["PATCH /v1/webhook_endpoints/{id}"] = "UANUUU",
        ["DELETE /v1/webhook_endpoints/{id}"] = "UANUUU",
        ["POST /v1/webhook_endpoints/{id}/test"] = "UANUUU",
        ["POST /v1/webhook_endpoints/{id}/rotate"] = "UANUUU",
        ["POST /v1/webhook_endpoints/{id}/replay"] = "UANUUU",
        ["GET /v1/webhook_endpoints/{id}/deliveries"] = "UANUUU",
        ["GET /v1/events"] = "UAAUUU",
        ["POST /v1/standing_orders"] = "UAAUUU",
        ["GET /v1/standing_orders"] = "UAAUUU",
        ["GET /v1/standing_orders/{id}"] = "UANUUU",
        ["PATCH /v1/standing_orders/{id}"] = "UANUUU",
        ["PUT /v1/standing_orders/{id}/years/{year}"] = "UANUUU",
        ["DELETE /v1/standing_orders/{id}"] = "UANUUU",
        ["POST /v1/books"] = "UAAUUU",
        ["GET /v1/books"] = "UAAUUU",
        ["GET /v1/books/{id}"] = "UANUUU",
        ["GET /v1/books/{id}/book.pdf"] = "UANUUU",
        ["POST /v1/campaigns"] = "UAAUUU",
        ["GET /v1/campaigns"] = "UAAUUU",
        ["GET /v1/campaigns/template.csv"] = "UAAUUU",
        ["GET /v1/campaigns/{id}"] = "UANUUU",
        ["GET /v1/campaigns/{id}/events"] = "UANUUU",
        ["PUT /v1/campaigns/{id}/file"] = "UANUUU",
        ["GET /v1/campaigns/{id}/report"] = "UANUUU",
        ["GET /v1/campaigns/{id}/report.csv"] = "UANUUU",
        ["POST /v1/campaigns/{id}/start"] = "UANUUU",
        ["POST /v1/campaigns/{id}/cancel"] = "UANUUU",
        ["GET /v1/campaigns/{id}/letters.pdf"] = "UANUUU",
        ["GET /v1/campaigns/{id}/manifest.csv"] = "UANUUU",
        ["POST /v1/recipients"] = "UAAUUU",
        ["GET /v1/recipients"] = "UAAUUU",
        ["GET /v1/recipients/{id}"] = "UANUUU",
        ["PUT /v1/recipients/{id}"] = "UANUUU",
        ["DELETE /v1/recipients/{id}"] = "UANUUU",
        ["POST /v1/quotes"] = "UAAUUU",
        ["GET /v1/quotes/{id}"] = "UANUUU",
        ["GET /v1/statements/{month}"] = "UAAUUU",

        ["GET /writer"] = "UFFAAF",
        ["GET /writer/hand"] = "UFFAAF",
        ["GET /admin/hands/{id}"] = "UFFFFA",
        ["GET /admin/writers/{writerId}/hand"] = "UFFFFA",
        ["GET /writer/letters/{id}"] = "UFFANF",
        ["POST /writer/api/claims"] = "UFFAAF",
        ["PUT /writer/api/availability"] = "UFFAAF",
        ["GET /writer/api/summary"] = "UFFAAF",
        ["POST /writer/api/letters/{id}/heartbeat"] = "UFFANF",
        ["POST /writer/api/letters/{id}/drafts"] = "UFFANF",
        ["GET /writer/api/letters/{id}/preview.pdf"] = "UFFANF",
        ["POST /writer/api/letters/{id}/submit"] = "UFFANF",
        ["POST /writer/api/letters/{id}/release"] = "UFFANF",
        ["GET /hubs/queue/negotiate"] = "UFFAAF",
        ["GET /hubs/queue"] = "UFFAAF",

        ["GET /admin"] = "UFFFFA",
        ["GET /admin/orders"] = "UFFFFA",
        ["GET /admin/orders/{id}"] = "UFFFFA",
        ["GET /admin/review/{id}"] = "UFFFFA",
        ["GET /admin/writers"] = "UFFFFA",
        ["GET /admin/queues"] = "UFFFFA",
        ["POST /admin/api/orders/{id}/reassign"] = "UFFFFA",
        ["PUT /admin/api/orders/{id}/priority"] = "UFFFFA",
        ["POST /admin/api/orders/{id}/cancel"] = "UFFFFA",
        ["GET /admin/api/writers"] = "UFFFFA",
    };

    // Valid bodies, so the ownership checks are reached rather than stopped at validation.
    private static readonly Dictionary<string, string> Bodies = new()
    {
        ["POST /v1/orders/{id}/revisions"] = "{\"notes\":\"Warmer, please.\"}",
        ["POST /v1/quotes"] = "{\"length\":\"short\"}",
        ["POST /v1/campaigns"] = "{\"name\":\"Matrix\",\"kind\":\"personal\",\"occasion\":\"thank_you\",\"relationship\":\"donor\",\"tone\":\"warm\",\"length\":\"short\"}",
        ["POST /v1/campaigns/{id}/start"] = "{\"on_invalid\":\"skip_invalid\"}",
        ["POST /v1/books"] = "{\"title\":\"Matrix\"}",
        ["PATCH /v1/standing_orders/{id}"] = "{\"paused\":true}",
        ["PUT /v1/standing_orders/{id}/years/{year}"] = "{\"note\":\"A good year.\"}",
        ["POST /v1/webhook_endpoints"] = "{\"url\":\"https://example.com/hooks\"}",
        ["POST /v1/webhook_endpoints/{id}/replay"] = "{\"since\":\"2026-11-01T00:00:00+00:00\"}",
        ["PUT /v1/recipients/{id}"] = "{\"name\":\"Rose\",\"address_line1\":\"1 Elm St\",\"city\":\"Springfield\",\"postal_code\":\"12345\",\"country\":\"US\"}",
        ["POST /writer/api/letters/{id}/heartbeat"] = "{\"attempt\":1}",
        ["POST /writer/api/letters/{id}/drafts"] = "{\"attempt\":1,\"base_version\":0,\"salutation\":\"Dear Claire,\",\"body\":\"Fifty years.\",\"closing\":\"Love,\",\"signature\":\"Henri\"}",
        ["POST /writer/api/letters/{id}/submit"] = "{\"attempt\":1,\"version\":1}",
        ["POST /writer/api/letters/{id}/release"] = "{\"attempt\":1,\"reason\":\"Matrix test.\"}",
        ["PUT /writer/api/availability"] = "{\"availability\":\"available\"}",
        ["PUT /admin/api/orders/{id}/priority"] = "{\"priority\":\"rush\"}",
        ["POST /admin/api/orders/{id}/cancel"] = "{\"reason\":\"Matrix test.\"}",
    };

    // State-changing requests go last, so they do not change what the earlier ones see.
    private static readonly string[] Last = ["DELETE /v1/standing_orders/{id}", "POST /v1/campaigns/{id}/cancel", "POST /v1/orders/{id}/cancel", "DELETE /v1/recipients/{id}", "DELETE /v1/webhook_endpoints/{id}", "POST /writer/api/letters/{id}/submit", "POST /writer/api/letters/{id}/release", "POST /admin/api/orders/{id}/reassign", "POST /admin/api/orders/{id}/cancel", "POST /account/api/logout"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_endpoint_answers_each_kind_of_caller_as_expected()
    {
        var endpoints = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {Normalize(e.RoutePattern.RawText ?? string.Empty)}"))
            .Distinct().ToList();
        var missing = endpoints.Where(e => !Expected.ContainsKey(e)).ToList();
        Assert.True(missing.Count == 0, $"Endpoints without an entry in the authorization matrix: {string.Join(", ", missing)}");

        var world = await WorldAsync();
        var callers = new (string Name, int Column, HttpClient Http)[]
        {
            ("anonymous", 0, world.Anonymous), ("client B", 2, world.ClientB), ("writer Y", 4, world.WriterY),
            ("client A", 1, world.ClientA), ("writer X", 3, world.WriterX), ("admin", 5, world.Admin),
        };
        var failures = new List<string>();
        foreach (var endpoint in endpoints.OrderBy(e => Array.IndexOf(Last, e)))
        {
            foreach (var (name, column, http) in callers)
            {
                var expected = Expected[endpoint][column];
                var (method, path) = (endpoint.Split(' ')[0], Fill(endpoint.Split(' ')[1], world));
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT" or "PATCH")
                {
                    request.Content = new StringContent(Bodies.GetValueOrDefault(endpoint, "{}"), Encoding.UTF8, "application/json");
                }

                using var response = await http.SendAsync(request, Ct);
                var status = (int)response.StatusCode;
                var toLogin = status == 302 && response.Headers.Location?.OriginalString is { } location
                    && (location.Contains("/account/login", StringComparison.Ordinal) || location.Contains("/app/signin", StringComparison.Ordinal));
                var ok = expected switch
                {
                    'A' => status < 500 && status is not 401 and not 403 && !toLogin,
                    'U' => status == 401 || toLogin,
                    'F' => status == 403,
                    'N' => status is 404 or 409,
                    _ => false,
                };
                if (!ok)
                {
                    failures.Add($"{endpoint} as {name}: expected {expected}, got {status}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string Normalize(string raw) =>
        "/" + Constraint().Replace(raw.Trim('/'), "{$1}") switch { "/" => string.Empty, var p => p.TrimEnd('/') };

    private static string Fill(string path, World world) =>
        path.StartsWith("/v1/recipients/", StringComparison.Ordinal) ? path.Replace("{id}", world.RecipientA.ToString(), StringComparison.Ordinal)
        : path.StartsWith("/writer/", StringComparison.Ordinal) ? path.Replace("{id}", world.LetterX.ToString(), StringComparison.Ordinal)
        : path.StartsWith("/v1/webhook_endpoints/", StringComparison.Ordinal) ? path.Replace("{id}", world.WebhookA.ToString(), StringComparison.Ordinal)
        : path.StartsWith("/v1/standing_orders/", StringComparison.Ordinal) ? path.Replace("{id}", world.StandingA.ToString(), StringComparison.Ordinal).Replace("{year}", "2027", StringComparison.Ordinal)
        : path.StartsWith("/v1/books/", StringComparison.Ordinal) ? path.Replace("{id}", world.BookA.ToString(), StringComparison.Ordinal)
        : path.StartsWith("/v1/campaigns/", StringComparison.Ordinal) ? path.Replace("{id}", world.CampaignA.ToString(), StringComparison.Ordinal)
        : path.StartsWith("/v1/quotes/", StringComparison.Ordinal) ? path.Replace("{id}", world.QuoteA.ToString(), StringComparison.Ordinal)
        : path.StartsWith("/v1/statements/", StringComparison.Ordinal) ? path.Replace("{month}", "2026-11", StringComparison.Ordinal)
        : path.StartsWith("/admin/review/", StringComparison.Ordinal) ? path.Replace("{id}", world.InReview.ToString(), StringComparison.Ordinal)
        : path.Replace("{id}", world.OrderA.ToString(), StringComparison.Ordinal).Replace("{documentName}", "v1", StringComparison.Ordinal).Replace("{writerId}", world.OrderA.ToString(), StringComparison.Ordinal);

    private sealed record World(HttpClient Anonymous, HttpClient ClientA, HttpClient ClientB, HttpClient WriterX, HttpClient WriterY, HttpClient Admin, Guid OrderA, Guid RecipientA, Guid LetterX, Guid InReview, Guid QuoteA, Guid WebhookA, Guid CampaignA, Guid StandingA, Guid BookA);

    private async Task<World> WorldAsync()
    {
        var options = new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true };
        var clientA = await ApiClients.CreateAsync(fixture.App);
        var clientB = await ApiClients.CreateAsync(fixture.App);
        using var recipient = await clientA.Http.PostAsJsonAsync("/v1/recipients", new { name = "Rose", address_line1 = "1 Elm St", city = "Springfield", postal_code = "12345", country = "US" }, ApiClients.Json, Ct);
        using var order = await clientA.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["occasion"] = "birthday"));
        using var quote = await clientA.Http.PostAsJsonAsync("/v1/quotes", new { length = "short" }, ApiClients.Json, Ct);
        using var webhook = await clientA.Http.PostAsJsonAsync("/v1/webhook_endpoints", new { url = "https://example.com/hooks" }, ApiClients.Json, Ct);
        var campaign = await clientA.CreateCampaignAsync(fixture.Clock, "personal");
        var standing = await clientA.StandingOrderAsync((await recipient.JsonAsync()).GetProperty("id").GetGuid());
        var book = await clientA.BookAsync(fixture.App, fixture.Clock);
        using var letter = await clientA.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["occasion"] = "anniversary"));
        using var review = await clientA.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["occasion"] = "anniversary"));
        var (writerX, xId) = await StaffAsync(StaffRoles.Writer, options);
        var (writerY, _) = await StaffAsync(StaffRoles.Writer, options);
        var (admin, _) = await StaffAsync(StaffRoles.Admin, options);

        // Writer X holds two anniversary letters: one to write, one already in review.
        await using var db = fixture.App.NewDbContext();
        var claim = (await ClaimNext.ExecuteAsync(db, xId, fixture.Clock.GetUtcNow(), new QueueOptions(), Ct)).Claim!;
        var reviewClaim = (await ClaimNext.ExecuteAsync(db, xId, fixture.Clock.GetUtcNow(), new QueueOptions(), Ct)).Claim!;
        db.Drafts.Add(new Draft { Id = Guid.NewGuid(), OrderId = reviewClaim.OrderId, WriterId = xId, Version = 1, Attempt = reviewClaim.Attempt, Salutation = "Dear Claire,", Body = "Fifty years.", Closing = "Love,", Signature = "Henri", Submitted = true, CreatedAt = fixture.Clock.GetUtcNow() });
        await db.SaveChangesAsync(Ct);
        await db.Orders.Where(o => o.Id == reviewClaim.OrderId).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.InReview).SetProperty(o => o.LeaseUntil, (DateTimeOffset?)null), Ct);

        var anonymous = fixture.App.CreateClient(options);
        var a = fixture.App.CreateClient(options);
        a.DefaultRequestHeaders.Authorization = clientA.Http.DefaultRequestHeaders.Authorization;
        var b = fixture.App.CreateClient(options);
        b.DefaultRequestHeaders.Authorization = clientB.Http.DefaultRequestHeaders.Authorization;
        return new World(anonymous, a, b, writerX, writerY, admin,
            (await order.JsonAsync()).GetProperty("id").GetGuid(), (await recipient.JsonAsync()).GetProperty("id").GetGuid(), claim.OrderId, reviewClaim.OrderId, (await quote.JsonAsync()).GetProperty("id").GetGuid(),
            (await webhook.JsonAsync()).GetProperty("id").GetGuid(), campaign, standing, book);
    }

    private async Task<(HttpClient Http, Guid WriterId)> StaffAsync(string role, WebApplicationFactoryClientOptions options)
    {
        const string password = "Matrix-password-9";
        var member = await Staff.CreateAsync(fixture.App, role, password, ["anniversary"], ["en"], capacity: 5, name: "Matrix writer");
        var (email, writerId) = (member.Email, member.WriterId);
        var http = fixture.App.CreateClient(options);
        using var login = await http.PostAsJsonAsync("/account/api/login", new { email, password }, ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        return (http, writerId);
    }

    [GeneratedRegex(@"\{(\w+)(:[^}]+)?\}")]
    private static partial Regex Constraint();
}
