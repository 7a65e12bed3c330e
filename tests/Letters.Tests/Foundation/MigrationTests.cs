using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Letters.Data;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Letters.Tests.Foundation;

public sealed class MigrationTests
{
    [Fact]
    public async Task Migrations_apply_to_an_empty_database()
    {
        var database = await TestDatabases.CreateEmptyAsync();
        await using var db = NewContext(database);

        Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        var tables = await db.Database
            .SqlQueryRaw<string>("SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'")
            .ToListAsync(TestContext.Current.CancellationToken);
        foreach (var table in new[] { "clients", "api_keys", "recipients", "orders", "order_events", "writers", "queues", "routing_rules", "drafts", "reviews", "renditions", "idempotency_records", "users", "roles" })
        {
            Assert.Contains(table, tables);
        }
    }

    [Fact]
    public async Task Model_has_no_changes_missing_from_the_migrations()
    {
        var database = await TestDatabases.CreateAsync();
        await using var db = NewContext(database);

        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --project migrations/Letters.Migrations");
    }

    [Fact]
    public async Task The_committed_idempotent_script_is_what_the_migrations_generate()
    {
        var database = await TestDatabases.CreateAsync();
        await using var db = NewContext(database);
        var generated = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        var committed = await File.ReadAllTextAsync(Repository.PathTo("migrations", "Letters.Migrations", "Migrations", "idempotent.sql"), TestContext.Current.CancellationToken);

        Assert.True(
            Normalize(committed) == Normalize(generated),
            "Regenerate it: dotnet ef migrations script --idempotent --project migrations/Letters.Migrations --startup-project migrations/Letters.Migrations -o migrations/Letters.Migrations/Migrations/idempotent.sql");

        static string Normalize(string sql) => sql.Replace("\uFEFF", string.Empty, StringComparison.Ordinal).ReplaceLineEndings("\n").Trim();
    }

    [Fact]
    public async Task Migrating_twice_is_harmless()
    {
        var database = await TestDatabases.CreateAsync();
        await using var db = NewContext(database);

        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
    }

    private static LettersDbContext NewContext(string database)
    {
        var options = new DbContextOptionsBuilder<LettersDbContext>();
        LettersDbContext.Configure(options, TestDatabases.ConnectionStringFor(database));
        return new LettersDbContext(options.Options);
    }
}
