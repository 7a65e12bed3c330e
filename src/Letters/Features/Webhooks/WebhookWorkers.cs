using Letters.Data;
using Letters.Infrastructure;
using Microsoft.Extensions.Options;

namespace Letters.Features.Webhooks;

/// <summary>
/// The relay as a worker: numbers new events for the feed and makes their deliveries. Every instance runs it; the
/// relay's own transaction-scoped lock lets one at a time through. Run beside the sender, never in its loop, so a
/// long relay pass never holds sending back, nor the reverse.
/// </summary>
public sealed class WebhookRelayWorker(IServiceScopeFactory scopes, TimeProvider clock, IOptions<WebhookOptions> options) : IWorker
{
    public const int Batch = 200;

    public static WorkerKind Kind => WorkerKind.WebhookRelay;

    public TimeSpan Idle => options.Value.PollInterval;

    public async Task<bool> PassAsync(CancellationToken ct) => await RelayOnceAsync(ct) > 0;

    public async Task<int> RelayOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await WebhookRelay.RelayOnceAsync(scope.ServiceProvider.GetRequiredService<LettersDbContext>(), clock.GetUtcNow(), Batch, ct);
    }
}

/// <summary>Prunes the delivery log past <see cref="WebhookOptions.KeepFor"/>, on one instance at a time.</summary>
public sealed class WebhookPruneWorker(IServiceScopeFactory scopes, TimeProvider clock, IOptions<WebhookOptions> options) : IWorker
{
    public static WorkerKind Kind => WorkerKind.WebhookPrune;

    public TimeSpan Idle => options.Value.PruneInterval;

    public async Task<bool> PassAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await WebhookRetention.PruneAsync(scope.ServiceProvider.GetRequiredService<LettersDbContext>(), clock.GetUtcNow(), options.Value.KeepFor, ct);
        return false;
    }
}

/// <summary>Relay and send by hand, pass by pass, until nothing is left (tests and tools; the app runs the workers).</summary>
public sealed class WebhookDispatcher(WebhookRelayWorker relay, WebhookSender sender)
{
    /// <summary>One relay pass and one send pass; returns how much work there was.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct) => await relay.RelayOnceAsync(ct) + await sender.SendOnceAsync(ct);

    /// <summary>Runs passes until nothing is left to relay or due to send.</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        while (await RunOnceAsync(ct) > 0)
        {
        }
    }
}
