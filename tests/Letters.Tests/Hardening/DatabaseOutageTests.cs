using System.Diagnostics;
using System.Net;
using Letters.Migrations;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Letters.Tests.Hardening;

/// <summary>
/// A PostgreSQL cluster of a test's own: one the outage test stops in the middle of a stream of orders and starts
/// again (the shared test server must stay up), or one with settings of its own.
/// </summary>
public class PrivateCluster : IAsyncLifetime
{
    /// <summary>Lines added to the cluster's postgresql.conf.</summary>
    protected virtual string Settings => string.Empty;

    private string directory = null!;
    private string bin = null!;

    public int Port { get; private set; }
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=letters;Timeout=3;Command Timeout=5";

    public async ValueTask InitializeAsync()
    {
        bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "postgres"))).Max()
            ?? throw new InvalidOperationException("PostgreSQL server binaries are not installed.");
        directory = Path.Combine(Path.GetTempPath(), $"letters-outage-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "postgres:postgres", directory);
        }

        Port = AppProcess.FreePort();
        await AsPostgresAsync(Path.Combine(bin, "initdb"), "-D", directory, "-U", "postgres", "--auth=trust", "--encoding=UTF8");
        await File.AppendAllTextAsync(Path.Combine(directory, "postgresql.conf"), $"\nport = {Port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{directory}'\n{Settings}\n");
        await StartAsync();
        await using (var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres"))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE letters", connection);
            await create.ExecuteNonQueryAsync();
        }

        await Migrator.MigrateAsync($"Host=127.0.0.1;Port={Port};Username=postgres;Database=letters;Pooling=false");
        NpgsqlConnection.ClearAllPools();
    }

    public Task StartAsync() => AsPostgresAsync(Path.Combine(bin, "pg_ctl"), "-D", directory, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "30", "start");

    /// <summary>As a crash would: no shutdown checkpoint, connections cut.</summary>
    public Task KillAsync() => AsPostgresAsync(Path.Combine(bin, "pg_ctl"), "-D", directory, "-m", "immediate", "-w", "stop");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AsPostgresAsync(Path.Combine(bin, "pg_ctl"), "-D", directory, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(directory, recursive: true);
        GC.SuppressFinalize(this);
    }

    private static Task AsPostgresAsync(string tool, params string[] args) =>
        Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", tool, .. args]) : RunAsync(tool, args);

    private static async Task RunAsync(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed: {error}");
        }
    }
}

[Collection(Serial.Name)]
public sealed class DatabaseOutageTests(PrivateCluster cluster) : IClassFixture<PrivateCluster>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task While_the_database_is_down_the_api_answers_503_and_retried_orders_land_exactly_once()
    {
        await using var app = new LettersApp(cluster.ConnectionString, new TestClock(), settings: new Dictionary<string, string> { ["Letters:RateLimit:Limit"] = "1000000" });
        var client = await ApiClients.CreateAsync(app);
        var body = ApiClients.OrderBody(app.Clock);
        var keys = Enumerable.Range(0, 30).Select(i => $"outage-{i}").ToList();
        var statuses = new List<(HttpStatusCode Status, TimeSpan Took)>();

        async Task OrderUntilCreatedAsync(string key)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var started = Stopwatch.StartNew();
                using var response = await client.PostOrderAsync(body, key);
                lock (statuses)
                {
                    statuses.Add((response.StatusCode, started.Elapsed));
                }

                if (response.StatusCode == HttpStatusCode.Created)
                {
                    return;
                }

                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                await Task.Delay(100, Ct);
            }

            Assert.Fail($"{key} never got through.");
        }

        // The first third before the outage, the next third during it, the rest after PostgreSQL returns.
        foreach (var key in keys.Take(10))
        {
            await OrderUntilCreatedAsync(key);
        }

        await cluster.KillAsync();
        var during = keys.Skip(10).Take(10).Select(key => Task.Run(() => OrderUntilCreatedAsync(key), Ct)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        await cluster.StartAsync();
        await Task.WhenAll(during);
        foreach (var key in keys.Skip(20))
        {
            await OrderUntilCreatedAsync(key);
        }

        Assert.Contains(statuses, s => s.Status == HttpStatusCode.ServiceUnavailable);
        Assert.All(statuses, s => Assert.True(s.Took < TimeSpan.FromSeconds(10), $"A request hung for {s.Took}."));

        // The test's own pool (not the app's: that one is named "letters") still holds connections from before the crash.
        NpgsqlConnection.ClearAllPools();
        await using var db = app.NewDbContext();
        Assert.Equal(30, await db.Orders.CountAsync(o => o.ClientId == client.Id, Ct));
        Assert.Equal(30, await db.IdempotencyRecords.CountAsync(r => r.ClientId == client.Id, Ct));
    }
}
