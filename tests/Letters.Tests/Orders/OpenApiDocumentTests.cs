using System.Net;
using System.Text.Json;
using Letters.Tests.Infrastructure;

namespace Letters.Tests.Orders;

/// <summary>
/// The OpenAPI document tells the truth: what a generated client reads from it matches what the API takes and
/// returns. (Every response the API tests receive is also checked against it: <see cref="ApiContract"/>.)
/// </summary>
public sealed class OpenApiDocumentTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonElement> DocumentAsync()
    {
        using var http = fixture.App.CreateClient();
        return JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json", Ct)).RootElement.Clone();
    }

    private static string BodySchema(JsonElement doc, string path, string method) =>
        doc.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("requestBody").GetProperty("content")
            .GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;

    [Fact]
    public async Task Each_request_body_is_documented_with_its_own_schema()
    {
        var doc = await DocumentAsync();

        var bodies = new[] { BodySchema(doc, "/v1/orders", "post"), BodySchema(doc, "/v1/orders/{id}/revisions", "post"), BodySchema(doc, "/account/api/login", "post") };

        Assert.Equal(3, bodies.Distinct().Count());
        var revision = doc.GetProperty("components").GetProperty("schemas").GetProperty(bodies[1].Split('/')[^1]);
        Assert.Equal(["notes"], revision.GetProperty("properties").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Only_what_the_validators_insist_on_is_required()
    {
        var doc = await DocumentAsync();
        var schemas = doc.GetProperty("components").GetProperty("schemas");
        var order = schemas.GetProperty(BodySchema(doc, "/v1/orders", "post").Split('/')[^1]);
        var recipient = schemas.GetProperty("RecipientInput");

        var required = order.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ToHashSet();
        Assert.Equal(["brief", "length", "occasion", "relationship", "tone"], required.Order());
        Assert.DoesNotContain("recipient", required);
        Assert.DoesNotContain("recipient_id", required);
        Assert.Equal(["address_line1", "city", "country", "name", "postal_code"], recipient.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Order());
    }

    [Fact]
    public async Task The_api_key_is_a_bearer_scheme_on_every_client_operation_but_the_catalogue()
    {
        var doc = await DocumentAsync();

        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Single();
        Assert.Equal("http", scheme.Value.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.Value.GetProperty("scheme").GetString());
        foreach (var path in doc.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/v1/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var secured = operation.Value.TryGetProperty("security", out var security) && security.GetArrayLength() == 1;
                Assert.True(secured != path.Name.StartsWith("/v1/catalogue", StringComparison.Ordinal), $"{operation.Name} {path.Name}");
            }
        }
    }

    [Fact]
    public async Task Pdfs_and_problem_fields_are_documented()
    {
        var doc = await DocumentAsync();

        var letter = doc.GetProperty("paths").GetProperty("/v1/orders/{id}/letter.pdf").GetProperty("get").GetProperty("responses");
        Assert.True(letter.GetProperty("200").GetProperty("content").TryGetProperty("application/pdf", out _));
        var problem = doc.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails").GetProperty("properties");
        Assert.True(problem.TryGetProperty("trace_id", out _));
        Assert.True(problem.TryGetProperty("errors", out _));
    }

    [Fact]
    public async Task The_contract_check_catches_a_response_the_document_does_not_describe()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://localhost/v1/orders/019a6f3e-8d95-7e5d-b6de-baa290210b2e");
        using var undocumentedField = new HttpResponseMessage(HttpStatusCode.NotFound)
        {
            Content = new StringContent("""{"title":"No such order.","status":404,"trace_id":"x","secret_sql":"SELECT 1"}""", System.Text.Encoding.UTF8, "application/problem+json"),
        };
        using var undocumentedStatus = new HttpResponseMessage(HttpStatusCode.Gone) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        using var wrongType = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"id":"not-a-uuid"}""", System.Text.Encoding.UTF8, "application/json") };

        Assert.Contains("does not match", await ApiContract.ViolationAsync(fixture.App, request, undocumentedField), StringComparison.Ordinal);
        Assert.Contains("does not list", await ApiContract.ViolationAsync(fixture.App, request, undocumentedStatus), StringComparison.Ordinal);
        Assert.Contains("does not match", await ApiContract.ViolationAsync(fixture.App, request, wrongType), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_newer_endpoints_say_what_their_validators_require_and_the_values_and_ranges_they_take()
    {
        var doc = await DocumentAsync();
        var schemas = doc.GetProperty("components").GetProperty("schemas");
        JsonElement Body(string path) => schemas.GetProperty(BodySchema(doc, path, "post").Split('/')[^1]);
        static HashSet<string> Required(JsonElement schema) => [.. schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!)];
        static List<string?> Enum(JsonElement property) => [.. property.GetProperty("enum").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? null : v.GetString())];

        // A campaign's letter settings are checked by the order validator: what it demands is required here too.
        var campaign = Body("/v1/campaigns");
        Assert.Superset(new HashSet<string> { "name", "kind", "occasion", "relationship", "tone", "length" }, Required(campaign));
        Assert.DoesNotContain("brief", Required(campaign));
        Assert.Equal(["one_letter", "personal", null], Enum(campaign.GetProperty("properties").GetProperty("kind")));
        Assert.Superset(new HashSet<string> { "recipient_id", "month", "day", "time_zone", "occasion", "relationship", "brief", "tone", "length" }, Required(Body("/v1/standing_orders")));

        var standing = Body("/v1/standing_orders").GetProperty("properties");
        Assert.Equal(("1", "12"), (standing.GetProperty("month").GetProperty("minimum").ToString(), standing.GetProperty("month").GetProperty("maximum").ToString()));
        Assert.Equal(("7", "120"), (standing.GetProperty("lead_days").GetProperty("minimum").ToString(), standing.GetProperty("lead_days").GetProperty("maximum").ToString()));
        Assert.Contains("thank_you", Enum(standing.GetProperty("occasion")));
        Assert.Equal(100, Body("/v1/campaigns").GetProperty("properties").GetProperty("name").GetProperty("maxLength").GetInt32());
        Assert.Contains("letter.rendered", Enum(Body("/v1/webhook_endpoints").GetProperty("properties").GetProperty("event_types").GetProperty("items")));

        var list = doc.GetProperty("paths").GetProperty("/v1/orders").GetProperty("get").GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "limit");
        Assert.Equal(("1", "100"), (list.GetProperty("schema").GetProperty("minimum").ToString(), list.GetProperty("schema").GetProperty("maximum").ToString()));
        var month = doc.GetProperty("paths").GetProperty("/v1/statements/{month}").GetProperty("get").GetProperty("parameters")[0];
        Assert.True(month.GetProperty("schema").TryGetProperty("pattern", out _));
        var file = doc.GetProperty("paths").GetProperty("/v1/campaigns/{id}/file").GetProperty("put").GetProperty("requestBody").GetProperty("content");
        Assert.True(file.TryGetProperty("text/csv", out _));
    }

    [Fact]
    public async Task The_contract_check_catches_a_body_the_api_took_that_the_document_refuses()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://localhost/v1/quotes")
        {
            Content = new StringContent("""{"length":"epic","priority":"standard","paper":"cream"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        using var taken = new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };

        Assert.Contains("took a body its documented schema refuses", await ApiContract.ViolationAsync(fixture.App, request, taken), StringComparison.Ordinal);
    }
}
