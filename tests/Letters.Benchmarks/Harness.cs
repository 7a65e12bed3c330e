using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Letters.Benchmarks;

/// <summary>What the load harnesses share: their options, a statement run once, and the app started as its own process.</summary>
internal static class Harness
{
    public static string Option(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }

    public static int Int(string[] args, string name, int fallback) =>
        int.Parse(Option(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>A client with one test key, in a fresh harness database; returns the key's secret.</summary>
    public static async Task<string> TestClientAsync(Letters.Data.LettersDbContext db, string name, string email)
    {
        var now = DateTimeOffset.UtcNow;
        var key = Letters.Auth.ApiKeySecrets.Generate(Letters.Domain.ApiKeyMode.Test);
        var client = new Letters.Domain.Client { Id = Guid.CreateVersion7(), Name = name, Email = email, CreatedAt = now };
        client.ApiKeys.Add(new Letters.Domain.ApiKey
        {
            Id = Guid.CreateVersion7(), Mode = Letters.Domain.ApiKeyMode.Test, Prefix = Letters.Auth.ApiKeySecrets.DisplayPrefix(key), Hash = Letters.Auth.ApiKeySecrets.Hash(key), CreatedAt = now,
        });
        db.Clients.Add(client);
        await db.SaveChangesAsync();
        return key;
    }

    /// <summary>
    /// A database of the benchmark's own, dropped and made anew and migrated, with a test-mode client: its connection
    /// string, the context options for it, and the client's API key.
    /// </summary>
    public static async Task<(string Database, Microsoft.EntityFrameworkCore.DbContextOptions<Letters.Data.LettersDbContext> Options, string Key)> FreshDatabaseAsync(string name, string client, string email)
    {
        var server = new NpgsqlConnectionStringBuilder(Letters.Migrations.Migrator.ConnectionStringFromEnvironment()) { Database = "postgres", Pooling = false }.ConnectionString;
        var database = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true }.ConnectionString;
        await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        await ExecuteAsync(server, $"CREATE DATABASE {name}");
        await Letters.Migrations.Migrator.MigrateAsync(database);
        var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<Letters.Data.LettersDbContext>();
        Letters.Data.LettersDbContext.Configure(options, database);
        await using var db = new Letters.Data.LettersDbContext(options.Options);
        return (database, options.Options, await TestClientAsync(db, client, email));
    }

    /// <summary>
    /// A database that admits at most <paramref name="limit"/> connections, as a server with that
    /// <c>max_connections</c> would: owned by a role of its own (not a superuser, whom PostgreSQL's limits do not bind),
    /// migrated by it; and an operator's role to connect beside the app. Returns the two connection strings.
    /// </summary>
    public static async Task<(string App, string Operator)> LimitedDatabaseAsync(string server, string name, int limit)
    {
        await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        await ExecuteAsync(server, $"DROP ROLE IF EXISTS {name}_app");
        await ExecuteAsync(server, $"DROP ROLE IF EXISTS {name}_operator");
        await ExecuteAsync(server, $"CREATE ROLE {name}_app LOGIN PASSWORD 'soak'");
        await ExecuteAsync(server, $"CREATE ROLE {name}_operator LOGIN PASSWORD 'soak'");
        await ExecuteAsync(server, $"CREATE DATABASE {name} OWNER {name}_app CONNECTION LIMIT {limit}");
        var app = new NpgsqlConnectionStringBuilder(server) { Database = name, Username = $"{name}_app", Password = "soak", Pooling = true }.ConnectionString;
        await Letters.Migrations.Migrator.MigrateAsync(app);
        NpgsqlConnection.ClearAllPools();
        var @operator = new NpgsqlConnectionStringBuilder(server) { Database = name, Username = $"{name}_operator", Password = "soak", Pooling = false, ApplicationName = "operator" }.ConnectionString;
        return (new NpgsqlConnectionStringBuilder(app) { Pooling = true }.ConnectionString, @operator);
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The Release app on <paramref name="url"/>, on its own database, with the rate limit out of the way and logs
    /// down to warnings; <paramref name="settings"/> are further environment variables.
    /// </summary>
    public static Process StartApp(string app, string url, string connectionString, string environment, IReadOnlyDictionary<string, string> settings)
    {
        var info = new ProcessStartInfo("dotnet", [app, "--urls", url]) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["ConnectionStrings__Letters"] = connectionString;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        info.Environment["Letters__RateLimit__Limit"] = "100000000";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static void Stop(Process process)
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    /// <summary>The process's peak resident memory so far (VmHWM), in MB.</summary>
    public static double PeakMegabytes(Process process)
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>Waits until the app answers ready (its database reachable; a Development app has seeded its demo by then).</summary>
    public static async Task WaitReadyAsync(string url)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        for (var i = 0; i < 240; i++)
        {
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(500);
        }

        throw new InvalidOperationException($"{url} did not become ready.");
    }
}
