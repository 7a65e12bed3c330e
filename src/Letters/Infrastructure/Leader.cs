using Npgsql;

namespace Letters.Infrastructure;

/// <summary>
/// Background work that one app instance at a time should do (the lease sweep, the statistics recount): a
/// session-level PostgreSQL advisory lock on a connection of its own, held for the whole run and released at its
/// end, or by PostgreSQL if the process dies.
/// </summary>
public static class Leader
{
    /// <summary>Runs <paramref name="work"/> unless another instance holds <paramref name="key"/>; false when one does.</summary>
    public static async Task<bool> TryRunAsync(string connectionString, long key, Func<Task> work, CancellationToken ct)
    {
        await using var leader = new NpgsqlConnection(connectionString);
        await leader.OpenAsync(ct);
        await using (var take = new NpgsqlCommand($"SELECT pg_try_advisory_lock({key})", leader))
        {
            if (await take.ExecuteScalarAsync(ct) is not true)
            {
                return false;
            }
        }

        try
        {
            await work();
            return true;
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({key})", leader);
            await release.ExecuteScalarAsync(CancellationToken.None);
        }
    }
}
