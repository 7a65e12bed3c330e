using Letters.Data;
using Microsoft.EntityFrameworkCore;
using Letters.Infrastructure;

namespace Letters.Features.Writers;

/// <summary>
/// Recounts the writer statistics every <see cref="Interval"/> on one app instance at a time (a PostgreSQL advisory
/// lock), so the writers page reads a small table instead of the whole history.
/// </summary>
public sealed class StatisticsRefresher(IServiceScopeFactory scopes, TimeProvider clock) : IWorker
{
    public static WorkerKind Kind => WorkerKind.WriterStatistics;

    /// <summary>
    /// A recount reads every claim and submission ever made: 12.7 s of one core at a million letters (3 M events).
    /// Every ten minutes that is 2% of this machine; every minute it was a fifth of a core, and it showed in the
    /// other pages' p95.
    /// </summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    public TimeSpan Idle => Interval;

    public async Task<bool> PassAsync(CancellationToken ct)
    {
        // A restart (or another instance) need not recount what was counted moments ago.
        if (await AgeAsync(ct) is not { } age || age >= Interval)
        {
            await RefreshAsync(ct);
        }

        return false;
    }

    public async Task RefreshAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await WriterStatistics.RefreshAsync(scope.ServiceProvider.GetRequiredService<LettersDbContext>(), ct);
    }

    /// <summary>How long ago the statistics were counted; null when they never were.</summary>
    public async Task<TimeSpan?> AgeAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LettersDbContext>();
        var counted = await db.Database.SqlQueryRaw<DateTimeOffset?>($"SELECT max(counted_at) AS \"Value\" FROM {WriterStatistics.View}").SingleAsync(ct);
        return counted is { } at ? clock.GetUtcNow() - at : null;
    }
}
