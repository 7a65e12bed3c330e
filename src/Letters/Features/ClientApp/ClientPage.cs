using Letters.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Letters.Features.ClientApp;

/// <summary>A page of the client web app: signed in with the client cookie, and knowing which client.</summary>
[Authorize(Policy = Policies.ClientApp)]
public abstract class ClientPage : PageModel
{
    protected Guid ClientId => User.ClientId();
}
