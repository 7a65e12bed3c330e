using Letters.Data;
using Microsoft.EntityFrameworkCore;
using Letters.Infrastructure;

namespace Letters.Features.Writers;

/// <summary>
/// Recounts the writer statistics every <see cref="Interval"/> on one app instance at a time (a PostgreSQL advisory
/// lock), so the writers page reads a small table instead of the whole history.
/// </summary>
public sealed partial class StatisticsRefresher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<StatisticsRefresher> logger) : BackgroundService
{
    /// <summary>"LETTERS2" as ASCII.</summary>
    public const long LeaderLock = 0x4C45545445525332;

    /// <summary>
    /// A recount reads every claim and submission ever made: 12.7 s of one core at a million letters (3 M events).
    /// Every ten minutes that is 2% of this machine; every minute it was a fifth of a core, and it showed in the
    /// other pages' p95.
    /// </summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A restart (or another instance) need not recount what was counted moments ago.
                if (await AgeAsync(stoppingToken) is not { } age || age >= Interval)
                {
                    await RefreshOnceAsync(stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }

            await Task.Delay(Interval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Refreshes unless another instance is doing it; true when this one did.</summary>
    public async Task<bool> RefreshOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LettersDbContext>();
        return await Leader.TryRunAsync(db.Database.GetConnectionString()!, LeaderLock, () => WriterStatistics.RefreshAsync(db, ct), ct);
    }

    /// <summary>How long ago the statistics were counted; null when they never were.</summary>
    public async Task<TimeSpan?> AgeAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LettersDbContext>();
        var counted = await db.Database.SqlQueryRaw<DateTimeOffset?>($"SELECT max(counted_at) AS \"Value\" FROM {WriterStatistics.View}").SingleAsync(ct);
        return counted is { } at ? clock.GetUtcNow() - at : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the writer statistics failed; retrying next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
