using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation;
using Letters.Auth;
using Letters.Data;
using Letters.Domain;
using Letters.Features.Pricing;
using Letters.Features.Queue;
using Letters.Features.Recipients;
using Letters.Features.Renditions;
using Letters.Handwriting;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Letters.Features.Orders;

/// <summary>
/// <c>POST /v1/orders</c>: order a letter. The order is received, routed to a queue and waits for a writer.
/// With an <c>Idempotency-Key</c> the same request can be retried safely: the key is taken inside the
/// creating transaction (unique on client and key), so even racing duplicates create one order.
/// </summary>
public static partial class CreateOrder
{
    public sealed record Request(
        RecipientInput? Recipient,
        Guid? RecipientId,
        string? Occasion,
        string? Relationship,
        [MultiLine] string? Brief,
        string? Tone,
        string? Length,
        string? Language,
        string? Style,
        string? Ink,
        string? Paper,
        string? PageSize,
        string? Signature,
        DateOnly? DeliverBy,
        string? Priority,
        Dictionary<string, string>? Metadata,
        bool? AutoDraft,
        Guid? QuoteId = null,
        string? EnvelopeSize = null,
        string? AddressPlacement = null,
        RecipientInput? ReturnAddress = null);

    public sealed partial class Validator : RequestValidator<Request>
    {
        /// <summary>Built once: a validator's rules are compiled when it is made, and a campaign checks 50,000 addresses.</summary>
        private static readonly RecipientInputValidator Address = new();

