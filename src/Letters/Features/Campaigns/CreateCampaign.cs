using FluentValidation;
using Letters.Auth;
using Letters.Data;
using Letters.Domain;
using Letters.Features.Orders;
using Letters.Features.Recipients;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Letters.Features.Campaigns;

/// <summary>
/// <c>POST /v1/campaigns</c>: a campaign and what all its letters share. The letter settings are checked by the
/// order validator itself (a campaign's letters are orders), so a setting an order would refuse is refused here,
/// with the same words, before any file is sent.
/// </summary>
public static class CreateCampaign
{
    public sealed record Request(
        string? Name,
        string? Kind,
        [MultiLine] string? Brief,
        string? Occasion,
        string? Relationship,
        string? Tone,
        string? Length,
        string? Language,
        string? Style,
        string? Ink,
        string? Paper,
        string? PageSize,
        string? Signature,
        DateOnly? DeliverBy,
        RecipientInput? ReturnAddress,
        bool? AutoDraft);

    [ValidatedAs(typeof(CreateOrder.Request), Except = ["brief"])]
    public sealed class Validator : RequestValidator<Request>
    {
        /// <summary>Stands in for the rows while the shared settings are checked: the rows bring their own.</summary>
        private static readonly RecipientInput SomeRecipient = new("Row recipient", null, "1 Main Street", null, "Springfield", null, "12345", "US");
        private const string SomeBrief = "Each row of the file brings its own brief.";

        public Validator(IValidator<CreateOrder.Request> orders)
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(100);
            RuleFor(r => r.Kind).NotEmpty().Must(k => WireNames.TryParse<CampaignKind>(k, out _))
                .WithMessage("'kind' must be one_letter (one letter, written once with merge fields, for every row) or personal (each row brings its own brief).");
            RuleFor(r => r.Brief).NotEmpty().When(r => r.Kind == "one_letter")
                .WithMessage("A one_letter campaign needs its 'brief': what the one letter should say.");
            RuleFor(r => r.Brief).Null().When(r => r.Kind == "personal")
                .WithMessage("A personal campaign takes each letter's brief from the file's 'brief' column, not here.");
            RuleFor(r => r).Custom((request, context) =>
            {
                foreach (var failure in orders.Validate(AsOrder(request)).Errors.Where(f => !f.PropertyName.StartsWith("recipient", StringComparison.Ordinal)))
                {
                    if (request.Kind == "personal" && failure.PropertyName == "brief")
                    {
                        continue;
                    }

                    context.AddFailure(failure.PropertyName, failure.ErrorMessage);
                }
            });
        }

        internal static CreateOrder.Request AsOrder(Request r) => new(
            SomeRecipient, null, r.Occasion, r.Relationship, r.Kind == "personal" ? SomeBrief : r.Brief, r.Tone, r.Length, r.Language, r.Style, r.Ink, r.Paper, r.PageSize,
            r.Signature, r.DeliverBy, null, null, null, ReturnAddress: r.ReturnAddress);
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/", Handle).WithSummary("Create a campaign; then send its file (PUT /v1/campaigns/{id}/file)");

    internal static async Task<Results<Created<CampaignResponse>, ValidationProblem>> Handle(
        Request request, HttpContext http, LettersDbContext db, TimeProvider clock, IOptions<OrderingOptions> options, CancellationToken ct)
    {
        if (request.AutoDraft == true && !http.User.IsTestMode())
        {
            return Problems.Invalid("auto_draft", "'auto_draft' is only for test keys: live letters are written by people.");
        }

        var now = clock.GetUtcNow().TruncateToMicroseconds();
        var kind = WireNames.Parse<CampaignKind>(request.Kind!);
        var order = Validator.AsOrder(request);
        var campaign = new Campaign
        {
            Id = Guid.CreateVersion7(now),
            ClientId = http.User.ClientId(),
            IsTest = http.User.IsTestMode(),
            AutoDraft = request.AutoDraft == true,
            Name = request.Name!.Trim(),
            Kind = kind,
            Occasion = request.Occasion!,

            // The style is chosen now, for every row alike: a row the pen cannot write is then named in the report.
            Letter = CreateOrder.SettingsOf(order with { Recipient = null }, recipient: null),
            Brief = request.Brief,
            DeliverBy = request.DeliverBy ?? DateOnly.FromDateTime(now.UtcDateTime).AddDays(options.Value.MinimumTurnaroundDaysStandard + 3),
            ReturnAddress = request.ReturnAddress is { } from
                ? RecipientsApi.ReturnAddressOf(from)
                : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Campaigns.Add(campaign);
        db.CampaignEvents.Add(campaign.Created(now));
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/v1/campaigns/{campaign.Id}", CampaignResponse.From(campaign, null, 0));
    }
}
