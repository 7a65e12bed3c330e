using Letters.Domain;
using Letters.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Letters.Tests.Foundation;

/// <summary>A production database starts empty: someone must be able to sign in and add the writers.</summary>
public sealed class FirstAdminTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_database_already_has_the_admin_and_writer_roles()
    {
        await using var app = new LettersApp(TestDatabases.ConnectionStringFor(await TestDatabases.CreateAsync()), new TestClock());
        await using var db = app.NewDbContext();

        var roles = await db.Roles.Select(r => r.Name).OrderBy(n => n).ToListAsync(Ct);

        Assert.Equal([StaffRoles.Admin, StaffRoles.Writer], roles);
    }

    [Fact]
    public async Task The_configured_first_admin_is_created_once_and_can_sign_in()
    {
        var connectionString = TestDatabases.ConnectionStringFor(await TestDatabases.CreateAsync());
        var settings = new Dictionary<string, string>
        {
            ["Letters:FirstAdmin:Email"] = "owner@letters.example",
            ["Letters:FirstAdmin:Password"] = "Owner-first-pass-1",
            ["Letters:FirstAdmin:Name"] = "Olive Owner",
        };

        for (var start = 0; start < 2; start++)
        {
            await using var app = new LettersApp(connectionString, new TestClock(), settings: settings);
            using var http = app.CreateClient();
        }

        await using var again = new LettersApp(connectionString, new TestClock());
        using var _ = again.CreateClient();
        await using var scope = again.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var admins = await users.GetUsersInRoleAsync(StaffRoles.Admin);
        var owner = Assert.Single(admins);
        Assert.Equal(("owner@letters.example", "Olive Owner"), (owner.Email, owner.DisplayName));
        Assert.True(await users.CheckPasswordAsync(owner, "Owner-first-pass-1"));
    }

    [Fact]
    public async Task A_first_admin_password_too_weak_stops_the_start_instead_of_leaving_nobody_to_sign_in()
    {
        var connectionString = TestDatabases.ConnectionStringFor(await TestDatabases.CreateAsync());
        var settings = new Dictionary<string, string>
        {
            ["Letters:FirstAdmin:Email"] = "owner@letters.example",
            ["Letters:FirstAdmin:Password"] = "short",
        };
        await using var app = new LettersApp(connectionString, new TestClock(), settings: settings);

        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.Contains("first admin could not be created", error.Message, StringComparison.Ordinal);
        await using var db = app.NewDbContext();
        Assert.False(await db.Users.AnyAsync(Ct), "a failed first admin leaves no half-made login behind");
    }
}
