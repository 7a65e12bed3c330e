using Letters.Data;
using Letters.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Clients;

/// <summary>The client's home in the web app: who they are, whether their address is confirmed, their letters.</summary>
public sealed class HomeModel(LettersDbContext db, ClientAccounts accounts) : ClientPage
{
    /// <summary>
    /// How far the home page counts a client's letters: past this it says "more than", so the page reads at most this
    /// many index entries however long the client's history (a business client's is a million).
    /// </summary>
    public const int CountedUpTo = 1000;

    public Client Client { get; private set; } = null!;

    /// <summary>The client's letters, counted up to one past <see cref="CountedUpTo"/>.</summary>
    public int Orders { get; private set; }
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Message = TempData["Message"] as string;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostResendAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Client.EmailConfirmedAt is null)
        {
            await accounts.SendConfirmationAsync(Client, ct);
        }

        TempData["Message"] = $"We sent the link again to {Client.Email}.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Client = await db.Clients.AsNoTracking().SingleAsync(c => c.Id == ClientId, ct);
        Orders = await db.Orders.Where(o => o.ClientId == ClientId).Take(CountedUpTo + 1).CountAsync(ct);
    }
}
