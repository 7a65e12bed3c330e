using Letters.Data;
using Microsoft.EntityFrameworkCore;

namespace Letters.Migrations;

public static class Migrator
{
    /// <summary>The dev cluster started by ./dev.sh unless the environment says otherwise.</summary>
    public const string DevConnectionString = "Host=127.0.0.1;Port=55432;Username=postgres;Database=letters";

    public static string ConnectionStringFromEnvironment() =>
        Environment.GetEnvironmentVariable("ConnectionStrings__Letters") is { Length: > 0 } fromEnv ? fromEnv : DevConnectionString;

    public static async Task MigrateAsync(string connectionString, CancellationToken ct = default)
    {
        var options = new DbContextOptionsBuilder<LettersDbContext>();
        LettersDbContext.Configure(options, connectionString);
        await using var db = new LettersDbContext(options.Options);
        await db.Database.MigrateAsync(ct);
    }
}
