using Letters.Data;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Letters.Tests.Infrastructure;

/// <summary>People who sign in, made the app's own way (<see cref="StaffAccounts"/>): a login with a role and, for writers, their profile.</summary>
public static class Staff
{
    public sealed record Member(string Email, Guid UserId, Guid WriterId);

    public const string WriterPassword = "Writer-pass-2026";

    public static readonly string[] EveryOccasion = ["anniversary", "love", "birthday", "condolence", "apology", "thank_you", "congratulations", "friendship", "other"];

    public static async Task<Member> CreateAsync(LettersApp app, string role, string password, string[]? skills = null, string[]? languages = null, int capacity = 3, string? name = null)
    {
        var email = $"{Guid.NewGuid():N}@{role}.test";
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        if (role == StaffRoles.Writer)
        {
            var db = scope.ServiceProvider.GetRequiredService<LettersDbContext>();
            var (writer, result) = await StaffAccounts.CreateWriterAsync(
                db, users, email, name ?? "Test Writer", password, skills ?? ["anniversary"], languages ?? ["en"], capacity, Availability.Available, app.Clock.GetUtcNow(), TestContext.Current.CancellationToken);
            Check(result);
            return new Member(email, writer!.UserId, writer.Id);
        }

        var (user, created) = await StaffAccounts.CreateAsync(users, email, name ?? $"Test {role}", password, role);
        Check(created);
        return new Member(email, user.Id, Guid.Empty);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
