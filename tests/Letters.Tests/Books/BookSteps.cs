using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Letters.Features.Books;
using Letters.Features.Orders;
using Letters.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Letters.Tests.Books;

/// <summary>What book tests do over and over: letters written by the test autopilot, a book asked for and built.</summary>
public static class BookSteps
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A test-mode letter to the recipient, written and rendered by the autopilot; returns its order id.</summary>
    public static async Task<Guid> WrittenLetterAsync(this ApiClient client, LettersApp app, TestClock clock, Guid? recipient = null, Action<Dictionary<string, object?>>? change = null)
    {
        using var created = await client.PostOrderAsync(ApiClients.OrderBody(clock, b =>
        {
            b["auto_draft"] = true;
            b["signature"] = "Henri";
            if (recipient is { } id)
            {
                b.Remove("recipient");
                b["recipient_id"] = id;
            }

            change?.Invoke(b);
        }));
        var body = await created.JsonAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body.ToString());
        Assert.Equal(1, await app.Services.GetRequiredService<TestAutopilot>().RunOnceAsync(Ct));
        return body.GetProperty("id").GetGuid();
    }

    public static async Task<HttpResponseMessage> PostBookAsync(this ApiClient client, object body) =>
        await client.Http.PostAsJsonAsync("/v1/books", body, ApiClients.Json, Ct);

    public static async Task<JsonElement> BookJsonAsync(this ApiClient client, Guid id)
    {
        using var response = await client.Http.GetAsync(new Uri($"/v1/books/{id}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    /// <summary>A book of one written letter, asked for and not built yet.</summary>
    public static async Task<Guid> BookAsync(this ApiClient client, LettersApp app, TestClock clock)
    {
        await client.WrittenLetterAsync(app, clock);
        using var created = await client.PostBookAsync(new { title = "Matrix" });
        var body = await created.JsonAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Accepted, body.ToString());
        return body.GetProperty("id").GetGuid();
    }

    public static async Task BuildAsync(this LettersApp app) =>
        Assert.True(await app.Services.GetRequiredService<BookBuilder>().BuildOnceAsync(Ct));
}
