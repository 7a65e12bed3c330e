using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Letters.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Letters.Tests.Hardening;

/// <summary>The app on a real Kestrel port (its own limits answer there), with a small rate limit to run into.</summary>
public sealed class TriedAsAClientFixture : IAsyncLifetime
{
    public const int Limit = 12;

    public LettersApp App { get; private set; } = null!;
    public string BaseUrl { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var database = await TestDatabases.CreateAsync();
        App = new LettersApp(TestDatabases.ConnectionStringFor(database), new TestClock(), settings: new Dictionary<string, string>
        {
            ["Letters:RateLimit:Limit"] = Limit.ToString(CultureInfo.InvariantCulture),
            ["Letters:RateLimit:FailureLimit"] = "5",
        });
        App.UseKestrel(0);
        App.StartServer();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        App.ClearPools();
    }
}

/// <summary>What a new integrator ran into with hostile and careless requests, each class of it answered properly.</summary>
public sealed class TriedAsAClientTests(TriedAsAClientFixture fixture) : IClassFixture<TriedAsAClientFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Each test gets its own key (its own rate-limit window) and moves the clock past every earlier window.
    private async Task<ApiClient> FreshClientAsync()
    {
        fixture.App.Clock.Advance(TimeSpan.FromMinutes(2));
        return await ApiClients.CreateAsync(fixture.App);
    }

    [Fact]
    public async Task Created_after_and_before_take_any_utc_offset()
    {
        var client = await FreshClientAsync();
        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.App.Clock));
        var at = (await created.JsonAsync()).GetProperty("created_at").GetDateTimeOffset();
        string InParis(DateTimeOffset instant) => Uri.EscapeDataString(instant.ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));

        using var before = await client.Http.GetAsync($"/v1/orders?created_after={InParis(at.AddMinutes(-1))}", Ct);
        using var after = await client.Http.GetAsync($"/v1/orders?created_after={InParis(at.AddMinutes(1))}", Ct);
        using var window = await client.Http.GetAsync($"/v1/orders?created_before={InParis(at.AddMinutes(1))}&created_after={InParis(at.AddMinutes(-1))}", Ct);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(1, (await before.JsonAsync()).GetProperty("data").GetArrayLength());
        Assert.Equal(0, (await after.JsonAsync()).GetProperty("data").GetArrayLength());
        Assert.Equal(1, (await window.JsonAsync()).GetProperty("data").GetArrayLength());
    }

    [Theory]
    [InlineData("/v1/orders?metadata[k]=%00", "metadata[k]")]
    [InlineData("/v1/orders?metadata[k%00]=v", "metadata[k]")]
    [InlineData("/v1/orders?status=queued%00", "status")]
    [InlineData("/v1/orders?occasion=%07love", "occasion")]
    [InlineData("/v1/orders?after=%00", "after")]
    [InlineData("/v1/recipients?before=abc%00", "before")]
    public async Task A_control_character_in_a_query_parameter_is_a_400_naming_it(string path, string parameter)
    {
        var client = await FreshClientAsync();

        using var response = await client.Http.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Theory]
    [InlineData("/v1/orders?limit=abc", "limit", "whole number")]
    [InlineData("/v1/orders?limit=1e3", "limit", "whole number")]
    [InlineData("/v1/orders?created_after=yesterday", "created_after", "date and time")]
    [InlineData("/v1/orders?created_before=2026-13-45", "created_before", "date and time")]
    [InlineData("/v1/recipients?limit=%F0%9F%92%8C", "limit", "whole number")]
    [InlineData("/v1/orders/not-an-id", "id", "UUID")]
    [InlineData("/v1/orders/12345/events", "id", "UUID")]
    [InlineData("/v1/recipients/abc", "id", "UUID")]
    public async Task A_query_or_route_parameter_that_cannot_be_read_is_a_400_in_the_clients_words(string path, string parameter, string expected)
    {
        var client = await FreshClientAsync();

        using var response = await client.Http.GetAsync(path, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = Assert.Single((await response.JsonAsync()).GetProperty("errors").GetProperty(parameter).EnumerateArray()).GetString();
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("Nullable", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Int32", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Failed to bind", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_requests_count_against_the_rate_limit_and_carry_its_headers()
    {
        var client = await FreshClientAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < TriedAsAClientFixture.Limit + 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/orders") { Content = new StringContent("{", Encoding.UTF8, "application/json") };
            using var response = await client.Http.SendAsync(request, Ct);
            statuses.Add(response.StatusCode);
            Assert.True(response.Headers.Contains("X-RateLimit-Remaining"), $"request {i + 1} ({response.StatusCode}) has no X-RateLimit headers");
        }

        using var wrongType = await client.Http.GetAsync("/v1/orders?limit=abc", Ct);

        Assert.Equal(TriedAsAClientFixture.Limit, statuses.Count(s => s == HttpStatusCode.BadRequest));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.TooManyRequests, wrongType.StatusCode);
        Assert.NotNull(wrongType.Headers.RetryAfter);
    }

    [Fact]
    public async Task An_address_that_keeps_sending_unknown_keys_is_throttled()
    {
        fixture.App.Clock.Advance(TimeSpan.FromMinutes(5));
        using var http = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/orders");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"lt_test_{Guid.NewGuid():N}{Guid.NewGuid():N}");
            using var response = await http.SendAsync(request, Ct);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), statuses.Take(5));
        Assert.All(statuses.Skip(5), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        fixture.App.Clock.Advance(TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task The_same_order_with_its_metadata_in_another_order_is_a_replay()
    {
        var client = await FreshClientAsync();
        var key = Guid.NewGuid().ToString();
        var first = ApiClients.OrderBody(fixture.App.Clock, b => b["metadata"] = new Dictionary<string, string> { ["crm"] = "C-1", ["campaign"] = "winter" });
        var second = ApiClients.OrderBody(fixture.App.Clock, b => b["metadata"] = new Dictionary<string, string> { ["campaign"] = "winter", ["crm"] = "C-1" });

        using var placed = await client.PostOrderAsync(first, key);
        using var replayed = await client.PostOrderAsync(second, key);

        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);
        Assert.Equal("true", Assert.Single(replayed.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal((await placed.JsonAsync()).GetProperty("id").GetGuid(), (await replayed.JsonAsync()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Two_idempotency_key_headers_are_refused()
    {
        var client = await FreshClientAsync();
        var body = System.Text.Json.JsonSerializer.Serialize(ApiClients.OrderBody(fixture.App.Clock), ApiClients.Json);
        var address = new Uri(fixture.BaseUrl);

        // Two header lines, as curl -H twice sends them (HttpClient would fold them into one line).
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, Ct);
        await using var stream = tcp.GetStream();
        var request = $"POST /v1/orders HTTP/1.1\r\nHost: {address.Authority}\r\nAuthorization: Bearer {client.Key}\r\nContent-Type: application/json\r\n" +
                      $"Idempotency-Key: first\r\nIdempotency-Key: second\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request), Ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var answer = await reader.ReadToEndAsync(Ct);
        using var list = await client.Http.GetAsync("/v1/orders", Ct);

        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.Contains("\"Idempotency-Key\"", answer, StringComparison.Ordinal);
        Assert.Equal(0, (await list.JsonAsync()).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Text_is_kept_exactly_as_sent_like_metadata()
    {
        var client = await FreshClientAsync();
        var body = ApiClients.OrderBody(fixture.App.Clock, b =>
        {
            b["relationship"] = "  wife of 50 years ";
            b["signature"] = " Henri";
            b["metadata"] = new Dictionary<string, string> { ["note"] = " padded " };
            ((Dictionary<string, object?>)b["recipient"]!)["name"] = "Claire Martin  ";
        });

        using var created = await client.PostOrderAsync(body);
        var order = await created.JsonAsync();
        using var fetched = await client.Http.GetAsync($"/v1/orders/{order.GetProperty("id").GetGuid()}", Ct);
        var stored = await fetched.JsonAsync();

        Assert.Equal("  wife of 50 years ", stored.GetProperty("relationship").GetString());
        Assert.Equal(" Henri", stored.GetProperty("signature").GetString());
        Assert.Equal(" padded ", stored.GetProperty("metadata").GetProperty("note").GetString());
        Assert.Equal("Claire Martin  ", stored.GetProperty("recipient").GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_dashboards_poll_without_a_cookie_is_a_401_not_a_login_page()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(fixture.BaseUrl) };

        using var response = await http.GetAsync("/writer/api/summary", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Redirects_never_echo_the_host_header()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(fixture.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/writer");
        request.Headers.Host = "evil.example";

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(response.Headers.Location!.IsAbsoluteUri, $"Location is {response.Headers.Location}");
        Assert.StartsWith("/account/login", response.Headers.Location.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_overlong_address_or_header_block_gets_a_problem_with_a_body()
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };

        using var longAddress = await http.GetAsync("/v1/orders?occasion=" + new string('a', 10_000), Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/catalogue");
        for (var i = 0; i < 5; i++)
        {
            request.Headers.TryAddWithoutValidation($"X-Filler-{i}", new string('h', 8_000));
        }

        using var bigHeaders = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestUriTooLong, longAddress.StatusCode);
        Assert.Equal("application/problem+json", longAddress.Content.Headers.ContentType?.MediaType);
        Assert.Contains("too long", (await longAddress.JsonAsync()).GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, bigHeaders.StatusCode);
        Assert.Equal("application/problem+json", bigHeaders.Content.Headers.ContentType?.MediaType);
    }
}
