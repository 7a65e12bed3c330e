using System.Security.Claims;
using Letters.Data;
using Letters.Domain;
using Microsoft.EntityFrameworkCore;

namespace Letters.Auth;

/// <summary>
/// The signed-in staff member of this request, resolved once (as TodoApi's <c>CurrentUser</c>): who they are, how
/// they are named on records, and their writer profile. A deactivated writer has no profile here: they can neither
/// claim, nor save, nor see a letter's workspace.
/// </summary>
public sealed class CurrentStaff(IHttpContextAccessor http, LettersDbContext db)
{
    private Writer? writer;
    private bool writerLoaded;

    private ClaimsPrincipal Principal => http.HttpContext?.User ?? throw new InvalidOperationException("No request in progress.");

    /// <summary>The staff login's id; only for endpoints behind a staff policy.</summary>
    public Guid UserId => Guid.TryParse(Principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
        ? id
        : throw new InvalidOperationException("Not a staff sign-in.");

    /// <summary>The name people know them by, for pages and records.</summary>
    public string Name => Principal.DisplayName();

    /// <summary>The signed-in admin as the actor of what they do.</summary>
    public Actor Admin => new(ActorKind.Admin, UserId, Name);

    /// <summary>Their active writer profile, or null; read from the database at most once per request.</summary>
    public async Task<Writer?> WriterAsync(CancellationToken ct)
    {
        if (!writerLoaded)
        {
            var userId = UserId;
            writer = await db.Writers.AsNoTracking().SingleOrDefaultAsync(w => w.UserId == userId && w.IsActive, ct);
            writerLoaded = true;
        }

        return writer;
    }

    /// <summary>The writer as the actor of what they do, or null when they are not an active writer.</summary>
    public async Task<Actor?> WriterActorAsync(CancellationToken ct) =>
        await WriterAsync(ct) is { } w ? new Actor(ActorKind.Writer, w.Id, w.DisplayName) : null;
}
