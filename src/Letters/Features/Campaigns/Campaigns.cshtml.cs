using Letters.Data;
using Letters.Domain;
using Letters.Features.Clients;
using Letters.Features.Orders;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Features.Campaigns;

/// <summary>
/// The client's campaigns: create one, send its CSV, read the report, start or reject, follow its progress bar,
/// and take the print file. Every action goes through the API's own handlers (<c>/v1/campaigns</c>), so the web
/// app and the API keep one set of rules.
/// </summary>
public sealed class CampaignsModel(LettersDbContext db, TimeProvider clock, IOptions<OrderingOptions> ordering, FluentValidation.IValidator<CreateCampaign.Request> validator) : ClientPage
{
    public sealed class CreateForm
    {
        public string? Name { get; set; }
        public string Kind { get; set; } = "one_letter";
        public string Occasion { get; set; } = "thank_you";
        public string? Relationship { get; set; }
        public string Tone { get; set; } = "warm";
        public string Length { get; set; } = "short";
        public string? Brief { get; set; }
        public DateOnly? DeliverBy { get; set; }
    }

    [BindProperty]
    public CreateForm Form { get; set; } = new();

    public List<CampaignResponse> Campaigns { get; private set; } = [];

    /// <summary>The first rows with problems of each campaign whose file is read, to correct without opening the CSV.</summary>
    public Dictionary<Guid, (List<CampaignReport.ProblemLine> Lines, bool More)> Problems { get; } = [];

    /// <summary>Rows of problems shown on the page; the CSV report has them all.</summary>
    public const int ProblemRowsShown = 25;
    public string? Message { get; private set; }
    public string? Error { get; private set; }
    public DateOnly EarliestDelivery => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(ordering.Value.MinimumTurnaroundDaysStandard);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var request = new CreateCampaign.Request(Form.Name, Form.Kind, Form.Kind == "one_letter" ? Form.Brief : null, Form.Occasion, Form.Relationship, Form.Tone, Form.Length,
            null, null, null, null, null, null, Form.DeliverBy ?? EarliestDelivery.AddDays(7), null, null);
        var invalid = await validator.ValidateAsync(request, ct);
        if (!invalid.IsValid)
        {
            Error = string.Join(" ", invalid.Errors.Select(e => e.ErrorMessage).Distinct());
            return await PageAsync(ct);
        }

        var created = await CreateCampaign.Handle(request, HttpContext, db, clock, ordering, ct);
        Message = created.Result is Created<CampaignResponse> c ? $"“{c.Value!.Name}” is created. Now send its file (the template shows the columns)." : null;
        Error = ProblemOf(created.Result);
        return await PageAsync(ct);
    }

    public async Task<IActionResult> OnPostUploadAsync(Guid id, IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            Error = "Choose the CSV file to send.";
            return await PageAsync(ct);
        }

        if (file.Length > CampaignFile.MaxBytes)
        {
            Error = $"The file is larger than {CampaignFile.MaxBytes / 1024 / 1024} MB. Split it into several campaigns.";
            return await PageAsync(ct);
        }

        using var content = new MemoryStream();
        await file.CopyToAsync(content, ct);
        var result = await CampaignUploads.AcceptAsync(db, HttpContext, id, Path.GetFileName(file.FileName), content.ToArray(), clock.GetUtcNow().TruncateToMicroseconds(), ct);
        Message = result.Result switch
        {
            Accepted<CampaignResponse> => $"{file.FileName} is received and being checked; its report appears here in a moment.",
            Ok<CampaignResponse> => $"{file.FileName} was sent before: nothing new is created.",
            _ => null,
        };
        Error = ProblemOf(result.Result);
        return await PageAsync(ct);
    }

    public async Task<IActionResult> OnPostStartAsync(Guid id, string onInvalid, CancellationToken ct)
    {
        var result = await CampaignActions.Start(id, new CampaignActions.StartRequest(onInvalid), HttpContext, db, clock, ct);
        Message = result.Result is Accepted<CampaignResponse> ? "Started: its letters are being created." : null;
        Error = ProblemOf(result.Result);
        return await PageAsync(ct);
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct)
    {
        var result = await CampaignActions.Cancel(id, HttpContext, db, clock, ct);
        Message = result.Result is Ok<CampaignResponse> ? "Cancelled: its letters not yet written are stopped." : null;
        Error = ProblemOf(result.Result);
        return await PageAsync(ct);
    }

    public async Task<IActionResult> OnGetReportAsync(Guid id, CancellationToken ct) => Streamed((await CampaignReport.Csv(id, HttpContext, db, ct)).Result);

    public async Task<IActionResult> OnGetLettersAsync(Guid id, CancellationToken ct) => Streamed((await CampaignPrint.Pdf(id, HttpContext, db, HttpContext.RequestServices.GetRequiredService<Documents>(), ct)).Result);

    public async Task<IActionResult> OnGetManifestAsync(Guid id, CancellationToken ct) => Streamed((await CampaignPrint.Manifest(id, HttpContext, db, ct)).Result);

    public IActionResult OnGetTemplate(string kind) =>
        File(System.Text.Encoding.UTF8.GetBytes(CampaignFile.Template(kind == "personal" ? CampaignKind.Personal : CampaignKind.OneLetter)), "text/csv", "letters-campaign-template.csv");

    /// <summary>The API's handler wrote the file to the response already; a problem is a 404 page.</summary>
    private IActionResult Streamed(IResult result) => result is EmptyHttpResult ? new EmptyResult() : NotFound();


    private async Task<IActionResult> PageAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var campaigns = await db.Campaigns.AsNoTracking().Where(c => c.ClientId == ClientId && !c.IsTest).OrderByDescending(c => c.CreatedAt).Take(50).ToListAsync(ct);
        Campaigns = [];
        foreach (var campaign in campaigns)
        {
            Campaigns.Add(await CampaignsApi.ResponseAsync(db, campaign, ct));
            if (campaign.State is CampaignState.Ready or CampaignState.Failed && (campaign.RowsInvalid > 0 || campaign.RowsWithWarnings > 0 || campaign.FileProblems.Count > 0))
            {
                var (lines, next) = await CampaignReport.PageAsync(db, campaign, 0, ProblemRowsShown, ct);
                Problems[campaign.Id] = (lines, next is not null);
            }
        }
    }
}
