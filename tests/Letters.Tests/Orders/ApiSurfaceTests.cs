using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Letters.Infrastructure;
using Letters.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Letters.Tests.Orders;

/// <summary>Authentication, rate limits, the address book, the catalogue and the API description.</summary>
public sealed class ApiSurfaceTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_key_or_a_wrong_key_is_a_401_problem()
    {
        using var anonymous = fixture.App.CreateClient();
        using var wrong = fixture.App.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "lt_live_0000000000000000000000000000000000000000000000000000000000000000");

        using var none = await anonymous.GetAsync(new Uri("/v1/orders", UriKind.Relative), Ct);
        using var bad = await wrong.GetAsync(new Uri("/v1/orders", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Going_over_the_rate_limit_is_a_429_with_the_pacing_headers()
    {
        var clock = new TestClock(fixture.Clock.GetUtcNow());
        await using var app = new LettersApp(fixture.App.ConnectionString, clock, settings: new Dictionary<string, string> { ["Letters:RateLimit:Limit"] = "5" });
        var client = await ApiClients.CreateAsync(app);
        var other = await ApiClients.CreateAsync(app);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 6; i++)
        {
            last?.Dispose();
            last = await client.Http.GetAsync(new Uri("/v1/orders", UriKind.Relative), Ct);
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("5", last!.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal("0", last.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.Equal(clock.GetUtcNow().AddSeconds(5).ToUnixTimeSeconds(), long.Parse(last.Headers.GetValues("X-RateLimit-Reset").Single(), CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.FromSeconds(5), last.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        last.Dispose();

        using var otherKey = await other.Http.GetAsync(new Uri("/v1/orders", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
        clock.Advance(TimeSpan.FromSeconds(5));
        using var nextWindow = await client.Http.GetAsync(new Uri("/v1/orders", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, nextWindow.StatusCode);
        Assert.Equal("4", nextWindow.Headers.GetValues("X-RateLimit-Remaining").Single());
    }

    [Fact]
    public async Task The_address_book_is_private_to_its_client()
    {
        var alice = await ApiClients.CreateAsync(fixture.App);
        var bob = await ApiClients.CreateAsync(fixture.App);

        using var created = await alice.Http.PostAsJsonAsync("/v1/recipients", new { name = "Grandma Rose", relationship = "grandmother", address_line1 = "1 Elm St", city = "Springfield", region = "IL", postal_code = "62701", country = "US" }, ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();

        using var updated = await alice.Http.PutAsJsonAsync($"/v1/recipients/{id}", new { name = "Rose Miller", address_line1 = "2 Oak Ave", city = "Springfield", postal_code = "62702", country = "US" }, ApiClients.Json, Ct);
        Assert.Equal("Rose Miller", (await updated.JsonAsync()).GetProperty("name").GetString());
        using var list = await alice.Http.GetAsync(new Uri("/v1/recipients", UriKind.Relative), Ct);
        Assert.Single((await list.JsonAsync()).GetProperty("data").EnumerateArray());

        using var bobGet = await bob.Http.GetAsync(new Uri($"/v1/recipients/{id}", UriKind.Relative), Ct);
        using var bobPut = await bob.Http.PutAsJsonAsync($"/v1/recipients/{id}", new { name = "Hacked", address_line1 = "x", city = "x", postal_code = "x", country = "US" }, ApiClients.Json, Ct);
        using var bobDelete = await bob.Http.DeleteAsync(new Uri($"/v1/recipients/{id}", UriKind.Relative), Ct);
        using var bobList = await bob.Http.GetAsync(new Uri("/v1/recipients", UriKind.Relative), Ct);
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], new[] { bobGet.StatusCode, bobPut.StatusCode, bobDelete.StatusCode });
        Assert.Empty((await bobList.JsonAsync()).GetProperty("data").EnumerateArray());

        using var deleted = await alice.Http.DeleteAsync(new Uri($"/v1/recipients/{id}", UriKind.Relative), Ct);
        using var gone = await alice.Http.GetAsync(new Uri($"/v1/recipients/{id}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        using var invalid = await alice.Http.PostAsJsonAsync("/v1/recipients", new { name = "", address_line1 = "1 Elm St", city = "Springfield", postal_code = "62701", country = "USA" }, ApiClients.Json, Ct);
        var errors = (await invalid.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _) && errors.TryGetProperty("country", out _), errors.ToString());
    }

    [Fact]
    public async Task The_catalogue_lists_every_choice_with_a_preview_that_opens()
    {
        using var http = fixture.App.CreateClient();

        using var response = await http.GetAsync(new Uri("/v1/catalogue", UriKind.Relative), Ct);
        var catalogue = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(9, catalogue.GetProperty("styles").GetArrayLength());
        Assert.Equal(4, catalogue.GetProperty("styles").EnumerateArray().Count(s => s.GetProperty("kind").GetString() == "pen"));
        Assert.Equal("allure", catalogue.GetProperty("styles").EnumerateArray().Single(s => s.GetProperty("is_default").GetBoolean()).GetProperty("id").GetString());
        Assert.Equal(4, catalogue.GetProperty("inks").GetArrayLength());
        Assert.Equal(4, catalogue.GetProperty("papers").GetArrayLength());
        Assert.Equal(3, catalogue.GetProperty("page_sizes").GetArrayLength());
        var preview = catalogue.GetProperty("papers")[2].GetProperty("preview_url").GetString()!;
        using var pdf = await http.GetAsync(new Uri(preview, UriKind.Relative), Ct);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync(Ct), 0, 5), StringComparison.Ordinal);
        using var unknown = await http.GetAsync(new Uri("/v1/catalogue/preview.pdf?style=comic_sans", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task The_api_is_described_at_openapi_v1_json_and_browsable_at_docs()
    {
        using var http = fixture.App.CreateClient();

        using var document = await http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), Ct);
        using var docs = await http.GetAsync(new Uri("/docs/index.html", UriKind.Relative), Ct);

        var paths = (await document.JsonAsync()).GetProperty("paths");
        foreach (var path in new[] { "/v1/orders", "/v1/orders/{id}", "/v1/orders/{id}/cancel", "/v1/orders/{id}/events", "/v1/orders/{id}/proof.pdf", "/v1/orders/{id}/letter.pdf", "/v1/orders/{id}/revisions", "/v1/recipients", "/v1/recipients/{id}", "/v1/catalogue" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} missing from the OpenAPI document");
        }

        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("swagger", await docs.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);

        var create = paths.GetProperty("/v1/orders").GetProperty("post");
        Assert.Equal("anniversary", create.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example").GetProperty("occasion").GetString());
        Assert.Equal("order", create.GetProperty("responses").GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("example").GetProperty("object").GetString());
    }

    [Fact]
    public void Every_client_endpoint_has_an_example_in_the_api_description()
    {
        var endpoints = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => OpenApiExamples.Key(m, Route(e.RoutePattern.RawText!))))
            .ToList();

        Assert.True(endpoints.Count >= 15, string.Join(", ", endpoints));
        Assert.All(endpoints, key => Assert.True(OpenApiExamples.Has(key), $"No OpenAPI example for {key}"));
    }

    // "/v1/orders/{id:guid}/cancel" → "v1/orders/{id}/cancel", as the API description names it.
    private static string Route(string raw) =>
        System.Text.RegularExpressions.Regex.Replace(raw.TrimStart('/'), @"\{(\w+):[^}]+\}", "{$1}");
}
