using Letters.Domain;

namespace Letters.Tests.Infrastructure;

public static class Writers
{
    /// <summary>A writer with a staff login, available; by default taking every occasion in English and French.</summary>
    public static async Task<Guid> CreateAsync(LettersApp app, int capacity = 3, string[]? skills = null, string[]? languages = null)
    {
        var now = app.Clock.GetUtcNow();
        var user = new StaffUser { Id = Guid.NewGuid(), UserName = $"{Guid.NewGuid():N}@writer.test", DisplayName = "Test Writer" };
        var writer = new Writer
        {
            Id = Guid.NewGuid(), UserId = user.Id, DisplayName = "Test Writer", Capacity = capacity,
            Skills = [.. skills ?? ["anniversary", "love", "birthday", "condolence", "apology", "thank_you", "congratulations", "friendship", "other"]],
            Languages = [.. languages ?? ["en", "fr"]], Availability = Availability.Available, CreatedAt = now,
        };
        await using var db = app.NewDbContext();
        db.AddRange(user, writer);
        await db.SaveChangesAsync();
        return writer.Id;
    }
}
