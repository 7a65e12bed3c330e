using Letters.Data;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Respawn;

namespace Letters.Tests.Infrastructure;

/// <summary>The real app, in memory, on a real PostgreSQL database, with a clock the test controls.</summary>
public sealed class LettersApp(string connectionString, TestClock clock, string environment = "Testing", IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<Program>
{
    public TestClock Clock { get; } = clock;

    /// <summary>
    /// The e-mails the app sent. The app posts them in its transactions; reading them sends what waits first, as the
    /// mail worker would (the tests run the background work themselves).
    /// </summary>
    public Outbox Outbox => field ??= new Outbox(async () =>
    {
        var sender = Services.GetRequiredService<Letters.Infrastructure.MailSender>();
        while (await sender.PassAsync(CancellationToken.None))
        {
        }
    });
    public string ConnectionString { get; } = connectionString;

    /// <summary>What the app asks the database while a recording is on (the request plan tests read it).</summary>
    public CommandRecorder Commands { get; } = new();

    /// <summary>
    /// Closes the idle connections to this app's database so a finished class does not hold server slots: both
    /// pools, the DbContext's (its own connection string) and plain connections' (the listener, tests).
    /// </summary>
    public void ClearPools()
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
        NpgsqlConnection.ClearPool(new NpgsqlConnection(LettersDbContext.EffectiveConnectionString(ConnectionString)));
        NpgsqlConnection.ClearPool(new NpgsqlConnection(LettersDbContext.EffectiveConnectionString(
            Letters.Infrastructure.ConnectionBudget.Apply(ConnectionString, new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()))));
    }

    /// <summary>A document's bytes, read through the app's store as a download would (its hash checked).</summary>
    public Task<byte[]> DocumentAsync(string sha256) => Services.GetRequiredService<Documents>().ReadAsync(sha256, CancellationToken.None);

    public LettersDbContext NewDbContext()
    {
        var options = new DbContextOptionsBuilder<LettersDbContext>();
        LettersDbContext.Configure(options, ConnectionString);
        return new LettersDbContext(options.Options);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:Letters", ConnectionString);

        // Tests run the background work themselves, one pass at a time, rather than on real-time timers.
        foreach (var worker in WorkerKind.All)
        {
            builder.UseSetting(worker.EnabledKey, "false");
        }

        // Hundreds of apps start in one run; the warm-up is tested on a process of its own (WarmUpTests).
        builder.UseSetting(Letters.Infrastructure.WarmUp.EnabledKey, "false");

        // Webhook receivers in tests are Kestrel on loopback.
        builder.UseSetting("Letters:Webhooks:AllowPrivateAddresses", "true");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(new ErrorLog()));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.ConfigureDbContext<LettersDbContext>(options => options.AddInterceptors(Commands));
            // Mail is kept in memory unless the test gives an SMTP server (MailDeliveryTests: a real one, maildev).
            if (settings?.ContainsKey("Letters:Smtp:Host") != true)
            {
                services.AddSingleton<Letters.Infrastructure.IEmailSender>(Outbox);
            }
        });
    }
}

/// <summary>
/// Class fixture: a database of the class's own, cloned from the migrated template, and the app on top of it.
/// Every test starts from that clean database (<see cref="DatabaseTest"/> resets it before, not after, so a failed
/// test's rows stay to look at until the next test or run).
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    private Respawner? respawner;

    public LettersApp App { get; private set; } = null!;
    public TestClock Clock => App.Clock;

    public async ValueTask InitializeAsync()
    {
        var database = await TestDatabases.CreateAsync();
        App = new LettersApp(TestDatabases.ConnectionStringFor(database), new TestClock());
    }

    /// <summary>Empties every table the tests write, keeping what the migration seeds (the roles, the default queue).</summary>
    public async Task ResetAsync()
    {
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        respawner ??= await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            TablesToIgnore = ["__ef_migrations_history", "roles", "queues", "data_protection_keys"],
        });
        await respawner.ResetAsync(connection);
        await using var queues = new NpgsqlCommand("DELETE FROM queues WHERE NOT is_default", connection);
        await queues.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        App.ClearPools();
    }
}

/// <summary>A test class on an <see cref="AppFixture"/>: each of its tests starts on an empty database.</summary>
public abstract class DatabaseTest(AppFixture fixture) : IAsyncLifetime
{
    public virtual async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
