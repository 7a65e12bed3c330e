using Letters.Domain;

namespace Letters.Tests.Infrastructure;

public static class Writers
{
    /// <summary>A writer with a staff login, available, taking every occasion in English and French.</summary>
    public static async Task<Guid> CreateAsync(LettersApp app, int capacity = 3)
    {
        var now = app.Clock.GetUtcNow();
        var user = new StaffUser { Id = Guid.NewGuid(), UserName = $"{Guid.NewGuid():N}@writer.test", DisplayName = "Test Writer" };
        var writer = new Writer
        {
            Id = Guid.NewGuid(), UserId = user.Id, DisplayName = "Test Writer", Capacity = capacity,
            Skills = ["anniversary", "love", "birthday", "condolence", "apology", "thank_you", "congratulations", "friendship", "other"],
            Languages = ["en", "fr"], Availability = Availability.Available, CreatedAt = now,
        };
        await using var db = app.NewDbContext();
        db.AddRange(user, writer);
        await db.SaveChangesAsync();
        return writer.Id;
    }
}
