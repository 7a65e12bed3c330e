using FluentValidation;
using Letters.Data;
using Letters.Data.Configurations;
using Letters.Domain;
using Letters.Features.Orders;
using Letters.Features.Pricing;
using Letters.Features.Queue;
using Letters.Features.Recipients;
using Letters.Features.Renditions;
using Letters.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Letters.Features.Campaigns;

/// <summary><c>Letters:Campaigns</c>.</summary>
public sealed class CampaignOptions
{
    /// <summary>How often an idle instance looks for campaign work.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Rows made into orders per transaction: a crash loses at most one batch's work, never a row twice.</summary>
    public int ImportBatch { get; set; } = 5000;

    /// <summary>Letters one render loop takes and draws at a time.</summary>
    public int RenderBatch { get; set; } = 8;

    /// <summary>
    /// How long a render loop holds the letters it took: they are drawn outside any transaction, so a loop that dies
    /// lets them go to another loop when this runs out. Many times a batch's drawing time.
    /// </summary>
    public TimeSpan RenderLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Render loops in this process, each drawing its own batch on one core while the others draw or save: the
    /// machine's cores by default.
    /// </summary>
    public int RenderParallelism { get; set; } = Environment.ProcessorCount;
}

/// <summary>
/// The campaign jobs, on any instance: validate an uploaded file, make its rows into orders, render a one-letter
/// campaign's letters, and close a personal campaign whose letters are all written. The job is the campaign row
/// itself, taken with <c>FOR UPDATE SKIP LOCKED</c> for one batch in one transaction: the batch's orders, the rows
/// that point at them and the counts commit together, so a killed process loses its batch and the next pass, here
/// or on another instance, does it again; a row never becomes two orders.
/// </summary>
public sealed partial class CampaignWorker(
    IServiceScopeFactory scopes, Documents documents, MailBarcodes barcodes, TimeProvider clock, RoutingTable routing, IOptions<CampaignOptions> options, ILogger<CampaignWorker> logger) : IWorker
{
    public static WorkerKind Kind => WorkerKind.Campaigns;

    public TimeSpan Idle => options.Value.PollInterval;

    /// <summary>
    /// As many loops as render loops are configured: a campaign's file and import are one loop's at a time (the
    /// campaign's lock), its letters are rendered by all of them at once, each holding its own batch.
    /// </summary>
    public int Loops => options.Value.RenderParallelism;

    public async Task<bool> PassAsync(CancellationToken ct) => await RunOnceAsync(ct) > 0;

    /// <summary>
    /// Takes the next letters of a rendering campaign no other loop holds, in row order: a lease on each (its
    /// <c>lease_until</c>, which a received letter has no other use for), in one statement that commits at once.
    /// </summary>
    public static readonly string RenderClaimSql = $$"""
        UPDATE orders SET lease_until = {3}
        WHERE id IN (
            SELECT id FROM orders
            WHERE campaign_id = {0} AND status IN ({{OrderStateMachine.ApproveFromCampaign.FromSql}}) AND (lease_until IS NULL OR lease_until < {2})
            ORDER BY campaign_row LIMIT {1}
            FOR UPDATE SKIP LOCKED)
        RETURNING id
        """;

    /// <summary>The letters a loop took, still waiting and still under its lease, locked to record what was drawn.</summary>
    private static readonly string RenderHeldSql = $$"""
        WHERE id = ANY({0}) AND status IN ({{OrderStateMachine.ApproveFromCampaign.FromSql}}) AND lease_until = {1}
        FOR UPDATE
        """;

    /// <summary>An import batch's rows point at the orders they became: by primary key, one statement for the batch.</summary>
    public const string RowLinkSql = """
        UPDATE campaign_rows r SET order_id = made.order_id
        FROM unnest({0}, {1}) AS made(row_number, order_id)
        WHERE r.campaign_id = {2} AND r.row_number = made.row_number
        """;

    /// <summary>Passes until there is nothing left to do.</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        while (await RunOnceAsync(ct) > 0)
        {
        }
    }

    /// <summary>One batch of one campaign's work; returns how many rows or letters it moved (0: nothing to do).</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var rendered = await RenderOnceAsync(ct);
        return rendered > 0 ? rendered : await StepOnceAsync(ct);
    }

    /// <summary>A step that failed this many times fails its campaign, with the reason the client sees.</summary>
    public const int MaxAttempts = 3;

    private sealed record Taken(Guid Id, int Attempts);

    /// <summary>
    /// The campaign whose step is next: of those whose step has failed least often, the one waiting longest; counted
    /// as tried in the same statement, so a step that fails (a broken file, a batch that throws) is retried after the
    /// others' steps and never in front of them.
    /// </summary>
    private static readonly string TakeSql = $$"""
        UPDATE campaigns SET attempts = attempts + 1, updated_at = {0}
        WHERE id = (
            SELECT id FROM campaigns c
            WHERE state IN ('{{WireNames.Of(CampaignState.Validating)}}', '{{WireNames.Of(CampaignState.Importing)}}')
               OR (state = '{{WireNames.Of(CampaignState.Rendering)}}' AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.campaign_id = c.id AND o.status = '{{OrderStatus.Received.ToWire()}}'))
            ORDER BY attempts, updated_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id, attempts
        """;

    /// <summary>
    /// A step that takes the campaign's own lock: the file, the next import batch, or closing a rendered campaign.
    /// A rendering campaign is taken only when none of its letters is left to render (or being rendered). A step that
    /// throws is logged and tried again later; after <see cref="MaxAttempts"/> tries its campaign fails alone.
    /// </summary>
    private async Task<int> StepOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<LettersDbContext>();
        var now = clock.GetUtcNow().TruncateToMicroseconds();
        var taken = await db.Database.SqlQueryRaw<Taken>(TakeSql, now).ToListAsync(ct);
        if (taken is not [var step])
        {
            return await CloseWrittenAsync(db, now, ct);
        }

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var campaign = await db.Campaigns.FromTable($"WHERE id = {step.Id} FOR UPDATE").SingleAsync(ct);
            var moved = campaign.State switch
            {
                CampaignState.Validating => await ValidateAsync(db, documents, campaign, services.GetRequiredService<IValidator<CreateOrder.Request>>(), now, ct),
                CampaignState.Importing => await ImportAsync(db, campaign, services, now, ct),
                CampaignState.Rendering => await FinishAsync(db, campaign, now, ct),
                _ => 0,
            };
            campaign.Attempts = 0;
            campaign.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return Math.Max(moved, 1);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogStepFailed(logger, e, step.Id, step.Attempts);
            db.ChangeTracker.Clear();
            if (step.Attempts >= MaxAttempts)
            {
                await FailStepAsync(db, step.Id, now, ct);
            }

            return 1;
        }
    }

    /// <summary>The step failed every try: the campaign fails with a reason the client can act on, and stops its letters.</summary>
    private static async Task FailStepAsync(LettersDbContext db, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var campaign = await db.Campaigns.FromTable($"WHERE id = {id} FOR UPDATE").SingleAsync(ct);
        if (!Campaign.Fail.AppliesTo(campaign.State))
        {
            return;
        }

        var what = campaign.State == CampaignState.Validating ? "Its file could not be read" : "Its letters could not be created";
        campaign.FailureReason = $"{what}: it failed {MaxAttempts} times. Send the file again (check it opens in a spreadsheet); if it fails again, write to us quoting campaign {campaign.Id}.";
        if (campaign.State == CampaignState.Importing)
        {
            await CampaignActions.CancelLettersAsync(db, campaign, Actor.System, now, ct, why: $"The campaign \"{campaign.Name}\" failed while its letters were being created.");
        }

        db.CampaignEvents.Add(campaign.MoveTo(Campaign.Fail, now, campaign.FailureReason));
        campaign.Attempts = 0;
        campaign.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {CampaignId}: its step failed (try {Attempt})")]
    private static partial void LogStepFailed(ILogger logger, Exception e, Guid campaignId, int attempt);

    /// <summary>Reads the file and keeps every row with its problems (by COPY: 50,000 rows in one go); ready when done.</summary>
    internal static async Task<int> ValidateAsync(LettersDbContext db, Documents documents, Campaign campaign, IValidator<CreateOrder.Request> validator, DateTimeOffset now, CancellationToken ct)
    {
        var upload = await db.CampaignUploads.AsNoTracking().SingleAsync(u => u.Id == campaign.UploadId, ct);
        var read = CampaignFile.Read(await documents.ReadAsync(upload.Sha256, ct), CampaignFile.SettingsOf(campaign), validator);
        await db.CampaignRows.Where(r => r.CampaignId == campaign.Id).ExecuteDeleteAsync(ct);
        campaign.FileProblems = read.FileProblems;
        campaign.RowsTotal = read.Rows.Count;
        campaign.RowsValid = read.Rows.Count(r => r.Valid);
        campaign.RowsInvalid = read.Rows.Count - campaign.RowsValid;
        campaign.RowsWithWarnings = read.Rows.Count(r => r.Problems.Any(p => p.Warning));
        campaign.CustomFields = read.Rows.SelectMany(r => r.Custom.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        if (read.Fatal is { } fatal)
        {
            campaign.FailureReason = fatal;
            db.CampaignEvents.Add(campaign.MoveTo(Campaign.Fail, now, fatal));
            return 1;
        }

        await CopyRowsAsync((NpgsqlConnection)db.Database.GetDbConnection(), campaign.Id, read.Rows, ct);
        campaign.FailureReason = null;
        db.CampaignEvents.Add(campaign.MoveTo(Campaign.Validated, now,
            $"{campaign.RowsTotal:N0} rows: {campaign.RowsValid:N0} valid, {campaign.RowsInvalid:N0} with errors, {campaign.RowsWithWarnings:N0} with warnings."));
        return read.Rows.Count;
    }

    private static async Task CopyRowsAsync(NpgsqlConnection connection, Guid campaignId, List<CampaignRow> rows, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY campaign_rows (campaign_id, row_number, valid, has_problems, name, first_name, address_line1, address_line2, city, region, postal_code, country, relationship, brief, custom, problems) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(campaignId, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(row.RowNumber, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(row.Valid, NpgsqlDbType.Boolean, ct);
            await copy.WriteAsync(row.HasProblems, NpgsqlDbType.Boolean, ct);
            foreach (var text in (string?[])[row.Name, row.FirstName, row.AddressLine1, row.AddressLine2, row.City, row.Region, row.PostalCode, row.Country, row.Relationship, row.Brief])
            {
                await copy.WriteAsync(text, NpgsqlDbType.Text, ct);
            }

            await copy.WriteAsync(MetadataConverter.ToJson(row.Custom), NpgsqlDbType.Jsonb, ct);
            await copy.WriteAsync(Data.Configurations.CampaignRowConfiguration.ProblemsConverter.ToJson(row.Problems), NpgsqlDbType.Jsonb, ct);
        }

        await copy.CompleteAsync(ct);
    }

    /// <summary>
    /// Makes the next batch of valid rows into orders, each through the same door as <c>POST /v1/orders</c>. A
    /// personal campaign's orders go to the queues at once; a one-letter campaign's wait, received, for the campaign
    /// letter, which is the first row's own order and goes to the queue when the last row is in.
    /// </summary>
    internal async Task<int> ImportAsync(LettersDbContext db, Campaign campaign, IServiceProvider services, DateTimeOffset now, CancellationToken ct)
    {
        var rows = await db.CampaignRows.AsNoTracking().Where(r => r.CampaignId == campaign.Id && r.Valid && r.OrderId == null)
            .OrderBy(r => r.RowNumber).Take(options.Value.ImportBatch).ToListAsync(ct);
        var queue = await routing.ChooseQueueAsync(db, campaign.Occasion, campaign.Letter.Language, ct);
        if (rows.Count == 0)
        {
            if (campaign.Kind == CampaignKind.OneLetter)
            {
                var letter = await db.Orders.Where(o => o.CampaignId == campaign.Id && o.Status == OrderStatus.Received).OrderBy(o => o.CampaignRow).FirstAsync(ct);
                campaign.LetterOrderId = letter.Id;
                letter.QueueId = queue.Id;
                db.OrderEvents.Add(letter.Apply(OrderStateMachine.Route, Actor.System, now,
                    $"Routed to the {queue.Name} queue: the campaign letter for {campaign.OrdersCreated:N0} recipients, written once."));
            }

            db.CampaignEvents.Add(campaign.MoveTo(Campaign.Imported, now, $"{campaign.OrdersCreated:N0} orders created."));
            return 1;
        }

        var settings = CampaignFile.SettingsOf(campaign);
        var price = services.GetRequiredService<IOptionsSnapshot<PriceList>>().Value.PriceOf(campaign.Letter.Length, false, campaign.Letter.Paper, campaign.IsTest);
        var ordering = services.GetRequiredService<IOptions<OrderingOptions>>().Value;
        var client = new Actor(ActorKind.Client, campaign.ClientId, "client");
        var recipients = new List<Recipient>(rows.Count);
        var orders = new List<Order>(rows.Count);
        var events = new List<OrderEvent>(rows.Count * 2);
        foreach (var row in rows)
        {
            var request = CampaignFile.ForRow(settings, row);
            var recipient = RecipientsApi.NewRecipient(request.Recipient!, campaign.ClientId, now);
            var order = CreateOrder.NewOrder(request, recipient, campaign.ClientId, campaign.IsTest,
                campaign.Kind == CampaignKind.Personal ? queue : null, price, stickyWriter: null, ordering, now);
            order.CampaignId = campaign.Id;
            order.CampaignRow = row.RowNumber;
            order.AutoDraft = campaign.AutoDraft;
            recipients.Add(recipient);
            orders.Add(order);
            events.Add(order.Receive(client, now));
            row.OrderId = order.Id;
            if (campaign.Kind == CampaignKind.Personal)
            {
                events.Add(order.Apply(OrderStateMachine.Route, Actor.System, now, $"Routed to the {queue.Name} queue (campaign \"{campaign.Name}\", row {row.RowNumber})."));
            }
            else
            {
                order.MergeFields = MergeFields.Of(row);
            }
        }

        // By COPY, as EF maps them, in this transaction: thousands of rows a second where a statement a row made
        // hundreds. A received or routed order has no after-effect (the campaign letter is chosen once the import is
        // done), which is what lets these events skip the save that would run one.
        if (events.FirstOrDefault(e => e.ToStatus is { } to && CampaignLetter.Follows(to)) is { } followed)
        {
            throw new InvalidOperationException($"An imported order cannot be {followed.ToStatus}: its campaign would have to follow it.");
        }

        await BulkCopy.InsertAsync(db, recipients, ct);
        await BulkCopy.InsertAsync(db, orders, ct);
        await BulkCopy.InsertAsync(db, events, ct);
        campaign.OrdersCreated += rows.Count;
        await db.SaveChangesAsync(ct);
        var numbers = rows.Select(r => r.RowNumber).ToArray();
        var orderIds = rows.Select(r => r.OrderId!.Value).ToArray();
        await db.Database.ExecuteSqlRawAsync(RowLinkSql, [numbers, orderIds, campaign.Id], ct);
        return rows.Count;
    }

    private static async Task<int> FinishAsync(LettersDbContext db, Campaign campaign, DateTimeOffset now, CancellationToken ct)
    {
        var failed = await db.Orders.CountAsync(o => o.CampaignId == campaign.Id && o.Status == OrderStatus.Failed, ct);
        db.CampaignEvents.Add(campaign.MoveTo(Campaign.Finish, now, failed == 0
            ? $"{campaign.LettersRendered:N0} letters rendered."
            : $"{campaign.LettersRendered:N0} letters rendered; {failed:N0} could not be drawn (each letter's timeline says why) and are not charged."));
        return 1;
    }

    /// <summary>
    /// Renders the next batch of a one-letter campaign's letters: each recipient's order takes the approved campaign
    /// letter and is drawn with its own merge fields and its own seed (its id). The batch is taken under a lease, so
    /// every loop of every instance draws a batch of its own at the same time, and drawn outside any transaction; then
    /// one short transaction records the letters still held under that lease, with the campaign's count.
    /// </summary>
    internal async Task<int> RenderOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LettersDbContext>();
        var campaign = await db.Campaigns.AsNoTracking().Where(c => c.State == CampaignState.Rendering)
            .Where(c => db.Orders.Any(o => o.CampaignId == c.Id && o.Status == OrderStatus.Received))
            .OrderBy(c => c.CreatedAt).Select(c => new { c.Id, c.LetterOrderId }).FirstOrDefaultAsync(ct);
        if (campaign is null)
        {
            return 0;
        }

        var now = clock.GetUtcNow().TruncateToMicroseconds();
        var lease = now + options.Value.RenderLease;
        var taken = await db.Database.SqlQueryRaw<Guid>(RenderClaimSql, campaign.Id, options.Value.RenderBatch, now, lease).ToListAsync(ct);
        if (taken.Count == 0)
        {
            return 0;
        }

        var orders = await db.Orders.AsNoTracking().Include(o => o.Recipient).Where(o => taken.Contains(o.Id)).OrderBy(o => o.CampaignRow).ToListAsync(ct);
        var letter = await db.Drafts.AsNoTracking().Where(d => d.OrderId == campaign.LetterOrderId && d.Submitted).OrderByDescending(d => d.Version).FirstAsync(ct);
        var drawn = new Dictionary<Guid, (Draft Draft, Rendition? Rendition, string? Failure)>();
        foreach (var order in orders)
        {
            var draft = new Draft
            {
                Id = Guid.CreateVersion7(now), OrderId = order.Id, Version = 1, WriterId = letter.WriterId, Attempt = 0,
                Salutation = letter.Salutation, Body = letter.Body, Closing = letter.Closing, Signature = letter.Signature,
                Submitted = true, CreatedAt = now, SavedAt = now,
            };
            try
            {
                drawn[order.Id] = (draft, await LetterRendering.RenderAsync(documents, barcodes, order, order.Recipient!, draft, RenditionKind.Final, now, ct), null);
            }
            catch (RenderFailedException e)
            {
                // This recipient's copy cannot be drawn (their merge fields make a line too wide): it fails alone,
                // with the reason on its timeline; the other letters go on.
                drawn[order.Id] = (draft, null, e.Reason);
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var held = await db.Orders.FromTable(System.Runtime.CompilerServices.FormattableStringFactory.Create(RenderHeldSql, taken.ToArray(), lease)).ToListAsync(ct);
        var system = new Actor(ActorKind.System, null, "campaign");
        var rendered = 0;
        foreach (var order in held)
        {
            order.LeaseUntil = null;
            var (draft, rendition, failure) = drawn[order.Id];
            if (rendition is null)
            {
                db.OrderEvents.Add(order.Apply(OrderStateMachine.Fail, system, now, failure!));
                continue;
            }

            db.Drafts.Add(draft);
            db.OrderEvents.Add(order.Apply(OrderStateMachine.ApproveFromCampaign, system, now,
                $"The campaign letter (version {letter.Version}), reviewed once for all its recipients, written for this one."));
            LetterRendering.Record(db, order, rendition, draft.Version, system, now);
            rendered++;
        }

        await db.SaveChangesAsync(ct);
        await db.Campaigns.Where(c => c.Id == campaign.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.LettersRendered, c => c.LettersRendered + rendered).SetProperty(c => c.UpdatedAt, now), ct);
        await transaction.CommitAsync(ct);
        return taken.Count;
    }

    /// <summary>A personal campaign is done when none of its letters is still to be written.</summary>
    private static async Task<int> CloseWrittenAsync(LettersDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var written = await db.Campaigns
            .Where(c => c.State == CampaignState.Writing && c.Kind == CampaignKind.Personal)
            .Where(c => !db.Orders.Where(Order.IsOpen).Any(o => o.CampaignId == c.Id))
            .Select(c => c.Id).Take(20).ToListAsync(ct);
        var closed = 0;
        foreach (var id in written)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var campaign = await db.Campaigns.FromTable($"WHERE id = {id} AND state = {WireNames.Of(CampaignState.Writing)} FOR UPDATE SKIP LOCKED").SingleOrDefaultAsync(ct);
            if (campaign is null)
            {
                continue;
            }

            campaign.LettersRendered = await db.Orders.Where(Order.IsWritten).CountAsync(o => o.CampaignId == id, ct);
            db.CampaignEvents.Add(campaign.MoveTo(Campaign.Finish, now, $"Every letter is written: {campaign.LettersRendered:N0} rendered."));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            closed++;
        }

        return closed;
    }

}
