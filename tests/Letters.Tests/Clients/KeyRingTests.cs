using System.Net;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Letters.Tests.Clients;

public sealed class KeyRingTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_link_e_mailed_by_one_app_instance_works_on_another_because_the_key_ring_is_in_PostgreSQL()
    {
        var email = $"{Guid.NewGuid():N}@person.test";
        var first = Forms.Browser(fixture.App);
        using (var signedUp = await Forms.PostAsync(first, "/signup", new() { ["Name"] = "Henri Dubois", ["Email"] = email, ["Password"] = "a-long-password-1" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedUp.StatusCode);
        }

        await using (var db = fixture.App.NewDbContext())
        {
            Assert.NotEmpty(await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync(Ct));
        }

        // Another instance (as after a deploy, or behind the load balancer): sign in there, follow the first one's link.
        await using var second = new LettersApp(fixture.App.ConnectionString, fixture.Clock);
        try
        {
            var browser = Forms.Browser(second);
            using (var signedIn = await Forms.PostAsync(browser, "/app/signin", new() { ["Email"] = email, ["Password"] = "a-long-password-1" }))
            {
                Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            }

            using var confirmed = await browser.GetAsync(new Uri(fixture.App.Outbox.LastLinkTo(email), UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
            Assert.Equal("/app", confirmed.Headers.Location!.OriginalString);
        }
        finally
        {
            second.ClearPools();
        }
    }
}