        public Validator(TimeProvider clock, IOptions<OrderingOptions> options)
        {
            RuleFor(r => r.Recipient).NotNull().When(r => r.RecipientId is null)
                .WithMessage("Give either 'recipient' (an address) or 'recipient_id' (from your address book).");
            RuleFor(r => r.Recipient).Null().When(r => r.RecipientId is not null)
                .WithMessage("Give either 'recipient' or 'recipient_id', not both.");
            RuleFor(r => r.Recipient!).SetValidator(new RecipientInputValidator()).When(r => r.Recipient is not null);

            RuleFor(r => r.Occasion).NotEmpty().Must(o => OrderVocabulary.Occasions.Contains(o))
                .WithMessage($"'occasion' must be one of: {string.Join(", ", OrderVocabulary.Occasions)}.");
            RuleFor(r => r.Relationship).NotEmpty().MaximumLength(LetterSettings.RelationshipLength);
            RuleFor(r => r.Brief).NotEmpty().Length(20, 5000);
            RuleFor(r => r.Tone).NotEmpty().Must(t => OrderVocabulary.Tones.Contains(t))
                .WithMessage($"'tone' must be one of: {string.Join(", ", OrderVocabulary.Tones)}.");
            RuleFor(r => r.Length).NotEmpty().Must(l => l is not null && OrderVocabulary.Lengths.ContainsKey(l))
                .WithMessage("'length' must be one of: short (about 120 words), standard (about 250), long (about 500).");
            RuleFor(r => r.Language).Must(IsLanguageTag).When(r => r.Language is not null)
                .WithMessage("'language' must be a BCP 47 language tag such as en, fr or pt-BR.");
            RuleFor(r => r.Style).Must(s => Catalogue.FindStyle(s) is not null).When(r => r.Style is not null)
                .WithMessage(_ => $"'style' must be one of: {string.Join(", ", Catalogue.AllStyles.Select(s => s.Id))}.");
            RuleFor(r => r.Ink).Must(i => Catalogue.FindInk(i) is not null).When(r => r.Ink is not null)
                .WithMessage($"'ink' must be one of: {string.Join(", ", Catalogue.Inks.Select(i => i.Id))}.");
            RuleFor(r => r.Paper).Must(p => Catalogue.FindPaper(p) is not null).When(r => r.Paper is not null)
                .WithMessage($"'paper' must be one of: {string.Join(", ", Catalogue.Papers.Select(p => p.Id))}.");
            RuleFor(r => r.PageSize).Must(p => Catalogue.FindPageSize(p) is not null).When(r => r.PageSize is not null)
                .WithMessage($"'page_size' must be one of: {string.Join(", ", Catalogue.PageSizes.Select(p => p.Id))}.");
            RuleFor(r => r.ReturnAddress!).SetValidator(new RecipientInputValidator()).When(r => r.ReturnAddress is not null);
            RuleFor(r => r.EnvelopeSize).Must(e => Catalogue.FindEnvelope(e) is not null).When(r => r.EnvelopeSize is not null)
                .WithMessage($"'envelope_size' must be one of: {string.Join(", ", Catalogue.Envelopes.Select(e => e.Id))}.");
            RuleFor(r => r.AddressPlacement).Must(p => p is "envelope" or "window").When(r => r.AddressPlacement is not null)
                .WithMessage("'address_placement' must be 'envelope' (written on the envelope) or 'window' (on page 1, for a window envelope).");
            RuleFor(r => r.AddressPlacement).Must((r, _) => WindowPanelsFit(r.PageSize ?? Defaults.PageSize)).When(r => r.AddressPlacement == "window")
                .WithMessage(r => $"A window envelope shows page 1 of a us_letter (#10) or a4 (DL) letter, not {r.PageSize ?? Defaults.PageSize}.");
            RuleFor(r => r.Signature).MaximumLength(LetterSettings.SignatureLength);
            RuleFor(r => r.Priority).Must(p => OrderVocabulary.Priorities.Contains(p)).When(r => r.Priority is not null)
                .WithMessage("'priority' must be standard or rush.");
            RuleFor(r => r.DeliverBy).Custom((deliverBy, context) =>
            {
                if (deliverBy is not { } date)
                {
                    return;
                }

                var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
                var rush = WireNames.IsRush(context.InstanceToValidate.Priority);
                var earliest = today.AddDays(rush ? options.Value.MinimumTurnaroundDaysRush : options.Value.MinimumTurnaroundDaysStandard);
                var latest = today.AddDays(options.Value.MaximumDaysAhead);
                if (date < earliest)
                {
                    context.AddFailure($"'deliver_by' must be on or after {earliest:yyyy-MM-dd}: {WireNames.Of(rush ? Priority.Rush : Priority.Standard)} letters need {(earliest.DayNumber - today.DayNumber)} days.");
                }
                else if (date > latest)
                {
                    context.AddFailure($"'deliver_by' must be within {options.Value.MaximumDaysAhead} days, on or before {latest:yyyy-MM-dd}.");
                }
            });
            RuleFor(r => r.Metadata).Custom((metadata, context) =>
            {
                if (metadata is null)
                {
                    return;
                }

                if (metadata.Count > 20)
                {
                    context.AddFailure("'metadata' may have at most 20 keys.");
                }

                foreach (var (key, value) in metadata)
                {
                    if (!IsMetadataKey(key))
                    {
                        context.AddFailure($"metadata key '{Truncate(key)}': {MetadataKeyRule}");
                    }

                    if (value is null || value.Length > 500)
                    {
                        context.AddFailure($"metadata['{Truncate(key)}'] must be a string of at most 500 characters.");
                    }
                }
            });

            // A character the chosen handwriting cannot draw would print as a blank: refuse it now, by name. A line
            // the layout cannot place (a signature wider than the page, an address line wider than the envelope)
            // would fail at print: refuse that now too, saying what to shorten.
            RuleFor(r => r).Custom((request, context) =>
            {
                var style = request.Style ?? Defaults.StyleFor(StyleHints(request));
                if (Catalogue.FindStyle(style) is null)
                {
                    return;
                }

                var missing = false;
                foreach (var (field, text) in DrawnText(request))
                {
                    if (text is not null && Catalogue.UnsupportedCharacters(style, text) is { Count: > 0 } unsupported)
                    {
                        missing = true;
                        context.AddFailure(field, $"The handwriting '{style}' cannot write: {string.Join(" ", unsupported)}. Choose another style or leave those characters out.");
                    }
                }

                if (!missing && request.Recipient is { } input && Sketchable(request) && Address.Validate(input).IsValid)
                {
                    var recipient = RecipientsApi.NewRecipient(input, Guid.Empty, clock.GetUtcNow());
                    foreach (var (field, messages) in FitErrors(request, recipient, clock.GetUtcNow()))
                    {
                        foreach (var message in messages)
                        {
                            context.AddFailure(field, message);
                        }
                    }
                }
            });
        }

