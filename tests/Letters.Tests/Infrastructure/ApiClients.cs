using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Letters.Auth;
using Letters.Domain;

namespace Letters.Tests.Infrastructure;

/// <summary>A client of the ordering API with its own key, talking to the app over HTTP.</summary>
public sealed record ApiClient(Guid Id, string Key, HttpClient Http);

public static class ApiClients
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<ApiClient> CreateAsync(LettersApp app, ApiKeyMode mode = ApiKeyMode.Test)
    {
        var now = app.Clock.GetUtcNow();
        var secret = ApiKeySecrets.Generate(mode);
        var client = new Client { Id = Guid.NewGuid(), Name = "Test client", Email = $"{Guid.NewGuid():N}@client.test", CreatedAt = now };
        client.ApiKeys.Add(new ApiKey { Id = Guid.NewGuid(), Mode = mode, Prefix = ApiKeySecrets.DisplayPrefix(secret), Hash = ApiKeySecrets.Hash(secret), CreatedAt = now });
        await using (var db = app.NewDbContext())
        {
            db.Clients.Add(client);
            await db.SaveChangesAsync();
        }

        // Every response an API test receives is checked against the published OpenAPI document.
        var http = app.CreateDefaultClient(ApiContract.Handler(app));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return new ApiClient(client.Id, secret, http);
    }

    /// <summary>A key of its own for a client that exists already (one who signed up in the browser, say).</summary>
    public static async Task<ApiClient> ForClientAsync(LettersApp app, Guid clientId, ApiKeyMode mode = ApiKeyMode.Test)
    {
        var secret = ApiKeySecrets.Generate(mode);
        await using (var db = app.NewDbContext())
        {
            db.ApiKeys.Add(new ApiKey { Id = Guid.NewGuid(), ClientId = clientId, Mode = mode, Prefix = ApiKeySecrets.DisplayPrefix(secret), Hash = ApiKeySecrets.Hash(secret), CreatedAt = app.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        var http = app.CreateDefaultClient(ApiContract.Handler(app));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return new ApiClient(clientId, secret, http);
    }

    /// <summary>A valid order body; tweak with <c>with</c>-style overrides through the dictionary.</summary>
    public static Dictionary<string, object?> OrderBody(TestClock clock, Action<Dictionary<string, object?>>? change = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["recipient"] = new Dictionary<string, object?>
            {
                ["name"] = "Claire Martin", ["address_line1"] = "12 Rue Cler", ["city"] = "Paris", ["postal_code"] = "75007", ["country"] = "FR",
            },
            ["occasion"] = "anniversary",
            ["relationship"] = "wife of 50 years",
            ["brief"] = "Fifty years since the almond croissant at the bakery on Rue Cler. Mention Biscuit the dog.",
            ["tone"] = "romantic",
            ["length"] = "standard",
            ["deliver_by"] = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };
        change?.Invoke(body);
        return body;
    }

    public static Task<HttpResponseMessage> PostOrderAsync(this ApiClient client, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/orders") { Content = JsonContent.Create(body, options: Json) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
}
