using Letters.Data;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Letters.Features.Campaigns;

/// <summary>
/// <c>PUT /v1/campaigns/{id}/file</c>: the CSV as the body (<c>text/csv</c>, at most 20 MB). It is kept whole and
/// validated in the background; nothing is created until the campaign is started. The same file sent again to the
/// campaign is recognised by its sha256 and answered with the first upload (200, nothing new), so a retried or
/// doubled upload never doubles the mail.
/// </summary>
public static class CampaignUploads
{
    public static void Map(RouteGroupBuilder group) =>
        // Any content type is taken (spreadsheets send text/csv, scripts often application/octet-stream): declaring
        // one would make routing answer 415 before the key is even checked.
        group.MapPut("/{id:guid}/file", Upload)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Send the campaign's CSV; validated in the background (the campaign goes validating, then ready or failed)");

    [CsvBody]
    private static async Task<Results<Accepted<CampaignResponse>, Ok<CampaignResponse>, ValidationProblem, ProblemHttpResult>> Upload(
        Guid id, string? fileName, HttpContext http, LettersDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (http.Request.ContentLength > CampaignFile.MaxBytes)
        {
            return TooLarge();
        }

        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await http.Request.Body.ReadAsync(buffer, ct)) > 0)
        {
            if (body.Length + read > CampaignFile.MaxBytes)
            {
                return TooLarge();
            }

            body.Write(buffer, 0, read);
        }

        if (body.Length == 0)
        {
            return Problems.Invalid("file", "The body is empty: send the CSV itself as the body, with Content-Type: text/csv.");
        }

        if (fileName is { Length: > 255 } || fileName?.Any(char.IsControl) == true)
        {
            return Problems.Invalid("file_name", "'file_name' must be at most 255 printable characters.");
        }

        return await AcceptAsync(db, http, id, fileName?.Trim(), body.ToArray(), clock.GetUtcNow().TruncateToMicroseconds(), ct);
    }

    /// <summary>Takes a campaign's file (from the API's body or the web app's form): the one door for a new upload.</summary>
    internal static async Task<Results<Accepted<CampaignResponse>, Ok<CampaignResponse>, ValidationProblem, ProblemHttpResult>> AcceptAsync(
        LettersDbContext db, HttpContext http, Guid id, string? fileName, byte[] content, DateTimeOffset now, CancellationToken ct)
    {
        // Kept before the transaction (the store may be across a network); the same bytes again are the same document.
        var sha256 = await http.RequestServices.GetRequiredService<Documents>().PutAsync(content, "text/csv", ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await CampaignsApi.LockAsync(db, http, id, ct) is not { } campaign)
        {
            return Problems.NotFound("campaign", id);
        }

        if (await db.CampaignUploads.AsNoTracking().AnyAsync(u => u.CampaignId == id && u.Sha256 == sha256, ct))
        {
            // The same file again: the campaign as the first upload left it.
            await transaction.RollbackAsync(ct);
            http.Response.Headers["Idempotent-Replayed"] = "true";
            return TypedResults.Ok(await CampaignsApi.ResponseAsync(db, campaign, ct));
        }

        if (!Campaign.ReceiveFile.AppliesTo(campaign.State))
        {
            return Problems.Conflict("The campaign has its file.",
                $"The campaign is {WireNames.Of(campaign.State)}: a file can be sent until the campaign is started. Create a new campaign for another file.");
        }

        var upload = new CampaignUpload
        {
            Id = Guid.CreateVersion7(now), CampaignId = id, FileName = fileName, Sha256 = sha256, SizeBytes = content.Length, CreatedAt = now,
        };
        db.CampaignUploads.Add(upload);
        campaign.UploadId = upload.Id;
        db.CampaignEvents.Add(campaign.MoveTo(Campaign.ReceiveFile, now, $"File received ({content.Length:N0} bytes, sha256 {sha256[..12]}…)."));
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Cannot race with the same campaign (it is locked), but say so plainly if it ever does.
            return Problems.Conflict("The same file arrived twice at once.", "Read the campaign to see the upload that won.");
        }

        http.Response.Headers.Location = $"/v1/campaigns/{id}";
        return TypedResults.Accepted($"/v1/campaigns/{id}", await CampaignsApi.ResponseAsync(db, campaign, ct));
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The file is too large.",
        detail: $"A campaign's file may be at most {CampaignFile.MaxBytes / 1024 / 1024} MB ({CampaignFile.MaxRows:N0} rows). Split it into several campaigns.");
}
