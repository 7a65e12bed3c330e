using Letters.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Letters.Infrastructure;

/// <summary>
/// Every background worker the app runs, by name, with its leader lock when only one instance at a time may do its
/// work. The lock keys are PostgreSQL advisory-lock keys, declared here and nowhere else, so two workers can never
/// share one by accident (a test holds them distinct). Each worker is switched by
/// <c>Letters:Workers:{Name}:Enabled</c> (<c>Letters__Workers__{Name}__Enabled</c>), on by default.
/// </summary>
public sealed record WorkerKind(string Name, long? Lock = null, bool LockPerTransaction = false)
{
    /// <summary>Requeues letters whose lease ran out. "LETTERS1" in ASCII.</summary>
    public static readonly WorkerKind LeaseSweeper = new("LeaseSweeper", 0x4C45545445525331);

    /// <summary>Recounts the writer statistics. "LETTERS2" in ASCII.</summary>
    public static readonly WorkerKind WriterStatistics = new("WriterStatistics", 0x4C45545445525332);

    /// <summary>Places standing orders' yearly letters. "STANDING" in ASCII.</summary>
    public static readonly WorkerKind StandingOrders = new("StandingOrders", 0x5354414E44494E47);

    /// <summary>
    /// Gives events their feed numbers and deliveries. "WEBHOOKS" in ASCII; taken inside the relay's own transaction
    /// (the numbers must be handed out in the order the relay commits), so the shell does not take it for the run.
    /// </summary>
    public static readonly WorkerKind WebhookRelay = new("WebhookRelay", 0x574542484F4F4B53, LockPerTransaction: true);

    /// <summary>Sends due webhook deliveries, on every instance.</summary>
    public static readonly WorkerKind WebhookSender = new("WebhookSender");

    /// <summary>Prunes the webhook delivery log. "WHPRUNE" in ASCII.</summary>
    public static readonly WorkerKind WebhookPrune = new("WebhookPrune", 0x57485052554E45);

    /// <summary>Reads, imports and renders campaigns, on every instance.</summary>
    public static readonly WorkerKind Campaigns = new("Campaigns");

    /// <summary>Builds books, on every instance.</summary>
    public static readonly WorkerKind Books = new("Books");

    /// <summary>Sends the e-mail the app has posted, on every instance.</summary>
    public static readonly WorkerKind Mail = new("Mail");

    /// <summary>Writes test-mode <c>auto_draft</c> letters, on every instance.</summary>
    public static readonly WorkerKind TestAutopilot = new("TestAutopilot");

    /// <summary>Keeps the shelf of writers' hands in line with the database, on every instance.</summary>
    public static readonly WorkerKind HandShelf = new("HandShelf");

    /// <summary>Reads the gauges an operator watches (queue depth, backlogs), on every instance.</summary>
    public static readonly WorkerKind Metrics = new("Metrics");

    /// <summary>Makes the page pictures of new proofs and finals, on every instance.</summary>
    public static readonly WorkerKind Pictures = new("Pictures");

    public static IReadOnlyList<WorkerKind> All { get; } =
        [LeaseSweeper, WriterStatistics, StandingOrders, WebhookRelay, WebhookSender, WebhookPrune, Campaigns, Books, Mail, TestAutopilot, HandShelf, Metrics, Pictures];

    /// <summary>The setting that switches this worker on this instance.</summary>
    public string EnabledKey => $"Letters:Workers:{Name}:Enabled";
}

/// <summary>
/// A background worker's one pass. The shell (<see cref="WorkerShell{T}"/>) runs passes until the app stops: straight
/// on while a pass finds work, <see cref="Idle"/> after one that finds none; under the kind's leader lock when it has
/// one; a failed pass is logged and the next one tries again.
/// </summary>
public interface IWorker
{
    static abstract WorkerKind Kind { get; }

    /// <summary>The pause after a pass that found nothing to do.</summary>
    TimeSpan Idle { get; }

    /// <summary>How many passes run side by side on one instance (each claims its own work).</summary>
    int Loops => 1;

    /// <summary>One pass; true when it found work, so the next should follow at once.</summary>
    Task<bool> PassAsync(CancellationToken ct);
}

/// <summary>The one loop every background worker runs in.</summary>
public sealed partial class WorkerShell<T>(T worker, IServiceScopeFactory scopes, TimeProvider clock, ILogger<T> logger) : BackgroundService
    where T : class, IWorker
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, worker.Loops)).Select(_ => Task.Run(() => LoopAsync(stoppingToken), stoppingToken)));

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var busy = false;
            try
            {
                busy = await PassOnceAsync(stoppingToken) is WorkerPass.Busy;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, T.Kind.Name, e);
            }

            if (!busy)
            {
                await Task.Delay(worker.Idle, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>One pass as the shell runs it: under the leader lock when the kind has one held for the run.</summary>
    public async Task<WorkerPass> PassOnceAsync(CancellationToken ct)
    {
        using var unit = OutsideTransactions.Track();
        if (T.Kind is not { Lock: { } key, LockPerTransaction: false })
        {
            return await worker.PassAsync(ct) ? WorkerPass.Busy : WorkerPass.Idle;
        }

        string connectionString;
        await using (var scope = scopes.CreateAsyncScope())
        {
            connectionString = scope.ServiceProvider.GetRequiredService<LettersDbContext>().Database.GetConnectionString()!;
        }

        var busy = false;
        return await Leader.TryRunAsync(connectionString, key, async () => busy = await worker.PassAsync(ct), ct)
            ? busy ? WorkerPass.Busy : WorkerPass.Idle
            : WorkerPass.LedElsewhere;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Name} pass failed; the next pass tries again")]
    private static partial void LogFailed(ILogger logger, string name, Exception e);
}

public enum WorkerPass
{
    Idle,
    Busy,

    /// <summary>Another instance holds the worker's leader lock; this one did nothing.</summary>
    LedElsewhere,
}

public static class WorkerRegistration
{
    /// <summary>
    /// Registers a worker: itself (for tests and tools to run a pass), its shell, and the shell as a hosted service
    /// unless <c>Letters:Workers:{Name}:Enabled</c> is false on this instance.
    /// </summary>
    public static IServiceCollection AddWorker<T>(this IServiceCollection services, IConfiguration configuration)
        where T : class, IWorker
    {
        services.TryAddSingleton<T>();
        services.TryAddSingleton<WorkerShell<T>>();
        if (configuration.GetValue(T.Kind.EnabledKey, true))
        {
            services.AddHostedService(provider => provider.GetRequiredService<WorkerShell<T>>());
        }

        return services;
    }
}
