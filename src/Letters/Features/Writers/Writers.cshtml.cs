using Letters.Features.Admin;
using Letters.Auth;
using Microsoft.AspNetCore.Authorization;
using Letters.Data;
using Letters.Domain;
using Letters.Features.Orders;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Writers;

/// <summary>Writers: who they are, what they take, and how their work goes.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class WritersModel(LettersDbContext db, UserManager<StaffUser> users, TimeProvider clock) : AdminPage
{
    public sealed record Row(Domain.Writer Writer, int Delivered, TimeSpan? MedianToSubmit, double? SentBackShare);

    public List<Row> Rows { get; private set; } = [];

    /// <summary>When the statistics were counted (they are recounted in the background every few minutes).</summary>
    public DateTimeOffset? CountedAt { get; private set; }
    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string? name, string? email, string? password, string? skills, string? languages, int capacity, CancellationToken ct)
    {
        var (skillList, languageList, error) = Parse(skills, languages, capacity);
        if (error is null && (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(email)))
        {
            error = "A writer needs a name and an email.";
        }

        if (error is null)
        {
            var now = clock.GetUtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var (writer, created) = await StaffAccounts.CreateWriterAsync(db, users, email!, name!, password ?? string.Empty, skillList, languageList, capacity, Availability.Offline, now, ct);
            if (writer is not null)
            {
                Record(db, "writer_created", writer.DisplayName, $"skills {string.Join(", ", skillList)}; languages {string.Join(", ", languageList)}; capacity {capacity}", now);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                Message = $"{writer.DisplayName} can now sign in.";
                return RedirectToPage();
            }

            error = string.Join(" ", created.Errors.Select(e => e.Description));
        }

        Error = error;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostEditAsync(Guid id, string? skills, string? languages, int capacity, CancellationToken ct)
    {
        var writer = await db.Writers.SingleOrDefaultAsync(w => w.Id == id, ct);
        if (writer is null)
        {
            return NotFound();
        }

        var (skillList, languageList, error) = Parse(skills, languages, capacity);
        if (error is not null)
        {
            Error = error;
            await LoadAsync(ct);
            return Page();
        }

        (writer.Skills, writer.Languages, writer.Capacity) = (skillList, languageList, capacity);
        Record(db, "writer_edited", writer.DisplayName, $"skills {string.Join(", ", skillList)}; languages {string.Join(", ", languageList)}; capacity {capacity}", clock.GetUtcNow().TruncateToMicroseconds());
        await db.SaveChangesAsync(ct);
        Message = $"Saved {writer.DisplayName}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeactivateAsync(Guid id, CancellationToken ct)
    {
        var writer = await db.Writers.SingleOrDefaultAsync(w => w.Id == id, ct);
        if (writer is null)
        {
            return NotFound();
        }

        // Deactivated writers claim nothing more and get no continuity offers; letters they hold stay with them
        // until submitted, released, or swept when the lease runs out.
        writer.IsActive = false;
        writer.Availability = Availability.Offline;
        writer.AvailabilityChangedAt = clock.GetUtcNow();
        Record(db, "writer_deactivated", writer.DisplayName, null, clock.GetUtcNow().TruncateToMicroseconds());
        await db.SaveChangesAsync(ct);
        Message = $"{writer.DisplayName} is deactivated.";
        return RedirectToPage();
    }

    private static (List<string> Skills, List<string> Languages, string? Error) Parse(string? skills, string? languages, int capacity)
    {
        var skillList = (skills ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToLowerInvariant().Replace(' ', '_')).Distinct().ToList();
        var languageList = (languages ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.ToLowerInvariant()).Distinct().ToList();
        var unknown = skillList.Where(s => !OrderVocabulary.Occasions.Contains(s)).ToList();
        return unknown.Count > 0 ? (skillList, languageList, $"Unknown skills: {string.Join(", ", unknown)}. Skills are occasions: {string.Join(", ", OrderVocabulary.Occasions)}.")
            : skillList.Count == 0 ? (skillList, languageList, "A writer needs at least one skill.")
            : languageList.Count == 0 || languageList.Any(l => l.Length is < 2 or > 3 || !l.All(char.IsAsciiLetterLower)) ? (skillList, languageList, "Languages are two- or three-letter codes such as en, fr, de.")
            : capacity is < 0 or > 50 ? (skillList, languageList, "Capacity is between 0 and 50.")
            : (skillList, languageList, null);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var statistics = await WriterStatistics.ForAllAsync(db, ct);
        var writers = await db.Writers.AsNoTracking().ToDictionaryAsync(w => w.Id, ct);
        Rows = [.. statistics.Select(s => new Row(writers[s.WriterId], s.Delivered, s.MedianToSubmit, s.SentBackShare))];
        CountedAt = statistics.Max(s => s.CountedAt);
    }
}
