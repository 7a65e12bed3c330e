using Letters.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Letters.Tests.Infrastructure;

/// <summary>The real app, in memory, on a real PostgreSQL database, with a clock the test controls.</summary>
public sealed class LettersApp(string connectionString, TestClock clock, string environment = "Testing", IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<Program>
{
    public TestClock Clock { get; } = clock;
    public string ConnectionString { get; } = connectionString;

    /// <summary>
    /// Closes the idle connections to this app's database so a finished class does not hold server slots: both
    /// pools, the DbContext's (its own connection string) and plain connections' (the listener, tests).
    /// </summary>
    public void ClearPools()
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
        NpgsqlConnection.ClearPool(new NpgsqlConnection(LettersDbContext.EffectiveConnectionString(ConnectionString)));
    }

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
        builder.UseSetting("Letters:TestAutopilot", "false");
        builder.UseSetting("Letters:LeaseSweeper", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(new ErrorLog()));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>
/// Class fixture: a database of the class's own, cloned from the migrated template, and the app on top of it.
/// State is reset before, not after: the database outlives the class so a failed test leaves its rows to look
/// at, and the next run drops it.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public LettersApp App { get; private set; } = null!;
    public TestClock Clock => App.Clock;

    public async ValueTask InitializeAsync()
    {
        var database = await TestDatabases.CreateAsync();
        App = new LettersApp(TestDatabases.ConnectionStringFor(database), new TestClock());
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        App.ClearPools();
    }
}
