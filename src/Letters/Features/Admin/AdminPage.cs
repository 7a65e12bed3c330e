using Letters.Auth;
using Letters.Data;
using Letters.Domain;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Letters.Features.Admin;

/// <summary>What every admin page needs: who is acting, and a record of what they did.</summary>
public abstract class AdminPage : PageModel
{
    /// <summary>The signed-in admin, resolved once for the request.</summary>
    protected Actor Admin() => HttpContext.RequestServices.GetRequiredService<CurrentStaff>().Admin;

    protected void Record(LettersDbContext db, string action, string subject, string? details, DateTimeOffset now)
    {
        var admin = Admin();
        db.AdminActions.Add(new AdminAction { AdminId = admin.Id!.Value, AdminName = admin.Name, Action = action, Subject = subject, Details = details, CreatedAt = now });
    }
}
