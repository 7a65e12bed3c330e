using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Letters.Infrastructure;

/// <summary>
/// Readiness's database check, on a connection of its own (a pool of one, named <c>letters-health</c>) rather than one
/// from the app's pool: when every pooled connection is busy the instance is loaded, not broken, and a load balancer
/// that took it out of rotation for a check that waited in the pool's queue would turn a busy minute into an outage.
/// </summary>
public sealed class DatabaseReachable(string connectionString) : IHealthCheck
{
    private readonly string connection = new NpgsqlConnectionStringBuilder(connectionString)
    {
        ApplicationName = ConnectionBudget.ApplicationName + "-health",
        MaxPoolSize = 1,
        MinPoolSize = 0,
        Timeout = 3,
        CommandTimeout = 3,
    }.ConnectionString;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var opened = new NpgsqlConnection(connection);
            await opened.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", opened);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The database is not reachable.", e);
        }
    }
}
