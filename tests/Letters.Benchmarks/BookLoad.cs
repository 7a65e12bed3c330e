using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Letters.Data;
using Microsoft.EntityFrameworkCore;

namespace Letters.Benchmarks;

/// <summary>
/// A book of letters at size, against the Release app as its own process (database letters_books, recreated):
///   ./dev.sh bench-book [--letters 200] [--builds 3]
/// The test autopilot writes --letters letters to one recipient (a mix of lengths, pen and font styles, A5, A4 and
/// US Letter). The app is then restarted, so its peak memory (VmHWM) is the build's, and the book is built --builds
/// times in a row: each build's time from its move to building to done (from the book's own events), the time the
/// client waits from asking to done, the page count and the file's size. Goal: 10 s for 200 letters.
/// </summary>
public static class BookLoad
{
    private const string Url = "http://127.0.0.1:5198";

    public static async Task<int> RunAsync(string[] args)
    {
        var letters = Harness.Int(args, "--letters", 200);
        var builds = Harness.Int(args, "--builds", 3);
        var app = Harness.Option(args, "--app", Path.Combine("src", "Letters", "bin", "Release", "net10.0", "Letters.dll"));
        var (database, options, key) = await Harness.FreshDatabaseAsync("letters_books", "Book load", "books@load.test");

        using var http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", key);
        string recipient;
        using (var writing = Start(app, database))
        {
            using var stop = new Finally(() => Harness.Stop(writing));
            await Harness.WaitReadyAsync(Url);
            using var created = await http.PostAsJsonAsync("/v1/recipients", new { name = "Claire Martin", address_line1 = "12 Rue Cler", city = "Paris", postal_code = "75007", country = "FR" });
            created.EnsureSuccessStatusCode();
            recipient = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
            var started = Stopwatch.StartNew();
            string[] styles = ["allure", "caveat", "tech", "kalam", "felix", "dancing_script"];
            string[] sizes = ["a5", "a5", "a4", "us_letter"];
            string[] lengths = ["short", "standard", "long"];
            for (var i = 0; i < letters; i++)
            {
                var brief = string.Join(' ', Enumerable.Repeat($"Letter {i + 1}: the summer in Lisbon when Aunt Rose lost her hat on the tram, Biscuit the dog, the cliffs at Étretat.", 1 + (i % 6)));
                using var order = await http.PostAsJsonAsync("/v1/orders", new Dictionary<string, object>
                {
                    ["recipient_id"] = recipient, ["occasion"] = i % 3 == 0 ? "birthday" : "anniversary", ["relationship"] = "wife", ["brief"] = brief,
                    ["tone"] = "romantic", ["length"] = lengths[i % 3], ["style"] = styles[i % styles.Length], ["page_size"] = sizes[i % sizes.Length],
                    ["signature"] = "Henri", ["auto_draft"] = true,
                    ["deliver_by"] = DateTime.UtcNow.AddDays(20 + (i % 150)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                });
                if (!order.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"Letter {i + 1} was refused: {await order.Content.ReadAsStringAsync()}");
                }
            }

            await using var db = new LettersDbContext(options);
            while (await db.Orders.CountAsync(o => o.Status == Letters.Domain.OrderStatus.Approved) < letters)
            {
                await Task.Delay(500);
            }

            Console.WriteLine($"books: {letters} letters written by the autopilot in {started.Elapsed.TotalSeconds:F1} s; {Environment.ProcessorCount} cores");
        }

        using var building = Start(app, database);
        try
        {
            await BuildAsync(http, building, recipient, letters, builds, options);
        }
        finally
        {
            Harness.Stop(building);
        }

        return 0;
    }

    private static async Task BuildAsync(HttpClient http, Process building, string recipient, int letters, int builds, DbContextOptions<LettersDbContext> options)
    {
        await Harness.WaitReadyAsync(Url);
        for (var round = 1; round <= builds; round++)
        {
            var asked = Stopwatch.StartNew();
            using var created = await http.PostAsJsonAsync("/v1/books", new { recipient_id = recipient, title = $"Fifty Years of Mornings ({round})", dedication = "For Claire, who kept every one of them." });
            created.EnsureSuccessStatusCode();
            var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
            JsonElement book;
            while (true)
            {
                book = JsonDocument.Parse(await http.GetStringAsync($"/v1/books/{id}")).RootElement;
                var state = book.GetProperty("state").GetString();
                if (state == "failed")
                {
                    throw new InvalidOperationException($"The book failed: {book.GetProperty("failure_reason")}");
                }

                if (state == "done")
                {
                    break;
                }

                await Task.Delay(50);
            }

            var waited = asked.Elapsed.TotalSeconds;
            await using var db = new LettersDbContext(options);
            var events = await db.BookEvents.Where(e => e.BookId == Guid.Parse(id)).OrderBy(e => e.Id).ToListAsync();
            var build = (events[^1].CreatedAt - events.Single(e => e.ToState == Letters.Domain.BookState.Building).CreatedAt).TotalSeconds;
            var pdf = await http.GetByteArrayAsync($"/v1/books/{id}/book.pdf");
            Console.WriteLine($"  build {round}: {letters} letters, {book.GetProperty("page_count").GetInt32()} pages, gutter {book.GetProperty("gutter_inches").GetDouble()} in, "
                + $"{pdf.Length / 1048576.0:F1} MB; built in {build:F2} s (goal <= 10), asked to done {waited:F2} s; app peak memory {Harness.PeakMegabytes(building):N0} MB");
            if (round == 1)
            {
                await File.WriteAllBytesAsync(Path.Combine(Path.GetTempPath(), "letters-book-bench.pdf"), pdf);
            }
        }

        Console.WriteLine($"the first book is at {Path.Combine(Path.GetTempPath(), "letters-book-bench.pdf")}");
    }

    private sealed class Finally(Action action) : IDisposable
    {
        public void Dispose() => action();
    }

    private static Process Start(string app, string database) =>
        Harness.StartApp(app, Url, database, "Staging", new Dictionary<string, string> { ["Letters__Books__PollInterval"] = "00:00:00.100" });


}
