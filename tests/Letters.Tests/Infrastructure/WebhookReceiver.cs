using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StandardWebhooks;

namespace Letters.Tests.Infrastructure;

/// <summary>
/// A client's webhook receiver: real Kestrel on a loopback port of its own. It keeps every request it got and
/// answers what the test tells it to (2xx by default).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Request(string Id, long Timestamp, string Signature, string Body, int AnsweredWith, long ReceivedTicks)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
        public string Type => Json.GetProperty("type").GetString()!;
        public string[] Signatures => Signature.Split(' ');

        /// <summary>Checked by the StandardWebhooks package: the signature it computes is among those sent.</summary>
        public bool SignedWith(string secret)
        {
            var expected = new StandardWebhook(secret).Sign(Id, DateTimeOffset.FromUnixTimeSeconds(Timestamp), Body);
            return Signatures.Contains(expected.StartsWith("v1,", StringComparison.Ordinal) ? expected : "v1," + expected);
        }
    }

    public sealed record Answer(int Status, string? RetryAfter = null, string? Body = null);

    private readonly WebApplication app;

    private WebhookReceiver(WebApplication app) => this.app = app;

    public ConcurrentQueue<Request> Requests { get; } = new();

    /// <summary>What the receiver says to the next request.</summary>
    public Func<Answer> Respond { get; set; } = () => new Answer(204);

    public string Url { get; private set; } = "";

    /// <summary>The requests it answered with a 2xx, in arrival order.</summary>
    public IReadOnlyList<Request> Accepted => Requests.Where(r => r.AnsweredWith is >= 200 and < 300).ToList();

    public static async Task<WebhookReceiver> StartAsync(string host = "127.0.0.1")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync(http.RequestAborted);
            var answer = receiver.Respond();
            receiver.Requests.Enqueue(new Request(
                http.Request.Headers["webhook-id"].ToString(),
                long.TryParse(http.Request.Headers["webhook-timestamp"], out var t) ? t : 0,
                http.Request.Headers["webhook-signature"].ToString(),
                body, answer.Status, DateTime.UtcNow.Ticks));
            http.Response.StatusCode = answer.Status;
            if (answer.RetryAfter is not null)
            {
                http.Response.Headers.RetryAfter = answer.RetryAfter;
            }

            if (answer.Body is not null)
            {
                await http.Response.WriteAsync(answer.Body, http.RequestAborted);
            }
        });
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        receiver.Url = $"http://{host}:{port}/hooks";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
