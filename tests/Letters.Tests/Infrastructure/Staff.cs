using Letters.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Letters.Tests.Infrastructure;

/// <summary>People who sign in: a staff login with a role and, for writers, their writer profile.</summary>
public static class Staff
{
    public sealed record Member(string Email, Guid UserId, Guid WriterId);

    public static async Task<Member> CreateAsync(LettersApp app, string role, string password, string[]? skills = null, string[]? languages = null, int capacity = 3, string? name = null)
    {
        var email = $"{Guid.NewGuid():N}@{role}.test";
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = new StaffUser { Id = Guid.NewGuid(), UserName = email, Email = email, DisplayName = name ?? $"Test {role}" };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(user, role);
        var writerId = Guid.Empty;
        if (role == StaffRoles.Writer)
        {
            writerId = Guid.NewGuid();
            await using var db = app.NewDbContext();
            db.Writers.Add(new Writer
            {
                Id = writerId, UserId = user.Id, DisplayName = user.DisplayName, Capacity = capacity,
                Skills = [.. skills ?? ["anniversary"]], Languages = [.. languages ?? ["en"]],
                Availability = Availability.Available, CreatedAt = app.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }

        return new Member(email, user.Id, writerId);
    }
}
