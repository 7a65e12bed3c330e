using Letters.Data;
using Letters.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Clients;

/// <summary>The client's home in the web app: who they are, whether their address is confirmed, their letters.</summary>
public sealed class HomeModel(LettersDbContext db, ClientAccounts accounts) : ClientPage
{
    public Client Client { get; private set; } = null!;

    /// <summary>The letters the client has ordered, in both modes: the database's running count, never a count of the history.</summary>
    public long Orders { get; private set; }
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
        Orders = await db.ClientOrderCounts.Where(c => c.ClientId == ClientId).SumAsync(c => c.Orders, ct);
    }
}
