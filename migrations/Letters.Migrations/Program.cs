namespace Letters.Migrations;

/// <summary>
/// Applies every pending migration to the database in the first argument, ConnectionStrings__Letters or the dev
/// cluster, then exits. A named class rather than top-level statements, so tests can see the web app's Program.
/// </summary>
public static class MigratorProgram
{
    public static async Task<int> Main(string[] args)
    {
        var connectionString = args.Length > 0 ? args[0] : Migrator.ConnectionStringFromEnvironment();
        await Migrator.MigrateAsync(connectionString);
        Console.WriteLine("Migrations applied.");
        return 0;
    }
}