        /// <summary>
        /// Everything of the order the handwriting will draw: the signature and the envelope. The brief and the
        /// relationship are for the writer's eyes only, so they may hold any character.
        /// </summary>
        internal static IEnumerable<(string Field, string? Text)> DrawnText(Request r) =>
        [
            ("signature", r.Signature),
            ("recipient.name", r.Recipient?.Name), ("recipient.address_line1", r.Recipient?.AddressLine1), ("recipient.address_line2", r.Recipient?.AddressLine2),
            ("recipient.city", r.Recipient?.City), ("recipient.region", r.Recipient?.Region), ("recipient.postal_code", r.Recipient?.PostalCode),
            ("return_address.name", r.ReturnAddress?.Name), ("return_address.address_line1", r.ReturnAddress?.AddressLine1), ("return_address.address_line2", r.ReturnAddress?.AddressLine2),
            ("return_address.city", r.ReturnAddress?.City), ("return_address.region", r.ReturnAddress?.Region), ("return_address.postal_code", r.ReturnAddress?.PostalCode),
        ];

        /// <summary>
        /// What chooses the style of an order that names none: what will be drawn, and the brief, which stands for
        /// the language the letter will be written in.
        /// </summary>
        internal static IEnumerable<string?> StyleHints(Request r) => DrawnText(r).Select(t => t.Text).Append(r.Brief);

        /// <summary>Whether the request names a letter the renderer can lay out (its choices are ones the catalogue has).</summary>
        private static bool Sketchable(Request r) =>
            (r.PageSize is null || Catalogue.FindPageSize(r.PageSize) is not null)
            && (r.Ink is null || Catalogue.FindInk(r.Ink) is not null)
            && (r.Paper is null || Catalogue.FindPaper(r.Paper) is not null)
            && (r.EnvelopeSize is null || Catalogue.FindEnvelope(r.EnvelopeSize) is not null)
            && (r.AddressPlacement is null or "envelope" || (r.AddressPlacement == "window" && WindowPanelsFit(r.PageSize ?? Defaults.PageSize)))
            && (r.ReturnAddress is null || new RecipientInputValidator().Validate(r.ReturnAddress).IsValid)
            && (r.Signature is null || r.Signature.Length <= LetterSettings.SignatureLength);

        private static bool WindowPanelsFit(string pageSize) => Catalogue.WindowPageSizes.Contains(pageSize);

        private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";

        private static bool IsLanguageTag(string? tag)
        {
            if (tag is null || !LanguageTag().IsMatch(tag))
            {
                return false;
            }

            try
            {
                return !CultureInfo.GetCultureInfo(tag, predefinedOnly: true).Equals(CultureInfo.InvariantCulture);
            }
            catch (CultureNotFoundException)
            {
                return false;
            }
        }

        [GeneratedRegex("^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}$")]
        private static partial Regex LanguageTag();
    }

    /// <summary>A metadata key, on an order and in a filter alike.</summary>
    public static bool IsMetadataKey(string key) => MetadataKey().IsMatch(key);

