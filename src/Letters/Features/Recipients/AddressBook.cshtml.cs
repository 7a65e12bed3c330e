using FluentValidation;
using Letters.Data;
using Letters.Domain;
using Letters.Features.Clients;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Recipients;

/// <summary>The address book: the people the client writes to, added and removed through the API's own use cases.</summary>
public sealed class AddressBookModel(LettersDbContext db, IValidator<RecipientInput> validator, TimeProvider clock) : ClientPage
{
    public List<Recipient> Recipients { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(string? name, string? relationship, string? addressLine1, string? addressLine2, string? city, string? region, string? postalCode, string? country, CancellationToken ct)
    {
        var input = new RecipientInput(name, relationship, addressLine1, addressLine2, city, region, postalCode, country?.Trim().ToUpperInvariant());
        var result = await validator.ValidateAsync(input, ct);
        if (!result.IsValid)
        {
            Error = string.Join(" ", result.Errors.Select(e => e.ErrorMessage));
            await LoadAsync(ct);
            return Page();
        }

        await RecipientsApi.Create(input, HttpContext, db, clock, ct);
        TempData["Message"] = $"{input.Name} is in your address book.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, CancellationToken ct)
    {
        var removed = await RecipientsApi.Delete(id, HttpContext, db, clock, ct);
        if (removed.Result is not NoContent)
        {
            return NotFound();
        }

        TempData["Message"] = "Removed from your address book (letters already ordered keep the address).";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Message = TempData["Message"] as string;
        Recipients = await db.Recipients.AsNoTracking().Where(r => r.ClientId == ClientId && r.DeletedAt == null).OrderBy(r => r.Name).Take(500).ToListAsync(ct);
    }
}
