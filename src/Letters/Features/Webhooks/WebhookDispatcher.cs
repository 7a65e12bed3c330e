using Letters.Data;
using Letters.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Features.Webhooks;

/// <summary>
/// The webhook worker on every instance: relays new events into deliveries (one instance at a time) and sends what
/// is due (all instances); each sleeps a quarter second when it had nothing to do.
/// </summary>
public sealed partial class WebhookDispatcher(IServiceScopeFactory scopes, WebhookSender sender, TimeProvider clock, IOptions<WebhookOptions> options, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    public const int RelayBatch = 200;

    /// <summary>The relay and the sender loop side by side, so a long relay pass never holds sending back, nor the reverse.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        LoopAsync(async ct =>
        {
            await using var scope = scopes.CreateAsyncScope();
            return await WebhookRelay.RelayOnceAsync(scope.ServiceProvider.GetRequiredService<LettersDbContext>(), clock.GetUtcNow(), RelayBatch, ct);
        }, stoppingToken),
        WorkLoop.RunAsync("Webhook sender", sender.PumpAsync, () => options.Value.PollInterval, clock, logger, stoppingToken),
        PruneLoopAsync(stoppingToken));

    /// <summary>"WHPRUNE" in ASCII: one instance prunes at a time.</summary>
    public const long PruneLock = 0x57485052554E45;

    private async Task PruneLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<LettersDbContext>();
                await Leader.TryRunAsync(db.Database.GetConnectionString()!, PruneLock,
                    () => WebhookRetention.PruneAsync(db, clock.GetUtcNow(), options.Value.KeepFor, stoppingToken), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }

            await Task.Delay(options.Value.PruneInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private Task LoopAsync(Func<CancellationToken, Task<int>> pass, CancellationToken stoppingToken) =>
        WorkLoop.RunAsync("Webhook", async ct => await pass(ct) > 0, () => options.Value.PollInterval, clock, logger, stoppingToken);

    /// <summary>One relay pass and one send pass; returns how much work there was.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        int relayed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            relayed = await WebhookRelay.RelayOnceAsync(scope.ServiceProvider.GetRequiredService<LettersDbContext>(), clock.GetUtcNow(), RelayBatch, ct);
        }

        return relayed + await sender.SendOnceAsync(ct);
    }

    /// <summary>Runs passes until nothing is left to relay or due to send (tests and tools).</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        while (await RunOnceAsync(ct) > 0)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook pass failed")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