    public const string MetadataKeyRule = "a metadata key must be 1–40 characters of letters, digits, '_', '-' or '.'.";

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,40}$")]
    private static partial Regex MetadataKey();

    /// <summary>What an order gets when the client leaves a choice out.</summary>
    public static class Defaults
    {
        public const string Language = "en";
        /// <summary>
        /// An order that names no style is written with the default pen when the pen can write all of it (the
        /// brief stands for the letter's language, the signature and address are written as given), else in the
        /// default font style; the order then says which.
        /// </summary>
        public static string StyleFor(IEnumerable<string?> drawn) => Catalogue.DefaultStyleFor(drawn);
        public const string Ink = "blue_black";
        public const string Paper = "cream";
        public const string PageSize = "a5";
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/", Handle)
            .Produces<OrderResponse>(StatusCodes.Status201Created)
            .WithSummary("Order a letter")
            .WithDescription("Send an Idempotency-Key header (up to 256 characters) to retry safely: the same key and body return the original response; the same key with another body is a 422.");

    public static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> Handle(
        Request request,
        HttpContext http,
        LettersDbContext db,
        RoutingTable routing,
        TimeProvider clock,
        IOptions<OrderingOptions> options,
        IOptionsSnapshot<PriceList> prices,
        IOptions<JsonOptions> json,
        CancellationToken ct)
    {
        var clientId = http.User.ClientId();
        var now = clock.GetUtcNow().TruncateToMicroseconds();
        var keys = http.Request.Headers["Idempotency-Key"];
        if (keys.Count > 1)
        {
            return Problems.Invalid("Idempotency-Key", "Send one Idempotency-Key header, not several: which one would be the key?");
        }

        var key = keys.ToString();
        if (http.Request.Headers.ContainsKey("Idempotency-Key") && (key.Length is 0 or > 256 || key.Any(char.IsControl)))
        {
            return Problems.Invalid("Idempotency-Key", "The Idempotency-Key header must be 1–256 printable characters.");
        }

        if (request.AutoDraft == true && !http.User.IsTestMode())
        {
            return Problems.Invalid("auto_draft", "'auto_draft' is only for test keys: live letters are written by people.");
        }

        var serializer = json.Value.SerializerOptions;
        var requestHash = CanonicalHash(request, serializer);

        Recipient recipient;
        if (request.RecipientId is { } recipientId)
        {
            var existing = await db.Recipients.AsNoTracking().SingleOrDefaultAsync(r => r.Id == recipientId && r.ClientId == clientId && r.DeletedAt == null, ct);
            if (existing is null)
            {
                return Problems.Invalid("recipient_id", "There is no such recipient in your address book.");
            }

            if (AddressProblems(request, existing, now) is { Count: > 0 } problems)
            {
                return TypedResults.ValidationProblem(problems, title: "The letter cannot be written to this address as it stands.");
            }

            recipient = existing;
        }
        else
        {
            recipient = RecipientsApi.NewRecipient(request.Recipient!, clientId, now);
        }

        // Another client's own hand is, to this client, no such style.
        if (request.Style is { } named && !Hands.HandShelf.MayName(clientId, named))
        {
            return Problems.Invalid("style", $"'style' must be one of: {string.Join(", ", Catalogue.AllStyles.Select(s => s.Id))}.");
        }

        var queue = await routing.ChooseQueueAsync(db, request.Occasion!, request.Language ?? Defaults.Language, ct);
        var ownHand = request.Style is { } style && Hands.HandShelf.IsOwnHand(clientId, style);
        var (price, quoteProblem) = await Quotes.PriceOrderAsync(db, http, prices.Value, request.QuoteId, request.Length!, WireNames.IsRush(request.Priority), request.Paper ?? Defaults.Paper, now, ct, ownHand);
        if (price is null)
        {
            // A retry of an order that was placed while its quote held is the same order, not a new one refused.
            if (key.Length > 0 && await db.IdempotencyRecords.AnyAsync(r => r.ClientId == clientId && r.Key == key && r.ExpiresAt > now, ct))
            {
                return await ReplayAsync(db, http, clientId, key, requestHash, ct);
            }

            return Problems.Invalid("quote_id", quoteProblem!);
        }

        var stickyWriter = request.RecipientId is null ? null : await Continuity.LastWriterAsync(db, clientId, recipient.Id, ct);
        var order = NewOrder(request, recipient, clientId, http.User.IsTestMode(), queue, price, stickyWriter, options.Value, now);
        var client = new Actor(ActorKind.Client, clientId, "client");
        db.Orders.Add(order);
        db.OrderEvents.AddRange(
            order.Receive(client, now),
            order.Apply(OrderStateMachine.Route, Actor.System, now, $"Routed to the {queue.Name} queue."));
        if (request.RecipientId is null)
        {
            db.Recipients.Add(recipient);
        }

        // Ids and times are made here, so the response is known before the order is saved and is stored with its
        // key in the same transaction.
        var body = JsonSerializer.Serialize(OrderResponse.From(order, recipient), serializer);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (key.Length > 0)
        {
            // A key remembered past its lifetime is free again: the new request takes it over.
            await db.IdempotencyRecords.Where(r => r.ClientId == clientId && r.Key == key && r.ExpiresAt < now).ExecuteDeleteAsync(ct);
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                ClientId = clientId, Key = key, RequestHash = requestHash, StatusCode = StatusCodes.Status201Created,
                ResponseBody = body, CreatedAt = now, ExpiresAt = now + options.Value.IdempotencyKeyLifetime,
            });
        }

        try
        {
            // One batch: the key, the recipient, the order and its events. A concurrent request with the same key
            // waits on the key's unique index until this one commits, then fails here and replays the original.
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: KeyTaken })
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return await ReplayAsync(db, http, clientId, key, requestHash, ct);
        }

        http.Response.Headers.Location = $"/v1/orders/{order.Id}";
        return TypedResults.Content(body, "application/json", Encoding.UTF8, StatusCodes.Status201Created);
    }

    /// <summary>
    /// The order a valid request places: the defaults for what it leaves out, when its writing is due, its price and
    /// queue. The one door for what an order is when it arrives, for the API and for campaign rows alike. A null
    /// queue leaves it received and unrouted (a campaign recipient waiting for the campaign letter).
    /// </summary>
    internal static Order NewOrder(Request request, Recipient recipient, Guid clientId, bool isTest, Domain.Queue? queue, Price price, Guid? stickyWriter, OrderingOptions options, DateTimeOffset now)
    {
        var rush = WireNames.IsRush(request.Priority);
        var deliverBy = request.DeliverBy ?? DateOnly.FromDateTime(now.UtcDateTime).AddDays((rush ? options.MinimumTurnaroundDaysRush : options.MinimumTurnaroundDaysStandard) + 3);
        return new Order
        {
            Id = Guid.CreateVersion7(now),
            ClientId = clientId,
            RecipientId = recipient.Id,
            IsTest = isTest,
            AutoDraft = request.AutoDraft == true,
            Occasion = request.Occasion!,
            Letter = SettingsOf(request, recipient),
            Brief = request.Brief!,
            EnvelopeSize = request.EnvelopeSize,
            WindowAddress = request.AddressPlacement == "window",
            ReturnAddress = request.ReturnAddress is { } from
                ? RecipientsApi.ReturnAddressOf(from)
                : null,
            DeliverBy = deliverBy,
            Priority = rush ? Priority.Rush : Priority.Standard,
            Metadata = request.Metadata ?? [],
            Price = price,
            QueueId = queue?.Id,
            DueAt = new DateTimeOffset(deliverBy.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) - options.RenderAndDispatchBuffer,
            StickyWriterId = stickyWriter,
            StickyUntil = stickyWriter is null ? null : now + options.StickyWindow,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>
    /// The request that orders a letter with these settings, the inverse of <see cref="SettingsOf"/>: how a campaign's
    /// rows and a standing order's years become orders through the same door as a client's own.
    /// </summary>
    public static Request WithSettings(this Request request, LetterSettings settings) => request with
    {
        Relationship = settings.Relationship, Tone = settings.Tone, Length = settings.Length, Language = settings.Language,
        Style = settings.Style, Ink = settings.Ink, Paper = settings.Paper, PageSize = settings.PageSize, Signature = settings.Signature,
    };

    /// <summary>
    /// What an order for an address-book recipient would be refused for beyond the request's own rules: characters of
    /// the address the handwriting cannot write, and lines that would not fit (both as <c>recipient_id</c>'s, since the
    /// address came from the book), and a signature that would not fit.
    /// </summary>
    public static Dictionary<string, string[]> AddressProblems(Request request, Recipient recipient, DateTimeOffset now)
    {
        var addressLines = new[] { recipient.Name, recipient.AddressLine1, recipient.AddressLine2, recipient.City, recipient.Region, recipient.PostalCode };
        var style = SettingsOf(request, recipient).Style;
        if (Catalogue.FindStyle(style) is null)
        {
            return [];
        }

        var missing = addressLines.Where(t => t is not null).SelectMany(t => Catalogue.UnsupportedCharacters(style, t!)).Distinct().ToList();
        if (missing.Count > 0)
        {
            return new() { ["recipient_id"] = [$"The handwriting '{style}' cannot write this address: {string.Join(" ", missing)}. Choose another style."] };
        }

        return FitErrors(request, recipient, now)
            .GroupBy(e => e.Key.StartsWith("recipient", StringComparison.Ordinal) ? "recipient_id" : e.Key)
            .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray());
    }

    /// <summary>Everything <c>POST /v1/orders</c> would refuse of this request to this address-book recipient, by field.</summary>
    public static async Task<Dictionary<string, string[]>> ProblemsAsync(IValidator<Request> validator, Request request, Recipient recipient, DateTimeOffset now, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(request, ct);
        var problems = result.Errors.GroupBy(e => e.PropertyName).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        if (problems.Count == 0)
        {
            problems = AddressProblems(request, recipient, now);
        }

        return problems;
    }

    /// <summary>
    /// The one mapping from a request's choices to a letter's settings, for an order, a campaign and a standing order
    /// alike: what the client named, else the defaults. The style left out is the default that can write all of the
    /// letter, the address of <paramref name="recipient"/> included when it is known.
    /// </summary>
    public static LetterSettings SettingsOf(Request request, Recipient? recipient) => new()
    {
        Relationship = request.Relationship ?? "",
        Tone = request.Tone ?? "warm",
        Length = request.Length ?? "standard",
        Language = request.Language ?? Defaults.Language,
        Style = request.Style ?? Defaults.StyleFor(Validator.StyleHints(request).Concat(recipient is null ? [] :
            [recipient.Name, recipient.AddressLine1, recipient.AddressLine2, recipient.City, recipient.Region, recipient.PostalCode])),
        Ink = request.Ink ?? Defaults.Ink,
        Paper = request.Paper ?? Defaults.Paper,
        PageSize = request.PageSize ?? Defaults.PageSize,
        Signature = request.Signature,
        StyleNamed = request.Style is not null,
    };

    /// <summary>
    /// The lines of the letter this request orders that would not fit (the signature, the envelope's address), as the
    /// renderer's layout measures them: the order is sketched with its choices and checked as it will be drawn.
    /// </summary>
    internal static Dictionary<string, string[]> FitErrors(Request request, Recipient recipient, DateTimeOffset now)
    {
        var order = new Order
        {
            Occasion = request.Occasion ?? "other", Letter = SettingsOf(request, recipient), Brief = request.Brief ?? "",
            EnvelopeSize = request.EnvelopeSize, WindowAddress = request.AddressPlacement == "window",
            ReturnAddress = request.ReturnAddress is { } from ? RecipientsApi.ReturnAddressOf(from) : null,
            DeliverBy = request.DeliverBy ?? DateOnly.FromDateTime(now.UtcDateTime), CreatedAt = now,
        };
        var draft = new Draft { Salutation = "", Body = "", Closing = "", Signature = request.Signature ?? "" };
        return LetterRendering.FitErrors(order, recipient, draft);
    }

    /// <summary>The unique index on (client, Idempotency-Key).</summary>
    internal const string KeyTaken = "ux_idempotency_client_key";

    /// <summary>
    /// The request as a fingerprint that does not depend on how the JSON was spelled: the fields in the record's
    /// order, metadata keys sorted, so the same order sent with its keys in another order is the same request.
    /// </summary>
    internal static string CanonicalHash(Request request, JsonSerializerOptions serializer)
    {
        var canonical = request with { Metadata = request.Metadata?.OrderBy(m => m.Key, StringComparer.Ordinal).ToDictionary() };
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(canonical, serializer)));
    }

    private static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> ReplayAsync(
        LettersDbContext db, HttpContext http, Guid clientId, string key, string hash, CancellationToken ct)
    {
        var record = await db.IdempotencyRecords.AsNoTracking().SingleAsync(r => r.ClientId == clientId && r.Key == key, ct);
        if (record.RequestHash != hash)
        {
            return Problems.Unprocessable(
                "Idempotency-Key reused with a different request.",
                "This key was already used for a different request body in the last 24 hours. Use a new key for a new order.");
        }

        http.Response.Headers["Idempotent-Replayed"] = "true";
        if (record.StatusCode == StatusCodes.Status201Created && JsonDocument.Parse(record.ResponseBody).RootElement.TryGetProperty("id", out var id))
        {
            http.Response.Headers.Location = $"/v1/orders/{id.GetGuid()}";
        }

        return TypedResults.Content(record.ResponseBody, "application/json", Encoding.UTF8, record.StatusCode);
    }
}
