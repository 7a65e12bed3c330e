using System.Globalization;
using Npgsql;

namespace Letters.Infrastructure;

/// <summary>
/// This instance's share of PostgreSQL's connections. Npgsql's own default (100 per process) lets three instances ask
/// for 300 slots of a server that has 100 (PostgreSQL's default <c>max_connections</c>): the fourth client to connect
/// is refused with "too many clients", whoever it is (an operator's psql included). So the pool is sized here:
/// <c>Letters:Database:PoolSize</c>, else a <c>Maximum Pool Size</c> the connection string names, else
/// <see cref="DefaultPoolSize"/>. A request beyond the pool waits for a connection (up to the connection string's
/// <c>Timeout</c>) inside the instance instead of being refused by the server. Readiness keeps one more of its own
/// (<see cref="DatabaseReachable"/>). The budget to keep: instances × (pool size + 1) +
/// <c>superuser_reserved_connections</c> + the operators' own ≤ <c>max_connections</c>.
/// </summary>
public static class ConnectionBudget
{
    public const string PoolSizeKey = "Letters:Database:PoolSize";

    /// <summary>What the app's connections are called in <c>pg_stat_activity</c>, unless the connection string names them.</summary>
    public const string ApplicationName = "letters";

    /// <summary>
    /// Four connections a core, at least 10 and at most 30: a request holds one only while it talks to the database
    /// (never across drawing or HTTP: <see cref="OutsideTransactions"/>), so a few per core keep the cores busy, and
    /// three instances at the cap (90) still fit a default server with room for an operator.
    /// </summary>
    public static int DefaultPoolSize(int cores) => Math.Clamp(4 * cores, 10, 30);

    /// <summary>The connection string with this instance's pool size and application name.</summary>
    public static string Apply(string connectionString, IConfiguration configuration)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var squeezed = connectionString.Replace(" ", string.Empty, StringComparison.Ordinal);
        if (configuration[PoolSizeKey] is { Length: > 0 } setting)
        {
            if (!int.TryParse(setting, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size is < 2 or > 1000)
            {
                throw new InvalidOperationException($"{PoolSizeKey} must be a whole number from 2 to 1000 (connections this instance may open); it is '{setting}'.");
            }

            builder.MaxPoolSize = size;
        }
        else if (!squeezed.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase) && !squeezed.Contains("MaximumPoolSize", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = DefaultPoolSize(Environment.ProcessorCount);
        }

        if (!squeezed.Contains("ApplicationName", StringComparison.OrdinalIgnoreCase))
        {
            builder.ApplicationName = ApplicationName;
        }

        return builder.ConnectionString;
    }

    /// <summary>What the server allows, read once at start, so the log says how many instances like this one fit.</summary>
    public sealed record ServerLimits(int MaxConnections, int Reserved)
    {
        public int ForApplications => MaxConnections - Reserved;

        public static async Task<ServerLimits> ReadAsync(NpgsqlConnection connection, CancellationToken ct)
        {
            await using var command = new NpgsqlCommand(
                "SELECT current_setting('max_connections')::int, current_setting('superuser_reserved_connections')::int + COALESCE(current_setting('reserved_connections', true)::int, 0)", connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return new ServerLimits(reader.GetInt32(0), reader.IsDBNull(1) ? 3 : reader.GetInt32(1));
        }
    }
}
