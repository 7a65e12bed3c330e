using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Letters.Data;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Letters.Tests.Foundation;

public sealed partial class MigrationTests
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

    /// <summary>
    /// Between releases the schema's changes are one migration, folded together as they are made (README,
    /// "Releases"); a released migration is never changed or removed, since databases out there have run it.
    /// </summary>
    [Fact]
    public void At_most_one_migration_is_newer_than_the_last_release_and_released_ones_stay()
    {
        var current = MigrationIds(Directory.EnumerateFiles(Repository.PathTo("migrations", "Letters.Migrations", "Migrations")).Select(Path.GetFileName)!);
        var tag = Git("tag", "--list", "v*", "--sort=-v:refname").Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        var released = tag is null ? [] : MigrationIds(Git("ls-tree", "--name-only", $"{tag}:migrations/Letters.Migrations/Migrations").Split('\n'));

        Assert.Empty(released.Except(current));
        var unreleased = current.Except(released).ToList();
        Assert.True(unreleased.Count <= 1, $"{unreleased.Count} migrations since {tag ?? "the start (no release tag yet)"}: {string.Join(", ", unreleased)}. Fold them into one (dotnet ef migrations remove, then add).");
    }

    private static List<string> MigrationIds(IEnumerable<string> files) =>
        [.. files.Select(f => MigrationFile().Match(f)).Where(m => m.Success).Select(m => m.Groups["id"].Value).Order()];

    /// <summary>git's answer, or nothing where there is no repository (a source archive): then no release is known.</summary>
    private static string Git(params string[] arguments)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = Repository.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var git = Process.Start(info)!;
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        return git.ExitCode == 0 ? output : string.Empty;
    }

    [GeneratedRegex(@"^(?<id>\d{14}_\w+)\.cs$")]
    private static partial Regex MigrationFile();

    private static LettersDbContext NewContext(string database)
    {
        var options = new DbContextOptionsBuilder<LettersDbContext>();
        LettersDbContext.Configure(options, TestDatabases.ConnectionStringFor(database));
        return new LettersDbContext(options.Options);
    }
}
