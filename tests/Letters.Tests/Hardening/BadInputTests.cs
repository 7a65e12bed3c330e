using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Letters.Domain;
using Letters.Tests.Infrastructure;

namespace Letters.Tests.Hardening;

/// <summary>The app on a database of its own, with a rate limit high enough for a few hundred hostile requests.</summary>
public sealed class BadInputFixture : IAsyncLifetime
{
    public LettersApp App { get; private set; } = null!;
    public ApiClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var database = await TestDatabases.CreateAsync();
        App = new LettersApp(TestDatabases.ConnectionStringFor(database), new TestClock(), settings: new Dictionary<string, string> { ["Letters:RateLimit:Limit"] = "1000000" });
        Client = await ApiClients.CreateAsync(App);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        App.ClearPools();
    }
}

/// <summary>
/// Hostile and broken input, a few hundred cases: every answer is a 4xx ProblemDetails (or, for odd but valid
/// text, a success) and never a 500. Injection strings are stored verbatim and shown encoded.
/// </summary>
public sealed class BadInputTests(BadInputFixture fixture) : IClassFixture<BadInputFixture>
{
    private static readonly string Huge = new('x', 1_000_000);

    private static readonly (string Name, object? Value)[] HostileValues =
    [
        ("null", null), ("number", 123), ("negative", -1), ("huge number", 1e308), ("boolean", true), ("array", new[] { 1, 2 }),
        ("object", new { a = 1 }), ("empty", ""), ("1 MB string", Huge), ("control characters", "line\u0000break\u0007bell"),
        ("sql injection", "'; DROP TABLE orders; --"), ("html injection", "<script>alert('x')</script>"), ("path", "../../etc/passwd"),
        ("right-to-left", "\u202Eabc\u202C شكرا"), ("emoji", "love 😀💌"), ("impossible date", "2026-02-30"), ("far date", "9999-12-31"),
        ("ancient date", "0001-01-01"),
    ];

    private static readonly string[] OrderFields =
        ["occasion", "relationship", "brief", "tone", "length", "language", "style", "ink", "paper", "page_size", "signature", "deliver_by", "priority", "metadata", "recipient", "recipient_id", "auto_draft"];

    private static readonly string[] RecipientFields = ["name", "relationship", "address_line1", "address_line2", "city", "region", "postal_code", "country"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> OrderFieldCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var field in OrderFields)
        {
            foreach (var (name, _) in HostileValues)
            {
                data.Add(field, name);
            }
        }

