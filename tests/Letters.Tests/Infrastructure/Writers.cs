using Letters.Domain;

namespace Letters.Tests.Infrastructure;

public static class Writers
{
    /// <summary>A writer with a staff login, available; by default taking every occasion in English and French.</summary>
    public static async Task<Guid> CreateAsync(LettersApp app, int capacity = 3, string[]? skills = null, string[]? languages = null) =>
        (await Staff.CreateAsync(app, StaffRoles.Writer, Staff.WriterPassword, skills ?? Staff.EveryOccasion, languages ?? ["en", "fr"], capacity)).WriterId;
}
