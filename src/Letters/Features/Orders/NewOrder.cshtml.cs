using System.Text.Json;
using FluentValidation;
using Letters.Data;
using Letters.Domain;
using Letters.Features.Clients;
using Letters.Features.Pricing;
using Letters.Features.Queue;
using Letters.Features.Recipients;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Features.Orders;

/// <summary>
/// Order a letter in the browser: the same request, validator, prices and use case as <c>POST /v1/orders</c>. The
/// form first shows the price (a quote, held for a day), then orders with that quote and the form's own
/// Idempotency-Key, so a double click orders once.
/// </summary>
public sealed class NewOrderModel(
    LettersDbContext db, IValidator<CreateOrder.Request> validator, IOptionsSnapshot<PriceList> prices, IOptions<OrderingOptions> ordering, TimeProvider clock) : ClientPage
{
    public sealed class Input
    {
        public string? Occasion { get; set; } = "anniversary";
        public Guid? RecipientId { get; set; }
        public string? Name { get; set; }
        public string? AddressLine1 { get; set; }
        public string? AddressLine2 { get; set; }
        public string? City { get; set; }
        public string? Region { get; set; }
        public string? PostalCode { get; set; }
        public string? Country { get; set; }
        public string? Relationship { get; set; }
        public string? Brief { get; set; }
        public string? Tone { get; set; } = "warm";
        public string? Length { get; set; } = "standard";
        public string? Language { get; set; } = "en";
        public string? Style { get; set; }
        public string? Ink { get; set; } = CreateOrder.Defaults.Ink;
        public string? Paper { get; set; } = CreateOrder.Defaults.Paper;
        public string? PageSize { get; set; } = CreateOrder.Defaults.PageSize;

        /// <summary>Empty for the page size's usual envelope.</summary>
        public string? EnvelopeSize { get; set; }

        /// <summary>"window" when ticked; otherwise the address is written on the envelope.</summary>
        public string? AddressPlacement { get; set; }

        // The return address: none when every field is left empty.
        public string? FromName { get; set; }
        public string? FromAddressLine1 { get; set; }
        public string? FromAddressLine2 { get; set; }
        public string? FromCity { get; set; }
        public string? FromRegion { get; set; }
        public string? FromPostalCode { get; set; }
        public string? FromCountry { get; set; }

        public RecipientInput? ReturnAddress() =>
            new[] { FromName, FromAddressLine1, FromAddressLine2, FromCity, FromRegion, FromPostalCode, FromCountry }.All(string.IsNullOrWhiteSpace)
                ? null
                : new RecipientInput(FromName, null, FromAddressLine1, FromAddressLine2, FromCity, FromRegion, FromPostalCode, FromCountry?.ToUpperInvariant());
        public string? Signature { get; set; }
        public DateOnly? DeliverBy { get; set; }
        public string? Priority { get; set; } = "standard";
    }

    /// <summary>What to put in a letter for each occasion: the questions a writer would ask.</summary>
    public static readonly IReadOnlyDictionary<string, string> Hints = new Dictionary<string, string>
    {
        ["anniversary"] = "How you met, a moment only the two of you know, what the years have been like, what you hope for next.",
        ["birthday"] = "How old they are turning (if it matters), what you admire in them, a shared memory from this year.",
        ["love"] = "What you have never quite said out loud, and the small things about them you notice.",
        ["thank_you"] = "What they did, when, and what difference it made to you.",
        ["condolence"] = "Who died and how you knew them; a memory of them; what you can offer now. Keep it simple.",
        ["apology"] = "What happened, that you understand how it felt for them, and what you will do differently.",
        ["congratulations"] = "What they achieved, what it took, and why you are proud of them.",
        ["friendship"] = "How long you have known each other, a story you both tell, why the friendship matters.",
        ["other"] = "Who they are to you, why you are writing now, and anything the writer must or must not mention.",
    };

    [BindProperty] public Input Form { get; set; } = new();
    [BindProperty] public string IdempotencyKey { get; set; } = Guid.NewGuid().ToString();
    [BindProperty] public Guid? QuoteId { get; set; }

    public List<Recipient> AddressBook { get; private set; } = [];
    public Dictionary<string, string[]> Errors { get; private set; } = [];
    public Quote? Quote { get; private set; }
    public bool Confirmed { get; private set; }
    public DateOnly EarliestStandard { get; private set; }
    public DateOnly EarliestRush { get; private set; }
    public long RushSurcharge => prices.Value.Rush;
    public PriceList Prices => prices.Value;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Page();
        }

        Form.DeliverBy = EarliestStandard.AddDays(3);
        return Page();
    }

    /// <summary>Step one: check the order as the API would and show its price, held as a quote.</summary>
    public async Task<IActionResult> OnPostReviewAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Page();
        }

        var request = ToRequest(null);
        var result = await validator.ValidateAsync(request, ct);
        if (!result.IsValid)
        {
            Errors = Worded(result.Errors.GroupBy(e => FieldName(e.PropertyName)).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray()));
            return Page();
        }

        Quote = await Quotes.NewAsync(db, HttpContext, prices.Value, Form.Length!, WireNames.IsRush(Form.Priority), Form.Paper ?? CreateOrder.Defaults.Paper, clock.GetUtcNow(), ct,
            ownHand: !string.IsNullOrEmpty(Form.Style) && Hands.HandShelf.IsOwnHand(ClientId, Form.Style));
        QuoteId = Quote.Id;
        return Page();
    }

    /// <summary>Step two: order it, at the quoted price, once however often the button is pressed.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(
        [FromServices] RoutingTable routing, [FromServices] IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Page();
        }

        var request = ToRequest(QuoteId);
        var result = await validator.ValidateAsync(request, ct);
        if (!result.IsValid)
        {
            Errors = Worded(result.Errors.GroupBy(e => FieldName(e.PropertyName)).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray()));
            return Page();
        }

        // The form's key, as the API's header: the same use case decides whether this is a new order or a replay.
        HttpContext.Request.Headers["Idempotency-Key"] = IdempotencyKey;
        var placed = await CreateOrder.Handle(request, HttpContext, db, routing, clock, ordering, prices, json, ct);
        switch (placed.Result)
        {
            case ContentHttpResult { StatusCode: StatusCodes.Status201Created or StatusCodes.Status200OK } created:
                var id = JsonDocument.Parse(created.ResponseContent!).RootElement.GetProperty("id").GetGuid();
                TempData["Message"] = "Thank you: your letter is ordered. A writer will take it soon.";
                return Redirect($"/app/orders/{id}");
            case ValidationProblem invalid:
                Errors = Worded(invalid.ProblemDetails.Errors);
                break;
            case ProblemHttpResult problem:
                Errors = new() { [""] = [ProblemOf(problem) ?? "The order could not be placed."] };
                break;
        }

        QuoteId = null;
        return Page();
    }

    private CreateOrder.Request ToRequest(Guid? quoteId) => new(
        Form.RecipientId is null ? new RecipientInput(Form.Name, null, Form.AddressLine1, Form.AddressLine2, Form.City, Form.Region, Form.PostalCode, Form.Country?.ToUpperInvariant()) : null,
        Form.RecipientId, Form.Occasion, Form.Relationship, Form.Brief, Form.Tone, Form.Length, Form.Language,
        string.IsNullOrEmpty(Form.Style) ? null : Form.Style, Form.Ink, Form.Paper, Form.PageSize, string.IsNullOrWhiteSpace(Form.Signature) ? null : Form.Signature,
        Form.DeliverBy, Form.Priority, null, null, quoteId,
        string.IsNullOrEmpty(Form.EnvelopeSize) ? null : Form.EnvelopeSize, string.IsNullOrEmpty(Form.AddressPlacement) ? null : Form.AddressPlacement,
        Form.ReturnAddress());

    /// <summary>The API's field names (snake_case), so a message reads the same here and in the API's 400.</summary>
    private static string FieldName(string property) => string.Join('.', property.Split('.').Select(JsonNamingPolicy.SnakeCaseLower.ConvertName));

    /// <returns>False when the client may not order yet (an unconfirmed address): the page says why.</returns>
    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        EarliestStandard = today.AddDays(ordering.Value.MinimumTurnaroundDaysStandard);
        EarliestRush = today.AddDays(ordering.Value.MinimumTurnaroundDaysRush);
        AddressBook = await db.Recipients.AsNoTracking().Where(r => r.ClientId == ClientId && r.DeletedAt == null).OrderBy(r => r.Name).Take(500).ToListAsync(ct);
        var client = await db.Clients.AsNoTracking().SingleAsync(c => c.Id == ClientId, ct);
        Confirmed = client.EmailConfirmedAt is not null;
        return Confirmed;
    }

    /// <summary>The form control an API field is typed into, so the error summary can link to it.</summary>
    public static string? ElementFor(string field) => field switch
    {
        "recipient.name" => "name", "recipient.address_line1" => "line1", "recipient.address_line2" => "line2", "recipient.city" => "city",
        "recipient.region" => "region", "recipient.postal_code" => "postal", "recipient.country" => "country", "recipient_id" => "recipient-id",
        "relationship" => "relationship", "brief" => "brief", "language" => "language", "signature" => "signature", "occasion" => "occasion",
        "page_size" => "page-size", "envelope_size" => "envelope-size", "deliver_by" => "deliver-by", "tone" => "tone", "length" => "length",
        "return_address.name" => "from-name", "return_address.address_line1" => "from-line1", "return_address.address_line2" => "from-line2",
        "return_address.city" => "from-city", "return_address.region" => "from-region", "return_address.postal_code" => "from-postal",
        "return_address.country" => "from-country",
        _ => null,
    };

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}
