using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Letters.Features.Orders;
using Letters.Features.Webhooks;
using Letters.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Letters.Tests.Webhooks;

/// <summary>What webhook tests do over and over: add an endpoint, order letters, let the workers run.</summary>
public static class Hooks
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed record Endpoint(Guid Id, string Secret);

    public static async Task<Endpoint> AddEndpointAsync(this ApiClient client, string url, string[]? types = null)
    {
        using var created = await client.Http.PostAsJsonAsync("/v1/webhook_endpoints",
            new Dictionary<string, object?> { ["url"] = url, ["event_types"] = types, ["description"] = "Our CRM" }, ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        return new Endpoint(body.GetProperty("id").GetGuid(), body.GetProperty("secret").GetString()!);
    }

    public static async Task<JsonElement> EndpointAsync(this ApiClient client, Guid id)
    {
        using var response = await client.Http.GetAsync(new Uri($"/v1/webhook_endpoints/{id}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    /// <summary>Asks for a <c>webhook.test</c> delivery to the endpoint.</summary>
    public static async Task PingAsync(this ApiClient client, Guid endpointId)
    {
        using var ping = await client.Http.PostAsync(new Uri($"/v1/webhook_endpoints/{endpointId}/test", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, ping.StatusCode);
    }

    /// <summary>A test-mode order the autopilot takes all the way to a rendered letter.</summary>
    public static async Task<Guid> OrderAutoDraftedAsync(this ApiClient client, LettersApp app)
    {
        using var created = await client.PostOrderAsync(ApiClients.OrderBody(app.Clock, b => b["auto_draft"] = true));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.JsonAsync()).GetProperty("id").GetGuid();
    }

    public static Task<int> RunAutopilotAsync(this LettersApp app) => app.Services.GetRequiredService<TestAutopilot>().RunOnceAsync(Ct);

    /// <summary>
    /// Relays and sends until every committed event is numbered and relayed and nothing is due at the app's clock
    /// (another instance holding the relay's lock makes a pass here find nothing: wait for it).
    /// </summary>
    public static async Task DeliverAsync(this LettersApp app)
    {
        var dispatcher = app.Services.GetRequiredService<WebhookDispatcher>();
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync(Ct);
        for (var tries = 0; ; tries++)
        {
            await dispatcher.DrainAsync(Ct);
            await using var waiting = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM order_events WHERE sequence IS NULL)", connection);
            if (await waiting.ExecuteScalarAsync(Ct) is not true)
            {
                return;
            }

            Assert.True(tries < 500, "Every committed event has its place in the feed within seconds.");
            await Task.Delay(20, Ct);
        }
    }

    /// <summary>The ids of every event of the client's orders, from the feed.</summary>
    public static async Task<List<string>> FeedIdsAsync(this ApiClient client)
    {
        var ids = new List<string>();
        string? cursor = null;
        while (true)
        {
            using var page = await client.Http.GetAsync(new Uri("/v1/events?limit=100" + (cursor is null ? "" : "&after=" + cursor), UriKind.Relative), Ct);
            var body = await page.JsonAsync();
            var data = body.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
            ids.AddRange(data);
            cursor = body.GetProperty("next_cursor").GetString();
            if (data.Count == 0)
            {
                return ids;
            }
        }
    }
}
