using Letters.Data;
using Letters.Features.Clients;
using Letters.Features.Orders;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Features.StandingOrders;

/// <summary>
/// The client's letters that come every year: set one up for someone in the address book, add this year's note,
/// skip a year, pause, stop. Every action goes through the API's own handlers (<c>/v1/standing_orders</c>).
/// </summary>
public sealed class StandingOrdersModel(
    LettersDbContext db, TimeProvider clock, IOptions<OrderingOptions> ordering, FluentValidation.IValidator<StandingOrdersApi.CreateRequest> validator,
    FluentValidation.IValidator<CreateOrder.Request> orders) : ClientPage
{
    public sealed class CreateForm
    {
        public Guid? RecipientId { get; set; }
        public string Occasion { get; set; } = "anniversary";
        public string? OccasionName { get; set; }
        public DateOnly? Date { get; set; }
        public string TimeZone { get; set; } = "Europe/London";
        public string LeapDay { get; set; } = "february28";
        public string? Relationship { get; set; }
        public string? Brief { get; set; }
        public string Tone { get; set; } = "warm";
        public string Length { get; set; } = "standard";
        public string? Signature { get; set; }
        public int LeadDays { get; set; } = 21;
    }

    [BindProperty]
    public CreateForm Form { get; set; } = new();

    public List<StandingOrderResponse> StandingOrders { get; private set; } = [];
    public Dictionary<Guid, string> RecipientNames { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    /// <summary>Every IANA zone this machine knows, for the time-zone field's suggestions.</summary>
    public static IEnumerable<string> Zones => TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var request = new StandingOrdersApi.CreateRequest(Form.RecipientId, Form.Occasion, string.IsNullOrWhiteSpace(Form.OccasionName) ? null : Form.OccasionName,
            Form.Date?.Month, Form.Date?.Day, Form.TimeZone.Trim(), Form.LeapDay, Form.LeadDays, Form.Relationship, Form.Brief, Form.Tone, Form.Length,
            null, null, null, null, null, string.IsNullOrWhiteSpace(Form.Signature) ? null : Form.Signature);
        if (Form.Date is null)
        {
            Error = "Choose the date: any year will do, only the day and month are kept.";
            return await PageAsync(ct);
        }

        var invalid = await validator.ValidateAsync(request, ct);
        if (!invalid.IsValid)
        {
            Error = string.Join(" ", invalid.Errors.Select(e => e.ErrorMessage).Distinct());
            return await PageAsync(ct);
        }

        var created = await StandingOrdersApi.Create(request, HttpContext, db, clock, ordering, ct);
        Message = created.Result is Created<StandingOrderResponse> c
            ? $"Set up: the first letter is for {c.Value!.Next.Date:d MMMM yyyy}, ordered on {c.Value.Next.OrderedAt:d MMMM yyyy}. You will be asked two weeks before what happened this year."
            : null;
        Error = ProblemOf(created.Result);
        return await PageAsync(ct);
    }

    public async Task<IActionResult> OnPostNoteAsync(Guid id, int year, string? note, CancellationToken ct)
    {
        var result = await StandingOrdersApi.Year(id, year, new StandingOrdersApi.YearRequest(note ?? "", null), HttpContext, db, clock, orders, ct);
        Message = result.Result is Ok<StandingOrderResponse> ? $"This year's note is kept: the {year} letter is written with it." : null;
        Error = ProblemOf(result.Result);
        return await PageAsync(ct);
    }

    public async Task<IActionResult> OnPostSkipAsync(Guid id, int year, bool skip, CancellationToken ct)
    {
        var result = await StandingOrdersApi.Year(id, year, new StandingOrdersApi.YearRequest(null, skip), HttpContext, db, clock, orders, ct);
        Message = result.Result is Ok<StandingOrderResponse> ? skip ? $"No letter in {year}; the next year comes as usual." : $"The {year} letter is back on." : null;
        Error = ProblemOf(result.Result);
        return await PageAsync(ct);
    }

    public async Task<IActionResult> OnPostPauseAsync(Guid id, bool paused, CancellationToken ct)
    {
        var result = await StandingOrdersApi.Update(id, new StandingOrdersApi.UpdateRequest(paused, null, null), HttpContext, db, clock, orders, ct);
        Message = result.Result is Ok<StandingOrderResponse> ? paused ? "Paused: no letter is ordered until you resume." : "Resumed." : null;
        Error = ProblemOf(result.Result);
        return await PageAsync(ct);
    }

    public async Task<IActionResult> OnPostStopAsync(Guid id, CancellationToken ct)
    {
        var result = await StandingOrdersApi.Delete(id, HttpContext, db, ct);
        Message = result.Result is NoContent ? "Stopped. Letters already ordered still come." : null;
        Error = ProblemOf(result.Result);
        return await PageAsync(ct);
    }


    private async Task<IActionResult> PageAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        StandingOrders = (await StandingOrdersApi.List(HttpContext, db, clock, ct)).Value!;
        RecipientNames = await db.Recipients.AsNoTracking().Where(r => r.ClientId == ClientId && r.DeletedAt == null).OrderBy(r => r.Name).Take(500)
            .ToDictionaryAsync(r => r.Id, r => r.Name, ct);
    }
}
