using System.Diagnostics;
using Letters.Migrations;
using Npgsql;

[assembly: AssemblyFixture(typeof(Letters.Tests.Infrastructure.TestDatabases))]

namespace Letters.Tests.Infrastructure;

/// <summary>
/// Migrates one template database per test run; every test class then gets its own copy with
/// <c>CREATE DATABASE … TEMPLATE …</c> (tens of milliseconds), so classes run in parallel and no test sees
/// another's rows. Databases are named after this process and kept until the next run drops them, so a failed
/// test's rows can be inspected (./dev.sh psql, then \l).
/// </summary>
public sealed class TestDatabases : IAsyncLifetime
{
    private const string Prefix = "letters_t_";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? templateName;
    private static int counter;

    /// <summary>The server from ./dev.sh test (LETTERS_TEST_SERVER), or the dev cluster's default address.</summary>
    public static string ServerConnectionString { get; } = new NpgsqlConnectionStringBuilder(
        Environment.GetEnvironmentVariable("LETTERS_TEST_SERVER") is { Length: > 0 } s ? s
        : Environment.GetEnvironmentVariable("ConnectionStrings__Letters") is { Length: > 0 } c ? c
        : Migrator.DevConnectionString)
    {
        Database = "postgres",
        Pooling = false,
    }.ConnectionString;

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString)
        {
            Database = database,
            Pooling = true,
            MaxPoolSize = 40,
            // Keeps a stuck test from hanging the run; the database is local.
            Timeout = 15,
            CommandTimeout = 60,
        }.ConnectionString;

    /// <summary>A fresh, migrated database of its own for one test class.</summary>
    public static async Task<string> CreateAsync()
    {
        var template = await EnsureTemplateAsync();
        var name = NewName();
        await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        return name;
    }

    /// <summary>An empty database, for the test that migrations apply from nothing.</summary>
    public static async Task<string> CreateEmptyAsync()
    {
        var name = NewName();
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        return name;
    }

    public static async Task DropAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }

    private static string NewName() => $"{Prefix}{Environment.ProcessId}_{Interlocked.Increment(ref counter)}";

    private static async Task<string> EnsureTemplateAsync()
    {
        if (templateName is not null)
        {
            return templateName;
        }

        await Gate.WaitAsync();
        try
        {
            if (templateName is not null)
            {
                return templateName;
            }

            await DropLeftoversAsync();
            var name = $"{Prefix}{Environment.ProcessId}_template";
            await ExecuteAsync($"CREATE DATABASE \"{name}\"");
            var connectionString = new NpgsqlConnectionStringBuilder(ConnectionStringFor(name)) { Pooling = false }.ConnectionString;
            await Migrator.MigrateAsync(connectionString);
            templateName = name;
            return name;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Drops databases of earlier test runs whose process is gone (a crash or a killed run).</summary>
    private static async Task DropLeftoversAsync()
    {
        var stale = new List<string>();
        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'letters\\_t\\_%'", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var name = reader.GetString(0);
                var parts = name[Prefix.Length..].Split('_');
                if (int.TryParse(parts[0], out var pid) && pid != Environment.ProcessId && !IsAlive(pid))
                {
                    stale.Add(name);
                }
            }
        }

        foreach (var name in stale)
        {
            await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
