using System.Net;
using System.Net.Http.Json;
using Letters.Tests.Campaigns;
using Letters.Tests.Infrastructure;
using Letters.Tests.StandingOrders;
using Letters.Tests.Webhooks;

namespace Letters.Tests.Hardening;

/// <summary>
/// The hostile corpus over the surfaces added after the first one: webhook endpoints, standing orders and their years,
/// books, campaigns, statements, and the page forms. Every text field gets the one rule: a control character is a
/// 400 naming the field, never a 500; a line break only where a field holds paragraphs; odd but valid text is taken.
/// </summary>
public sealed class HostileSurfacesTests(BadInputFixture fixture) : IClassFixture<BadInputFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly (string Name, string Value, bool Refused)[] Texts =
    [
        ("nul", "before\u0000after", true), ("bell", "ring\u0007ring", true), ("escape", "\u001b[31mred", true), ("c1", "next\u0085line", true),
        ("right-to-left", "\u202Eabc\u202C شكرا", false), ("emoji", "love 😀💌", false), ("html", "<script>alert('x')</script>", false),
        ("sql", "'; DROP TABLE orders; --", false), ("1 MB", new string('x', 1_000_000), false),
    ];

    /// <summary>Every text field of the newer endpoints: (endpoint, field, whether it holds paragraphs).</summary>
    private static readonly (string Endpoint, string Field, bool MultiLine)[] Fields =
    [
        ("POST /v1/webhook_endpoints", "url", false), ("POST /v1/webhook_endpoints", "description", false),
        ("PATCH /v1/webhook_endpoints/{id}", "url", false), ("PATCH /v1/webhook_endpoints/{id}", "description", false),
        ("POST /v1/standing_orders", "occasion_name", false), ("POST /v1/standing_orders", "time_zone", false), ("POST /v1/standing_orders", "brief", true),
        ("POST /v1/standing_orders", "relationship", false), ("POST /v1/standing_orders", "signature", false),
        ("PATCH /v1/standing_orders/{id}", "brief", true), ("PUT /v1/standing_orders/{id}/years/{year}", "note", true),
        ("POST /v1/books", "title", false), ("POST /v1/books", "dedication", true),
        ("POST /v1/campaigns", "name", false), ("POST /v1/campaigns", "brief", true), ("POST /v1/campaigns", "relationship", false), ("POST /v1/campaigns", "signature", false),
        ("POST /v1/quotes", "paper", false), ("POST /v1/quotes", "style", false),
    ];

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (endpoint, field, _) in Fields)
        {
            foreach (var (name, _, _) in Texts)
            {
                data.Add(endpoint, field, name);
            }

            data.Add(endpoint, field, "line break");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_text_field_is_a_400_naming_it_or_taken_never_a_500(string endpoint, string field, string valueName)
    {
        var multiLine = Fields.Single(f => f.Endpoint == endpoint && f.Field == field).MultiLine;
        var (value, refused) = valueName == "line break" ? ("one\ntwo", !multiLine) : Texts.Single(t => t.Name == valueName) is var t ? (t.Value, t.Refused) : default;
        var (method, path, body) = await RequestAsync(endpoint);
        body[field] = value;

        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(body, options: ApiClients.Json) };
        using var response = await fixture.Client.Http.SendAsync(request, Ct);

        var status = (int)response.StatusCode;
        Assert.True(status < 500, $"{endpoint} {field}={valueName}: {status} {await response.Content.ReadAsStringAsync(Ct)}");
        Assert.Equal("application/problem+json", status >= 400 ? response.Content.Headers.ContentType?.MediaType : "application/problem+json");
        if (refused)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _), $"{endpoint}: the 400 names '{field}'");
        }
    }

    public static TheoryData<string> CursorCases() => [.. Texts.Select(t => t.Name), "another shape"];

    /// <summary>The statement page's <c>after</c> cursor is the client's to edit: anything but one it gave is a 404 page.</summary>
    [Theory]
    [MemberData(nameof(CursorCases))]
    public async Task A_hostile_cursor_on_the_statement_page_is_not_found_never_a_500(string valueName)
    {
        var value = valueName == "another shape" ? Convert.ToBase64String("2026-11-03T10:00:00Z|not-a-guid"u8) : Texts.Single(t => t.Name == valueName).Value;
        var (browser, _) = await Forms.SignedUpClientAsync(fixture.App, "Cursor & Co");

        using var page = await browser.GetAsync(new Uri($"/app/statements?month=2026-11&after={Uri.EscapeDataString(value)}", UriKind.Relative), Ct);

        Assert.True((int)page.StatusCode < 500, $"{valueName}: {(int)page.StatusCode}");
        Assert.Contains(page.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.RequestUriTooLong, HttpStatusCode.BadRequest });
        Assert.DoesNotContain("<script>alert", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Europe")]
    [InlineData("leapseconds")]
    [InlineData("posixrules")]
    [InlineData("../../etc/passwd")]
    [InlineData("Mars/Olympus_Mons")]
    public async Task A_time_zone_that_is_no_zone_of_the_database_is_a_400(string zone)
    {
        var recipient = await fixture.Client.RecipientAsync();

        using var response = await fixture.Client.Http.PostAsJsonAsync("/v1/standing_orders", StandingOrderSteps.Body(recipient, b => b["time_zone"] = zone), ApiClients.Json, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("time_zone", out _));
    }

    [Theory]
    [InlineData("9999-12")]
    [InlineData("0001-01")]
    [InlineData("2026-13")]
    [InlineData("2026-1")]
    [InlineData("3000-01")]
    public async Task A_statement_month_out_of_bounds_is_a_400_in_json_and_csv_alike(string month)
    {
        using var json = await fixture.Client.Http.GetAsync(new Uri($"/v1/statements/{month}", UriKind.Relative), Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/statements/{month}");
        request.Headers.Accept.ParseAdd("text/csv");
        using var csv = await fixture.Client.Http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, csv.StatusCode);
        Assert.Equal("application/problem+json", csv.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/signup")]
    [InlineData("/app/signin")]
    [InlineData("/app/forgot")]
    public async Task A_page_form_with_a_control_character_is_a_400_page(string path)
    {
        var browser = Forms.Browser(fixture.App);

        using var response = await Forms.PostAsync(browser, path, new() { ["Name"] = "Ana\u0000", ["Email"] = "ana\u0000@example.com", ["Password"] = "a-long-password-1" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    private Guid? endpoint;

    private static async Task<Guid?> ExistingEndpointAsync(ApiClient client)
    {
        using var list = await client.Http.GetAsync(new Uri("/v1/webhook_endpoints", UriKind.Relative), Ct);
        return (await list.JsonAsync()).GetProperty("data").EnumerateArray().Select(e => (Guid?)e.GetProperty("id").GetGuid()).FirstOrDefault();
    }
    private Guid? standing;

    private async Task<(string Method, string Path, Dictionary<string, object?> Body)> RequestAsync(string endpointName)
    {
        var client = fixture.Client;
        switch (endpointName)
        {
            case "POST /v1/webhook_endpoints":
                return ("POST", "/v1/webhook_endpoints", new() { ["url"] = "https://example.com/hooks", ["description"] = "CRM" });
            case "PATCH /v1/webhook_endpoints/{id}":
                endpoint ??= await ExistingEndpointAsync(client) ?? (await client.AddEndpointAsync("https://example.com/hooks")).Id;
                return ("PATCH", $"/v1/webhook_endpoints/{endpoint}", new() { ["description"] = "CRM" });
            case "POST /v1/standing_orders":
                return ("POST", "/v1/standing_orders", StandingOrderSteps.Body(await client.RecipientAsync(), b => b["day"] = Random.Shared.Next(1, 28)));
            case "PATCH /v1/standing_orders/{id}":
                standing ??= await client.StandingOrderAsync(await client.RecipientAsync());
                return ("PATCH", $"/v1/standing_orders/{standing}", new() { ["brief"] = "A standing brief long enough to be one." });
            case "PUT /v1/standing_orders/{id}/years/{year}":
                standing ??= await client.StandingOrderAsync(await client.RecipientAsync());
                return ("PUT", $"/v1/standing_orders/{standing}/years/{fixture.App.Clock.GetUtcNow().Year + 1}", new() { ["note"] = "We moved to Lyon." });
            case "POST /v1/books":
                return ("POST", "/v1/books", new() { ["title"] = "Letters", ["dedication"] = "For C." });
            case "POST /v1/campaigns":
                return ("POST", "/v1/campaigns", CampaignSteps.Body(fixture.App.Clock, "one_letter"));
            case "POST /v1/quotes":
                return ("POST", "/v1/quotes", new() { ["length"] = "standard", ["paper"] = "cream" });
            default:
                throw new ArgumentOutOfRangeException(nameof(endpointName), endpointName, null);
        }
    }
}
