using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Letters.Tests.Infrastructure;

/// <summary>
/// The statements an app sends while a recording is on, with their parameters, so a plan test can run each one as
/// the app sent it under EXPLAIN: a page is measured by what it asks the database, however its code builds it.
/// </summary>
public sealed class CommandRecorder : DbCommandInterceptor
{
    private readonly ConcurrentQueue<Recorded> commands = new();
    private volatile bool recording;

    public sealed record Recorded(string Sql, IReadOnlyList<NpgsqlParameter> Parameters);

    public IDisposable Record()
    {
        commands.Clear();
        recording = true;
        return new Stop(this);
    }

    public IReadOnlyList<Recorded> Commands => [.. commands];

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Keep(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Keep(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Keep(command);
        return ValueTask.FromResult(result);
    }

    private void Keep(DbCommand command)
    {
        if (recording && command is NpgsqlCommand npgsql)
        {
            commands.Enqueue(new Recorded(npgsql.CommandText, [.. npgsql.Parameters.Select(p => p.Clone())]));
        }
    }

    /// <summary>
    /// Runs each recorded read under EXPLAIN (ANALYZE, BUFFERS), rolled back: the pages it touched and every scan,
    /// whatever the machine's speed.
    /// </summary>
    public async Task<List<(string Sql, int Pages, List<(string Node, string On)> Scans)>> ExplainAsync(string connectionString, CancellationToken ct)
    {
        var plans = new List<(string, int, List<(string, string)>)>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        foreach (var recorded in Commands.Where(c => c.Sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using var explain = new NpgsqlCommand($"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {recorded.Sql}", connection, transaction);
            foreach (var parameter in recorded.Parameters)
            {
                explain.Parameters.Add(parameter.Clone());
            }

            using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync(ct))!);
            var root = plan.RootElement[0].GetProperty("Plan");
            plans.Add((recorded.Sql, QueryPlans.Pages(root), [.. QueryPlans.Scans(root)]));
            await transaction.RollbackAsync(ct);
        }

        return plans;
    }

    private sealed class Stop(CommandRecorder recorder) : IDisposable
    {
        public void Dispose() => recorder.recording = false;
    }
}
