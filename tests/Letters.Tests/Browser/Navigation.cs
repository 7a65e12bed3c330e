using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Letters.Tests.Browser;

/// <summary>
/// Waits for a page to arrive at an address and finish loading. Not <c>WaitForURLAsync</c>: it checks the frame's
/// load state and only then subscribes to its events, so a load event delivered between the two is lost and a slow
/// machine now and then waits out the whole timeout on a page that loaded long ago
/// (microsoft/playwright-dotnet#3364; met here under CPU load, stuck in its WaitForLoadStateAsync).
/// </summary>
public static class Navigation
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <param name="pathAndQuery">The whole path and query the page must be at, e.g. <c>/writer?submitted=1</c>.</param>
    public static async Task ArriveAtAsync(this IPage page, string pathAndQuery)
    {
        // Polls the page's address, so there is no event to miss.
        await Assertions.Expect(page).ToHaveURLAsync(
            new Regex($"^https?://[^/]+{Regex.Escape(pathAndQuery)}$"), new() { Timeout = (float)Patience.TotalMilliseconds });

        // A load state one wait missed is still recorded on the frame, so the next short wait finds it at once.
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await page.WaitForLoadStateAsync(LoadState.Load, new() { Timeout = 2_000 });
                return;
            }
            catch (TimeoutException) when (waited.Elapsed < Patience)
            {
            }
        }
    }
}
