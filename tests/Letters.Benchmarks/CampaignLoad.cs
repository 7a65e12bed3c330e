using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Letters.Benchmarks;

/// <summary>
/// Campaigns at size, against the Release app as its own process (database letters_campaigns, recreated):
///   ./dev.sh bench-campaigns [--rows 10000] [--single 2000] [--warmup 100] [--import-only]
/// 1. Validate and import a file of --rows rows (a one-letter campaign), against the floor: the same file loaded
///    into a table by PostgreSQL's COPY, in the same run.
/// 2. Render a campaign of --single letters with the renderer on one core, then the --rows campaign on both
///    cores (the app restarted with Letters:Campaigns:RenderParallelism), and the app's peak memory (VmHWM).
/// 3. Stream the merged print file of the big campaign and its manifest.
/// With --import-only, step 1 alone (a 50,000-row file is imported in seconds; rendering it takes an hour), after
/// an imported (not rendered) warm-up of --warmup rows: ./dev.sh bench-campaigns --import-only --rows 50000 --warmup 5000
/// The campaign letter is written by the test autopilot, so only the campaign's own work is timed (with
/// --import-only nobody writes it, so no drawing runs beside the import). Each app process
/// first runs a --warmup campaign (100 letters), untimed, so neither rate pays for the JIT.
/// </summary>
public static class CampaignLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = Harness.Int(args, "--rows", 10_000);
        var single = Harness.Int(args, "--single", 2_000);
        var warmup = Harness.Int(args, "--warmup", 100);
        var app = Harness.Option(args, "--app", Path.Combine("src", "Letters", "bin", "Release", "net10.0", "Letters.dll"));
        var (database, _, key) = await Harness.FreshDatabaseAsync("letters_campaigns", "Campaign load", "campaigns@load.test");

        var bigFile = Csv(rows);
        var warmFile = Csv(warmup);
        var smallFile = Csv(single);
        Console.WriteLine($"campaigns: a {rows:N0}-row file ({bigFile.Length / 1024:N0} KB), a {single:N0}-row one for the single-core rate; {Environment.ProcessorCount} cores");

        // The floor: the same file's rows into a table by COPY, parsed by PostgreSQL itself.
        await Harness.ExecuteAsync(database, "CREATE UNLOGGED TABLE IF NOT EXISTS copy_floor (name text, first_name text, address_line1 text, address_line2 text, city text, region text, postal_code text, country text, relationship text, custom_gift text)");
        var copyMs = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            await Harness.ExecuteAsync(database, "TRUNCATE copy_floor");
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            var started = Stopwatch.GetTimestamp();
            await using (var writer = await connection.BeginTextImportAsync("COPY copy_floor FROM STDIN (FORMAT csv, HEADER true)"))
            {
                await writer.WriteAsync(bigFile);
            }

            copyMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var copyRate = rows / (copyMs.Min() / 1000);
        if (args.Contains("--import-only"))
        {
            // Warmed as a server that has been up a while (its validation and import code at the JIT's optimised
            // tier): a campaign of --warmup rows imported, then called off so it renders nothing meanwhile.
            using var importer = await StartAsync(app, database, parallelism: Environment.ProcessorCount);
            var (warm, _, _, _) = await RunCampaignAsync(key, warmFile, "warm-up", importOnly: true);
            var calledOff = Stopwatch.StartNew();
            using (var caller = Client(key))
            using (var cancelled = await caller.PostAsync($"/v1/campaigns/{warm}/cancel", null))
            {
                cancelled.EnsureSuccessStatusCode();
            }

            Console.WriteLine($"  the warm-up's {warmup:N0} letters called off in {calledOff.Elapsed.TotalSeconds:F2} s");

            var (_, import, _, validate) = await RunCampaignAsync(key, bigFile, "import only", importOnly: true);
            Harness.Stop(importer);
            var rate = rows / (validate + import);
            Console.WriteLine();
            Console.WriteLine($"validate + import {rows:N0} rows: {validate:F2} s + {import:F2} s = {rate:N0} rows/s; the import alone {rows / import:N0} rows/s (goal >= 5,000)");
            Console.WriteLine($"COPY floor, same rows (best of 3): {copyMs.Min():F0} ms = {copyRate:N0} rows/s; import/COPY = {rate / copyRate:F3}");
            return 0;
        }

        // One core: the small campaign, rendered by an app that renders one letter at a time.
        double singleRate;
        using (var one = await StartAsync(app, database, parallelism: 1))
        {
            await RunCampaignAsync(key, warmFile, "warm-up, single core");
            var (_, _, renderSeconds, _) = await RunCampaignAsync(key, smallFile, "single core");
            singleRate = single / renderSeconds;
            Harness.Stop(one);
        }

        // Both cores: the big campaign, timed stage by stage, with the app's peak memory.
        using var two = await StartAsync(app, database, parallelism: Environment.ProcessorCount);
        await RunCampaignAsync(key, warmFile, $"warm-up, {Environment.ProcessorCount} cores");
        var (id, importSeconds, bothSeconds, validateSeconds) = await RunCampaignAsync(key, bigFile, "both cores");
        var bothRate = rows / bothSeconds;
        var peakAfterRender = Harness.PeakMegabytes(two);

        using var http = Client(key);
        var print = Stopwatch.StartNew();
        long printBytes = 0;
        await using (var stream = await http.GetStreamAsync($"/v1/campaigns/{id}/letters.pdf"))
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                printBytes += read;
            }
        }

        var printSeconds = print.Elapsed.TotalSeconds;
        var manifest = await http.GetStringAsync($"/v1/campaigns/{id}/manifest.csv");
        var manifestLines = manifest.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1;
        var pages = manifest.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Sum(l => int.Parse(l.Split(',')[2], CultureInfo.InvariantCulture));
        var peakAfterPrint = Harness.PeakMegabytes(two);
        Harness.Stop(two);

        var importRate = rows / (validateSeconds + importSeconds);
        Console.WriteLine();
        Console.WriteLine($"validate + import {rows:N0} rows: {validateSeconds:F2} s + {importSeconds:F2} s = {importRate:N0} rows/s");
        Console.WriteLine($"COPY floor, same rows (best of 3): {copyMs.Min():F0} ms = {copyRate:N0} rows/s; import/COPY = {importRate / copyRate:F3} (goal >= 0.3)");
        Console.WriteLine($"render, one core: {single:N0} letters at {singleRate:F1} letters/s");
        Console.WriteLine($"render, {Environment.ProcessorCount} cores: {rows:N0} letters in {bothSeconds:F1} s = {bothRate:F1} letters/s; {bothRate / singleRate:F2}x the one-core rate (goal >= 1.7)");
        Console.WriteLine($"app peak memory (VmHWM): {peakAfterRender:N0} MB after rendering (goal <= 600), {peakAfterPrint:N0} MB after the print file");
        Console.WriteLine($"print file: {printBytes / 1024.0 / 1024:F1} MB, {pages:N0} pages of {manifestLines:N0} letters, streamed in {printSeconds:F1} s");
        return 0;
    }

    private static HttpClient Client(string key)
    {
        var http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromMinutes(30) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return http;
    }

    private const string Url = "http://127.0.0.1:5197";

    private static async Task<Process> StartAsync(string app, string database, int parallelism)
    {
        var process = Harness.StartApp(app, Url, database, "Staging", new Dictionary<string, string>
        {
            ["Letters__Campaigns__RenderParallelism"] = parallelism.ToString(CultureInfo.InvariantCulture),
            ["Letters__Campaigns__PollInterval"] = "00:00:00.100",
        });
        await Harness.WaitReadyAsync(Url);
        return process;
    }


    /// <summary>Creates, uploads, starts and waits out a one-letter campaign; returns its id and each stage's seconds.</summary>
    private static async Task<(string Id, double Import, double Render, double Validate)> RunCampaignAsync(string key, string file, string label, bool importOnly = false)
    {
        using var http = Client(key);
        using var created = await http.PostAsJsonAsync("/v1/campaigns", new Dictionary<string, object>
        {
            ["name"] = $"Load, {label}", ["kind"] = "one_letter", ["occasion"] = "thank_you", ["relationship"] = "donor", ["tone"] = "warm", ["length"] = "standard",
            ["brief"] = "Thank each donor for their gift to the library this winter, and name what it paid for.", ["auto_draft"] = !importOnly,
            ["deliver_by"] = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
        created.EnsureSuccessStatusCode();
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var started = Stopwatch.StartNew();
        using (var upload = await http.PutAsync($"/v1/campaigns/{id}/file", new StringContent(file, Encoding.UTF8, "text/csv")))
        {
            upload.EnsureSuccessStatusCode();
        }

        await WaitForAsync(http, id, "ready");
        var validate = started.Elapsed.TotalSeconds;
        started.Restart();
        using (var start = await http.PostAsJsonAsync($"/v1/campaigns/{id}/start", new { on_invalid = "skip_invalid" }))
        {
            start.EnsureSuccessStatusCode();
        }

        await WaitForAsync(http, id, "writing", "in_review", "rendering", "done");
        var import = started.Elapsed.TotalSeconds;
        if (importOnly)
        {
            Console.WriteLine($"  {label}: validated in {validate:F2} s, imported in {import:F2} s");
            return (id, import, 0, validate);
        }

        // The autopilot writes and approves the letter within a second or two; rendering is timed from then.
        await WaitForAsync(http, id, "rendering", "done");
        started.Restart();
        await WaitForAsync(http, id, "done");
        var render = started.Elapsed.TotalSeconds;
        Console.WriteLine($"  {label}: validated in {validate:F2} s, imported in {import:F2} s, rendered in {render:F1} s");
        return (id, import, render, validate);
    }

    private static async Task WaitForAsync(HttpClient http, string id, params string[] states)
    {
        while (true)
        {
            var campaign = JsonDocument.Parse(await http.GetStringAsync($"/v1/campaigns/{id}")).RootElement;
            var state = campaign.GetProperty("state").GetString()!;
            if (states.Contains(state))
            {
                return;
            }

            if (state is "failed" or "cancelled")
            {
                throw new InvalidOperationException($"The campaign is {state}: {campaign.GetProperty("failure_reason")}");
            }

            await Task.Delay(50);
        }
    }


    private static string Csv(int rows)
    {
        var csv = new StringBuilder("name,first_name,address_line1,address_line2,city,region,postal_code,country,relationship,custom.gift\n");
        string[] gifts = ["the reading room", "the science wing", "the music library", "the children's corner"];
        for (var i = 1; i <= rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"Donor Number{i},Donor,{i} Main Street,,Boston,MA,{2100 + (i % 90):00000},US,donor,{gifts[i % gifts.Length]}\n");
        }

        return csv.ToString();
    }
}
