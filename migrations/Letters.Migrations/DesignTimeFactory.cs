using Letters.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Letters.Migrations;

/// <summary>Used by <c>dotnet ef migrations add</c>; scaffolding never opens the connection.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<LettersDbContext>
{
    public LettersDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<LettersDbContext>();
        LettersDbContext.Configure(options, Migrator.ConnectionStringFromEnvironment());
        return new LettersDbContext(options.Options);
    }
}