        return data;
    }

    public static TheoryData<string, string> RecipientFieldCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var field in RecipientFields)
        {
            foreach (var (name, _) in HostileValues.Where(v => v.Name is not ("impossible date" or "far date" or "ancient date")))
            {
                data.Add(field, name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OrderFieldCases))]
    public async Task A_hostile_order_field_is_a_client_error_or_stored_verbatim(string field, string valueName)
    {
        var value = HostileValues.Single(v => v.Name == valueName).Value;
        var body = ApiClients.OrderBody(fixture.App.Clock, b => b[field] = value);

        using var response = await fixture.Client.PostOrderAsync(body);

        await AssertHandledAsync(response, HttpStatusCode.Created);
        if (response.StatusCode == HttpStatusCode.Created && value is string text && field is "brief" or "relationship" or "signature")
        {
            Assert.Equal(text.Trim(), (await response.JsonAsync()).GetProperty(field).GetString());
        }
    }

    [Theory]
    [MemberData(nameof(RecipientFieldCases))]
    public async Task A_hostile_recipient_field_is_a_client_error_or_stored_verbatim(string field, string valueName)
    {
        var body = new Dictionary<string, object?> { ["name"] = "Rose", ["address_line1"] = "1 Elm St", ["city"] = "Springfield", ["postal_code"] = "12345", ["country"] = "US" };
        body[field] = HostileValues.Single(v => v.Name == valueName).Value;

        using var response = await fixture.Client.Http.PostAsJsonAsync("/v1/recipients", body, ApiClients.Json, Ct);

        await AssertHandledAsync(response, HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"just a string\"")]
    [InlineData("{\"occasion\": }")]
    [InlineData("{\"occasion\": \"love\",}")]
    [InlineData("{\"occasion\": \"love\"} trailing")]
    [InlineData("{\"brief\": \"\\uD800\"}")]
    [InlineData("{\"metadata\": {\"k\": 5}}")]
    [InlineData("{\"metadata\": []}")]
    [InlineData("{\"deliver_by\": 20261224}")]
    [InlineData("{\"recipient\": \"Claire\"}")]
    [InlineData("{\"auto_draft\": \"yes\"}")]
    [InlineData("{\"recipient_id\": 42}")]
    [InlineData("{\"OCCASION\": \"love\"}")]
    public async Task Malformed_json_is_a_400_problem(string json)
    {
        using var response = await fixture.Client.Http.PostAsync(new Uri("/v1/orders", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertProblemAsync(response);
    }

    [Fact]
    public async Task Invalid_utf8_is_a_400_problem()
    {
        var content = new ByteArrayContent([0x7B, 0x22, 0x62, 0x72, 0x69, 0x65, 0x66, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await fixture.Client.Http.PostAsync(new Uri("/v1/orders", UriKind.Relative), content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data")]
    public async Task A_body_that_is_not_json_is_a_415(string contentType)
    {
        var content = new StringContent("occasion=love", Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);

        using var response = await fixture.Client.Http.PostAsync(new Uri("/v1/orders", UriKind.Relative), content, Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData("/v1/orders/not-a-guid")]
    [InlineData("/v1/orders/..%2f..%2fetc%2fpasswd")]
    [InlineData("/v1/orders/%2500")]
    [InlineData("/v1/orders/00000000-0000-0000-0000-000000000000")]
    [InlineData("/v1/orders/' OR 1=1 --")]
    [InlineData("/v1/recipients/..%5c..%5cwindows")]
    [InlineData("/v1/orders/019a0000-0000-7000-8000-000000000001/events")]
    [InlineData("/v1/orders?limit=-1")]
    [InlineData("/v1/orders?limit=0")]
    [InlineData("/v1/orders?limit=99999999999")]
    [InlineData("/v1/orders?limit=abc")]
    [InlineData("/v1/orders?after=%3Cscript%3E")]
    [InlineData("/v1/orders?after=x&before=y")]
    [InlineData("/v1/orders?created_after=yesterday")]
    [InlineData("/v1/orders?status=%3Cscript%3E")]
    [InlineData("/v1/orders?occasion=';--")]
    [InlineData("/v1/orders?metadata[a']=1")]
    [InlineData("/v1/catalogue/preview.pdf?style=../../fonts")]
    [InlineData("/v1/catalogue/preview.pdf?page_size=a0")]
    public async Task Hostile_paths_and_queries_are_client_errors(string path)
    {
        using var response = await fixture.Client.Http.GetAsync(new Uri(path, UriKind.Relative), Ct);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        await AssertProblemAsync(response);
    }

    [Fact]
    public async Task Injection_strings_are_stored_verbatim_and_shown_encoded_in_the_dashboards()
    {
        const string hostile = "<script>alert('x')</script> '; DROP TABLE orders; --";
        using var created = await fixture.Client.PostOrderAsync(ApiClients.OrderBody(fixture.App.Clock, b => { b["brief"] = hostile; b["relationship"] = "<b>bold</b> friend"; }));
        var order = await created.JsonAsync();
        Assert.Equal(hostile, order.GetProperty("brief").GetString());

        var admin = await SignedInAdminAsync();
        using var page = await admin.GetAsync(new Uri($"/admin/orders/{order.GetProperty("id").GetGuid()}", UriKind.Relative), Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);
        using var search = await admin.GetAsync(new Uri("/admin/orders?recipient=Claire", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
    }

    private async Task<HttpClient> SignedInAdminAsync()
    {
        const string password = "Hostile-admin-9";
        var email = (await Staff.CreateAsync(fixture.App, StaffRoles.Admin, password)).Email;
        var http = fixture.App.CreateClient();
        using var login = await http.PostAsJsonAsync("/account/api/login", new { email, password }, ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        return http;
    }

    private static readonly int[] ClientErrors = [400, 404, 413, 415, 422];

    /// <summary>No 5xx; a client error is an RFC 9457 problem; a success is the expected one.</summary>
    private static async Task AssertHandledAsync(HttpResponseMessage response, HttpStatusCode success)
    {
        var status = (int)response.StatusCode;
        Assert.True(status < 500, $"{status}: {await response.Content.ReadAsStringAsync(Ct)}");
        if (status >= 400)
        {
            Assert.Contains(status, ClientErrors);
            await AssertProblemAsync(response);
        }
        else
        {
            Assert.Equal(success, response.StatusCode);
        }
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
    }
}
